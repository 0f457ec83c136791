"""Benchmark what translation costs: the Overview's rerun on the 1M data in English and in French, interleaved.

    python bench/bench_i18n.py [--data bench/out/1m] [--runs 15]

Two sessions (AppTest, in process) on the same data, one with ?lang=fr: after a warm-up of each, their reruns
alternate (each language goes first every other time) so that both meet the same machine state. Two kinds of rerun:
  - "same view": the view again (query results come from the cache: the rerun is the script, its text and charts)
  - "new filters": a year range no run of either session has used (every query runs; ranges alternate between
    the sessions, so each meets new ones of the same size)
Target: French costs no more than 5 % over English, on the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def session(lang: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    if lang != "en":
        at.query_params["lang"] = lang
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "bench" / "out" / "1m"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import os

    from streamlit.runtime import pages_manager

    from dashboard.words import languages as i18n

    original = pages_manager.PagesManager.__init__

    def init(self, *a, **kw):  # as a running server is after its first run (see tests/app/conftest.py)
        original(self, *a, **kw)
        pages_manager.PagesManager.uses_pages_directory = False

    pages_manager.PagesManager.__init__ = init
    os.environ["SSC_DATA_DIR"] = args.data
    sessions = {lang: session(lang) for lang in ("en", "fr")}
    for lang, at in sessions.items():  # warm-up: the store once per process, the caches, the catalog
        i18n.use(lang)
        at.run()
        at.run()
        assert not at.exception, at.exception
    times: dict[str, dict[str, list[float]]] = {lang: {"same view": [], "new filters": []} for lang in sessions}
    for i in range(args.runs):
        order = list(sessions.items())[:: 1 if i % 2 == 0 else -1]  # each language goes first every other time
        for lang, at in order:
            i18n.use(lang)  # AppTest formats widget options in this thread too
            start = time.perf_counter()
            at.run()
            times[lang]["same view"].append(time.perf_counter() - start)
        for lang, at in order:
            shift = list(sessions).index(lang)
            i18n.use(lang)
            slider = at.sidebar.slider[0]  # the start years, whatever its label's language
            # A range no run of either session has used (the query layer's own memo is shared): every query runs.
            slider.set_range(slider.min + 2 * i + 1 + shift, slider.max - 1)
            start = time.perf_counter()
            at.run()
            times[lang]["new filters"].append(time.perf_counter() - start)
            assert not at.exception, at.exception
    print(f"Overview rerun on {args.data}, median of {args.runs} interleaved runs (ms):")
    print(f"{'rerun':<12} {'English':>9} {'French':>9} {'overhead':>9}")
    for kind in ("same view", "new filters"):
        en, fr = (statistics.median(times[lang][kind]) * 1000 for lang in ("en", "fr"))
        print(f"{kind:<12} {en:>9.1f} {fr:>9.1f} {(fr - en) / en:>+9.1%}")


if __name__ == "__main__":
    main()
