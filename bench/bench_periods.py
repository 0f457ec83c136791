"""Two periods compared (?yr2=): what a comparison adds to a link open of the Overview and the Map, through the
protocol client (dashboard.serve.client) on one server, interleaved so that the machine's noise falls on both.

    python bench/bench_periods.py [--data DIR] [--runs 7]

Each open uses a year range no earlier open used, so nothing comes from a cache: "before" is the page with one
period (?yr=A-B), "after" the same with a second period (?yr=A-B&yr2=C-D). Medians of --runs, and bytes sent.
--data defaults to the 1,000,000-initiative set of bench/bench_data.py (bench/out/1m).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from opens import arguments, compare  # noqa: E402


def main() -> None:
    args = arguments(__doc__, 7)
    compare(args.data, args.runs, ("/", "/map"), lambda page, i: (
        f"{page}?yr={1995 + i}-{2004 + i}", f"{page}?yr={1996 + i}-{2004 + i}&yr2={2012 + i}-{2020 + i}"),
        ("one period", "two periods compared"))


if __name__ == "__main__":
    main()
