"""The Country profile's pieces: choosing the country (?country=ISO3), its KPIs by role, its
partners both ways, themes, funding mix, timeline and initiatives."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.country import charts as country_charts
from dashboard.country import profile
from dashboard.shell.figures import chart, csv_button, money_table
from dashboard.shell.furniture import amounts_notice, folded, kpi_cells, value_default
from dashboard.shell.state import View, dataset_facts, linked_choice, open_initiative
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _, ngettext
from dashboard.words.markup import verbatim

PARAM = "country"
RANKS = {"Reported value": N_("Reported value"), "Initiatives": N_("Initiatives")}  # the link keeps the English


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
        st.warning(_("There is no country {code} in this dataset's reference table: choose one below.").format(
            code=verbatim(wanted)), icon=":material/link_off:")
        wanted = None
    start = wanted or busiest(v)
    chosen = st.selectbox(_("Country"), countries, index=countries.index(start) if start else None,
                          format_func=lambda c: v.names.get(c, c), placeholder=_("Type a country's name…"),
                          key=f"country-{wanted}", help=_("Or click a country on the Map."))
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
    words = {"provider": (_("Initiatives as provider"), _("Value provided"), _("Partners it provides to"),
                          _("Not reported (as provider)"),
                          _("Initiatives in which it is a provider with an amount not reported.")),
             "receiver": (_("Initiatives as receiver"), _("Value received"), _("Partners providing to it"),
                          _("Not reported (as receiver)"),
                          _("Initiatives in which it is a receiver with an amount not reported."))}
    for role, value, side in (("provider", "provided_usd", "to"), ("receiver", "received_usd", "from")):
        initiatives, worth, partnered, missing, missing_help = words[role]
        cells = kpi_cells(4, role)
        cells[0].metric(initiatives, text.count(k[f"initiatives_as_{role}"]))
        cells[1].metric(worth, text.reported_usd(k[value], text.reported_in_role(k, role)),
                        help=_("Reported funding, shared evenly across each initiative's provider→receiver pairs. "
                               "Amounts not reported are not counted."))
        cells[2].metric(partnered, text.count((partners[f"{side}_initiatives"] > 0).sum()))
        cells[3].metric(missing, text.count(k[f"unreported_as_{role}"]), help=missing_help)


def no_initiatives(v: View, name: str) -> None:
    if v.filters.is_default():
        st.info(_("{name} takes part in no initiative in this dataset.").format(name=name),
                icon=":material/travel_explore:")
    else:
        st.info(_("{name} takes part in no initiative under these filters: widen the years, clear a theme or a "
                  "region, or press Reset filters.").format(name=name), icon=":material/filter_alt_off:")


def partners_section(v: View, code: str, partners: pd.DataFrame) -> None:
    measure = linked_choice(st.radio, _("Rank partners by"), RANKS, "rank",
                            value_default(v, "Reported value", "Initiatives"), horizontal=True)
    by = "value" if measure == "Reported value" else "initiatives"
    amounts_notice(v, by == "value")
    left, right = st.columns(2)
    for side, column in (("to", left), ("from", right)):
        with column:
            if ((partners[f"{side}_initiatives"] > 0) & (partners["kind"] == "country")).any():
                chart(v, country_charts.partners(partners, side, by), partners, f"{code}-partners-{side}")
            else:
                st.caption(_("It provides to no country the sources name under these filters.") if side == "to"
                           else _("It receives from no country the sources name under these filters."))
    mutual = profile.two_way(partners)
    st.markdown(_("**Two-way partners** ({n}): countries it both provides to and receives from.").format(
        n=text.count(len(mutual))) + " "
                + (text.names_list(list(mutual["label"]), 12) + "." if len(mutual) else _("None under these filters.")))
    box = folded(ngettext("The one partner (table)", "All {n} partners (table)", len(partners)).format(
        n=text.count(len(partners))), "partners-table")
    if box is None:
        return
    with box:
        people = pd.DataFrame({
            _("Partner"): partners["label"], _("Region"): [None if pd.isna(r) else i18n.region(r)
                                                         for r in partners["region"]],
            _("Provided to them (US$)"): partners["to_usd"], _("Initiatives providing"): partners["to_initiatives"],
            _("Received from them (US$)"): partners["from_usd"],
            _("Initiatives receiving"): partners["from_initiatives"],
        })
        money_table(people)
        csv_button(v, people, f"partners-{code}", _("Download partners (CSV)"))


def partner_table(v: View, code: str) -> pd.DataFrame:
    places = dataset_facts(str(v.dataset.path), i18n.current())[1]
    return profile.partners(v.query("flows"), code, dict(zip(places["code"], places["region"], strict=True)))


def initiatives_list(v: View, total: int, limit: int = 200) -> None:
    """Its initiatives, most recent first; selecting one opens its detail on the Initiatives page."""
    rows = v.query("initiatives_page", "start_year", True, limit, 0)
    if total > len(rows):
        shown = ngettext("Showing the {shown} most recent of {n} initiative. Select a row to open the initiative.",
                         "Showing the {shown} most recent of {n} initiatives. Select a row to open the initiative.",
                         total)
    else:
        shown = ngettext("Showing the {n} initiative. Select a row to open the initiative.",
                         "Showing all {n} initiatives. Select a row to open the initiative.", total)
    st.caption(shown.format(shown=text.count(len(rows)), n=text.count(total)))
    event = st.dataframe(pd.DataFrame({
        "ID": rows["initiative_id"], _("Title"): rows["title"],
        _("Start year"): [_(text.NOT_REPORTED) if pd.isna(y) else str(int(y)) for y in rows["start_year"]],
        _("Providers"): rows["providers_names"], _("Receivers"): rows["receivers_names"],
        _("Reported funding"): [text.usd(x) for x in rows["reported_usd"]],
    }), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="country-initiatives",
        column_config={_("Title"): st.column_config.TextColumn(width="large")})
    if event and event.selection.rows:
        open_initiative(rows["initiative_id"].iloc[event.selection.rows[0]])


def summary(name: str, k: dict, partners: pd.DataFrame) -> str:
    def top(side: str) -> list[str]:
        named = partners[(partners[f"{side}_initiatives"] > 0) & (partners["kind"] == "country")]
        return list(named.sort_values([f"{side}_usd", f"{side}_initiatives"], ascending=False)["label"].head(3))

    return text.country_summary(name, k, top("to"), top("from"), len(profile.two_way(partners)))
