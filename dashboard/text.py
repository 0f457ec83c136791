"""Words and numbers as people read them: money, counts, the filter line, the plain summary."""

from __future__ import annotations

import math
from collections.abc import Mapping

from dashboard.filters import CODE_FILTERS, Filters
from dashboard.markup import verbatim

NOT_REPORTED = "not reported"
FILTER_WORDS = {"themes": "Themes", "sdgs": "SDGs", "cooperation_types": "Cooperation", "lead_actors": "Led by",
                "activity_types": "Activities", "source_types": "Funded by"}


def usd(value: float | None) -> str:
    """US$1.5M, US$640k, US$476M, US$2.3B, US$900, −US$1.2M; None or NaN reads 'not reported'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_REPORTED
    if value < 0:  # a net value: the sign before the currency
        return "−" + usd(-value)
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


def share(part: float, whole: float) -> str:
    """'12%'; never 0% or 100% unless exact: 'under 1%', 'over 99%'; '–' of nothing."""
    if not whole:
        return "–"
    ratio = part / whole
    shown = f"{ratio:.0%}"
    if shown == "0%" and ratio > 0:
        return "under 1%"
    if shown == "100%" and ratio < 1:
        return "over 99%"
    return shown


def reported_usd(value: float, reported: bool) -> str:
    """A total of reported amounts, or 'not reported' when no amount is (never a US$0 that means nothing known)."""
    return usd(value) if reported else NOT_REPORTED


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


def filter_line(f: Filters, country_names: Mapping[str, str], markdown: bool = False) -> str:
    """One line that says what the filters select, e.g. 'Themes: Gender · Receivers: Africa · 2008–2012'.
    markdown: for Streamlit's Markdown, where the search text (free text from the link) must show verbatim."""
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
        parts.append(f"Text: {verbatim(f.search)}" if markdown else f"Text: “{f.search}”")
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
    if not kpis.get("with_amounts", 1):
        return text + f". None of the {noun} reports an amount of funding."
    text += f". Reported funding totals {usd(kpis['reported_usd'])}"
    unreported = int(kpis["unreported"])
    if unreported:
        text += (f"; {count(unreported)} of the {noun} ({share(unreported, n)}) have amounts that are not "
                 "reported and are not counted in that total")
    return text + "."


def map_summary(measure_title: str, leaders: list[tuple[str, str]], countries: int, drawn: int, all_flows: int,
                drawn_usd: float, reported_usd: float, largest: str | None, unnamed: tuple[float, float],
                not_drawn: int) -> str:
    """The map's content in one paragraph: who leads on the measure, what the lines cover and what
    has no place on a map (unnamed: US$ to and from partners the sources name only by region)."""
    if not countries:
        return "No country takes part in an initiative under these filters."
    out = f"{count(countries)} countries take part under these filters."
    named = names_list([f"{name} ({value})" for name, value in leaders])
    if leaders and measure_title.startswith("Net"):
        out += f" The largest net provider{'s are' if len(leaders) > 1 else ' is'} {named}."
    elif leaders:
        out += f" By {measure_title[0].lower()}{measure_title[1:].split(' (')[0]}, {named} lead."
    if drawn:
        out += (f" The lines show the {count(drawn)} largest of {count(all_flows)} provider→receiver flows"
                if drawn < all_flows else f" The lines show all {count(all_flows)} provider→receiver flows")
        if reported_usd:
            out += f", carrying {usd(drawn_usd)} of the {usd(reported_usd)} reported"
        out += (f"; the largest is {largest}" if largest else "") + "."
    if not_drawn:
        out += (f" {count(not_drawn)} of them {'has' if not_drawn == 1 else 'have'} a partner named only by region "
                "or with no map position, so no line; the flows table lists them.")
    to_unnamed, from_unnamed = unnamed
    if to_unnamed or from_unnamed:
        parts = ([f"{usd(to_unnamed)} went to partners"] if to_unnamed else []) + (
            [f"{usd(from_unnamed)} came from providers"] if from_unnamed else [])
        out += " " + " and ".join(parts) + " that the sources name only by region (listed below the map)."
    return out


def reported_in_role(k: Mapping, role: str) -> bool:
    """Whether a place's initiatives in a role (provider, receiver) report any amount: a value above zero, or
    one initiative at least whose amounts are all reported (per_country's row k)."""
    value = k["provided_usd" if role == "provider" else "received_usd"]
    return bool(value) or k[f"unreported_as_{role}"] < k[f"initiatives_as_{role}"]


def country_summary(name: str, k: Mapping, to_partners: list[str], from_partners: list[str], two_way: int) -> str:
    """One country's cooperation in a few plain sentences."""
    n = int(k["initiatives"])
    def money(role: str, value: float) -> str:
        return f"{usd(value)} reported" if reported_in_role(k, role) else "no amount reported"

    out = (f"{name} takes part in {initiatives(n)} under these filters: {count(k['initiatives_as_provider'])} as "
           f"provider ({money('provider', k['provided_usd'])}) and {count(k['initiatives_as_receiver'])} as receiver "
           f"({money('receiver', k['received_usd'])}).")
    if to_partners:
        out += f" It provides most to {names_list(to_partners)}."
    if from_partners:
        out += f" It receives most from {names_list(from_partners)}."
    if two_way:
        out += f" With {count(two_way)} partner{'s' if two_way != 1 else ''} cooperation runs both ways."
    if int(k["unreported"]):
        out += (f" {count(k['unreported'])} of its initiatives ({share(int(k['unreported']), n)}) have amounts that "
                "are not reported and are not counted in these values.")
    return out


def network_summary(level: str, by: str, places: int, all_edges: int, drawn: int, drawn_share: float | None,
                    most_partners: tuple[str, int] | None, broker: tuple[str, float] | None, both_ways: int,
                    loops: tuple[float, int]) -> str:
    """The network in a few sentences: its size, what is drawn, who has most partners, who brokers,
    how much runs both ways and what is not an edge (loops: US$ within one place, and how many places)."""
    noun = "sub-regions" if level == "subregion" else "places"
    weight = "reported value" if by == "value" else "initiative links"
    out = f"{count(all_edges)} provider→receiver flows link {count(places)} {noun}."
    if drawn < all_edges:
        out += f" The {count(drawn)} largest by {weight} are drawn" + (
            f", with {share(drawn_share, 1)} of all the {weight}." if drawn_share is not None else ".")
    else:
        out += f" All {count(all_edges)} are drawn."
    if most_partners:
        out += f" {most_partners[0]} has the most partners ({count(most_partners[1])})."
    if broker:
        out += (f" {broker[0]} brokers most in the drawn network (betweenness {broker[1]:.2g}): more "
                "shortest provider→receiver paths between other places run through it than through any other.")
    out += (f" {count(both_ways)} of the {count(places)} {noun} have flows both ways with at least one partner.")
    within_usd, within = loops
    if within:
        plural = "s" if within != 1 else ""
        where = (f"within one sub-region (in {count(within)} sub-region{plural}" if level == "subregion" else
                 f"between partners named only by the same region (in {count(within)} region{plural}")
        worth = f", {usd(within_usd)} reported" if within_usd else ""
        out += f" Flows {where}{worth}) are not edges, so they are not drawn."
    return out
