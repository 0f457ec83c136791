"""Benchmark opening a shared link: from navigating to a page's link to the page fully rendered, in
headless Chromium, on the reference data.

    python bench/bench_links.py [--runs 7]

One server (started and warmed once: its first run loads the data). Every run opens a link in a new
browser context, as a colleague opening a link from a message would (no cookies, no session, an empty
browser cache), and stops the clock when the page is fully rendered:
  - the script has finished (Streamlit's own script-state marker) and no element is stale;
  - the page's title is drawn, and every chart it will show is drawn with its marks (the map with its
    outlines, fetched by URL); the Initiatives table is drawn.
Each page is timed on several links (different filters, so most runs also run the page's queries; the
first open of each link has nothing cached on the server).                      [target < 3 s]

Two references for reading the numbers: the same links opened again in one browser that already has
Streamlit's scripts in its cache (someone who has the app open), and a minimal Streamlit app (a title and
one bar chart) opened the same way as the links: the floor this machine and Streamlit set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each page with the charts it draws under every filter below.
PAGES = {"Overview": ("/", 6), "Map": ("/map", 1), "Country profile": ("/country?country=BRA", 4),
         "Network": ("/network", 1), "Funding mix": ("/funding", 5), "Initiatives": ("/initiatives", 0),
         "About the data": ("/about", 2)}
FILTERS = ["", "th=gender", "rr=Africa", "pr=Americas", "unrep=exclude", "yr=2008-2010", "ct=triangular",
           "th=food_security", "rr=Asia"]
RENDERED = """charts => {
    const app = document.querySelector('[data-testid=stApp]');
    if (!app || app.dataset.testScriptState !== 'notRunning' || document.querySelector('[data-stale=true]'))
        return false;
    if (!document.querySelector('h1')) return false;
    const drawn = [...document.querySelectorAll('.vega-embed')].filter(c => c.querySelector('.role-mark'));
    if (drawn.length < charts) return false;
    // The map: its country outlines (fetched by URL, labelled with their tooltip), not only the flows' ribbons.
    const map = document.querySelector('.vega-embed [aria-roledescription=geoshape]');
    if (map && document.querySelectorAll('.vega-embed path[aria-label*="Country:"]').length < 150) return false;
    return charts > 0 || !!document.querySelector('[data-testid=stDataFrame] canvas');
}"""


MINIMAL_APP = """import streamlit as st
st.title("A minimal Streamlit app")
st.vega_lite_chart({"data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 3}, {"x": "c", "y": 2}]},
                    "mark": "bar", "encoding": {"x": {"field": "x", "type": "nominal"},
                                                "y": {"field": "y", "type": "quantitative"}}}, width="stretch")
"""


def link(path: str, filters: str) -> str:
    return path + ("&" if "?" in path else "?") + filters if filters else path


def open_link(browser, url: str, charts: int, context=None) -> float:
    """Seconds from navigating to the link to the page fully rendered, in a fresh context (or in context)."""
    fresh = context is None
    context = context or browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(RENDERED, arg=charts, timeout=60_000, polling="raf")
    elapsed = time.perf_counter() - start
    if page.locator("[data-testid='stException']").count():
        raise RuntimeError(f"{url} shows an exception")
    page.close()
    if fresh:
        context.close()
    return elapsed


def line(name: str, times: list[float]) -> str:
    return f"  {name:16} {statistics.median(times):5.2f} s   [{min(times):.2f}–{max(times):.2f}]"


def minimal_app(browser, runs: int) -> list[float]:
    from live import running_server

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "minimal.py"
        script.write_text(MINIMAL_APP)
        with running_server(script) as base:
            open_link(browser, base + "/", 1)
            return [open_link(browser, base + "/", 1) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help=f"links timed per page (at most {len(FILTERS)})")
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES), metavar="PAGE",
                        help="only these pages (names as in the navigation)")
    args = parser.parse_args()
    from live import running_server
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        with running_server() as base:
            open_link(browser, base + "/", 6)  # the server's first run loads the data: not a link anyone shares
            print(f"opening a shared link → page fully rendered, reference data, {args.runs} links per page "
                  "(median, [min–max])   [target < 3 s]")
            for name in args.pages:
                path, charts = PAGES[name]
                print(line(name, [open_link(browser, base + link(path, f), charts) for f in FILTERS[:args.runs]]))
            print("the same links again, in one browser with Streamlit's scripts cached")
            warm = browser.new_context(viewport={"width": 1440, "height": 1000})
            for name in args.pages:
                path, charts = PAGES[name]
                print(line(name, [open_link(browser, base + link(path, f), charts, warm) for f in FILTERS[:args.runs]]))
            warm.close()
        print(line("minimal app", minimal_app(browser, args.runs)) + "   (a title and one chart: the floor)")
        browser.close()


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    main()
