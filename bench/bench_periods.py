"""Two periods compared (?yr2=): what a comparison adds to a link open of the Overview and the Map, through the
protocol client (dashboard.serve.client) on one server, interleaved so that the machine's noise falls on both.

    python bench/bench_periods.py [--data DIR] [--runs 7]

Each open uses a year range no earlier open used, so nothing comes from a cache: "before" is the page with one
period (?yr=A-B), "after" the same with a second period (?yr=A-B&yr2=C-D). Medians of --runs, and bytes sent.
--data defaults to the 1,000,000-initiative set of bench/bench_data.py (bench/out/1m).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_capacity import single  # noqa: E402
from opens import arguments, before_after  # noqa: E402

from dashboard.serve.client import open_link  # noqa: E402


def main() -> None:
    args = arguments(__doc__, 7)
    with single(args.data) as (base, _pids):
        asyncio.run(open_link(base, "/"))  # the first run's imports
        for page in ("/", "/map"):
            one, one_bytes, two, two_bytes = before_after(base, lambda i, page=page: (
                f"{page}?yr={1995 + i}-{2004 + i}", f"{page}?yr={1996 + i}-{2004 + i}&yr2={2012 + i}-{2020 + i}"),
                args.runs)
            print(f"{page:5} one period {one:.2f} s ({one_bytes / 1e3:.0f} kB) · two periods compared {two:.2f} s "
                  f"({two_bytes / 1e3:.0f} kB) (medians of {args.runs})")


if __name__ == "__main__":
    main()
