"""Benchmark one dataset's trouble against everyone else: a healthy client's p50/p95 on the reference data alone,
beside a client hammering a broken saved dataset, and beside a client cycling through more saved datasets than the
store cache holds.

    python bench/bench_isolation.py [--requests 300] [--rate 5] [--cache-mb MB]

A real server (streamlit run app.py) with SSC_SAVED_DIR holding one broken dataset (the demo data with one
provider code that is no country: it loads in full before the contract refuses it) and six copies of the demo
data (55 MB each once loaded). The store cache is the app's default (SSC_STORE_CACHE_MB), or --cache-mb: 120 keeps
about two of the copies, so the cycling client makes the server load a dataset on nearly every request.
The healthy client asks /api/v1/kpis.json with a new year range each time (so every answer runs its query); the
other client asks --rate requests a second (the issue's probe asked about one a second). Run it in an older
checkout to compare before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_api import YEARS, get  # noqa: E402  (a request on a connection of its own, as bench_api times them)

BROKEN, COPIES = "0badbad0", [f"c0ffee{i:02x}" for i in range(6)]


def healthy(host: str, port: int, requests: int, offset: int) -> tuple[float, float]:
    """p50 and p95 (ms) of the healthy client's requests."""
    times = []
    for i in range(requests):
        seconds, status = get(host, port, f"/api/v1/kpis.json?yr={YEARS[(offset + i) % len(YEARS)]}")
        assert status == 200, status
        times.append(seconds * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def pest(host: str, port: int, paths: list[str], rate: float, stop: threading.Event, counted: list[int]) -> None:
    """Ask the paths in turn, rate a second (or as fast as answers come), until stopped (any status counts)."""
    for path in cycle(paths):
        if stop.is_set():
            return
        seconds, _status = get(host, port, path)
        counted[0] += 1
        time.sleep(max(0.0, 1 / rate - seconds))


def saved_folder(into: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for ident in [*COPIES, BROKEN]:
        shutil.copytree(ROOT / "data" / "demo", into / ident)
    table = pq.read_table(into / BROKEN / "initiatives.parquet")
    providers = table.column("providers").to_pylist()
    providers[0] = ["XXX"]
    index = table.column_names.index("providers")
    pq.write_table(table.set_column(index, "providers", pa.array(providers, table.schema.field(index).type)),
                   into / BROKEN / "initiatives.parquet")


def main() -> None:
    from live import running_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--cache-mb", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        saved_folder(Path(tmp))
        os.environ.update(SSC_SAVED_DIR=tmp, SSC_SAVING="on")
        if args.cache_mb:
            os.environ["SSC_STORE_CACHE_MB"] = str(args.cache_mb)
        with running_server() as base:
            host, port = base.removeprefix("http://").split(":")
            port = int(port)
            get(host, port, "/api/v1/kpis.json")  # the reference data loaded
            cases = {"alone": [],
                     "beside a client hammering a broken dataset": [f"/api/v1/kpis.json?ds={BROKEN}"],
                     "beside a client cycling through 6 datasets": [f"/api/v1/kpis.json?ds={c}" for c in COPIES]}
            print(f"{'healthy client (reference data)':48} {'p50 ms':>8} {'p95 ms':>8} {'other requests':>15}")
            for i, (name, paths) in enumerate(cases.items()):
                stop, counted = threading.Event(), [0]
                other = threading.Thread(target=pest, args=(host, port, paths, args.rate, stop, counted))
                if paths:  # measured in the steady state: once the other client has been round its datasets once
                    other.start()
                    deadline = time.monotonic() + 120
                    while counted[0] < len(paths) and time.monotonic() < deadline:
                        time.sleep(0.1)
                p50, p95 = healthy(host, port, args.requests, i * args.requests)
                stop.set()
                if paths:
                    other.join()
                print(f"{name:48} {p50:>8.1f} {p95:>8.1f} {counted[0]:>15,}")


if __name__ == "__main__":
    main()
