"""Capacity: how many link opens a server answers, measured with the protocol-level client (dashboard.serve.client:
Streamlit's websocket protocol as a browser speaks it, no browser).

    python bench/bench_capacity.py [--data DIR] [--users 1,10,50] [--seconds 15] [--modes single,proxy]

For each mode (one `streamlit run` process; 2 replicas behind HAProxy via `python -m dashboard.serve`) and each number
of users at once (each opens a link, waits for its script to finish, opens the next: no pause), every link is the
Overview with a year range no earlier open used, so nothing comes from a cache. Reported: link opens per second,
p50/p95 seconds, errors, bytes per open, server CPU per open (every server process: replicas and proxy), memory per
open session, the client's own CPU, and a meeting: 50 users opening the same link at once (time until all are drawn).

    python bench/bench_capacity.py --cold --data DIR

Cold start instead: a fresh server's time to ready (/api/v1/ready answers 200) and to a drawn Overview, and its
resident memory, with no built database on disk (first start) and with one (second start), median of --starts.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from live import _free_port, running_topology  # noqa: E402

from dashboard.serve.client import open_link  # noqa: E402


def year_ranges(first: int = 1960, last: int = 2030):
    """Year ranges in an order that never repeats (so no query result is cached)."""
    return itertools.cycle([(a, b) for a in range(first, last) for b in range(a, last)])


def wait_ready(base: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/ready", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{base} never became ready")


@contextmanager
def single(data: Path | None, env: dict[str, str] | None = None):
    """One `streamlit run app.py` process; yields (base, [pids])."""
    port = _free_port()
    environ = {**{k: v for k, v in os.environ.items() if k != "SSC_DATA_DIR"}, **(env or {})}
    if data is not None:
        environ["SSC_DATA_DIR"] = str(data)
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                "--server.address", "127.0.0.1"], cwd=ROOT, env=environ,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        yield base, [process.pid]
    finally:
        process.terminate()
        process.wait(30)


@contextmanager
def proxied(data: Path | None):
    """Two replicas behind HAProxy; yields (base, [pids of the replicas and the proxy])."""
    with running_topology(2, args=("--data", str(data)) if data else ()) as topology:
        yield topology.base, [pid for pid, _ in topology.replicas.values()] + [topology.proxy_pid]


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        times = psutil.Process(pid).cpu_times()
        total += times.user + times.system
    return total


def rss_mb(pids: list[int]) -> float:
    return sum(psutil.Process(pid).memory_info().rss for pid in pids) / 1e6


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


async def load(base: str, users: int, seconds: float, ranges) -> list:
    """`users` users opening links back to back for `seconds`; every open's result."""
    end = time.monotonic() + seconds
    done: list = []

    async def user() -> None:
        while time.monotonic() < end:
            a, b = next(ranges)
            done.append(await open_link(base, f"/?yr={a}-{b}", timeout=120))

    await asyncio.gather(*(user() for _ in range(users)))
    return done


def measure(base: str, pids: list[int], users: int, seconds: float, ranges) -> dict:
    cpu0, client0, wall0 = cpu_seconds(pids), resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    opened = asyncio.run(load(base, users, seconds, ranges))
    wall = time.perf_counter() - wall0
    client1 = resource.getrusage(resource.RUSAGE_SELF)
    good = [o for o in opened if o.finished and not o.errors and o.failure is None]
    times = [o.seconds for o in good]
    return {"users": users, "opens": len(opened), "opens_per_s": round(len(good) / wall, 2),
            "p50_s": round(percentile(times, 0.5), 3), "p95_s": round(percentile(times, 0.95), 3),
            "errors": len(opened) - len(good), "kb_per_open": round(statistics.mean(o.bytes for o in good) / 1e3, 1)
            if good else None, "server_cpu_s_per_open": round((cpu_seconds(pids) - cpu0) / max(1, len(good)), 3),
            "client_cpu_share": round((client1.ru_utime + client1.ru_stime - client0.ru_utime - client0.ru_stime)
                                      / wall, 2)}


def session_memory(base: str, pids: list[int], sessions: int = 20) -> float:
    """Resident memory per open session (MB): `sessions` held open at once, against none."""

    async def hold() -> float:
        release = asyncio.Event()
        before = rss_mb(pids)
        tasks = [asyncio.create_task(open_link(base, "/", hold=release)) for _ in range(sessions)]
        await asyncio.sleep(10)  # every session drawn by then (each then waits on `release`, its websocket open)
        during = rss_mb(pids)
        release.set()
        await asyncio.gather(*tasks)
        return (during - before) / sessions

    return round(asyncio.run(hold()), 1)


def meeting(base: str, people: int = 50) -> dict:
    """`people` opening the same link at the same moment, as in a meeting: time until all are drawn."""

    async def everyone() -> list:
        return await asyncio.gather(*(open_link(base, "/map?yr=2001-2012", timeout=300) for _ in range(people)))

    start = time.perf_counter()
    opened = asyncio.run(everyone())
    return {"people": people, "all_drawn_s": round(time.perf_counter() - start, 2),
            "p50_s": round(statistics.median(o.seconds for o in opened), 2),
            "errors": sum(1 for o in opened if not o.finished or o.errors or o.failure)}


def capacity(args) -> dict:
    ranges = year_ranges()
    results: dict = {}
    for mode in args.modes.split(","):
        server = single(args.data) if mode == "single" else proxied(args.data)
        with server as (base, pids):
            asyncio.run(open_link(base, "/"))  # the first run's imports
            rows = [measure(base, pids, users, args.seconds, ranges) for users in map(int, args.users.split(","))]
            results[mode] = {"levels": rows, "memory_per_session_mb": session_memory(base, pids),
                             "meeting": meeting(base), "server_rss_mb": round(rss_mb(pids))}
            print(json.dumps({mode: results[mode]}), flush=True)
    return results


def cold(args) -> dict:
    """First and second starts of one server: ready, drawn Overview, resident memory."""
    out: dict = {"first": [], "second": []}
    for _ in range(args.starts):
        built = tempfile.mkdtemp(prefix="ssc-bench-built-")
        for which in ("first", "second"):
            start = time.perf_counter()
            with single(args.data, {"SSC_BUILT_DIR": built}) as (base, pids):
                ready = time.perf_counter() - start
                drawn = asyncio.run(open_link(base, "/", timeout=600))
                out[which].append({"ready_s": round(ready, 2), "overview_drawn_s": round(ready + drawn.seconds, 2),
                                   "rss_mb": round(rss_mb(pids))})
                print(which, out[which][-1], flush=True)
    return {which: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            for which, runs in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="a dataset directory (default: the reference data)")
    parser.add_argument("--users", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--modes", default="single,proxy")
    parser.add_argument("--cold", action="store_true", help="measure cold starts instead")
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(cold(args) if args.cold else capacity(args), indent=1))


if __name__ == "__main__":
    main()
