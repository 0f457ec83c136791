"""Add your data: upload, see what was detected, map the columns, check every row, open and share."""

import streamlit as st

from dashboard import ui_upload
from dashboard.shell import furniture, state
from dashboard.words.languages import _

v = state.view()
furniture.header(_("Add your data"), v)
s = ui_upload.settings()
upload = ui_upload.state()
ui_upload.opened_notice(upload)
if not s.uploads:
    ui_upload.uploads_off()
    st.stop()

st.subheader(_("1. Upload"), anchor=False)
files = ui_upload.upload(s)
if files:
    ui_upload.steps(files, s, upload)

if s.saving:
    st.subheader(_("Datasets saved on this server"), anchor=False)
    ui_upload.manage_saved(s)
