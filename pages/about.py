"""About the data: provenance, the rules behind the numbers, coverage, the dictionary, your own data."""

import streamlit as st

from dashboard.about import page as about_page
from dashboard.shell import figures, furniture, state
from dashboard.words import breakdowns
from dashboard.words.languages import _

v = state.view()
furniture.header(_("About the data"), v)

st.subheader(_("Where this data comes from"))
about_page.provenance(v)

st.subheader(_("How the numbers are made"))
about_page.method()

st.subheader(_("How well documented it is"))
if furniture.initiative_count(v):
    left, right = st.columns(2)
    with left:
        years = v.query("coverage", "year")
        figures.chart(v, breakdowns.coverage(years, "year"), years, "coverage-by-year")
    with right:
        types = v.query("coverage", "cooperation_type")
        figures.chart(v, breakdowns.coverage(types, "cooperation_type"), types, "coverage-by-type")
else:
    furniture.empty_state()

st.subheader(_("Data dictionary"))
about_page.data_dictionary()

st.subheader(_("Links"))
about_page.link_reference()

st.subheader(_("Use your own data"))
about_page.own_data_help()
about_page.organisations()
