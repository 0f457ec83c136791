"""Benchmark the data API on the 1,000,000-initiative data: requests per second and p50/p95 latency of
/api/v1/kpis.json and /api/v1/per_country.csv with 1, 8 and 32 concurrent clients, cold and cached.

    python bench/bench_api.py [--data bench/out/1m] [--requests 200]

A real server (streamlit run app.py with SSC_DATA_DIR=DATA), and bounded loops of HTTP clients on 127.0.0.1
(threads, a connection per request). "Cold": every request names a new year range, so every answer
runs its queries (the store is loaded and warm); "cached": the same request again and again (the API keeps
answers per dataset version, Filters and arguments).
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import count
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = ("/api/v1/kpis.json", "/api/v1/per_country.csv")
YEARS = [f"{a}-{b}" for a in range(1990, 2024) for b in range(a + 1, 2025)]  # 595 distinct ranges


def get(host: str, port: int, path: str) -> tuple[float, int]:
    """One request on a connection of its own (on a kept-alive connection, Python's client waits out TCP's 40 ms
    delayed acknowledgement on every answer: that would be measured instead of the server): seconds, status."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=300)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return time.perf_counter() - start, response.status


def load(host: str, port: int, paths: list[str]) -> list[float]:
    """One client: the paths in turn; the seconds of each."""
    seconds = []
    for path in paths:
        took, status = get(host, port, path)
        assert status == 200, (status, path)
        seconds.append(took)
    return seconds


def run(host: str, port: int, path: str, clients: int, requests: int, cold: bool, fresh) -> tuple[float, float, float]:
    per_client = max(1, requests // clients)
    jobs = []
    for _ in range(clients):
        jobs.append([f"{path}?yr={YEARS[next(fresh) % len(YEARS)]}" if cold else f"{path}?th=gender"
                     for _ in range(per_client)])
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        times = [t for result in pool.map(lambda j: load(host, port, j), jobs) for t in result]
    wall = time.perf_counter() - start
    times.sort()
    return len(times) / wall, statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def main() -> None:
    from bench_app import require_data
    from live import running_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "1m")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    require_data(args.data)
    os.environ["SSC_DATA_DIR"] = str(args.data.resolve())
    with running_server(keep_data_dir=True) as base:
        host, port = base.removeprefix("http://").split(":")
        load(host, int(port), ["/api/v1/kpis.json"])  # opens the dataset (the first request loads it)
        fresh = count()
        print(f"{'endpoint':26} {'mode':7} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for path in PATHS:
            for cold in (True, False):
                for clients in (1, 8, 32):
                    rps, p50, p95 = run(host, int(port), path, clients, args.requests if not cold else
                                        min(args.requests, 64), cold, fresh)
                    print(f"{path:26} {'cold' if cold else 'cached':7} {clients:>7} {rps:>8.1f} {p50:>8.0f} "
                          f"{p95:>8.0f}")


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
    main()
