"""Words and numbers as people read them: money, counts, the filter line, the plain summary."""

from __future__ import annotations

import math
from collections.abc import Mapping

from dashboard.data.filters import CODE_FILTERS, Filters
from dashboard.data.prices import Prices
from dashboard.words import languages as i18n
from dashboard.words.languages import N_, _, ngettext
from dashboard.words.markup import plain, verbatim

NOT_REPORTED = N_("not reported")
FILTER_WORDS = {"themes": N_("Themes"), "sdgs": N_("SDGs"), "cooperation_types": N_("Cooperation"),
                "lead_actors": N_("Led by"), "activity_types": N_("Activities"), "source_types": N_("Funded by")}


def usd(value: float | None) -> str:
    """US$1.5M, US$640k, US$476M, US$2.3B, US$900, −US$1.2M (as the language writes them, see i18n.usd); None or
    NaN reads 'not reported'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _(NOT_REPORTED)
    if value < 0:  # a net value: the sign before the currency
        return "−" + usd(-value)
    return i18n.usd(value)


def count(value: int | float) -> str:
    """1,234 (1 234 in French)."""
    return i18n.number(int(value))


def initiatives(n: int) -> str:
    """'1 initiative', '1,234 initiatives'."""
    return ngettext("{n} initiative", "{n} initiatives", int(n)).format(n=count(n))


def share(part: float, whole: float) -> str:
    """'12%'; never 0% or 100% unless exact: 'under 1%', 'over 99%'; '–' of nothing."""
    if not whole:
        return "–"
    ratio = part / whole
    rounded = f"{ratio:.0%}"
    if rounded == "0%" and ratio > 0:
        return _("under {share}").format(share=i18n.percent(0.01))
    if rounded == "100%" and ratio < 1:
        return _("over {share}").format(share=i18n.percent(0.99))
    return i18n.percent(ratio)


def reported_usd(value: float, reported: bool) -> str:
    """A total of reported amounts, or 'not reported' when no amount is (never a US$0 that means nothing known)."""
    return usd(value) if reported else _(NOT_REPORTED)


def funding_line(amounts: list[float | None]) -> str:
    """What an initiative's contributions add up to, saying how many amounts are not reported."""
    known = [a for a in amounts if a is not None and not (isinstance(a, float) and math.isnan(a))]
    missing = len(amounts) - len(known)
    if not amounts:
        return _("not reported (no contribution recorded).")
    if not known:
        return ngettext("amounts not reported ({n} contribution).", "amounts not reported ({n} contributions).",
                        missing).format(n=count(missing))
    if not missing:
        return _("{amount} reported.").format(amount=usd(sum(known)))
    return ngettext("{amount} reported; {n} more contribution with amount not reported.",
                    "{amount} reported; {n} more contributions with amount not reported.",
                    missing).format(amount=usd(sum(known)), n=count(missing))


def names_list(names: list[str], limit: int = 3) -> str:
    """'Brazil, China and India' (and 'Brazil, China, India and 4 others' past the limit)."""
    if len(names) > limit:
        rest = len(names) - limit
        return ngettext("{names} and {n} other", "{names} and {n} others", rest).format(
            names=", ".join(names[:limit]), n=count(rest))
    if len(names) <= 1:
        return "".join(names)
    return i18n.and_list(names)


def place_name(code: str, names: Mapping[str, str]) -> str:
    """A country (by ISO3 code, from names) or an M49 area (by its English name) in the current language."""
    return names[code] if code in names else i18n.region(code)


