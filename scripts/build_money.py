"""Build the money tables the app ships (data/money/) from ../shared/reference:

- rates.csv: currency, year, units per US$, from the IMF's annual exchange rates (International Financial
  Statistics, series ENDA: national currency per US$, period average), as compiled by codeforIATI/imf-exchangerates.
  Where several countries share a currency (the euro, the CFA francs) their rates agree; the median is kept.
- us_cpi_u.csv: year, index (1982-84 = 100), the US CPI-U's annual average of its twelve monthly values (BLS series
  CUUR0000SA0, as compiled by datasets/cpi-us), complete years only: the deflator of constant US$.

    python scripts/build_money.py [--reference ../shared/reference] [--out data/money]
"""

from __future__ import annotations

import argparse
import csv
import statistics
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rates(source: Path) -> list[tuple[str, int, float]]:
    found: dict[tuple[str, int], list[float]] = defaultdict(list)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                rate, year = float(row["Rate"]), int(row["Date"][:4])
            except (TypeError, ValueError):
                continue
            if rate > 0 and row["Currency"].strip():
                found[row["Currency"].strip().upper(), year].append(rate)
    return sorted((currency, year, statistics.median(values)) for (currency, year), values in found.items())


def cpi(source: Path) -> list[tuple[int, float]]:
    months: dict[int, list[float]] = defaultdict(list)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            months[int(row["Date"][:4])].append(float(row["Index"]))
    return [(year, sum(values) / 12) for year, values in sorted(months.items()) if len(values) == 12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "money")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    table = rates(args.reference / "exchange-rates" / "imf_exchangerates_A_ENDA_USD.csv")
    with (args.out / "rates.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["currency", "year", "per_usd"])
        writer.writerows((c, y, f"{r:.10g}") for c, y, r in table)
    index = cpi(args.reference / "deflators" / "us_cpi_u_monthly.csv")
    with (args.out / "us_cpi_u.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["year", "index"])
        writer.writerows((y, f"{v:.4f}") for y, v in index)
    currencies = len({c for c, _, _ in table})
    print(f"wrote {args.out}/rates.csv ({len(table):,} rates, {currencies} currencies, "
          f"{min(y for _, y, _ in table)}-{max(y for _, y, _ in table)}) and us_cpi_u.csv "
          f"({index[0][0]}-{index[-1][0]})")


if __name__ == "__main__":
    main()
