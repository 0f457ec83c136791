"""The view's data in one zip (GET /api/v1/export.zip) from a running server: time to the first byte, total time,
size, and the server's resident memory at its highest while it sends, for the whole dataset and for one view.

    python bench/bench_export.py [--data DIR] [--runs 3]

--data defaults to the 1,000,000-initiative set of bench/bench_data.py (bench/out/1m).
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_capacity import single  # noqa: E402
from opens import arguments  # noqa: E402


def main() -> None:
    args = arguments(__doc__, 3)
    with single(args.data) as (base, pids):
        server = psutil.Process(pids[0])
        for label, query in (("whole dataset", ""), ("one region's receivers, 2010-2020", "?rr=Africa&yr=2010-2020")):
            first, total, size, peak = [], [], 0, 0.0
            for _ in range(args.runs):
                done = threading.Event()
                highest = [server.memory_info().rss]

                def watch(done=done, highest=highest) -> None:
                    while not done.wait(0.05):
                        highest[0] = max(highest[0], server.memory_info().rss)

                threading.Thread(target=watch, daemon=True).start()
                start = time.perf_counter()
                with urllib.request.urlopen(f"{base}/api/v1/export.zip{query}", timeout=600) as answer:
                    size = 0
                    while chunk := answer.read(1 << 20):
                        if not size:
                            first.append(time.perf_counter() - start)
                        size += len(chunk)
                total.append(time.perf_counter() - start)
                done.set()
                peak = max(peak, highest[0] / 1e6)
            print(f"{label}: {size / 1e6:.1f} MB, first byte {statistics.median(first):.1f} s, all "
                  f"{statistics.median(total):.1f} s (median of {args.runs}); server at most {peak:.0f} MB resident")


if __name__ == "__main__":
    main()
