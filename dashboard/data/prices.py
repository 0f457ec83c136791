"""Current and constant US$: which prices a view shows, and the deflator of constant US$.

Amounts are nominal US$ (current prices) in the contract. Constant US$ are the source's own where a dataset
carries them (the optional column amount_usd_constant, with its base year in dataset.yaml's `prices`), else
nominal × CPI(base) / CPI(year of the amount), the US CPI-U's annual average (data/money/us_cpi_u.csv, built
by scripts/build_money.py), the series Our World in Data uses for constant dollars; the base is its latest
complete year. An amount with no year cannot be deflated and stays null ("not reported") in constant US$.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import yaml

from dashboard.words.languages import N_, _

CPI_FILE = Path(__file__).resolve().parents[2] / "data" / "money" / "us_cpi_u.csv"
CURRENT, CONSTANT = "current", "constant"
BASES = {CURRENT: N_("Current US$"), CONSTANT: N_("Constant US$")}
CPI_METHOD = "US CPI-U, annual average (BLS), rebased to the base year"


@lru_cache(maxsize=1)
def cpi() -> dict[int, float]:
    """Year → the US CPI-U's annual average."""
    with CPI_FILE.open(encoding="utf-8", newline="") as handle:
        return {int(row["year"]): float(row["index"]) for row in csv.DictReader(handle)}


def latest_year() -> int:
    return max(cpi())


def factor(year: int | None, base: int) -> float | None:
    """What one US$ of year is worth in US$ of base (None when the CPI has no value for either)."""
    index = cpi()
    if year is None or year not in index or base not in index:
        return None
    return index[base] / index[year]


@dataclass(frozen=True)
class Prices:
    """The prices a store's amounts are in: current, or constant US$ of base_year by method."""

    basis: str = CURRENT
    base_year: int | None = None
    method: str | None = None

    def words(self) -> str:
        """'current US$' or 'constant 2024 US$', in the language."""
        if self.basis == CURRENT:
            return _("current US$")
        return _("constant {year} US$").format(year=self.base_year)


def stated(directory: Path) -> dict:
    """dataset.yaml's `prices: constant:` block (base_year, method), or {} (no file, not YAML, no block)."""
    try:
        data = yaml.safe_load((Path(directory) / "dataset.yaml").read_text(encoding="utf-8"))
        block = data["prices"]["constant"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, KeyError):
        return {}
    return block if isinstance(block, dict) else {}


def constant(funding: pa.Table, stated: dict) -> tuple[pa.Array, Prices]:
    """The funding rows' amounts in constant US$, and what they are: the dataset's own constant amounts when it
    has them (base year stated in its dataset.yaml), else nominal deflated by the CPI to its latest complete
    year."""
    if "amount_usd_constant" in funding.column_names and isinstance(stated.get("base_year"), int):
        return (funding.column("amount_usd_constant").combine_chunks().cast(pa.float64()),
                Prices(CONSTANT, int(stated["base_year"]), str(stated.get("method") or "the source's own")))
    base = latest_year()
    years = funding.column("year").to_pylist()
    factors = pa.array([factor(y, base) for y in years], pa.float64())
    amounts = funding.column("amount_usd").combine_chunks().cast(pa.float64())
    return pc.multiply(amounts, factors), Prices(CONSTANT, base, CPI_METHOD)
