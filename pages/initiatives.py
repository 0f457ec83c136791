"""Initiatives: the filtered list, paged on the server, each initiative's detail, and downloads."""

import streamlit as st

from dashboard.initiatives import page as initiatives_page
from dashboard.shell import figures, furniture, state
from dashboard.words.languages import _

v = state.view()
furniture.header(_("Initiatives"), v)
v = initiatives_page.involving(v)
detail = st.container()
total = furniture.initiative_count(v)
if not total:
    furniture.empty_state()
else:
    sort, descending, size, page = initiatives_page.table_controls(total)
    initiatives_page.initiatives_table(v, sort, descending, size, page)
    initiatives_page.pager(page, -(-total // size))
    figures.download_buttons(v, total)
with detail:
    initiatives_page.initiative_detail(v, st.query_params.get("initiative"))
