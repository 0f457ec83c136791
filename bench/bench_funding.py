"""Benchmark the Funding mix page on the 1,000,000-initiative dataset.

    python bench/bench_funding.py [--data bench/out/1m] [--runs 9]

Page script run (AppTest, in process), median after warm-up, for the default view and two heavier
breakdowns: "cached" is the same view again, "new filters" a different year range every run (every
query runs)   [target < 500 ms]. Then each of the page's queries timed directly on a new year range.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"default (by year)": {}, "by receiver region": {"by": "receiver_region"}, "by theme": {"by": "theme"}}
QUERIES = [("funding_coverage", ()), ("funding_mix", ()), ("funding_mix", ("year",)), ("top_funders", ()),
           ("leverage", ()), ("leverage_initiatives", ())]


def query_times(data: Path, runs: int) -> dict[str, float]:
    from dashboard import questions
    from dashboard.data.filters import Filters
    from dashboard.data.store import open_store

    store = open_store(data)
    out = {}
    for name, args in QUERIES:
        times = []
        for i in range(runs):
            f = Filters(years=(1990 + i, 2025 - i))
            start = time.perf_counter()
            getattr(questions, name)(store, f, *args)
            times.append(time.perf_counter() - start)
        out[f"{name}{args or ''}"] = round(statistics.median(times) * 1000, 1)
    return out


def main() -> None:
    from bench_app import data_parser, print_views, require_data

    args = data_parser(__doc__).parse_args()
    require_data(args.data)
    print_views(args.data, args.runs, "pages/funding.py", VIEWS, width=22)
    print("its queries, each on a new year range (median ms):")
    for name, ms in query_times(args.data, args.runs).items():
        print(f"  {name:40} {ms:7.1f}")


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
    main()
