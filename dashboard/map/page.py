"""The Map page's pieces: its controls (in the link), the map itself, the text that says what it
shows, the tables behind it and the partners no map can place."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.data.filters import Filters, drilled
from dashboard.data.reading import DEFAULT_COUNTRIES
from dashboard.data.schema import WORLD
from dashboard.map import charts as maps
from dashboard.map import frames, geo
from dashboard.shell import dominance, periods
from dashboard.shell.figures import chart, csv_button, money_table, open_pair, pair_filters
from dashboard.shell.furniture import amounts_notice, folded_tabs, value_default
from dashboard.shell.presentation import presenting
from dashboard.shell.state import View, linked_choice, open_country
from dashboard.words import classes as value_classes
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _
from dashboard.words.markup import no_maths

TOP_CHOICES = [25, 50, 100, 200]
TABLES = (N_("Mapped values"), N_("Drawn flows"), N_("Partners not on the map"))


@st.cache_resource(show_spinner=False)
def load_points() -> pd.DataFrame:
    return geo.points(DEFAULT_COUNTRIES)


def controls(v: View) -> tuple[str, str, int, bool]:
    """Measure, line width and number of flows (all in the link); returns (measure, by, top, once: initiatives counted
    once, see shell.dominance). With no amount reported under the filters, the defaults count initiatives."""
    a, b, c = st.columns([3, 2, 1])
    with a:
        measure = linked_choice(st.selectbox, _("Colour countries by"), {k: m.title for k, m in maps.MEASURES.items()},
                                "measure", value_default(v, "provided", "initiatives"),
                                help=_("Values follow the allocation rule: an initiative's reported funding is shared "
                                     "evenly across its provider→receiver pairs."))
    with b:
        by = linked_choice(st.radio, _("Line width by"), maps.WIDTH_BY, "width", value_default(v, "value", "count"),
                           horizontal=True,
                           help=_("Also decides which flows are the largest."))
        once = dominance.count_once(by == "count")
    with c:
        top = linked_choice(st.selectbox, _("Flows drawn"), {n: str(n) for n in TOP_CHOICES}, "flows", 50,
                            help=_("Only the largest flows are drawn, so the map stays legible; the table lists them."))
    amounts_notice(v, maps.MEASURES[measure].kind != "count" or by == "value")
    dominance.notice(v)
    return measure, by, int(top), once


UNNAMED_COLUMNS = {"name": N_("Partner"), "role": N_("Role"), "value": N_("Value (US$)"),
                   "initiatives": N_("Initiatives")}
ROLES = {"receiver": N_("Receivers"), "provider": N_("Providers")}
NOT_STATED = N_("(partner not stated by the source)")
# Why a partner has no place on the map: what `why` holds in unnamed_partners.
REGION, UNSTATED, MULTILATERAL = "region", "not stated", "multilateral"


def unnamed_partners(places: pd.DataFrame) -> pd.DataFrame:
    """Partners with no place on the map, per partner and role (receiver, provider): value and initiatives, and
    why (REGION: named only by region; UNSTATED: not stated at all; MULTILATERAL: a Southern-led multilateral)."""
    apart = places[places["kind"].isin(["region", "organisation"])]
    rows = []
    for role, value, n in (("receiver", "received_usd", "initiatives_as_receiver"),
                           ("provider", "provided_usd", "initiatives_as_provider")):
        side = apart[apart[n] > 0]
        for code, kind, name, v, k in zip(side["code"], side["kind"], side["name"], side[value], side[n],
                                          strict=True):
            why = MULTILATERAL if kind == "organisation" else UNSTATED if code == WORLD else REGION
            shown = {UNSTATED: _(NOT_STATED), REGION: _("{region} (partners not named)").format(region=name),
                     MULTILATERAL: _("{name} (Southern-led multilateral)").format(name=name)}[why]
            rows.append({"name": shown, "role": role, "value": v, "initiatives": int(k), "why": why})
    return pd.DataFrame(rows, columns=[*UNNAMED_COLUMNS, "why"])


def unnamed_for_people(unnamed: pd.DataFrame) -> pd.DataFrame:
    return unnamed.drop(columns="why").assign(role=[_(ROLES[r]) for r in unnamed["role"]]).rename(
        columns={k: _(label) for k, label in UNNAMED_COLUMNS.items()})


def show(v: View, places: pd.DataFrame, measure: str, by: str, top: int, once: bool = False) -> None:
    """The map of per_country's places, its summary, and the tables behind it."""
    points = load_points()
    flows = v.query("flows", top, by, once)
    # Classes from the whole dataset, so two links with different filters colour the same value alike.
    whole = replace(v, filters=Filters()).query("per_country")
    table = maps.mapped_values(points, places, measure, maps.class_cuts(whole, measure))
    table["name"] = [i18n.country(code, name) for code, name in zip(table["iso3"], table["name"], strict=True)]
    ribbons = maps.flow_ribbons(flows, points, by)
    drawn = len(ribbons)
    unnamed = unnamed_partners(places)
    reported = float(places["provided_usd"].sum())  # the allocation rule shares out every reported US$
    st.markdown(no_maths(_summary(table, flows, measure, by, drawn, reported, unnamed)))
    subtitle = [(_("Lines: the {n} largest flows by reported value, wide at the provider and narrow at the receiver")
                 if by == "value" else _("Lines: the {n} largest flows by number of initiatives, wide at the provider "
                                         "and narrow at the receiver")).format(n=text.count(len(flows))),
                _("Colour classes are those of the whole dataset, so maps under different filters compare")]
    # A flow's number is its initiatives and value; counted once (shared among an initiative's pairs), no list of
    # initiatives has it, so a click on a flow then opens nothing.
    flows_open = bool(ribbons) and not once
    st.caption(_("Click a country for its profile, or a flow for its initiatives.") if flows_open
               else _("Click a country for its profile."))
    event = chart(v, maps.flow_map(table, ribbons, measure, subtitle, height=900 if presenting() else 620), table,
                  f"map-{measure}", key="map", on_select="rerun",
                  selection_mode=["country", "dot", *(["flow"] if flows_open else [])],
                  records=records(v, table, flows, measure, once))
    chosen = maps.selected_country(event)
    if chosen:
        open_country(chosen)
    if flows_open:
        open_pair(v, maps.selected_flow(event))
    _tables(v, table, flows, measure, unnamed)


