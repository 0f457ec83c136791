"""Overview: the first minute of a policymaker — KPIs, a plain summary, and the main breakdowns."""

import streamlit as st

from dashboard import charts, ui

v = ui.view()
ui.header("South-South cooperation at a glance", v)
kpis = ui.kpi_row(v)
if not kpis["initiatives"]:
    ui.empty_state()
    st.stop()

st.markdown(ui.overview_summary(v, kpis))
measure = st.radio("Show", ["Initiatives", "Funding"], horizontal=True, key="show", bind="query-params",
                   help="Count initiatives, or sum the funding the sources report (in US$).")
by = "value" if measure == "Funding" else "initiatives"

left, right = st.columns(2)
with left:
    ui.chart(charts.per_year(v.query("per_year"), by))
with right:
    ui.chart(charts.themes(v.query("per_theme")))

places = v.query("per_country")
left, right = st.columns(2)
with left:
    ui.chart(charts.top_places(places, "provider", by))
with right:
    ui.chart(charts.top_places(places, "receiver", by))

left, right = st.columns(2)
with left:
    ui.chart(charts.categories(v.query("per_code", "cooperation_type"), "cooperation_type", "Cooperation type"))
with right:
    ui.chart(charts.categories(v.query("per_code", "lead_actor"), "lead_actor", "Lead actor"))
