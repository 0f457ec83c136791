"""Benchmark the Network page on the 1,000,000-initiative dataset.

    python bench/bench_network.py [--data bench/out/1m] [--runs 9]

Page script run (AppTest, in process), median after warm-up, for the default view and heavier ones:
"cached" is the same view again, "new filters" a different year range every run (every query and
the graph work run again)   [target < 500 ms]. Then the page's queries and the graph work, each timed
directly on a new year range.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {
    "default (countries, value, 100 edges)": {},
    "by initiatives, 200 edges": {"weight": "count", "edges": "200"},
    "sub-regions": {"level": "subregion"},
    "with facilitators, communities": {"fac": "1", "colour": "community"},
}


def piece_times(data: Path, runs: int) -> dict[str, float]:
    from dashboard import questions
    from dashboard.data.filters import Filters
    from dashboard.data.store import open_store
    from dashboard.network import metrics as network

    store = open_store(data)
    pieces = {
        "network_edges (country)": lambda f: questions.network_edges(store, f, "country"),
        "network_edges (subregion)": lambda f: questions.network_edges(store, f, "subregion"),
        "corridors (country, 100; edges memoised)": lambda f: questions.corridors(store, f, "country", 100),
        "facilitator_links (country)": lambda f: questions.facilitator_links(store, f, "country"),
    }
    edges = questions.network_edges(store, Filters(), "country")
    links = questions.facilitator_links(store, Filters(), "country")
    pieces["network.build (100 edges)"] = lambda f: network.build(edges, "value", 100)
    pieces["network.build (100 edges, facilitators)"] = lambda f: network.build(edges, "value", 100, links)
    out = {}
    for name, run in pieces.items():
        times = []
        for i in range(runs):
            f = Filters(years=(1990 + i, 2025 - i))
            if "memoised" in name:
                questions.network_edges(store, f, "country")
            start = time.perf_counter()
            run(f)
            times.append(time.perf_counter() - start)
        out[name] = round(statistics.median(times) * 1000, 1)
    return out


def main() -> None:
    from bench_app import data_parser, print_views, require_data

    args = data_parser(__doc__).parse_args()
    require_data(args.data)
    print_views(args.data, args.runs, "pages/network.py", VIEWS)
    print("its queries and graph work, each on a new year range (median ms):")
    for name, ms in piece_times(args.data, args.runs).items():
        print(f"  {name:44} {ms:7.1f}")


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
    main()
