"""The years played (?year=): what the player adds to a link open of the Map and of the Network, through the
protocol client (dashboard.serve.client) on one server, interleaved so that the machine's noise falls on both;
and the time to make the Map's GIF of every year for a slide, in this process.

    python bench/bench_years.py [--data DIR] [--runs 7]

Each open uses a year range no earlier open used, so nothing comes from a cache: "before" is the page with one range
(?yr=A-B), "after" the same range played (?yr=A-B&year=A): every frame is in that one answer, and playing sends
nothing more (tests/e2e/test_browser_years.py counts the messages). Medians of --runs, and bytes sent.
--data defaults to the 1,000,000-initiative set of bench/bench_data.py (bench/out/1m).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from opens import arguments, compare  # noqa: E402


def gif_seconds(data: Path, years: tuple[int, int]) -> tuple[float, int, int]:
    """Seconds to draw every frame of a range and make the GIF (queries included), its size and frame count."""
    import vl_convert

    from dashboard.data.filters import Filters
    from dashboard.data.reading import DEFAULT_COUNTRIES
    from dashboard.data.store import open_store
    from dashboard.map import frames, geo
    from dashboard.questions.activity import activity, activity_totals
    from dashboard.words import frames as played_frames

    store = open_store(data)
    started = time.perf_counter()
    f = Filters(years=years)
    a, t = activity(store, f, years), activity_totals(store, f, years)
    world = geo.projected(DEFAULT_COUNTRIES)
    codes = [*world.shapes, *(c for c in world.dots if c in set(a["code"]))]
    played = frames.frames(a, t, "initiatives", codes, codes)
    gif = played_frames.gif([vl_convert.svg_to_png(frames.svg(world, played, "each", k, "", ["caption"]),
                                                   scale=1.0) for k in range(len(played.years))])
    return time.perf_counter() - started, len(gif), len(played.years)


def main() -> None:
    args = arguments(__doc__, 7)
    compare(args.data, args.runs, ("/map", "/network"), lambda page, i: (
        f"{page}?yr={1995 + i}-{2020 + i}", f"{page}?yr={1996 + i}-{2020 + i}&year={1996 + i}"),
        ("one range", "played"))
    seconds, size, n = gif_seconds(args.data, (1995, 2024))
    print(f"GIF of {n} years: {seconds:.1f} s, {size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
