"""The Funding mix page's pieces: what the records cover, the overall mix, the mix by a dimension,
the top funders and the leverage of multilateral and facilitator contributions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.data.filters import drillable
from dashboard.funding import charts as funding_charts
from dashboard.funding import mix as funding
from dashboard.shell.figures import chart, csv_button, money_table
from dashboard.shell.furniture import amounts_notice, folded, kpi_cells, value_default
from dashboard.shell.state import View, linked_choice
from dashboard.words import breakdowns, text
from dashboard.words import languages as i18n
from dashboard.words.languages import N_, _, ngettext
from dashboard.words.markup import no_maths


def coverage(v: View) -> dict:
    """The coverage sentence and KPI row; returns the coverage row (initiatives, reported_usd, ...)."""
    cov = v.query("funding_coverage").iloc[0].to_dict()
    if cov["initiatives"]:
        st.markdown(no_maths(funding.coverage_line(cov)))
    return cov


def kpis(mix: pd.DataFrame, funders: pd.DataFrame) -> None:
    amount, in_kind = float(mix["amount_usd"].sum()), float(mix["in_kind_usd"].sum())  # known parts (NaN: none)
    contributions, missing = int(mix["contributions"].sum()), int(mix["not_reported"].sum())
    cells = kpi_cells(5, "funding")
    cells[0].metric(_("Reported funding"), text.reported_usd(amount, missing < contributions),
                    help=_("Sum of the contributions' reported amounts, in the US$ the page states (current or "
                         "constant). Amounts not reported are left out, not counted as zero."))
    cells[1].metric(_("Contributions"), text.count(contributions),
                    help=_("Funding rows: one per funder and initiative."))
    cells[2].metric(_("Amount not reported"), text.count(missing),
                    delta=_("{share} of contributions").format(share=text.share(missing, contributions)),
                    delta_color="off",
                    delta_arrow="off", help=_("Contributions the sources record without an amount."))
    cells[3].metric(_("In kind"), text.share(in_kind, amount) if amount else "–",
                    help=_("Share of the reported value given in kind (staff, goods, services) rather than cash."))
    cells[4].metric(_("Funders"), text.count(funders["distinct_funders"].iloc[0]) if len(funders) else "0",
                    help=_("Distinct funders as the sources name them (one funder giving as two source types "
                         "counts once)."))


def filter_notes(v: View, cov: dict, mix: pd.DataFrame) -> None:
    """How place filters weigh contributions; with a source-type filter, why the total differs from the
    Overview's."""
    if v.filters.has_places():
        st.caption(_("Place filters select flows: each contribution counts for the share of its initiative's "
                   "provider→receiver pairs that match them (its count and the leverage ratio count it whole), "
                   "so the reported funding here equals the Overview's under the same filters."))
    if not v.filters.source_types:
        return
    st.info(no_maths(_("Funding source filter: this page counts only those sources' contributions ({here}). The "
                       "Overview's reported funding, {overview}, counts every contribution of the initiatives that "
                       "have one.").format(here=text.usd(float(mix["amount_usd"].sum(min_count=1))),
                                           overview=text.usd(cov["reported_usd"]))),
            icon=":material/filter_alt:")


def overall(v: View, mix: pd.DataFrame) -> None:
    st.subheader(_("The overall mix"))
    if drillable(v.filters, "source_type"):
        st.caption(_("Click a bar to list its initiatives."))
    left, right = st.columns(2)
    with left:
        if mix["contributions"].sum() > mix["not_reported"].sum():
            chart(v, funding_charts.value_by_source(mix), mix, "funding-value-by-source", drill="source_type")
            st.caption(funding.left_out(mix, "value"))
        else:
            st.info(_("No contribution under these filters reports an amount, so there is no value to chart: the "
                    "contributions are counted beside this."), icon=":material/money_off:")
    with right:
        chart(v, breakdowns.source_mix(mix, _("Contributions by source type")), mix, "funding-contributions-by-source",
              drill="source_type")
        st.caption(funding.left_out(mix, "count"))


def breakdown(v: View) -> None:
    st.subheader(_("The mix by…"))
    a, b, c = st.columns([2, 2, 2])
    with a:
        by = linked_choice(st.selectbox, _("Break down by"), funding.DIMENSIONS, "by", "year",
                           help=_("Year is the year of the contribution; regions follow the allocation rule."))
    with b:
        unit = linked_choice(st.radio, _("Measure"), {"value": N_("Reported value"), "count": N_("Contributions")},
                             "unit",
                             value_default(v, "value", "count"), horizontal=True)
    with c:
        stack = linked_choice(st.radio, _("Bars"), {"absolute": N_("Absolute"), "percent": N_("100 %")}, "stack",
                              "absolute",
                              horizontal=True, help=_("100 %: each bar shows the shares of the source types."))
    amounts_notice(v, unit == "value")
    mix = funding.keyed(v.query("funding_mix", by), by)
    if mix.empty or not mix["key"].notna().any():
        st.info(_("No contribution here can be placed on this breakdown: choose another."), icon=":material/info:")
        return
    chart(v, funding_charts.breakdown(mix, by, unit, stack == "percent"), mix, f"funding-by-{by}")
    st.caption(funding.left_out(mix, unit, by))
    box = folded(_("The numbers behind this chart"), "breakdown-table")
    if box is None:
        return
    with box:
        table = _breakdown_table(mix, by)
        money_table(table)
        csv_button(v, table, f"funding-by-{by}", _("Download (CSV)"))


