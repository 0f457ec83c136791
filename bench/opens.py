"""What the benches of one server share (bench_periods, bench_years, bench_export): their arguments, and link opens
before and after a feature on each of some pages, interleaved so that the machine's noise falls on both (through the
protocol client, each link a fresh one so that nothing comes from a cache)."""

from __future__ import annotations

import argparse
import asyncio
import statistics
from collections.abc import Callable
from pathlib import Path

from bench_capacity import single

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


def compare(data: Path, runs: int, pages: tuple[str, ...], links: Callable[[str, int], tuple[str, str]],
            names: tuple[str, str]) -> None:
    """On one server of `data`: each page's medians before and after (links(page, i): run i's two links), printed
    under the two names."""
    with single(data) as (base, _pids):
        asyncio.run(open_link(base, pages[0]))  # the first run's imports
        width = max(map(len, pages))
        for page in pages:
            one, one_bytes, two, two_bytes = before_after(base, lambda i, page=page: links(page, i), runs)
            print(f"{page:{width}} {names[0]} {one:.2f} s ({one_bytes / 1e3:.0f} kB) · {names[1]} {two:.2f} s "
                  f"({two_bytes / 1e3:.0f} kB) (medians of {runs})")
