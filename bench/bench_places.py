"""Benchmark every page under place filters (which select flows, and so join each query to the matching pairs).

    python bench/bench_places.py [--data bench/out/1m] [--runs 5]

For each page, script runs (AppTest, in process; see bench_app.script_runs) without a place filter, with
receivers in Sub-Saharan Africa, and with providers Brazil or India: the same view again ("cached") and a new
year range every run ("new filters", so every query runs).   [< 500 ms]
"""

from __future__ import annotations

import sys

from bench_app import PAGES, ROOT, data_parser, print_views, require_data

VIEWS = {"no place filter": {}, "receivers in Sub-Saharan Africa": {"rs": "Sub-Saharan Africa"},
         "providers Brazil or India": {"pc": "BRA,IND"}}


def main() -> None:
    args = data_parser(__doc__).parse_args()
    require_data(args.data)
    for page, params in PAGES.items():
        print_views(args.data, args.runs, page, {name: {**params, **view} for name, view in VIEWS.items()}, 34)


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
    main()
