"""What the benches of one server share (bench_periods, bench_years, bench_export): their arguments, and link opens
before and after a feature, interleaved so that the machine's noise falls on both (through the protocol client, each
link a fresh one so that nothing comes from a cache)."""

from __future__ import annotations

import argparse
import asyncio
import statistics
from collections.abc import Callable
from pathlib import Path

from dashboard.serve.client import open_link


def arguments(doc: str, runs: int) -> argparse.Namespace:
    """--data (default: the 1,000,000-initiative set of bench/bench_data.py, bench/out/1m) and --runs."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "out" / "1m")
    parser.add_argument("--runs", type=int, default=runs)
    return parser.parse_args()


def before_after(base: str, links: Callable[[int], tuple[str, str]], runs: int) -> tuple[float, int, float, int]:
    """Medians of seconds and the bytes sent, before and after: links(i) gives run i's two links."""
    seconds: dict[str, list[float]] = {"before": [], "after": []}
    sizes = {"before": 0, "after": 0}
    for i in range(runs):
        for label, link in zip(("before", "after"), links(i), strict=True):
            opened = asyncio.run(open_link(base, link, timeout=300))
            assert opened.finished and not opened.errors, opened
            seconds[label].append(opened.seconds)
            sizes[label] = opened.bytes
    return (statistics.median(seconds["before"]), sizes["before"], statistics.median(seconds["after"]),
            sizes["after"])
