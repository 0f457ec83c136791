"""The Map page's pieces: its controls (in the link), the map itself, the text that says what it
shows, the tables behind it and the partners no map can place."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import geo, maps, text
from dashboard.filters import Filters
from dashboard.ui import (
    View,
    amounts_notice,
    chart,
    csv_button,
    folded_tabs,
    linked_choice,
    money_table,
    open_country,
    presenting,
    value_default,
)
from dashboard.validate import DEFAULT_COUNTRIES

TOP_CHOICES = [25, 50, 100, 200]
TABLES = ("Mapped values", "Drawn flows", "Partners named only by region")


@st.cache_resource(show_spinner=False)
def load_points() -> pd.DataFrame:
    return geo.points(DEFAULT_COUNTRIES)


def controls(v: View) -> tuple[str, str, int]:
    """Measure, line width and number of flows (all in the link); returns (measure, by, top). With no amount
    reported under the filters, the defaults count initiatives."""
    a, b, c = st.columns([3, 2, 1])
    with a:
        measure = linked_choice(st.selectbox, "Colour countries by", {k: m.title for k, m in maps.MEASURES.items()},
                                "measure", value_default(v, "provided", "initiatives"),
                                help="Values follow the allocation rule: an initiative's reported funding is shared "
                                     "evenly across its provider→receiver pairs.")
    with b:
        by = linked_choice(st.radio, "Line width by", maps.WIDTH_BY, "width", value_default(v, "value", "count"),
                           horizontal=True,
                           help="Also decides which flows are the largest.")
    with c:
        top = linked_choice(st.selectbox, "Flows drawn", {n: str(n) for n in TOP_CHOICES}, "flows", 50,
                            help="Only the largest flows are drawn, so the map stays legible; the table lists them.")
    amounts_notice(v, maps.MEASURES[measure].kind != "count" or by == "value")
    return measure, by, int(top)


def unnamed_partners(places: pd.DataFrame) -> pd.DataFrame:
    """Partners the sources name only by region: per region and role, value and initiatives."""
    regions = places[places["kind"] == "region"]
    rows = []
    for role, value, n in (("Receivers", "received_usd", "initiatives_as_receiver"),
                           ("Providers", "provided_usd", "initiatives_as_provider")):
        side = regions[regions[n] > 0]
        rows += [{"Partners named only as": name if name != "World" else "(no region given)", "Role": role,
                  "Value (US$)": v, "Initiatives": int(k)} for name, v, k in zip(side["name"], side[value], side[n],
                                                                                   strict=True)]
    return pd.DataFrame(rows, columns=["Partners named only as", "Role", "Value (US$)", "Initiatives"])


def show(v: View, places: pd.DataFrame, measure: str, by: str, top: int) -> None:
    """The map of per_country's places, its summary, and the tables behind it."""
    points = load_points()
    flows = v.query("flows", top, by)
    # Classes from the whole dataset, so two links with different filters colour the same value alike.
    whole = replace(v, filters=Filters()).query("per_country")
    table = maps.mapped_values(points, places, measure, maps.class_cuts(whole, measure))
    ribbons = maps.flow_ribbons(flows, points, by)
    drawn = len(ribbons)
    unnamed = unnamed_partners(places)
    reported = float(places["provided_usd"].sum())  # the allocation rule shares out every reported US$
    st.markdown(_summary(table, flows, measure, by, drawn, reported, unnamed))
    subtitle = [f"Lines: the {len(flows)} largest flows by {maps.WIDTH_BY[by].lower()}, wide at the provider and "
                "narrow at the receiver",
                "Colour classes are those of the whole dataset, so maps under different filters compare"]
    st.caption("Click a country for its profile.")
    event = chart(v, maps.flow_map(table, ribbons, measure, subtitle, height=900 if presenting() else 620), table,
                  f"map-{measure}", key="map",
                  on_select="rerun", selection_mode=["country", "dot"])
    chosen = maps.selected_country(event)
    if chosen:
        open_country(chosen)
    _tables(v, table, flows, measure, unnamed)


def _summary(table: pd.DataFrame, flows: pd.DataFrame, measure: str, by: str, drawn: int, reported: float,
             unnamed: pd.DataFrame) -> str:
    m = maps.MEASURES[measure]
    active = table[table["class"] != geo.NO_INITIATIVES].sort_values(["value", "initiatives"], ascending=False)
    leaders = [(name, shown) for name, value, shown in zip(active["name"], active["value"], active["shown"],
                                                           strict=True) if value > 0][:3]
    largest = None
    named = flows[(flows["provider_kind"] == "country") & (flows["receiver_kind"] == "country")]
    if len(named):  # partners named only by region are no place: never the largest flow
        first = named.iloc[0]
        largest = (f"{first['provider_name']} → {first['receiver_name']} ("
                   + (text.usd(first["value_usd"]) if by == "value" else text.initiatives(first["initiatives"]))
                   + ")")
    by_role = unnamed.groupby("Role")["Value (US$)"].sum() if len(unnamed) else pd.Series(dtype=float)
    return text.map_summary(
        m.title, leaders, len(active), len(flows), int(flows["all_flows"].iloc[0]) if len(flows) else 0,
        float(flows["value_usd"].sum()), reported, largest,
        (float(by_role.get("Receivers", 0)), float(by_role.get("Providers", 0))), len(flows) - drawn,
    )


def _tables(v: View, table: pd.DataFrame, flows: pd.DataFrame, measure: str, unnamed: pd.DataFrame) -> None:
    """Folded, in the link (see folded_tabs); once open, only the open tab's table runs."""
    tabs = folded_tabs("the map", TABLES)
    if tabs is None:
        return
    values, lines, regions = tabs
    if values.open:
        with values:
            people = maps.table_for_people(table, measure)
            st.caption(f"The {text.count(len(people))} countries with initiatives under these filters.")
            money_table(people, height=360)
            csv_button(v, people, f"map-{measure}", "Download these values (CSV)")
    if lines.open:
        with lines:
            people = maps.flows_for_people(flows)
            st.caption(f"The {text.count(len(people))} flows drawn on the map, largest first.")
            money_table(people, height=360)
            csv_button(v, people, "map-flows", "Download these flows (CSV)")
    if regions.open:
        with regions:
            if unnamed.empty:
                st.caption("Every partner under these filters is a named country.")
                return
            st.caption(f"{text.count(len(unnamed))} rows of value and initiatives with partners the sources name only "
                       "by region: counted in every total, but with no place on the map.")
            money_table(unnamed)
