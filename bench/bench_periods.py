"""Two periods compared (?yr2=): what a comparison adds to a link open of the Overview and the Map, through the
protocol client (dashboard.serve.client) on one server, interleaved so that the machine's noise falls on both.

    python bench/bench_periods.py [--data DIR] [--runs 7]

Each open uses a year range no earlier open used, so nothing comes from a cache: "before" is the page with one
period (?yr=A-B), "after" the same with a second period (?yr=A-B&yr2=C-D). Medians of --runs, and bytes sent.
--data defaults to the 1,000,000-initiative set of bench/bench_data.py (bench/out/1m).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_capacity import single  # noqa: E402

from dashboard.serve.client import open_link  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "1m")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with single(args.data) as (base, _pids):
        asyncio.run(open_link(base, "/"))  # the first run's imports
        for page in ("/", "/map"):
            before, after, sizes = [], [], {}
            for i in range(args.runs):
                first = f"{page}?yr={1995 + i}-{2004 + i}"
                for label, link, into in (("before", first, before),
                                          ("after", first.replace(f"yr={1995 + i}", f"yr={1996 + i}")
                                           + f"&yr2={2012 + i}-{2020 + i}", after)):
                    opened = asyncio.run(open_link(base, link, timeout=300))
                    assert opened.finished and not opened.errors, opened
                    into.append(opened.seconds)
                    sizes[label] = opened.bytes
            print(f"{page:5} one period {statistics.median(before):.2f} s ({sizes['before'] / 1e3:.0f} kB) · "
                  f"two periods compared {statistics.median(after):.2f} s ({sizes['after'] / 1e3:.0f} kB) "
                  f"(medians of {args.runs})")


if __name__ == "__main__":
    main()
