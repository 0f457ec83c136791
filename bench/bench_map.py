"""Benchmark the Map page: what its first render sends to the browser, and a filter change.

    python bench/bench_map.py [--data bench/out/1m] [--runs 9] [--loads 5]

1. Bytes the server sends over the websocket for a first render of /map in headless Chromium
   (a fresh browser page each time, reference and demo data), median of --loads   [< 600 KB]
2. Map page script run after a filter change (a new year range each run; every query runs) on the
   1,000,000-initiative dataset from bench/bench_data.py, median after warm-up    [< 500 ms]
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def first_render_bytes(link: str, loads: int) -> list[int]:
    """Websocket bytes received while /map renders (the chart drawn and the script finished)."""
    from live import running_server
    from playwright.sync_api import sync_playwright

    sizes = []
    with running_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(loads + 1):  # the first load warms the server's caches
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            received: list[int] = []
            page.on("websocket", lambda ws, received=received: ws.on(
                "framereceived", lambda payload: received.append(len(payload))))
            page.goto(base + link)
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120000)
            page.wait_for_selector(".vega-embed svg path, .vega-embed canvas", timeout=120000)
            page.wait_for_timeout(1000)  # let trailing messages arrive
            sizes.append(sum(received))
            page.close()
        browser.close()
    return sizes[1:]


def main() -> None:
    from bench_app import data_parser, require_data, script_runs

    parser = data_parser(__doc__)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    for name, link in (("reference", "/map"), ("demo", "/map?ds=demo"), ("demo, 200 flows", "/map?ds=demo&flows=200")):
        sizes = first_render_bytes(link, args.loads)
        print(f"/map first render, {name}: median {statistics.median(sizes) / 1000:.0f} KB over the websocket "
              f"({[round(s / 1000) for s in sizes]})   [target < 600 KB]")
    require_data(args.data)
    for page, row in script_runs(args.data, args.runs, {"pages/map.py": {}}).items():
        print(f"{page} on {args.data}: cached {row['cached_ms']} ms, after a filter change {row['new_filters_ms']} ms "
              "(median)   [target < 500 ms]")


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
    main()
