"""Overview: the first minute of a policymaker — KPIs, a plain summary, and the main breakdowns."""

import streamlit as st

from dashboard.shell import figures, furniture, periods, state
from dashboard.words import breakdowns
from dashboard.words.languages import _
from dashboard.words.markup import no_maths

v = state.view()
furniture.header(_("South-South cooperation at a glance"), v)
kpis = furniture.kpi_row(v)
if not kpis["initiatives"]:
    furniture.empty_state()
    st.stop()

st.markdown(no_maths(furniture.overview_summary(v, kpis)))
measure = state.linked_choice(st.radio, _("Show"), {"Initiatives": _("Initiatives"), "Funding": _("Funding")}, "show",
                           "Initiatives", horizontal=True,
                           help=_("Count initiatives, or sum the funding the sources report (in US$)."))
by = "value" if measure == "Funding" else "initiatives"
furniture.amounts_notice(v, by == "value")
second = periods.control(v)
if second is not None:
    periods.compare(v, second, by)

st.caption(_("Click a bar to list its initiatives."))
left, right = st.columns(2)
with left:
    per_year = v.query("per_year")
    figures.chart(v, breakdowns.per_year(per_year, by), per_year, "per-year", drill="year")
with right:
    themes = v.query("per_theme")
    figures.chart(v, breakdowns.themes(themes, by), themes, "themes", drill="theme")

places = v.query("per_country")
left, right = st.columns(2)
with left:
    figures.chart(v, breakdowns.top_places(places, "provider", by), places, "places-providers", drill="provider")
with right:
    figures.chart(v, breakdowns.top_places(places, "receiver", by), places, "places-receivers", drill="receiver")

left, right = st.columns(2)
with left:
    types = v.query("per_code", "cooperation_type")
    types_chart = breakdowns.categories(types, "cooperation_type", _("Cooperation type"), by)
    figures.chart(v, types_chart, types, "cooperation-types", drill="cooperation_type")
with right:
    actors = v.query("per_code", "lead_actor")
    figures.chart(v, breakdowns.categories(actors, "lead_actor", _("Lead actor"), by), actors, "lead-actors",
                  drill="lead_actor")