def _breakdown_table(mix: pd.DataFrame, by: str) -> pd.DataFrame:
    table = funding.with_shares(mix, "amount_usd", "key")
    return pd.DataFrame({
        _(funding.DIMENSIONS[by]): table["key"].fillna(_(text.NOT_REPORTED)), _("Source type"): table["label"],
        _("Reported value (US$)"): table["amount_usd"], _("Share of value"): table["share"].round(4),
        _("In kind (US$)"): table["in_kind_usd"], _("Contributions"): table["contributions"],
        _("Amount not reported"): table["not_reported"],
    })


def top_funders(v: View, funders: pd.DataFrame) -> None:
    st.subheader(_("Top funders"))
    rank = linked_choice(st.radio, _("Rank funders by"), {"value": N_("Reported value"),
                                                          "initiatives": N_("Initiatives")},
                         "funders", value_default(v, "value", "initiatives"), horizontal=True)
    amounts_notice(v, rank == "value")
    if drillable(v.filters, "funder"):
        st.caption(_("Click a bar to list its initiatives."))
    chart(v, funding_charts.funders(funders, rank), funders, "funders", drill="funder")
    st.caption(funding.left_out(funders, "value" if rank == "value" else "count")
               + " " + _("Generic names (\"Other contributors\") are the sources' own."))
    rows = funders["all_funders"].iloc[0]
    box = folded(_("All {n} funders ({rows} rows: a funder and source type each)").format(
        n=text.count(funders["distinct_funders"].iloc[0]), rows=text.count(rows)), "funders-table")
    if box is None:
        return
    with box:
        table = pd.DataFrame({
            _("Funder"): funders["funder"], _("Source type"): funders["label"],
            _("Country (ISO3)"): funders["funder_iso3"], _("Reported value (US$)"): funders["reported_usd"],
            _("Initiatives"): funders["initiatives"], _("Contributions"): funders["contributions"],
            _("Amount not reported"): funders["not_reported"], _("In kind"): funders["in_kind"],
            _("In joint funding (not split)"): funders["in_joint"],
        })
        money_table(table)
        csv_button(v, table, "funders", _("Download the funders (CSV)"))


def ratio(value: float | None) -> str:
    return "–" if value is None else _("US${value}").format(value=i18n.number(value, 2))


def leverage(v: View) -> None:
    st.subheader(_("Leverage: co-financing mobilised"))
    st.caption(_("For each initiative with a reported contribution from a multilateral organisation or from one of its "
               "facilitators (the \"anchor\"), the other contributions per US$1 of anchor, as IFAD tracks "
               "co-financing to measure the leverage of its SSC support. All the initiative's contributions count, "
               "whatever the funding source filter."))
    bins = v.query("leverage")
    lev = funding.leverage_summary(bins)
    if not lev.anchored:
        st.info(_("No initiative under these filters has a multilateral or facilitator contribution."),
                icon=":material/info:")
        return
    cells = kpi_cells(4, "leverage")
    cells[0].metric(_("Record co-financing"), _("{n} of {all}").format(n=text.count(lev.with_cofinancing),
                                                                      all=text.count(lev.anchored)),
                    delta=_("{share} of anchored initiatives").format(share=text.share(lev.with_cofinancing,
                                                                                       lev.anchored)),
                    delta_color="off", delta_arrow="off",
                    help=_("Initiatives with an anchor contribution that record any other contribution, with an "
                         "amount or not. The others record none: a source may simply not mention co-financing."))
    cells[1].metric(_("Co-financing per US$1 of anchor"), ratio(lev.ratio),
                    help=_("All co-financing divided by all anchor contributions, over the initiatives measured."))
    cells[2].metric(_("Initiatives measured"), _("{n} of {all}").format(n=text.count(lev.measured),
                                                                       all=text.count(lev.anchored)),
                    help=_("Initiatives with an anchor contribution whose amounts are all reported."))
    cells[3].metric(_("Median ratio"), ratio(lev.quartiles[1]) if lev.quartiles else "–",
                    help=_("Half the measured initiatives mobilise less than this per US$1, half more (US$0.00 when "
                         "most measured initiatives record no co-financing)."))
    bands = funding.distribution(lev, bins)
    chart(v, funding_charts.leverage(bands), bands, "leverage")
    st.caption(no_maths(funding.leverage_line(lev)))
    rows = v.query("leverage_initiatives")
    label = (ngettext("The {n} initiative behind it", "The {n} initiatives behind it", lev.anchored)
             if len(rows) == lev.anchored else
             _("The {shown} largest anchor contributions of {n}")).format(shown=text.count(len(rows)),
                                                                         n=text.count(lev.anchored))
    box = folded(label, "leverage-table")
    if box is None:
        return
    with box:
        table = pd.DataFrame({
            _("Initiative"): rows["initiative_id"], _("Title"): rows["title"], _("Start year"): rows["start_year"],
            _("Anchor (US$)"): rows["anchor_usd"], _("Co-financing (US$)"): rows["cofinancing_usd"],
            _("Co-financing per US$1"): rows["ratio"].round(3),
            _("Status"): rows["status"].map(funding.status_label),
        })
        money_table(table)
        csv_button(v, table, "leverage", _("Download (CSV)"))
