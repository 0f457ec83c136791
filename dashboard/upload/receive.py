"""Step 1, Upload: the files a visitor gives, kept in the session's folder, and their signature."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import streamlit as st

from dashboard.data import datasets
from dashboard.settings import Settings
from dashboard.upload.session import COMMAND, _workdir, limits
from dashboard.words import languages as i18n
from dashboard.words.languages import _
from dashboard.words.markup import plain

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xml", ".zip")


def upload(s: Settings) -> list[tuple[str, Path]]:
    """The uploaded files, written under generated names; [] (with a message) when there are none or one is
    refused."""
    st.caption(limits(s))
    uploaded = st.file_uploader(_("Files to import"), type=[x.lstrip(".") for x in SUFFIXES],
                                accept_multiple_files=True, key="upload-files", max_upload_size=s.max_mb,
                                help=_("Several files import together into one dataset, with one mapping."))
    if not uploaded:
        st.info(_("Upload a file to start. The page then shows what it detected, lets you map its columns to the "
                "dashboard's fields, checks every row, and opens the result in every page."),
                icon=":material/upload_file:")
        return []
    # The uploader keeps its files across reruns: write them once per new upload, not on every rerun.
    chosen = tuple((item.file_id, item.name) for item in uploaded)
    written = st.session_state.get("upload_written")
    if written and written[0] == chosen and all(path.exists() for _, path in written[1]):
        return written[1]
    datasets.sweep_uploads()
    folder = _workdir() / "in"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = []
    for i, item in enumerate(uploaded):
        data = item.getvalue()
        name = plain(item.name, 120)
        if not data:
            st.error(_("{name} is empty (0 bytes): nothing to import.").format(name=name), icon=":material/error:")
            return []
        if len(data) > s.max_mb * 1_000_000:
            st.error(_("{name} is {size} MB, over this server's limit of {mb} MB. Import it with the command "
                       "instead: `{command}`.").format(name=name, size=i18n.number(len(data) / 1e6, 1), mb=s.max_mb,
                                                        command=COMMAND), icon=":material/error:")
            return []
        suffix = Path(item.name).suffix.lower()
        path = folder / f"upload-{i + 1}{suffix if suffix in SUFFIXES else '.dat'}"
        path.write_bytes(data)
        files.append((item.name, path))
    st.session_state["upload_written"] = (chosen, files)
    return files


def signature(files: list[tuple[str, Path]]) -> str:
    """Which upload this is: its files' names, sizes and write times (each new upload writes them anew)."""
    digest = hashlib.sha256()
    for name, path in files:
        stat = path.stat()
        digest.update(f"{name}|{path.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]
