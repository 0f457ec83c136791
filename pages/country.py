"""Country profile: one country's cooperation as provider and as receiver (?country=ISO3)."""

import streamlit as st

from dashboard.country import charts as country_charts
from dashboard.country import compare as country_compare
from dashboard.country import page as country_page
from dashboard.data.filters import drillable
from dashboard.shell import figures, furniture, state
from dashboard.words import breakdowns, text
from dashboard.words.languages import _, ngettext
from dashboard.words.markup import no_maths

v = state.view()
furniture.header(_("Country profile"), v)
code = country_page.choose(v)
if code is None:
    st.info(_("Choose a country above, or click one on the Map."), icon=":material/flag:")
    st.stop()

vs = country_compare.choose(v, code)
if vs:
    country_compare.show(v, code, vs)
    st.stop()

name = v.names.get(code, code)
mine = country_page.of(v, code)
k = country_page.kpis(mine, code)
st.subheader(name)
if k is None:
    country_page.no_initiatives(v, name)
    st.stop()

partners = country_page.partner_table(mine, code)
country_page.kpi_rows(k, partners)
st.markdown(no_maths(country_page.summary(name, k, partners)))
country_page.partners_section(mine, code, partners)

left, right = st.columns(2)
with left:
    roles = mine.query("roles_per_year", code)
    figures.chart(mine, country_charts.roles_per_year(roles), roles, f"{code}-per-year", drill="year")
    mix = mine.query("funding_mix")
    figures.chart(mine, breakdowns.source_mix(mix), mix, f"{code}-funding-mix", drill="source_type")
with right:
    themes = mine.query("per_theme")
    figures.chart(mine, breakdowns.themes(themes), themes, f"{code}-themes", drill="theme")
    if drillable(mine.filters, "year"):
        st.caption(_("Click a bar to list its initiatives."))

# Folded: a grid costs the browser more than the charts above; open, it is in the link (?list=true).
box = furniture.folded(ngettext("Its {n} initiative: the list, to open it",
                                "Its {n} initiatives: the list, to open one",
                                int(k["initiatives"])).format(n=text.count(k["initiatives"])), "list", linked=True)
if box is not None:
    with box:
        country_page.initiatives_list(mine, int(k["initiatives"]))
