"""Initiatives: the filtered list, paged on the server, each initiative's detail, and downloads."""

import streamlit as st

from dashboard import ui_initiatives
from dashboard.shell import figures, furniture, state
from dashboard.words.languages import _

v = state.view()
furniture.header(_("Initiatives"), v)
detail = st.container()
total = furniture.initiative_count(v)
if not total:
    furniture.empty_state()
else:
    sort, descending, size, page = ui_initiatives.table_controls(total)
    ui_initiatives.initiatives_table(v, sort, descending, size, page)
    ui_initiatives.pager(page, -(-total // size))
    figures.download_buttons(v, total)
with detail:
    ui_initiatives.initiative_detail(v, st.query_params.get("initiative"))
