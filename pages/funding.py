"""Funding mix: who pays for South-South cooperation, in cash or in kind, how much of it is on
record, and how much co-financing multilateral and facilitator money brings in."""

import streamlit as st

from dashboard.funding import page as funding_page
from dashboard.shell import furniture, state
from dashboard.words.languages import _

v = state.view()
furniture.header(_("Funding mix"), v)
cov = funding_page.coverage(v)
if not cov["initiatives"]:
    furniture.empty_state()
    st.stop()
mix = v.query("funding_mix")
if mix.empty:
    st.info(_("None of these initiatives records a funding contribution from the chosen source types: clear the "
              "funding source filter or widen the others.") if v.filters.source_types else
            _("None of these initiatives records a funding contribution: widen the filters to see how cooperation "
              "is funded."),
            icon=":material/savings:")
    st.stop()
funders = v.query("top_funders")
funding_page.kpis(mix, funders)
funding_page.filter_notes(v, cov, mix)
funding_page.overall(v, mix)
funding_page.breakdown(v)
funding_page.top_funders(v, funders)
funding_page.leverage(v)