def filter_line(f: Filters, country_names: Mapping[str, str], markdown: bool = False) -> str:
    """One line that says what the filters select, e.g. 'Themes: Gender · Receivers: Africa · 2008–2012'.
    markdown: for Streamlit's Markdown, where the search text (free text from the link) must show verbatim."""
    parts = []
    for side, word in (("provider", _("Providers")), ("receiver", _("Receivers"))):
        places = ([i18n.region(r) for r in getattr(f, f"{side}_regions") + getattr(f, f"{side}_subregions")]
                  + [country_names.get(c, c) for c in getattr(f, f"{side}_countries")]
                  + [country_names.get(o, o) for o in (f.provider_orgs if side == "provider" else ())])
        if places:
            parts.append(_("{label}: {values}").format(label=word, values=", ".join(places)))
    for name, word in FILTER_WORDS.items():
        codes = CODE_FILTERS[name]
        if getattr(f, name):
            labels = [_(codes[c]) if c in codes else c for c in getattr(f, name)]
            parts.append(_("{label}: {values}").format(label=_(word), values=", ".join(labels)))
    if f.funders:  # names from the data: free text, shown verbatim in Markdown
        parts.append(_("Funders: {values}").format(values=", ".join(plain(n) if markdown else n for n in f.funders)))
    if f.years:
        parts.append(f"{f.years[0]}–{f.years[1]}" if f.years[0] != f.years[1] else str(f.years[0]))
    if f.search:
        parts.append(_("Text: {search}").format(search=verbatim(f.search) if markdown else f"“{f.search}”"))
    if not f.include_unreported:
        parts.append(_("Only initiatives with all amounts reported"))
    return " · ".join(parts) if parts else _("All initiatives")


def view_line(f: Filters, country_names: Mapping[str, str], prices: Prices, markdown: bool = False) -> str:
    """The filter line and the prices amounts are in: '… · Amounts in constant 2024 US$'."""
    return _("{filters} · Amounts in {prices}").format(filters=filter_line(f, country_names, markdown),
                                                      prices=prices.words())


def overview_summary(kpis: Mapping, years: tuple[int, int] | None, top_providers: list[str],
                     top_receivers: list[str]) -> str:
    """A short plain-language summary of what the filtered data shows: one translatable sentence per fact."""
    n = int(kpis["initiatives"])
    if n == 0:
        return _("No initiatives match these filters.")
    countries = int(kpis["countries"])
    if years and years[0] != years[1]:
        first = ngettext("{n} initiative between {start} and {end} links {countries} countries.",
                         "{n} initiatives between {start} and {end} link {countries} countries.", n)
    elif years:
        first = ngettext("{n} initiative in {start} links {countries} countries.",
                         "{n} initiatives in {start} link {countries} countries.", n)
    else:
        first = ngettext("{n} initiative links {countries} countries.", "{n} initiatives link {countries} countries.",
                         n)
    out = [first.format(n=count(n), start=years[0] if years else "", end=years[1] if years else "",
                        countries=count(countries))]
    if top_providers:
        out.append(ngettext("{names} provides most.", "{names} provide most.", len(top_providers)).format(
            names=names_list(top_providers)))
    if top_receivers:
        out.append(ngettext("{names} receives most.", "{names} receive most.", len(top_receivers)).format(
            names=names_list(top_receivers)))
    if not kpis.get("with_amounts", 1):
        out.append(ngettext("The initiative reports no amount of funding.",
                            "None of the initiatives reports an amount of funding.", n))
        return " ".join(out)
    out.append(_("Reported funding totals {amount}.").format(amount=usd(kpis["reported_usd"])))
    unreported = int(kpis["unreported"])
    if unreported:
        out.append(ngettext("{n} of the initiatives ({share}) has amounts that are not reported and are not counted "
                            "in that total.",
                            "{n} of the initiatives ({share}) have amounts that are not reported and are not counted "
                            "in that total.", unreported).format(n=count(unreported), share=share(unreported, n)))
    return " ".join(out)


