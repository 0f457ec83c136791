"""DAC/CRS sector codes → the theme codelist, through one table (sector_themes.csv, in this folder).

A 5-digit purpose code uses its own row when the table has one, else its 3-digit category's row;
the table also holds the DAC group codes (110, 310, 700…) that older lists such as AidData's use.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("sector_themes.csv")


@cache
def table() -> dict[str, str]:
    """Sector code → theme code."""
    with TABLE.open(encoding="utf-8") as handle:
        return {row["code"]: row["theme"] for row in csv.DictReader(handle)}


def theme_of(code: object) -> str | None:
    """The theme of a 5-digit purpose code or a 3-digit category (None when the code is not a DAC code)."""
    digits = re.sub(r"\.0$", "", str(code).strip())
    if not re.fullmatch(r"\d{3}|\d{5}", digits):
        return None
    found = table()
    return found.get(digits) or found.get(digits[:3])
