"""The visitor's upload session: the server's settings for it, its work folder, its limits in words and the
datasets it opened."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st

from dashboard.data import datasets
from dashboard.settings import Settings, from_environment
from dashboard.words import text
from dashboard.words.languages import _

COMMAND = "python -m dashboard.ingest FILE --out DIR"


def settings() -> Settings:
    return from_environment(os.environ)


def session_datasets() -> dict[str, datasets.Dataset]:
    """The uploads this session opened (the sidebar offers them; no other session sees them)."""
    return st.session_state.setdefault(datasets.SESSION_DATASETS, {})


def _workdir() -> Path:
    """This session's own folder for uploads (a generated name under UPLOAD_ROOT; nothing in it comes from a user's
    path)."""
    if "upload_dir" not in st.session_state or not Path(st.session_state["upload_dir"]).is_dir():
        datasets.UPLOAD_ROOT.mkdir(mode=0o700, exist_ok=True)
        st.session_state["upload_dir"] = tempfile.mkdtemp(prefix="session-", dir=datasets.UPLOAD_ROOT)
    return Path(st.session_state["upload_dir"])


def limits(s: Settings) -> str:
    return _("Up to {mb} MB a file and {rows} rows (or IATI activities). CSV, TSV, Excel (.xlsx), IATI activity XML "
             "(2.0x or 1.0x), AidData TUFF files, or a zip of contract Parquet. Bigger files: import them with the "
             "command `{command}` (see About the data).").format(mb=s.max_mb, rows=text.count(s.max_rows),
                                                                 command=COMMAND)
