"""Benchmark the Add your data page in headless Chromium: from choosing a file to the Overview drawn on it,
and the server's memory over ten uploads that are saved and deleted again.

    python bench/bench_upload.py [--runs 3] [--samples ../shared/samples]

Files: the Honduras IATI sample (3 MB) and a generated 100,000-row CSV (bench_ingest's). Each run: a fresh
browser context opens /upload, sets the file on the file input, waits for the import report, presses "Open
in the dashboard (this session)", follows "Go to the Overview" and stops the clock when its six charts are
drawn. Memory: ten cycles of upload, save and delete in one server; its RSS after each (psutil).
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
DRAWN = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    const charts = [...document.querySelectorAll('.vega-embed')].filter(c => c.querySelector('.role-mark'));
    return charts.length >= 6;
}"""


def upload_to_overview(browser, base: str, source: Path) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(300_000)
    page.goto(base + "/upload")
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.wait_for(state="attached")
    start = time.perf_counter()
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(source))
    page.get_by_text("Records in").wait_for()
    page.get_by_role("button", name="Open in the dashboard (this session)").click()
    page.get_by_role("link", name="Go to the Overview").click()
    page.wait_for_selector("h1:has-text('South-South cooperation at a glance')")
    page.wait_for_function(DRAWN)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def save_and_delete(browser, base: str, source: Path) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(300_000)
    page.goto(base + "/upload")
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(source))
    page.get_by_text("Records in").wait_for()
    page.get_by_role("button", name="Save on this server and open").click()
    page.get_by_text("is open: every page now shows it").wait_for()
    page.get_by_role("button", name="Delete").first.click()
    page.get_by_text("No dataset is saved on this server yet.").wait_for()
    context.close()


def main() -> None:
    import psutil
    from bench_ingest import write_csv
    from live import running_server
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    args = parser.parse_args()
    honduras = args.samples / "iati" / "iati_2.03_HondurasAIMS_GeocodedResearchRelease.xml"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SSC_SAVED_DIR"] = str(Path(tmp) / "saved")
        rows = Path(tmp) / "rows-100k.csv"
        write_csv(rows, 100_000)
        with running_server() as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                        args=["--no-sandbox", "--disable-gpu"])
            print(f"{'file':28} {'upload → Overview drawn, s':>28}   (median of {args.runs}; each run's time)")
            for name, source in (("Honduras IATI, 3.1 MB", honduras), ("CSV, 100,000 rows, 6 MB", rows)):
                times = [upload_to_overview(browser, base, source) for _ in range(args.runs)]
                print(f"{name:28} {statistics.median(times):>28.2f}   {', '.join(f'{t:.2f}' for t in times)}")
            server = next(c for c in psutil.Process().children(recursive=True) if "streamlit" in " ".join(c.cmdline()))
            before = server.memory_info().rss / 1e6
            after = []
            for _ in range(10):
                save_and_delete(browser, base, honduras)
                after.append(server.memory_info().rss / 1e6)
            print(f"server RSS before the ten cycles {before:.0f} MB; after each: "
                  + ", ".join(f"{m:.0f}" for m in after) + " MB")
            browser.close()


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
    main()