def map_summary(measure_title: str, leaders: list[tuple[str, str]], countries: int, drawn: int, all_flows: int,
                drawn_usd: float, reported_usd: float, largest: str | None, unnamed: tuple[float, float],
                not_drawn: int, net: bool = False, not_stated: float = 0.0, multilateral: float = 0.0) -> str:
    """The map's content in one paragraph: who leads on the measure, what the lines cover and what
    has no place on a map (unnamed: US$ to and from partners the sources name only by region; not_stated: US$ with
    partners the sources do not state at all; multilateral: US$ from Southern-led multilateral providers).
    measure_title: the measure's name as a sentence uses it (translated); net: the measure is a net value."""
    if not countries:
        return _("No country takes part in an initiative under these filters.")
    out = [ngettext("{n} country takes part under these filters.", "{n} countries take part under these filters.",
                    countries).format(n=count(countries))]
    named = names_list([f"{name} ({value})" for name, value in leaders])
    if leaders and net:
        out.append(ngettext("The largest net provider is {names}.", "The largest net providers are {names}.",
                            len(leaders)).format(names=named))
    elif leaders:
        out.append(_("By {measure}, {names} lead.").format(measure=measure_title, names=named))
    if drawn:
        if drawn < all_flows:
            line = _("The lines show the {drawn} largest of {all} provider→receiver flows")
        else:
            line = ngettext("The line shows the one provider→receiver flow",
                            "The lines show all {all} provider→receiver flows", all_flows)
        line = line.format(drawn=count(drawn), all=count(all_flows))
        if reported_usd:
            line += _(", carrying {drawn} of the {reported} reported").format(drawn=usd(drawn_usd),
                                                                               reported=usd(reported_usd))
        if largest:
            line += _("; the largest is {flow}").format(flow=largest)
        out.append(line + ".")
    if not_drawn:
        out.append(ngettext("{n} of them has a partner named only by region or with no map position, so no line; "
                            "the flows table lists it.",
                            "{n} of them have a partner named only by region or with no map position, so no line; "
                            "the flows table lists them.", not_drawn).format(n=count(not_drawn)))
    to_unnamed, from_unnamed = unnamed
    if to_unnamed and from_unnamed:
        out.append(_("{to} went to partners and {from_} came from providers that the sources name only by region "
                     "(listed below the map).").format(to=usd(to_unnamed), from_=usd(from_unnamed)))
    elif to_unnamed:
        out.append(_("{amount} went to partners that the sources name only by region (listed below the map).")
                   .format(amount=usd(to_unnamed)))
    elif from_unnamed:
        out.append(_("{amount} came from providers that the sources name only by region (listed below the map).")
                   .format(amount=usd(from_unnamed)))
    if not_stated:  # no partner at all in the source: not a region, and said apart
        out.append(_("{amount} went to or came from partners the sources do not state (listed below the map).")
                   .format(amount=usd(not_stated)))
    if multilateral:
        out.append(_("{amount} came from Southern-led multilateral institutions and funds, which have no place on a "
                     "map (listed below the map).").format(amount=usd(multilateral)))
    return " ".join(out)


def reported_in_role(k: Mapping, role: str) -> bool:
    """Whether a place's initiatives in a role (provider, receiver) report any amount: a value above zero, or
    one initiative at least whose amounts are all reported (per_country's row k)."""
    value = k["provided_usd" if role == "provider" else "received_usd"]
    return bool(value) or k[f"unreported_as_{role}"] < k[f"initiatives_as_{role}"]


def country_summary(name: str, k: Mapping, to_partners: list[str], from_partners: list[str], two_way: int) -> str:
    """One country's cooperation in a few plain sentences."""
    n = int(k["initiatives"])

    def money(role: str, value: float) -> str:
        return (_("{amount} reported").format(amount=usd(value)) if reported_in_role(k, role)
                else _("no amount reported"))

    out = [ngettext("{name} takes part in {n} initiative under these filters: {as_provider} as provider ({provided}) "
                    "and {as_receiver} as receiver ({received}).",
                    "{name} takes part in {n} initiatives under these filters: {as_provider} as provider ({provided}) "
                    "and {as_receiver} as receiver ({received}).", n).format(
        name=name, n=count(n), as_provider=count(k["initiatives_as_provider"]),
        provided=money("provider", k["provided_usd"]), as_receiver=count(k["initiatives_as_receiver"]),
        received=money("receiver", k["received_usd"]))]
    if to_partners:
        out.append(_("It provides most to {names}.").format(names=names_list(to_partners)))
    if from_partners:
        out.append(_("It receives most from {names}.").format(names=names_list(from_partners)))
    if two_way:
        out.append(ngettext("With {n} partner cooperation runs both ways.", "With {n} partners cooperation runs both "
                            "ways.", two_way).format(n=count(two_way)))
    unreported = int(k["unreported"])
    if unreported:
        out.append(ngettext("{n} of its initiatives ({share}) has amounts that are not reported and are not counted "
                            "in these values.",
                            "{n} of its initiatives ({share}) have amounts that are not reported and are not counted "
                            "in these values.", unreported).format(n=count(unreported), share=share(unreported, n)))
    return " ".join(out)


