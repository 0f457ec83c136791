"""Initiatives: the filtered list, paged on the server, each initiative's detail, and downloads."""

import streamlit as st

from dashboard import ui, ui_initiatives
from dashboard.words.languages import _

v = ui.view()
ui.header(_("Initiatives"), v)
detail = st.container()
total = ui.initiative_count(v)
if not total:
    ui.empty_state()
else:
    sort, descending, size, page = ui_initiatives.table_controls(total)
    ui_initiatives.initiatives_table(v, sort, descending, size, page)
    ui_initiatives.pager(page, -(-total // size))
    ui.download_buttons(v, total)
with detail:
    ui_initiatives.initiative_detail(v, st.query_params.get("initiative"))
