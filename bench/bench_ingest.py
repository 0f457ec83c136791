"""Benchmark the importer: a 100,000-row CSV, and IATI XML of 10 and 50 MB (streamed, so memory should
not grow with the file beyond the rows it keeps).

    python bench/bench_ingest.py [--runs 3] [--samples ../shared/samples] [--real]

The CSV is generated (names in four languages, DAC codes, five currencies). The XML files repeat the
2.03 activities of ../shared/samples/iati with new identifiers until they reach the size, and import
with `--south all` so that every activity with a provider country is kept. Each import runs in a
fresh process; wall time and that process's peak RSS (ru_maxrss), median of the runs. --real times the real
sample files themselves instead (each as the importer detects it; the Brazilian report with its documented
mapping), so a change to the importer can be compared on them before and after.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from dashboard.ingest import run, mapping
given = mapping.from_dict({given!r}, "bench") if {given!r} else None
start = time.perf_counter()
result = run([Path({source!r})], Path({out!r}), given)
assert result.written, result.problems[:3]
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, result.rows_in)
"""
NAMES = ["Brasil", "Brazil", "Brésil", "México", "India", "China", "Sudáfrica", "Moçambique", "Sénégal", "Kenya",
         "Viet Nam", "Côte d'Ivoire", "Perú", "Argentina", "Indonésie", "Cabo Verde", "Angola", "Chile", "Egypt"]
SECTORS = ["11220", "12220", "31120", "31161", "41030", "15110", "16010", "23210", "311", "140", "998"]
CURRENCIES = ["USD", "EUR", "BRL", "INR", "CNY"]


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "title", "donor", "recipient", "sector", "amount", "currency", "year"])
        for i in range(rows):
            provider, receiver = rng.sample(NAMES[:6], 1)[0], rng.choice(NAMES[6:])
            out.writerow([f"P{i}", f"Project {i}", provider, receiver, rng.choice(SECTORS),
                          round(rng.uniform(1e3, 1e7), 2) if rng.random() < 0.7 else "", rng.choice(CURRENCIES),
                          rng.randint(2005, 2023)])


def write_iati(path: Path, samples: Path, megabytes: int) -> None:
    from lxml import etree

    activities = []
    for source in sorted((samples / "iati").glob("iati_2.03_*.xml")):
        activities += [etree.tostring(a) for a in etree.parse(str(source)).getroot().findall("iati-activity")]
    if not activities:
        raise SystemExit(f"no IATI 2.03 sample in {samples / 'iati'}: name the samples folder with --samples")
    target, written, copy = megabytes * 1_000_000, 0, 0
    with path.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        while written < target:
            copy += 1
            for activity in activities:
                data = activity.replace(b"</iati-identifier>", f"-copy{copy}</iati-identifier>".encode(), 1)
                handle.write(data)
                written += len(data)
                if written >= target:
                    break
        handle.write(b"</iati-activities>\n")


def measure(source: Path, runs: int, given: dict | None) -> tuple[float, float, int]:
    times, rss = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            code = PROBE.format(root=str(ROOT), source=str(source), out=out, given=given)
            line = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
            seconds, peak, rows = line.split()
            times.append(float(seconds))
            rss.append(float(peak))
    return statistics.median(times), statistics.median(rss), int(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    parser.add_argument("--real", action="store_true", help="time the real sample files, not generated ones")
    args = parser.parse_args()
    if args.real:
        real(args.samples, args.runs)
        return
    mapping = {"fields": {"initiative_id": {"column": "id"}, "title": {"column": "title"},
                          "providers": {"column": "donor"}, "receivers": {"column": "recipient"},
                          "themes": {"column": "sector", "codes": "dac"}, "start_year": {"column": "year"}},
               "funding": {"amount": {"column": "amount"}, "currency": {"column": "currency"},
                           "year": {"column": "year"}}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases = []
        write_csv(work / "rows-100k.csv", 100_000)
        cases.append(("CSV, 100,000 rows", work / "rows-100k.csv", mapping))
        for megabytes in (10, 50):
            write_iati(work / f"iati-{megabytes}mb.xml", args.samples, megabytes)
            cases.append((f"IATI XML, {megabytes} MB", work / f"iati-{megabytes}mb.xml", {"south": "all"}))
        print(f"{'file':22} {'size':>9} {'rows in':>9} {'wall s':>8} {'peak RSS MB':>12}   (median of {args.runs})")
        for name, source, given in cases:
            seconds, peak, rows = measure(source, args.runs, given)
            size = source.stat().st_size / 1e6
            print(f"{name:22} {size:>7.1f}MB {rows:>9,} {seconds:>8.2f} {peak:>12.0f}")


def real(samples: Path, runs: int) -> None:
    import yaml

    brazil = yaml.safe_load((ROOT / "docs" / "mappings" / "brazil-abc-sections.yaml").read_text(encoding="utf-8"))
    files = sorted((samples / "iati").glob("*.xml")) + sorted((samples / "aiddata").glob("*"))
    print(f"{'file':48} {'rows in':>8} {'wall s':>8} {'peak RSS MB':>12}   (median of {runs})")
    for source in files:
        seconds, peak, rows = measure(source, runs, brazil if source.name.startswith("Brazil") else None)
        print(f"{source.name[:48]:48} {rows:>8,} {seconds:>8.2f} {peak:>12.0f}")


if __name__ == "__main__":
    main()
