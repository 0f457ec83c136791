"""Reading one cell: blank or not, a year, an amount, a yes/no, a list; Rejected for a record that cannot be read."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.data import schema


class Rejected(Exception):
    """A record that cannot become an initiative; the message is the reason in the report."""


def blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and not value.strip())


def parse_year(value: object) -> int | None:
    if blank(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, (int, float)):
        return int(value) if schema.YEAR_MIN <= value <= schema.YEAR_MAX else None
    match = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", str(value))
    return int(match.group(1)) if match else None


# An end "year" that says the initiative has not ended (English, French, Spanish, Portuguese).
ONGOING = re.compile(r"^\s*(present|ongoing|current|to date|on-?going|en cours|en curso|vigente|actualidad|"
                     r"em (andamento|curso)|atual|até (o )?momento)\s*\.?\s*$", re.I)


def ongoing(value: object) -> bool:
    """Whether an end-year cell says the initiative is still running ('Present', 'en curso', 'em andamento')."""
    return isinstance(value, str) and bool(ONGOING.match(value))


def parse_amount(value: object, decimal: str = ".") -> float | None:
    """A number from a cell: 1,234.5 / 1.234,5 (decimal ',') / 'US$ 1 000'; None when blank."""
    if blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = re.sub(r"[^\d,.\-]", "", str(value))
    text = text.replace(".", "").replace(",", ".") if decimal == "," else text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        raise Rejected(f"amount {str(value).strip()!r} is not a number") from None


def parse_bool(value: object) -> bool | None:
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in ("true", "yes", "y", "1", "sim", "sí", "si", "oui", "x"):
        return True
    if text in ("false", "no", "n", "0", "não", "nao", "non"):
        return False
    return None


def split(value: object, separator: str) -> list[str]:
    if blank(value):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if not blank(v)]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [part.strip() for part in str(value).split(separator) if part.strip()]