RECORDS = 30  # countries listed in the map's Records menu, most initiatives first


def records(v: View, table: pd.DataFrame, flows: pd.DataFrame, measure: str, once: bool
            ) -> list[tuple[str, Filters]]:
    """The map's marks as links to their initiatives (its Records menu, for the keyboard): the countries with
    initiatives in the measure's role (most first, at most RECORDS; either role only without a place filter, whose
    country part no list filter says), then the flows between named places (not when counted once)."""
    played = frames.played_column(measure)  # the participation a measure counts: as_provider, as_receiver or either
    role = played.removeprefix("as_") if played != "initiatives" else None
    column = f"initiatives_{played}" if role else "initiatives"
    out = []
    if role is not None or not v.filters.has_places():
        active = table[table[column] > 0].sort_values([column, "name"], ascending=[False, True]).head(RECORDS)
        for code, name, n in zip(active["iso3"], active["name"], active[column], strict=True):
            f = drilled(v.filters, role, f"country:{code}") if role else replace(v.filters, involving=code)
            out.append((f"{name}: {text.initiatives(int(n))}", f))
    if not once:
        for row in flows.itertuples(index=False):
            ends = f"{row.provider_kind}:{row.provider}", f"{row.receiver_kind}:{row.receiver}"
            pair = pair_filters(v.filters, ends)
            if pair is not None:
                out.append((f"{row.provider_name} → {row.receiver_name}: {text.initiatives(int(row.initiatives))}",
                            pair))
    return out


def _summary(table: pd.DataFrame, flows: pd.DataFrame, measure: str, by: str, drawn: int, reported: float,
             unnamed: pd.DataFrame) -> str:
    m = maps.MEASURES[measure]
    active = table[table["class"] != _(value_classes.NO_INITIATIVES)].sort_values(["value", "initiatives"],
                                                                                ascending=False)
    leaders = [(name, shown) for name, value, shown in zip(active["name"], active["value"], active["shown"],
                                                           strict=True) if value > 0][:3]
    largest = None
    named = flows[(flows["provider_kind"] == "country") & (flows["receiver_kind"] == "country")]
    if len(named):  # partners named only by region are no place: never the largest flow
        first = named.iloc[0]
        largest = (f"{first['provider_name']} → {first['receiver_name']} ("
                   + (text.usd(first["value_usd"]) if by == "value" else text.initiatives(first["initiatives"]))
                   + ")")
    regional = unnamed[unnamed["why"] == REGION]
    by_role = regional.groupby("role")["value"].sum() if len(regional) else pd.Series(dtype=float)
    not_stated = float(unnamed.loc[unnamed["why"] == UNSTATED, "value"].sum())
    multilateral = float(unnamed.loc[unnamed["why"] == MULTILATERAL, "value"].sum())
    title = _(m.title).split(" (")[0]
    return text.map_summary(
        title[0].lower() + title[1:], leaders, len(active), len(flows),
        int(flows["all_flows"].iloc[0]) if len(flows) else 0, float(flows["value_usd"].sum()), reported, largest,
        (float(by_role.get("receiver", 0)), float(by_role.get("provider", 0))), len(flows) - drawn,
        net=m.kind == "net", not_stated=not_stated, multilateral=multilateral,
    )