def network_summary(level: str, by: str, places: int, all_edges: int, drawn: int, drawn_share: float | None,
                    most_partners: tuple[str, int] | None, broker: tuple[str, float] | None, both_ways: int,
                    loops: tuple[float, int]) -> str:
    """The network in a few sentences: its size, what is drawn, who has most partners, who brokers,
    how much runs both ways and what is not an edge (loops: US$ within one place, and how many places)."""
    sub = level == "subregion"
    out = [(ngettext("{flows} provider→receiver flows link {n} sub-region.",
                     "{flows} provider→receiver flows link {n} sub-regions.", places) if sub else
            ngettext("{flows} provider→receiver flows link {n} place.",
                     "{flows} provider→receiver flows link {n} places.", places)).format(
        flows=count(all_edges), n=count(places))]
    if drawn < all_edges:
        if by == "value":
            line = (_("The {n} largest by reported value are drawn, with {share} of all the reported value.")
                    if drawn_share is not None else _("The {n} largest by reported value are drawn."))
        else:
            line = (_("The {n} largest by initiative links are drawn, with {share} of all the initiative links.")
                    if drawn_share is not None else _("The {n} largest by initiative links are drawn."))
        out.append(line.format(n=count(drawn), share=share(drawn_share or 0, 1)))
    else:
        out.append(ngettext("The {n} flow is drawn.", "All {n} are drawn.", all_edges).format(n=count(all_edges)))
    if most_partners:
        out.append(_("{name} has the most partners ({n}).").format(name=most_partners[0], n=count(most_partners[1])))
    if broker:
        out.append(_("{name} brokers most in the drawn network (betweenness {value}): more shortest "
                     "provider→receiver paths between other places run through it than through any other.").format(
            name=broker[0], value=i18n.number(broker[1], 3)))
    out.append((ngettext("{n} of the {places} sub-regions has flows both ways with at least one partner.",
                         "{n} of the {places} sub-regions have flows both ways with at least one partner.", both_ways)
                if sub else
                ngettext("{n} of the {places} places has flows both ways with at least one partner.",
                         "{n} of the {places} places have flows both ways with at least one partner.", both_ways)
                ).format(n=count(both_ways), places=count(places)))
    within_usd, within = loops
    if within:
        if sub:
            line = ngettext("Flows within one sub-region (in {n} sub-region) are not edges, so they are not drawn.",
                            "Flows within one sub-region (in {n} sub-regions) are not edges, so they are not drawn.",
                            within)
            worth = ngettext("Flows within one sub-region (in {n} sub-region, {amount} reported) are not edges, so "
                             "they are not drawn.",
                             "Flows within one sub-region (in {n} sub-regions, {amount} reported) are not edges, so "
                             "they are not drawn.", within)
        else:
            line = ngettext("Flows between partners named only by the same region (in {n} region) are not edges, so "
                            "they are not drawn.",
                            "Flows between partners named only by the same region (in {n} regions) are not edges, "
                            "so they are not drawn.", within)
            worth = ngettext("Flows between partners named only by the same region (in {n} region, {amount} "
                             "reported) are not edges, so they are not drawn.",
                             "Flows between partners named only by the same region (in {n} regions, {amount} "
                             "reported) are not edges, so they are not drawn.", within)
        out.append((worth if within_usd else line).format(n=count(within), amount=usd(within_usd)))
    return " ".join(out)
