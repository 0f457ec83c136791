"""The Funding mix page's pieces: what the records cover, the overall mix, the mix by a dimension,
the top funders and the leverage of multilateral and facilitator contributions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, funding, funding_charts, text
from dashboard.ui import View, amounts_notice, chart, csv_button, folded, linked_choice, money_table, value_default


def coverage(v: View) -> dict:
    """The coverage sentence and KPI row; returns the coverage row (initiatives, reported_usd, ...)."""
    cov = v.query("funding_coverage").iloc[0].to_dict()
    if cov["initiatives"]:
        st.markdown(funding.coverage_line(cov))
    return cov


def kpis(mix: pd.DataFrame, funders: pd.DataFrame) -> None:
    amount, in_kind = float(mix["amount_usd"].sum()), float(mix["in_kind_usd"].sum())
    contributions, missing = int(mix["contributions"].sum()), int(mix["not_reported"].sum())
    cells = st.columns(5)
    cells[0].metric("Reported funding", text.reported_usd(amount, missing < contributions),
                    help="Sum of the contributions' reported amounts, in nominal US$. Amounts not reported are "
                         "left out, not counted as zero.")
    cells[1].metric("Contributions", text.count(contributions), help="Funding rows: one per funder and initiative.")
    cells[2].metric("Amount not reported", text.count(missing),
                    delta=f"{text.share(missing, contributions)} of contributions", delta_color="off",
                    delta_arrow="off", help="Contributions the sources record without an amount.")
    cells[3].metric("In kind", text.share(in_kind, amount) if amount else "–",
                    help="Share of the reported value given in kind (staff, goods, services) rather than cash.")
    cells[4].metric("Funders", text.count(funders["distinct_funders"].iloc[0]) if len(funders) else "0",
                    help="Distinct funders as the sources name them (one funder giving as two source types "
                         "counts once).")


def filter_notes(v: View, cov: dict, mix: pd.DataFrame) -> None:
    """How place filters weigh contributions; with a source-type filter, why the total differs from the
    Overview's."""
    if v.filters.has_places():
        st.caption("Place filters select flows: each contribution counts for the share of its initiative's "
                   "provider→receiver pairs that match them (its count and the leverage ratio count it whole), "
                   "so the reported funding here equals the Overview's under the same filters.")
    if not v.filters.source_types:
        return
    st.info(f"Funding source filter: this page counts only those sources' contributions "
            f"({text.usd(float(mix['amount_usd'].sum()))}). The Overview's reported funding, "
            f"{text.usd(float(cov['reported_usd']))}, counts every contribution of the initiatives that have one.",
            icon=":material/filter_alt:")


def overall(v: View, mix: pd.DataFrame) -> None:
    st.subheader("The overall mix")
    left, right = st.columns(2)
    with left:
        if mix["contributions"].sum() > mix["not_reported"].sum():
            chart(v, funding_charts.value_by_source(mix), mix, "funding-value-by-source")
            st.caption(funding.left_out(mix, "value"))
        else:
            st.info("No contribution under these filters reports an amount, so there is no value to chart: the "
                    "contributions are counted beside this.", icon=":material/money_off:")
    with right:
        chart(v, charts.source_mix(mix, "Contributions by source type"), mix, "funding-contributions-by-source")
        st.caption(funding.left_out(mix, "count"))


def breakdown(v: View) -> None:
    st.subheader("The mix by…")
    a, b, c = st.columns([2, 2, 2])
    with a:
        by = linked_choice(st.selectbox, "Break down by", funding.DIMENSIONS, "by", "year",
                           help="Year is the year of the contribution; regions follow the allocation rule.")
    with b:
        unit = linked_choice(st.radio, "Measure", {"value": "Reported value", "count": "Contributions"}, "unit",
                             value_default(v, "value", "count"), horizontal=True)
    with c:
        stack = linked_choice(st.radio, "Bars", {"absolute": "Absolute", "percent": "100 %"}, "stack", "absolute",
                              horizontal=True, help="100 %: each bar shows the shares of the source types.")
    amounts_notice(v, unit == "value")
    mix = funding.keyed(v.query("funding_mix", by), by)
    if mix.empty or not mix["key"].notna().any():
        st.info("No contribution here can be placed on this breakdown: choose another.", icon=":material/info:")
        return
    chart(v, funding_charts.breakdown(mix, by, unit, stack == "percent"), mix, f"funding-by-{by}")
    st.caption(funding.left_out(mix, unit, by))
    box = folded("The numbers behind this chart", "breakdown-table")
    if box is None:
        return
    with box:
        table = _breakdown_table(mix, by)
        money_table(table)
        csv_button(v, table, f"funding-by-{by}", "Download (CSV)")