def _tables(v: View, table: pd.DataFrame, flows: pd.DataFrame, measure: str, unnamed: pd.DataFrame) -> None:
    """Folded, in the link (see folded_tabs); once open, only the open tab's table runs."""
    tabs = folded_tabs(_("The tables behind the map: {tables}").format(
        tables=", ".join(_(t).lower() for t in TABLES)), TABLES)
    if tabs is None:
        return
    values, lines, regions = tabs
    if values.open:
        with values:
            people = maps.table_for_people(table, measure)
            st.caption(_("The {n} countries with initiatives under these filters.").format(n=text.count(len(people))))
            money_table(people, height=360)
            csv_button(v, people, f"map-{measure}", _("Download these values (CSV)"))
    if lines.open:
        with lines:
            people = maps.flows_for_people(flows)
            st.caption(_("The {n} flows drawn on the map, largest first.").format(n=text.count(len(people))))
            money_table(people, height=360)
            csv_button(v, people, "map-flows", _("Download these flows (CSV)"))
    if regions.open:
        with regions:
            if unnamed.empty:
                st.caption(_("Every partner under these filters is a named country."))
                return
            st.caption(_("{n} rows of value and initiatives with partners that have no place on the map (named only "
                         "by region, not stated, or Southern-led multilaterals): counted in every total.").format(
                n=text.count(len(unnamed))))
            money_table(unnamed_for_people(unnamed))


def compare(v: View, places: pd.DataFrame, measure: str, second: tuple[int, int]) -> None:
    """Two periods side by side on the same classes (the whole dataset's; no flows, so that the maps keep their
    room), then the change between them on a diverging scale centred on no change, what changed most, and the
    countries that joined and left."""
    first = periods.first_period(v)
    one_words, two_words = (periods.years_words(first) if first else _("all years")), periods.years_words(second)
    st.subheader(_("Two periods compared: {first} and {second}").format(first=one_words, second=two_words),
                 anchor=False)
    points = load_points()
    cuts = maps.class_cuts(replace(v, filters=Filters()).query("per_country"), measure)
    later = replace(v, filters=replace(v.filters, years=second))
    same = _("Same colour classes on both maps: those of the whole dataset")
    for column, view, shown, words in zip(st.columns(2), (v, later), (places, later.query("per_country")),
                                          (one_words, two_words), strict=True):
        with column:
            table = maps.mapped_values(points, shown, measure, cuts)
            table["name"] = [i18n.country(c, n) for c, n in zip(table["iso3"], table["name"], strict=True)]
            chart(view, maps.flow_map(table, [], measure, [words, same], height=600 if presenting() else 520,
                                      legend=(1, 340)), table, f"map-{measure}-{'first' if view is v else 'second'}")
    change = v.query("period_change", second)
    m = maps.MEASURES[measure]
    table = maps.change_values(points, change, measure)
    table["name"] = [i18n.country(c, n) for c, n in zip(table["iso3"], table["name"], strict=True)]
    title = _("Change from {first} to {second}").format(first=one_words, second=two_words)
    tips = [("shown", _("Change")), ("in_1", one_words), ("in_2", two_words)]
    chart(v, maps.flow_map(table, [], measure, _(m.title), height=900 if presenting() else 620, title=title,
                           tips=tips, legend=(2, 380)), table, f"map-{measure}-change")
    money = m.kind != "count"
    st.markdown(no_maths(periods.sentence(change, m.column, money, one_words, two_words)))
    periods.partner_lists(change, one_words, two_words)
    csv_button(v, change, "period-change", _("Download both periods per place (CSV)"))
