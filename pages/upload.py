"""Add your data: upload, see what was detected, map the columns, check every row, open and share."""

import streamlit as st

from dashboard.shell import access, furniture, state
from dashboard.upload import flow as upload_flow
from dashboard.upload import keep, receive
from dashboard.upload import session as upload_session
from dashboard.words.languages import _

v = state.view()
furniture.header(_("Add your data"), v)
s = upload_session.settings()
upload = upload_flow.state()
upload_flow.opened_notice(upload)
if not s.uploads:
    upload_flow.uploads_off()
    st.stop()
if s.uploads_need_sign_in and not access.may_change(s):
    access.ask(s, _("Uploading on this server"))
    st.stop()

st.subheader(_("1. Upload"), anchor=False)
files = receive.upload(s)
if files:
    upload_flow.steps(files, s, upload)

if s.saving:
    st.subheader(_("Datasets saved on this server"), anchor=False)
    if access.may_change(s):
        keep.manage_saved(s)
    else:
        access.ask(s, _("Renaming and deleting saved datasets"))
