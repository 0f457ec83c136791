"""Step 2, Detect and preview: what was read (encoding, delimiter, sheet, format) and why a file was refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.ingest import mapping as mappings
from dashboard.ingest import worker
from dashboard.ingest.readers import SourceError, Table
from dashboard.settings import Settings
from dashboard.upload.session import COMMAND, settings
from dashboard.words import text
from dashboard.words.languages import N_, _
from dashboard.words.markup import plain

# What the reader detected (readers.Table.detected's keys), as the page names it.
DETECTED = {"encoding": N_("Encoding"), "delimiter": N_("Delimiter"), "sheet": N_("Sheet"),
            "header_row": N_("Header row"), "layout": N_("Layout")}


def detect(files: list[tuple[str, Path]], current: mappings.Mapping | None, state: dict, s: Settings
           ) -> tuple[str, Table | None] | None:
    """Read the first file as the importer will (once per file and reading options, in a worker process); show what
    was detected and its first rows. The table read stays on disk for the import."""
    name, path = files[0]
    reading = {k: current.option(k) for k in ("sheet", "header_row", "layout", "delimiter")} if current else {}
    if state.get("read", (None,))[0] != reading:
        kept = worker.table_file(path.parent, reading)
        try:
            with st.spinner(_("Reading the file…")):
                state["read"] = (reading, worker.call(s, worker.inspect, path, current, kept), kept)
        except (SourceError, worker.WorkerError) as error:
            state["read"] = (reading, refusal(name, path, error), None)
    found = state["read"][1]
    if isinstance(found, str):
        st.error(found, icon=":material/error:")
        return None
    table = found.preview
    if found.kind == "table" and table is not None:
        facts = {_("Format"): "Excel" if "sheet" in table.detected else "CSV/TSV",
                 **{_(DETECTED.get(k, k)): str(v) for k, v in table.detected.items() if k in DETECTED},
                 _("Columns"): text.count(len(table.columns)), _("Rows"): text.count(table.detected["rows"])}
        st.dataframe(pd.DataFrame({_("Detected"): list(facts), _("Value"): list(facts.values())}), hide_index=True)
        st.caption(_("First rows, as read:"))
        st.dataframe(pd.DataFrame([[str(v) for v in row] for row in table.rows], columns=table.columns),
                     hide_index=True)
    elif found.kind == "iati":
        st.dataframe(pd.DataFrame({_("Detected"): [_("Format"), _("First activities")],
                                   _("Value"): [_("IATI {version} activity file").format(version=found.version),
                                                " · ".join(found.titles)]}),
                     hide_index=True)
    else:
        st.caption(_("A zip of contract Parquet: taken as it is, and validated."))
    return found.kind, table


def refusal(name: str, path: Path, error: Exception) -> str:
    """Why a file was not read or imported, for the page (the file by the name it was uploaded as, never a path)."""
    if isinstance(error, SourceError):
        return _("{name} cannot be imported: {reason}").format(
            name=plain(name, 120), reason=plain(str(error).replace(path.name, name).replace(str(path.parent), ""),
                                                 600))
    limits = settings()
    return {"busy": _("Every importer of this server is busy: try again in a minute."),
            "cpu": _("{name} stopped: reading or importing it took more than {n} seconds of processor time, this "
                     "server's limit. Import it with the command `{command}`.").format(
                name=plain(name, 120), n=limits.import_cpu_seconds, command=COMMAND),
            "time": _("{name} stopped: reading or importing it took too long. Import it with the command "
                      "`{command}`.").format(name=plain(name, 120), command=COMMAND),
            "rows": _("The upload holds more than {limit} records, this server's limit. Import it with the command "
                      "instead: {command}.").format(
                limit=text.count(int(getattr(error, "detail", 0) or 0)), command=COMMAND),
            "memory": _("{name} stopped: reading or importing it needed more than {mb} MB of memory, this server's "
                        "limit. Import it with the command `{command}`.").format(
                name=plain(name, 120), mb=limits.import_memory_mb, command=COMMAND),
            }.get(getattr(error, "kind", ""), _("{name} could not be read ({reason}).").format(
                name=plain(name, 120), reason=plain(getattr(error, "detail", "") or _("an unexpected error"), 80)))
