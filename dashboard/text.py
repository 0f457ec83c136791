"""Words and numbers as people read them: money, counts, the filter line, the plain summary."""

from __future__ import annotations

import math
from collections.abc import Mapping

from dashboard.filters import CODE_FILTERS, Filters

NOT_REPORTED = "not reported"
FILTER_WORDS = {"themes": "Themes", "cooperation_types": "Cooperation", "lead_actors": "Led by",
                "activity_types": "Activities", "source_types": "Funded by"}


def usd(value: float | None) -> str:
    """US$1.5M, US$640k, US$476M, US$2.3B, US$900; None or NaN reads 'not reported'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_REPORTED
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            scaled = value / size
            shown = f"{scaled:.0f}" if abs(scaled) >= 100 else f"{scaled:.1f}".rstrip("0").rstrip(".")
            return f"US${shown}{suffix}"
    return f"US${value:,.0f}"


def count(value: int | float) -> str:
    """1,234."""
    return f"{int(value):,}"


def initiatives(n: int) -> str:
    """'1 initiative', '1,234 initiatives'."""
    return f"{count(n)} initiative{'' if n == 1 else 's'}"


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def funding_line(amounts: list[float | None]) -> str:
    """What an initiative's contributions add up to, saying how many amounts are not reported."""
    known = [a for a in amounts if a is not None and not (isinstance(a, float) and math.isnan(a))]
    missing = len(amounts) - len(known)
    if not amounts:
        return "not reported (no contribution recorded)."
    if not known:
        return f"amounts not reported ({missing} contribution{'s' if missing > 1 else ''})."
    line = f"{usd(sum(known))} reported"
    if missing:
        line += f"; {missing} more contribution{'s' if missing > 1 else ''} with amount not reported"
    return line + "."


def names_list(names: list[str], limit: int = 3) -> str:
    """'Brazil, China and India' (and 'Brazil, China, India and 4 others' past the limit)."""
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} others"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def filter_line(f: Filters, country_names: Mapping[str, str]) -> str:
    """One line that says what the filters select, e.g. 'Themes: Gender · Receivers: Africa · 2008–2012'."""
    parts = []
    for side, word in (("provider", "Providers"), ("receiver", "Receivers")):
        places = (list(getattr(f, f"{side}_regions")) + list(getattr(f, f"{side}_subregions"))
                  + [country_names.get(c, c) for c in getattr(f, f"{side}_countries")])
        if places:
            parts.append(f"{word}: {', '.join(places)}")
    for name, word in FILTER_WORDS.items():
        codes = CODE_FILTERS[name]
        if getattr(f, name):
            parts.append(f"{word}: {', '.join(codes.get(c, c) for c in getattr(f, name))}")
    if f.years:
        parts.append(f"{f.years[0]}–{f.years[1]}" if f.years[0] != f.years[1] else str(f.years[0]))
    if f.search:
        parts.append(f"Text: “{f.search}”")
    if not f.include_unreported:
        parts.append("Only initiatives with all amounts reported")
    return " · ".join(parts) if parts else "All initiatives"


def overview_summary(kpis: Mapping, years: tuple[int, int] | None, top_providers: list[str],
                     top_receivers: list[str]) -> str:
    """A short plain-language summary of what the filtered data shows."""
    n = int(kpis["initiatives"])
    if n == 0:
        return "No initiatives match these filters."
    when = f" between {years[0]} and {years[1]}" if years and years[0] != years[1] else (
        f" in {years[0]}" if years else "")
    noun = "initiative" if n == 1 else "initiatives"
    text = f"{count(n)} {noun}{when} link {count(kpis['countries'])} countries"
    if top_providers:
        text += f"; {names_list(top_providers)} provide{'s' if len(top_providers) == 1 else ''} most"
    if top_receivers:
        text += f", and {names_list(top_receivers)} receive{'s' if len(top_receivers) == 1 else ''} most"
    text += f". Reported funding totals {usd(kpis['reported_usd'])}"
    unreported = int(kpis["unreported"])
    if unreported:
        text += (f"; {count(unreported)} of the {noun} ({share(unreported, n)}) have amounts that are not "
                 "reported and are not counted in that total")
    return text + "."
