"""Add your data: upload, see what was detected, map the columns, check every row, open and share."""

import streamlit as st

from dashboard import sidebar, ui, ui_upload
from dashboard.ingest import choose_mapping
from dashboard.markup import plain

v = ui.view()
ui.header("Add your data", v)
s = ui_upload.settings()
state = st.session_state.setdefault("upload_state", {})

if opened := state.pop("opened", None):
    key, title = opened
    st.success(f"**{plain(title)}** is open: every page now shows it (the Dataset selector in the sidebar). Its "
               f"link: `?ds={key}`" + ("" if key.startswith("upload-") else ", for anyone on this server."),
               icon=":material/check_circle:")
    st.page_link("pages/overview.py", label="Go to the Overview", icon=":material/dashboard:")

if not s.uploads:
    st.info("Uploads are turned off on this server (its operator set SSC_UPLOADS=off). The command "
            f"`{ui_upload.COMMAND}` imports a file where you run it.", icon=":material/block:")
    st.stop()

st.subheader("1. Upload", anchor=False)
files = ui_upload.upload(s)
if files:
    signature = ui_upload.signature(files)
    if state.get("signature") != signature:
        state.clear()
        state.update(signature=signature, mapping=None)
    st.subheader("2. What was detected", anchor=False)
    found = ui_upload.detect(files, state["mapping"], state)
    if found:
        kind, table = found
        if state["mapping"] is None:
            state["mapping"] = choose_mapping(files[0][1], table, None)
        if kind != "zip":
            st.subheader("3. Map", anchor=False)
            st.caption(f"Starting from: {state['mapping'].name}. Every guess is written in the import report.")
            changed = ui_upload.mapping_form(kind, table, state["mapping"], f"mapping-{signature}") \
                or ui_upload.mapping_files(state["mapping"])
            if changed is not None:
                state["mapping"] = choose_mapping(files[0][1], table, changed) if changed.name != "this form" \
                    else changed
                state.pop("imported", None)
                st.rerun()
        st.subheader("4. Check", anchor=False)
        if "imported" not in state:
            state["imported"] = ui_upload.import_once(files, state["mapping"], s)
        imported = state["imported"]
        if isinstance(imported, str):
            st.error(plain(imported, 600), icon=":material/error:")
        else:
            result, out = imported
            ui_upload.report(result, out)
            if result.unresolved:
                readings = ui_upload.unresolved_editor(result, state["mapping"])
                if readings is not None:
                    state["mapping"] = readings
                    state.pop("imported", None)
                    st.rerun()
            if result.written:
                st.caption("The Overview's numbers for this data:")
                ui_upload.preview(out)
                st.subheader("5. Open", anchor=False)
                values = ui_upload.describe_form(out)
                left, right = st.columns(2)
                if left.button("Open in the dashboard (this session)", type="primary", icon=":material/open_in_new:",
                               help="Only you see it, until the session ends."):
                    ui_upload.write_meta(out, values)
                    key = ui_upload.open_in_session(out)
                    state["opened"] = (key, values.get("title") or "Your upload")
                    sidebar.select_dataset(key)
                    st.rerun()
                if s.saving and right.button("Save on this server and open", icon=":material/save:",
                                             help="Anyone on this server can then open it by its link."):
                    ui_upload.write_meta(out, values)
                    key = ui_upload.save_on_server(out, s)
                    state["opened"] = (key, values.get("title") or key)
                    sidebar.select_dataset(key)
                    st.rerun()

if s.saving:
    st.subheader("Datasets saved on this server", anchor=False)
    ui_upload.manage_saved(s)
