"""The view's data in one zip (GET /api/v1/export.zip): time to the first byte, total time, size and the process's
peak memory, for the whole dataset and for one filtered view, streamed through the API in process.

    python bench/bench_export.py [--data DIR] [--runs 3]

--data defaults to the 1,000,000-initiative set of bench/bench_data.py (bench/out/1m).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "1m")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["SSC_DATA_DIR"] = str(args.data.resolve())
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from dashboard import api

    client = TestClient(Starlette(routes=api.routes()))
    client.get("/api/v1/kpis.json")  # the store opened (or built) first: not part of the export's time
    for label, query in (("whole dataset", ""), ("one region's receivers, 2010-2020", "?rr=Africa&yr=2010-2020")):
        first, total, size = [], [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            with client.stream("GET", "/api/v1/export.zip" + query) as answer:
                assert answer.status_code == 200, answer.read()
                size = 0
                for i, chunk in enumerate(answer.iter_bytes()):
                    if i == 0:
                        first.append(time.perf_counter() - start)
                    size += len(chunk)
            total.append(time.perf_counter() - start)
        print(f"{label}: {size / 1e6:.1f} MB, first byte {statistics.median(first):.1f} s, "
              f"all {statistics.median(total):.1f} s (median of {args.runs})")
    print(f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
