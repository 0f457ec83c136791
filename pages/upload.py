"""Add your data: upload, see what was detected, map the columns, check every row, open and share."""

import streamlit as st

from dashboard import ui, ui_upload
from dashboard.words.languages import _

v = ui.view()
ui.header(_("Add your data"), v)
s = ui_upload.settings()
state = ui_upload.state()
ui_upload.opened_notice(state)
if not s.uploads:
    ui_upload.uploads_off()
    st.stop()

st.subheader(_("1. Upload"), anchor=False)
files = ui_upload.upload(s)
if files:
    ui_upload.steps(files, s, state)

if s.saving:
    st.subheader(_("Datasets saved on this server"), anchor=False)
    ui_upload.manage_saved(s)
