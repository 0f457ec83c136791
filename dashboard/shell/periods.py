"""Two periods compared (Overview and Map): the second period's control (in the link as ?yr2=YYYY-YYYY), the key
figures of both periods side by side, what changed most in a sentence, and the places that joined or left. The
numbers are questions.period_change's; a change between unknown amounts stays unknown."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.shell.figures import chart, csv_button
from dashboard.shell.furniture import kpi_cells
from dashboard.shell.links import PERIOD_KEY, period
from dashboard.shell.presentation import presenting
from dashboard.shell.state import View, link_seed, link_value, write_link
from dashboard.words import breakdowns, text
from dashboard.words import languages as i18n
from dashboard.words.languages import _, ngettext
from dashboard.words.markup import no_maths

LISTED = 12  # places named in "joined" and "left" before "and N more"


def years_words(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def first_period(v: View) -> tuple[int, int] | None:
    """The view's own start years: its filter's, else the dataset's (None: no start year is known)."""
    return v.filters.years or v.vocabulary.year_bounds


def control(v: View) -> tuple[int, int] | None:
    """The second period to compare the view's with, or None (off: no ?yr2= in the link)."""
    bounds = v.vocabulary.year_bounds
    if bounds is None:
        return None

    def usable(raw: str) -> bool:
        years = period(raw, v.vocabulary)
        return years is not None and bounds[0] <= years[0] and years[1] <= bounds[1]

    raw = link_value(PERIOD_KEY, _("the second period"), usable)
    given = period(raw, v.vocabulary) if raw is not None and usable(raw) else None
    if presenting():  # a meeting room's screen shows the comparison the link asks for, not its controls
        return given
    seed = link_seed(PERIOD_KEY)  # the widgets keep their keys while they write the link
    on = st.toggle(_("Compare with another period"), value=given is not None, key=f"{PERIOD_KEY}-on-{seed}",
                   help=_("The same filters over two periods of start years, side by side, and what changed."))
    if not on:
        write_link(PERIOD_KEY, None)
        return None
    low, high = bounds
    start = given or (max(low, high - 4), high)
    chosen = st.slider(_("Second period (start years)"), low, high, value=start, key=f"{PERIOD_KEY}-{seed}")
    years = (int(chosen[0]), int(chosen[1]))
    write_link(PERIOD_KEY, f"{years[0]}-{years[1]}")
    return years


def _delta(a: float | None, b: float | None, money: bool) -> str | None:
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return None
    change = float(b) - float(a)
    shown = text.usd(abs(change)) if money else text.count(abs(change))
    return ("+" if change >= 0 else "−") + shown


def compare_kpis(v: View, second: tuple[int, int]) -> None:
    """Both periods' key figures, the second's with its change from the first."""
    one = v.query("kpis").iloc[0].to_dict()
    two = replace(v, filters=replace(v.filters, years=second)).query("kpis").iloc[0].to_dict()
    first = first_period(v)
    names = years_words(first) if first else _("all years")
    cells = kpi_cells(4, "periods")
    rows = [(_("Initiatives"), "initiatives", False), (_("Countries involved"), "countries", False)]
    for cell, (label, key, money) in zip(cells[:2], rows, strict=True):
        change = _delta(one[key], two[key], money)
        cell.metric(f"{label}, {years_words(second)}", text.count(two[key]), delta_color="off",
                    delta=None if change is None else _("{change} from {first}").format(change=change, first=names))
    for cell, k, years in ((cells[2], one, names), (cells[3], two, years_words(second))):
        known = k["with_amounts"] > 0
        cell.metric(_("Reported funding, {years}").format(years=years), text.reported_usd(k["reported_usd"], known),
                    help=_("Amounts not reported are left out of both periods, never counted as zero."))


def joined_and_left(change: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The countries that take part only in the second period, and only in the first (names, in the language)."""
    countries = change[change["kind"] == "country"]

    def names(rows: pd.DataFrame) -> list[str]:
        return sorted(i18n.country(c, n) for c, n in zip(rows["code"], rows["name"], strict=True))

    return names(countries[countries["new"]]), names(countries[countries["lost"]])


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED])
    rest = len(names) - LISTED
    return shown + (ngettext(" and {n} more", " and {n} more", rest).format(n=text.count(rest)) if rest > 0 else "")


def sentence(change: pd.DataFrame, column: str, money: bool, first: str, second: str) -> str:
    """What changed most, in one sentence: the largest increase and decrease, and how many countries joined and
    left."""
    countries = change[(change["kind"] == "country") & change[f"change_{column}"].notna()]
    parts = []
    for sign, words in ((1, _("the largest increase is {place}'s ({change})")),
                        (-1, _("the largest decrease is {place}'s ({change})"))):
        side = countries[countries[f"change_{column}"] * sign > 0]
        if len(side):
            top = side.loc[(side[f"change_{column}"] * sign).idxmax()]
            amount = abs(float(top[f"change_{column}"]))
            shown = ("+" if sign > 0 else "−") + (text.usd(amount) if money else text.count(amount))
            parts.append(words.format(place=i18n.country(top["code"], top["name"]), change=shown))
    joined, left = joined_and_left(change)
    counts = _("{joined} joined, {left} no longer take part").format(
        joined=ngettext("{n} country", "{n} countries", len(joined)).format(n=text.count(len(joined))),
        left=ngettext("{n} country", "{n} countries", len(left)).format(n=text.count(len(left))))
    said = "; ".join(parts) if parts else _("no country's measure changed")
    return _("From {first} to {second}: {said}; {counts}.").format(first=first, second=second, said=said,
                                                                   counts=counts)


def partner_lists(change: pd.DataFrame, first: str, second: str) -> None:
    joined, left = joined_and_left(change)
    a, b = st.columns(2)
    a.markdown(_("**New partners in {second}** (not in {first}): {names}").format(
        second=second, first=first, names=no_maths(_listed(joined)) if joined else _("none")))
    b.markdown(_("**Partners lost** (in {first}, not in {second}): {names}").format(
        second=second, first=first, names=no_maths(_listed(left)) if left else _("none")))


def compare(v: View, second: tuple[int, int], by: str) -> None:
    """The Overview's comparison: both periods' key figures, the sentence, the largest changes by country, the
    countries that joined and left, and the table behind them."""
    first = first_period(v)
    one_words, two_words = (years_words(first) if first else _("all years")), years_words(second)
    st.subheader(_("Two periods compared: {first} and {second}").format(first=one_words, second=two_words),
                 anchor=False)
    compare_kpis(v, second)
    change = v.query("period_change", second)
    column, money = ("provided_usd", True) if by == "value" else ("initiatives", False)
    what = _("Value provided (US$)") if money else _("Initiatives, either role")
    st.markdown(no_maths(sentence(change, column, money, one_words, two_words)))
    chart(v, breakdowns.change_bars(change, column, money, what, one_words, two_words), change, "period-change")
    partner_lists(change, one_words, two_words)
    csv_button(v, change, "period-change", _("Download both periods per place (CSV)"))
