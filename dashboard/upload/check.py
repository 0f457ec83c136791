"""Step 4, Check: the import run once per mapping in the worker, its report of every row, and a preview."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.reading import DatasetError
from dashboard.ingest import Provenance, Result, worker
from dashboard.ingest import mapping as mappings
from dashboard.ingest.readers import SourceError
from dashboard.settings import Settings
from dashboard.shell.state import load_store
from dashboard.upload.detect import refusal
from dashboard.upload.session import _workdir, session_datasets
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _
from dashboard.words.markup import plain, verbatim

REPORT_LANGUAGE = N_("The import report's reasons are in English, as the command writes them.")


def import_once(files: list[tuple[str, Path]], current: mappings.Mapping, s: Settings, kept: Path | None
                ) -> tuple[Result, Path] | str:
    """Import into a new folder of this session's, in a worker process (with the table the detection kept); the
    result, or a message saying why not (never a trace). Earlier imports of this session that it has not opened are
    removed first."""
    opened = {d.path for d in session_datasets().values()}
    for old in _workdir().glob("out-*"):
        if old not in opened:
            shutil.rmtree(old, ignore_errors=True)
    out = _workdir() / f"out-{secrets.token_hex(4)}"
    title = files[0][0] if len(files) == 1 else _("{name} and {n} more").format(name=files[0][0], n=len(files) - 1)
    try:
        with st.spinner(_("Importing and checking every row…")):
            result = worker.call(s, worker.import_files, [p for _, p in files], out, current,
                                 Provenance(title=title), s.max_rows, kept)
    except (SourceError, worker.WorkerError) as error:
        shutil.rmtree(out, ignore_errors=True)
        return refusal(files[0][0], files[0][1], error)
    return result, out


def report(result: Result, out: Path) -> None:
    """The import report on screen: counts, the rejected records, the full report to download."""
    cols = st.columns(4)
    cols[0].metric(_("Records in"), text.count(result.rows_in))
    cols[1].metric(_("Imported"), text.count(result.imported + result.with_defaults))
    cols[2].metric(_("With defaults or guesses"), text.count(result.with_defaults))
    cols[3].metric(_("Rejected"), text.count(result.rejected))
    money = result.summary().splitlines()[1:]  # the main rejection reasons, then what happened to the money
    if money:
        st.markdown(_("**Why records were rejected, and what happened to the money:**")
                    + ("" if i18n.current() == i18n.DEFAULT else " " + _(REPORT_LANGUAGE)) + "\n"
                    + "\n".join(f"- {plain(line, 600)}" for line in money))
    report = out / "import-report.csv"
    if report.exists():
        frame = pd.read_csv(report, keep_default_na=False, dtype=str)
        rejected = frame[frame["outcome"] == "rejected"]
        if len(rejected):
            st.caption(_("Rejected records ({shown} of {n} shown; the report has all):").format(
                shown=min(len(rejected), 20), n=text.count(len(rejected)))
                + ("" if i18n.current() == i18n.DEFAULT else " " + _(REPORT_LANGUAGE)))
            st.dataframe(rejected.head(20)[["record", "initiative_id", "notes"]], hide_index=True,
                         column_config={"record": st.column_config.TextColumn(_("Record")),
                                        "initiative_id": st.column_config.TextColumn(_("Initiative ID")),
                                        "notes": st.column_config.TextColumn(_("Reason"), width="large")})
        st.download_button(_("Download the import report (CSV)"), report.read_bytes(), "import-report.csv",
                           "text/csv",
                           icon=":material/download:", key="report-download",
                           help=_("One line per source record: its outcome and every guess, default or reason."))
    problems = [p for p in result.problems if "did not resolve" not in p]
    if problems:
        st.error(_("Nothing was imported:") + ("" if i18n.current() == i18n.DEFAULT else " " + _(REPORT_LANGUAGE))
                 + "\n\n" + "\n".join(f"- {verbatim(p, 300)}" for p in problems[:20]), icon=":material/error:")


def preview(out: Path) -> None:
    """The Overview's KPIs for the new data, from the same query layer."""
    try:
        kpis = questions.kpis(load_store(str(out)), Filters()).iloc[0]  # cached: opening it next loads nothing again
    except DatasetError as error:
        st.error(plain(str(error), 600))
        return
    cols = st.columns(4)
    cols[0].metric(_("Initiatives"), text.count(kpis["initiatives"]))
    cols[1].metric(_("Countries involved"), text.count(kpis["countries"]))
    funded = kpis["with_amounts"] > 0
    cols[2].metric(_("Reported funding"), text.reported_usd(kpis["reported_usd"], funded))
    cols[3].metric(_("Amounts not reported"), text.count(kpis["unreported"]))