def _breakdown_table(mix: pd.DataFrame, by: str) -> pd.DataFrame:
    table = funding.with_shares(mix, "amount_usd", "key")
    return pd.DataFrame({
        funding.DIMENSIONS[by]: table["key"].fillna(text.NOT_REPORTED), "Source type": table["label"],
        "Reported value (US$)": table["amount_usd"], "Share of value": table["share"].round(4),
        "In kind (US$)": table["in_kind_usd"], "Contributions": table["contributions"],
        "Amount not reported": table["not_reported"],
    })


def top_funders(v: View, funders: pd.DataFrame) -> None:
    st.subheader("Top funders")
    rank = linked_choice(st.radio, "Rank funders by", {"value": "Reported value", "initiatives": "Initiatives"},
                         "funders", value_default(v, "value", "initiatives"), horizontal=True)
    amounts_notice(v, rank == "value")
    chart(v, funding_charts.funders(funders, rank), funders, "funders")
    st.caption(funding.left_out(funders, "value" if rank == "value" else "count")
               + " Generic names (\"Other contributors\") are the sources' own.")
    rows = funders["all_funders"].iloc[0]
    box = folded(f"All {text.count(funders['distinct_funders'].iloc[0])} funders ({text.count(rows)} rows: a funder "
                 "and source type each)", "funders-table")
    if box is None:
        return
    with box:
        table = pd.DataFrame({
            "Funder": funders["funder"], "Source type": funders["label"], "Country (ISO3)": funders["funder_iso3"],
            "Reported value (US$)": funders["reported_usd"], "Initiatives": funders["initiatives"],
            "Contributions": funders["contributions"], "Amount not reported": funders["not_reported"],
            "In kind": funders["in_kind"],
        })
        money_table(table)
        csv_button(v, table, "funders", "Download the funders (CSV)")


def ratio(value: float | None) -> str:
    return "–" if value is None else f"US${value:,.2f}"


def leverage(v: View) -> None:
    st.subheader("Leverage: co-financing mobilised")
    st.caption("For each initiative with a reported contribution from a multilateral organisation or from one of its "
               "facilitators (the \"anchor\"), the other contributions per US$1 of anchor, as IFAD tracks "
               "co-financing to measure the leverage of its SSC support. All the initiative's contributions count, "
               "whatever the funding source filter.")
    bins = v.query("leverage")
    lev = funding.leverage_summary(bins)
    if not lev.anchored:
        st.info("No initiative under these filters has a multilateral or facilitator contribution.",
                icon=":material/info:")
        return
    cells = st.columns(4)
    cells[0].metric("Record co-financing", f"{text.count(lev.with_cofinancing)} of {text.count(lev.anchored)}",
                    delta=f"{text.share(lev.with_cofinancing, lev.anchored)} of anchored initiatives",
                    delta_color="off", delta_arrow="off",
                    help="Initiatives with an anchor contribution that record any other contribution, with an "
                         "amount or not. The others record none: a source may simply not mention co-financing.")
    cells[1].metric("Co-financing per US$1 of anchor", ratio(lev.ratio),
                    help="All co-financing divided by all anchor contributions, over the initiatives measured.")
    cells[2].metric("Initiatives measured", f"{text.count(lev.measured)} of {text.count(lev.anchored)}",
                    help="Initiatives with an anchor contribution whose amounts are all reported.")
    cells[3].metric("Median ratio", ratio(lev.quartiles[1]) if lev.quartiles else "–",
                    help="Half the measured initiatives mobilise less than this per US$1, half more (US$0.00 when "
                         "most measured initiatives record no co-financing).")
    bands = funding.distribution(lev, bins)
    chart(v, funding_charts.leverage(bands), bands, "leverage")
    st.caption(funding.leverage_line(lev))
    rows = v.query("leverage_initiatives")
    label = (f"The {text.initiatives(lev.anchored)} behind it" if len(rows) == lev.anchored else
             f"The {text.count(len(rows))} largest anchor contributions of {text.count(lev.anchored)}")
    box = folded(label, "leverage-table")
    if box is None:
        return
    with box:
        table = pd.DataFrame({
            "Initiative": rows["initiative_id"], "Title": rows["title"], "Start year": rows["start_year"],
            "Anchor (US$)": rows["anchor_usd"], "Co-financing (US$)": rows["cofinancing_usd"],
            "Co-financing per US$1": rows["ratio"].round(3), "Status": rows["status"].map(funding.status_label),
        })
        money_table(table)
        csv_button(v, table, "leverage", "Download (CSV)")
