"""Benchmark the app: page script runs, and server start to a rendered Overview in a browser.

    python bench/bench_app.py [--data bench/out/1m] [--runs 9]

1. Script run of every page (AppTest, in process), median after warm-up        [< 500 ms]
   - "cached": the same view again (query results come from the cache)
   - "new filters": a different year range every run (every query runs)
2. Server start to the first rendered Overview (KPIs and a chart drawn) in headless Chromium,
   on the reference data, median of --starts runs                              [< 5 s]
The data for (1) defaults to the 1,000,000-initiative set from bench/bench_data.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"pages/overview.py": {}, "pages/map.py": {}, "pages/country.py": {"country": "BRA"},
         "pages/network.py": {}, "pages/funding.py": {}, "pages/initiatives.py": {}, "pages/about.py": {}}


def script_runs(data: Path, runs: int, pages: dict[str, dict] = PAGES) -> dict[str, dict[str, float]]:
    from streamlit.runtime import pages_manager
    from streamlit.testing.v1 import AppTest

    # As a running server is after its first run (see tests/app/conftest.py).
    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    pages_manager.PagesManager.__init__ = init
    os.environ["SSC_DATA_DIR"] = str(data)
    out: dict[str, dict[str, float]] = {}
    for shift, (page, params) in enumerate(pages.items()):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params.update(params)
        at.switch_page(page).run()  # warm-up: loads the store once per process, fills caches
        at.run()
        cached, fresh = [], []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            cached.append(time.perf_counter() - start)
        for i in range(runs):
            slider = next(s for s in at.sidebar.slider if s.label == "Start years")
            low, high = slider.min, slider.max
            slider.set_range(low + i + 1, high - 1 - shift)  # year ranges no earlier page has cached
            start = time.perf_counter()
            at.run()
            fresh.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        out[page] = {"cached_ms": round(statistics.median(cached) * 1000, 1),
                     "new_filters_ms": round(statistics.median(fresh) * 1000, 1)}
    return out


def print_views(data: Path, runs: int, page: str, views: dict[str, dict], width: int = 40) -> None:
    """Script runs of one page in several views (link parameters), each view's cache cleared first."""
    import streamlit as st

    print(f"{page} script runs on {data} (median of {runs} after warm-up)   [target < 500 ms]")
    for view, params in views.items():
        st.cache_data.clear()  # every view's "new filters" runs its queries, none left over from the last view
        row = script_runs(data, runs, {page: params})[page]
        print(f"  {view:{width}} cached {row['cached_ms']:7.1f} ms   new filters {row['new_filters_ms']:7.1f} ms")


def first_render(starts: int) -> list[float]:
    """Seconds from spawning the server to KPIs and a chart drawn in Chromium, once per start."""
    from live import running_server
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(starts):
            page = browser.new_page()
            start = time.perf_counter()
            with running_server() as base:  # opens the link once the server says it is healthy
                page.goto(base + "/")
                page.wait_for_selector("[data-testid='stMetricValue']", timeout=60000)
                page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=60000)
                times.append(round(time.perf_counter() - start, 2))
            page.close()
        browser.close()
    return times


def data_parser(doc: str) -> argparse.ArgumentParser:
    """The options of a benchmark on the large dataset: --data and --runs."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "1m")
    parser.add_argument("--runs", type=int, default=9)
    return parser


def require_data(data: Path) -> None:
    if not (data / "initiatives.parquet").exists():
        sys.exit(f"{data} has no dataset: run bench/bench_data.py first (or pass --data)")


def main() -> None:
    parser = data_parser(__doc__)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    require_data(args.data)
    times = first_render(args.starts)
    print(f"server start → first rendered Overview (reference data): median {statistics.median(times)} s "
          f"of {times}   [target < 5 s]")
    print(f"page script runs on {args.data} (median of {args.runs} after warm-up)   [target < 500 ms]")
    for page, row in script_runs(args.data, args.runs).items():
        print(f"  {page:24} cached {row['cached_ms']:7.1f} ms   new filters {row['new_filters_ms']:7.1f} ms")


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    main()
