"""Benchmark the data foundation on a large synthetic dataset (issue targets in brackets).

    python bench/bench_data.py [--initiatives 1000000] [--dir bench/out/1m] [--runs 7]

Measures, on this machine:
- generation: wall time and peak memory of `python -m dashboard.data.synth`      [< 60 s, < 4 GB]
- loading: open_store (read, validate, build DuckDB tables), median of runs  [< 10 s]
- every query function: median over runs after one warm-up, per scenario    [< 150 ms]
- resident memory of the process with the store loaded and queried           [< 3 GB]
Each load runs in a fresh process so its memory and time are its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCENARIOS = {
    "everything": {},
    "Africa, 2 themes, 2010-2020": {"receiver_regions": ("Africa",), "themes": ("gender", "health"),
                                    "years": (2010, 2020)},
    "providers Brazil or India": {"provider_countries": ("BRA", "IND")},
    "search 'haiti'": {"search": "haiti"},
    "search 'train' (a fifth of rows)": {"search": "train"},
    "triangular, reported only": {"cooperation_types": ("triangular",), "include_unreported": False},
}


def generate(n: int, out: Path, seed: int) -> dict:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard.data.synth", "--initiatives", str(n), "--seed", str(seed),
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024  # kB on Linux
    return {"seconds": round(seconds, 2), "peak_rss_gb": round(peak_gb, 2)}


def measure_store(directory: Path, runs: int) -> dict:
    """Run in a child process: load the store, time every query per scenario, report memory."""
    import psutil

    from dashboard import questions
    from dashboard.data.filters import Filters
    from dashboard.data.store import open_store

    start = time.perf_counter()
    store = open_store(directory)
    load = time.perf_counter() - start
    detail_id = store.cursor().execute("SELECT initiative_id FROM initiatives LIMIT 1 OFFSET 12345").fetchone()[0]
    calls = {
        "kpis": lambda f: questions.kpis(store, f),
        "per_year": lambda f: questions.per_year(store, f),
        "per_country": lambda f: questions.per_country(store, f),
        "flows top 50": lambda f: questions.flows(store, f, top=50),
        "per_theme": lambda f: questions.per_theme(store, f),
        **{f"funding_mix by {by}": (lambda f, by=by: questions.funding_mix(store, f, by))
           for by in (None, *questions.MIX_DIMENSIONS)},
        "initiatives_page": lambda f: questions.initiatives_page(store, f, limit=50, offset=100),
        "initiative_detail": lambda f: questions.initiative_detail(store, detail_id),
    }
    medians: dict[str, dict[str, float]] = {}
    for scenario, values in SCENARIOS.items():
        f = Filters(**values)
        for name, call in calls.items():
            call(f)  # warm-up
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                call(f)
                times.append(time.perf_counter() - t)
            medians.setdefault(name, {})[scenario] = round(statistics.median(times) * 1000, 1)
    return {"load_seconds": round(load, 2), "rss_gb": round(psutil.Process().memory_info().rss / 1e9, 2),
            "query_median_ms": medians}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=ROOT / "bench" / "out" / "1m")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query (after one warm-up)")
    parser.add_argument("--loads", type=int, default=3, help="fresh processes that load the store")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_store(args.dir, args.runs)))
        return

    print(f"generating {args.initiatives:,} initiatives into {args.dir} ...", flush=True)
    report = {"generate": generate(args.initiatives, args.dir, args.seed)}
    children = []
    for _ in range(args.loads):
        out = subprocess.run([sys.executable, __file__, "--child", "--dir", str(args.dir), "--runs", str(args.runs)],
                             cwd=ROOT, check=True, capture_output=True, text=True)
        children.append(json.loads(out.stdout.strip().splitlines()[-1]))
    report["load_seconds_median"] = statistics.median(c["load_seconds"] for c in children)
    report["load_seconds_all"] = [c["load_seconds"] for c in children]
    report["rss_gb_max"] = max(c["rss_gb"] for c in children)
    first = children[0]["query_median_ms"]
    report["query_median_ms"] = {
        name: {s: statistics.median(c["query_median_ms"][name][s] for c in children) for s in first[name]}
        for name in first
    }
    print(json.dumps(report, indent=2))
    g = report["generate"]
    print(f"\ngenerate: {g['seconds']} s, peak {g['peak_rss_gb']} GB   [target < 60 s, < 4 GB]")
    print(f"load (median of {args.loads}): {report['load_seconds_median']} s   [target < 10 s]")
    print(f"RSS with store loaded and queried: {report['rss_gb_max']} GB   [target < 3 GB]")
    worst = max((ms, name, s) for name, row in report["query_median_ms"].items() for s, ms in row.items())
    print(f"slowest query median: {worst[0]} ms ({worst[1]}, {worst[2]})   [target < 150 ms]")
    print("\nquery medians (ms):")
    scenarios = list(SCENARIOS)
    print("query".ljust(28) + "".join(s[:14].rjust(16) for s in scenarios))
    for name, row in report["query_median_ms"].items():
        print(name.ljust(28) + "".join(f"{row[s]:16.1f}" for s in scenarios))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
