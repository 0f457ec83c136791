"""The "Add your data" page's flow: the steps in order (upload, detect, map, check, open and save), what
`python -m dashboard.ingest` does, in the browser, and the notices around them. Uploaded files are data only:
they are written under generated names in this session's own folder, parsed by the importer's safe readers in a
worker process, and shown as text."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.data import datasets
from dashboard.ingest import choose_mapping
from dashboard.ingest import mapping as mappings
from dashboard.settings import Settings
from dashboard.shell import access
from dashboard.shell.sidebar import select_dataset
from dashboard.upload.check import import_once, preview, report
from dashboard.upload.detect import detect
from dashboard.upload.keep import describe_form, open_in_session, save_on_server, save_problem, write_meta
from dashboard.upload.mapping import mapping_files, mapping_form, unresolved_editor
from dashboard.upload.receive import signature
from dashboard.upload.session import COMMAND
from dashboard.words.languages import _
from dashboard.words.markup import plain

# --- 1. Upload ----------------------------------------------------------------------------------


# --- 2. Detect and preview ------------------------------------------------------------------------


# --- 3. Map ---------------------------------------------------------------------------------------


# --- 4. Check ---------------------------------------------------------------------------------------


# --- 5. Open and save --------------------------------------------------------------------------------


# --- The page's flow ----------------------------------------------------------------------------------


def state() -> dict:
    """This session's upload: its files' signature, the mapping and the import, kept across reruns."""
    return st.session_state.setdefault("upload_state", {})


def opened_notice(state: dict) -> None:
    """After Open or Save: which dataset every page now shows, and its link."""
    opened = state.pop("opened", None)
    if opened is None:
        return
    key, title = opened
    message = (_("**{title}** is open: every page now shows it (the Dataset selector in the sidebar). Its link: "
                 "`?ds={key}`") if key.startswith("upload-") else
               _("**{title}** is open: every page now shows it (the Dataset selector in the sidebar). Its link: "
                 "`?ds={key}`, for anyone on this server."))
    st.success(message.format(title=plain(_(title)), key=key), icon=":material/check_circle:")
    st.page_link("pages/overview.py", label=_("Go to the Overview"), icon=":material/dashboard:")


def uploads_off() -> None:
    st.info(_("Uploads are turned off on this server (its operator set SSC_UPLOADS=off). The command `{command}` "
              "imports a file where you run it.").format(command=COMMAND), icon=":material/block:")


def steps(files: list[tuple[str, Path]], s: Settings, state: dict) -> None:
    """Steps 2 to 5 for the uploaded files (a new set of files starts again from the detected mapping)."""
    sig = signature(files)
    if state.get("signature") != sig:
        state.clear()
        state.update(signature=sig, mapping=None)
    st.subheader(_("2. What was detected"), anchor=False)
    found = detect(files, state["mapping"], state, s)
    if not found:
        return
    kind, table = found
    if state["mapping"] is None:
        state["mapping"] = choose_mapping(files[0][1], table, None)
    if kind != "zip":
        st.subheader(_("3. Map"), anchor=False)
        st.caption(_("Starting from: {mapping}. Every guess is written in the import report.").format(
            mapping=_(state["mapping"].name)))
        changed = mapping_form(kind, table, state["mapping"], f"mapping-{sig}") or mapping_files(state["mapping"])
        if changed is not None:
            uploaded = changed.name != "this form"  # an uploaded mapping starts from the detected one, like --mapping
            _remap(state, choose_mapping(files[0][1], table, changed) if uploaded else changed)
    st.subheader(_("4. Check"), anchor=False)
    if "imported" not in state:
        state["imported"] = import_once(files, state["mapping"], s, state["read"][2])
    if isinstance(state["imported"], str):
        st.error(state["imported"], icon=":material/error:")
        return
    result, out = state["imported"]
    report(result, out)
    if result.unresolved and (readings := unresolved_editor(result, state["mapping"])) is not None:
        _remap(state, readings)
    if result.written:
        st.caption(_("The Overview's numbers for this data:"))
        preview(out)
        st.subheader(_("5. Open"), anchor=False)
        open_buttons(out, s, state)


def _remap(state: dict, mapping: mappings.Mapping) -> None:
    state["mapping"] = mapping
    state.pop("imported", None)
    st.rerun()


def open_buttons(out: Path, s: Settings, state: dict) -> None:
    """Describe the dataset, then open it for this session or save it for everyone on the server."""
    values = describe_form(out)
    left, right = st.columns(2)
    key = None
    if left.button(_("Open in the dashboard (this session)"), type="primary", icon=":material/open_in_new:",
                   help=_("Only you see it, until the session ends.")):
        write_meta(out, values)
        key = open_in_session(out)
    if s.saving and not access.may_change(s):
        with right:
            access.ask(s, _("Saving on this server"))
    elif s.saving and right.button(_("Save on this server and open"), icon=":material/save:",
                                   help=_("Anyone on this server can then open it by its link.")):
        write_meta(out, values)
        try:
            key = save_on_server(out, s)
        except datasets.SaveError as error:
            right.error(save_problem(_("Saving"), error), icon=":material/error:")
    if key is not None:
        state["opened"] = (key, values.get("title") or key)
        select_dataset(key)
        st.rerun()
