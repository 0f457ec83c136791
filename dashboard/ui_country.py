"""The Country profile's pieces: choosing the country (?country=ISO3), its KPIs by role, its
partners both ways, themes, funding mix, timeline and initiatives."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import charts, profile, text
from dashboard.markup import verbatim
from dashboard.ui import (
    View,
    amounts_notice,
    bound_choice,
    chart,
    csv_button,
    dataset_facts,
    folded,
    money_table,
    open_initiative,
    value_default,
)

PARAM = "country"


def busiest(v: View) -> str | None:
    """The country taking part in most initiatives under the filters (then most value), if any."""
    places = v.query("per_country")
    countries = places[places["kind"] == "country"].assign(value=places["provided_usd"] + places["received_usd"])
    top = countries.sort_values(["initiatives", "value", "code"], ascending=[False, False, True]).head(1)
    return None if top.empty else str(top["code"].iloc[0])


def choose(v: View) -> str | None:
    """The country in the link, or chosen here; without one (or with an unknown code, which gets a notice), the
    page opens on the busiest country under the filters."""
    wanted = st.query_params.get(PARAM)
    countries = sorted(v.vocabulary.countries, key=lambda c: v.names.get(c, c))
    if wanted and wanted not in v.vocabulary.countries:
        st.warning(f"There is no country {verbatim(wanted)} in this dataset's reference table: choose one below.",
                   icon=":material/link_off:")
        wanted = None
    start = wanted or busiest(v)
    chosen = st.selectbox("Country", countries, index=countries.index(start) if start else None,
                          format_func=lambda c: v.names.get(c, c), placeholder="Type a country's name…",
                          key=f"country-{wanted}", help="Or click a country on the Map.")
    if chosen is not None and chosen != start:  # the default stays out of the link: the filters decide it
        st.query_params[PARAM] = chosen
    return chosen


def of(v: View, code: str) -> View:
    """The View narrowed to the initiatives a country takes part in."""
    return replace(v, filters=replace(v.filters, involving=code))


def kpis(v: View, code: str) -> dict | None:
    """The country's row of per_country (None if it takes part in no initiative under the filters)."""
    rows = v.query("per_country")
    row = rows[rows["code"] == code]
    return None if row.empty else row.iloc[0].to_dict()


def kpi_rows(k: dict, partners: pd.DataFrame) -> None:
    """Two KPI rows: as provider and as receiver."""
    for role, verb, value, side in (("provider", "provided", "provided_usd", "to"),
                                    ("receiver", "received", "received_usd", "from")):
        cells = st.columns(4)
        cells[0].metric(f"Initiatives as {role}", text.count(k[f"initiatives_as_{role}"]))
        cells[1].metric(f"Value {verb}", text.reported_usd(k[value], text.reported_in_role(k, role)),
                        help="Reported funding, shared evenly across each initiative's provider→receiver pairs. "
                             "Amounts not reported are not counted.")
        cells[2].metric("Partners " + ("it provides to" if role == "provider" else "providing to it"),
                        text.count((partners[f"{side}_initiatives"] > 0).sum()))
        cells[3].metric(f"Not reported (as {role})", text.count(k[f"unreported_as_{role}"]),
                        help=f"Initiatives in which it is a {role} with an amount not reported.")


def no_initiatives(v: View, name: str) -> None:
    if v.filters.is_default():
        st.info(f"{name} takes part in no initiative in this dataset.", icon=":material/travel_explore:")
    else:
        st.info(f"{name} takes part in no initiative under these filters: widen the years, clear a theme or a "
                "region, or press Reset filters.", icon=":material/filter_alt_off:")


def partners_section(v: View, code: str, partners: pd.DataFrame) -> None:
    ranks = ["Reported value", "Initiatives"]
    measure = bound_choice(st.radio, "Rank partners by", value_default(v, ranks, ranks[::-1]), "rank", horizontal=True)
    by = "value" if measure == "Reported value" else "initiatives"
    amounts_notice(v, by == "value")
    left, right = st.columns(2)
    for side, column in (("to", left), ("from", right)):
        with column:
            if ((partners[f"{side}_initiatives"] > 0) & (partners["kind"] == "country")).any():
                chart(v, charts.partners(partners, side, by), partners, f"{code}-partners-{side}")
            else:
                st.caption(f"It {'provides to' if side == 'to' else 'receives from'} no country the sources name "
                           "under these filters.")
    mutual = profile.two_way(partners)
    st.markdown(f"**Two-way partners** ({len(mutual)}): countries it both provides to and receives from. "
                + (text.names_list(list(mutual["label"]), 12) + "." if len(mutual) else "None under these filters."))
    box = folded(f"All {len(partners)} partners (table)", "partners-table")
    if box is None:
        return
    with box:
        people = pd.DataFrame({
            "Partner": partners["label"], "Region": partners["region"],
            "Provided to them (US$)": partners["to_usd"], "Initiatives providing": partners["to_initiatives"],
            "Received from them (US$)": partners["from_usd"], "Initiatives receiving": partners["from_initiatives"],
        })
        money_table(people)
        csv_button(v, people, f"partners-{code}", "Download partners (CSV)")


def partner_table(v: View, code: str) -> pd.DataFrame:
    _, places, _ = dataset_facts(str(v.dataset.path))
    return profile.partners(v.query("flows"), code, dict(zip(places["code"], places["region"], strict=True)))


def initiatives_list(v: View, total: int, limit: int = 200) -> None:
    """Its initiatives, most recent first; selecting one opens its detail on the Initiatives page."""
    rows = v.query("initiatives_page", "start_year", True, limit, 0)
    shown = f"the {text.count(len(rows))} most recent of {text.initiatives(total)}" if total > len(rows) else (
        f"all {text.initiatives(total)}")
    st.caption(f"Showing {shown}. Select a row to open the initiative.")
    event = st.dataframe(pd.DataFrame({
        "ID": rows["initiative_id"], "Title": rows["title"],
        "Start year": [text.NOT_REPORTED if pd.isna(y) else str(int(y)) for y in rows["start_year"]],
        "Providers": rows["providers_names"], "Receivers": rows["receivers_names"],
        "Reported funding": [text.usd(x) for x in rows["reported_usd"]],
    }), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="country-initiatives",
        column_config={"Title": st.column_config.TextColumn(width="large")})
    if event and event.selection.rows:
        open_initiative(rows["initiative_id"].iloc[event.selection.rows[0]])


def summary(name: str, k: dict, partners: pd.DataFrame) -> str:
    def top(side: str) -> list[str]:
        named = partners[(partners[f"{side}_initiatives"] > 0) & (partners["kind"] == "country")]
        return list(named.sort_values([f"{side}_usd", f"{side}_initiatives"], ascending=False)["label"].head(3))

    return text.country_summary(name, k, top("to"), top("from"), len(profile.two_way(partners)))
