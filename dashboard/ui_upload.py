"""The "Add your data" page: upload, detect, map, check, open and save, what `python -m dashboard.ingest`
does, in the browser. Uploaded files are data only: they are written under generated names in this
session's own folder, parsed by the importer's safe readers, and shown as text."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
import yaml

from dashboard import questions
from dashboard.data import cache as store_cache
from dashboard.data import datasets, schema
from dashboard.data.filters import Filters
from dashboard.data.reading import DatasetError
from dashboard.ingest import Provenance, Result, choose_mapping, worker
from dashboard.ingest import mapping as mappings
from dashboard.ingest.mapping import MappingError
from dashboard.ingest.readers import SourceError, Table
from dashboard.settings import Settings, from_environment
from dashboard.shell.sidebar import select_dataset
from dashboard.shell.state import load_store
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _, ngettext
from dashboard.words.markup import plain, verbatim

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xml", ".zip")
NOT_IN_FILE = N_("— not in this file —")
NO_DEFAULT = N_("— none —")
COMMAND = "python -m dashboard.ingest FILE --out DIR"
DEFAULT_CODES = ("status", "cooperation_type", "lead_actor", "activity_type", "evidence")
DEFAULT_LABELS = {"status": N_("Default status"), "cooperation_type": N_("Default cooperation type"),
                  "lead_actor": N_("Default lead actor"), "activity_type": N_("Default activity type"),
                  "evidence": N_("Default evidence")}
# What the reader detected (readers.Table.detected's keys), as the page names it.
DETECTED = {"encoding": N_("Encoding"), "delimiter": N_("Delimiter"), "sheet": N_("Sheet"),
            "header_row": N_("Header row"), "layout": N_("Layout")}
# The names of the mappings the page starts from (the importer's), as a caption shows them.
MAPPING_NAMES = (N_("guessed from the column names"), N_("preset iati"), N_("preset tuff"), N_("this form"),
                 N_("the uploaded mapping"))
REPORT_LANGUAGE = N_("The import report's reasons are in English, as the command writes them.")


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


# --- 1. Upload ----------------------------------------------------------------------------------


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


# --- 2. Detect and preview ------------------------------------------------------------------------


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


# --- 3. Map ---------------------------------------------------------------------------------------


def _column_choice(label: str, spec: dict, columns: list[str], key: str, help_text: str) -> str:
    wanted = spec.get("column")
    wanted = wanted[0] if isinstance(wanted, list) else wanted
    options = [NOT_IN_FILE, *columns]
    return st.selectbox(label, options, index=options.index(wanted) if wanted in options else 0, key=key,
                        help=_(help_text), format_func=lambda c: _(NOT_IN_FILE) if c == NOT_IN_FILE else c)


def _columns_choice(label: str, spec: dict, columns: list[str], key: str, help_text: str) -> list[str]:
    """A list field's columns: several are combined (primary and secondary SDGs; themes and sub-themes)."""
    wanted = spec.get("column")
    wanted = [c for c in (wanted if isinstance(wanted, list) else [wanted]) if c in columns]
    return st.multiselect(label, columns, default=wanted, key=key, placeholder=_(NOT_IN_FILE),
                          help=_(help_text) + " " + _("Choose several columns to combine their values."))


def _set_columns(group: dict, name: str, chosen: list[str]) -> None:
    """One column, several combined, or none; a preset's list of columns read as 'the first filled' stays so."""
    spec = dict(group.get(name, {}))
    if chosen == spec.get("column") and not spec.get("combine"):
        return
    spec.pop("combine", None)
    if len(chosen) > 1:
        spec.update(column=chosen, combine=True)
        group[name] = spec
        return
    group[name] = spec
    _set_column(group, name, chosen[0] if chosen else NOT_IN_FILE)


def mapping_form(kind: str, table: Table | None, current: mappings.Mapping, form_key: str) -> mappings.Mapping | None:
    """One control per field; returns the new mapping when the form is applied."""
    fields = {k: dict(v) for k, v in current.fields.items()}
    funding = {k: dict(v) for k, v in current.funding.items()}
    options = dict(current.options)
    with st.form(form_key, border=True):
        if kind == "table" and table is not None:
            st.markdown(_("**Columns**: which column holds each field"))
            for column, (name, help_text) in _in_rows(mappings.INITIATIVE_FIELDS):
                with column:
                    if name in mappings.LIST_FIELDS:
                        _set_columns(fields, name, _columns_choice(name, fields.get(name, {}), table.columns,
                                                                   f"{form_key}-f-{name}", help_text))
                        continue
                    chosen = _column_choice(name, fields.get(name, {}), table.columns, f"{form_key}-f-{name}",
                                            help_text)
                _set_column(fields, name, chosen)
            st.markdown("**" + _("Money") + "**")
            for column, (name, help_text) in _in_rows(mappings.FUNDING_FIELDS):
                with column:
                    chosen = _column_choice(f"funding: {name}", funding.get(name, {}), table.columns,
                                            f"{form_key}-m-{name}", help_text)
                _set_column(funding, name, chosen)
            dac = st.checkbox(_("The themes column holds DAC/CRS sector codes"), key=f"{form_key}-dac",
                              value=fields.get("themes", {}).get("codes") == "dac")
            if "themes" in fields:
                fields["themes"] = {**fields["themes"], **({"codes": "dac"} if dac else {})}
                if not dac:
                    fields["themes"].pop("codes", None)
            left, middle, right = st.columns(3)
            options["list_separator"] = left.text_input(_("List separator"), options.get("list_separator", ";"),
                                                        max_chars=3, key=f"{form_key}-sep")
            options["decimal"] = middle.radio(_("Decimal mark in amounts"), [".", ","], horizontal=True,
                                              index=[".", ","].index(options.get("decimal", ".")),
                                              key=f"{form_key}-dec")
            if table.detected.get("sheets"):
                sheets = list(table.detected["sheets"])
                options["sheet"] = right.selectbox(_("Sheet"), sheets, index=sheets.index(table.detected["sheet"]),
                                                   key=f"{form_key}-sheet")
                options["layout"] = right.radio(_("Layout"), ["table", "sections"], horizontal=True,
                                                index=["table", "sections"].index(table.detected.get("layout",
                                                                                                    "table")),
                                                key=f"{form_key}-layout",
                                                help=_(mappings.OPTIONS["layout"]))
        else:
            options["transactions"] = st.radio(_("Money from IATI transactions"), ["commitments", "disbursements"],
                                               horizontal=True, key=f"{form_key}-tx",
                                               index=["commitments", "disbursements"].index(
                                                   options.get("transactions", "commitments")))
        st.markdown(_("**Defaults**: used where the file says nothing (each use is noted in the report)"))
        left, right = st.columns(2)
        for side, column in (("providers", left), ("receivers", right)):
            given = fields.get(side, {}).get("default", [])
            typed = column.text_input(_("Default providers") if side == "providers" else _("Default receivers"),
                                      "; ".join(given if isinstance(given, list) else [given]),
                                      key=f"{form_key}-d-{side}",
                                      help=_("Country names or codes, separated by ';' (e.g. the country whose "
                                           "agency published the list)."))
            _set_default(fields, side, [p.strip() for p in typed.split(";") if p.strip()] or None)
        columns = st.columns(len(DEFAULT_CODES))
        for column, name in zip(columns, DEFAULT_CODES, strict=True):
            codes = [NO_DEFAULT, *schema.CODELISTS[name]]
            given = fields.get(name, {}).get("default")
            chosen = column.selectbox(_(DEFAULT_LABELS[name]), codes, index=codes.index(given) if given in codes else 0,
                                      key=f"{form_key}-d-{name}", format_func=lambda c, n=name: (
                                          _(NO_DEFAULT) if c == NO_DEFAULT else schema.label(n, c)))
            _set_default(fields, name, None if chosen == NO_DEFAULT else chosen)
        south = ["not-dac", "all"]
        options["south"] = st.radio(_("Which providers count as South"), south, horizontal=True,
                                    index=south.index(options.get("south", "not-dac")), key=f"{form_key}-south",
                                    format_func=lambda r: {"not-dac": _("Not members of the OECD DAC"),
                                                           "all": _("Every provider country")}[r],
                                    help=_("A DAC member that funds an exchange is listed as a facilitator; a record "
                                         "left with no Southern provider is rejected, with that reason."))
        applied = st.form_submit_button(_("Apply and check"), type="primary", icon=":material/fact_check:")
    if not applied:
        return None
    return mappings.Mapping({k: v for k, v in options.items() if v not in (None, "")}, fields, funding, "this form")


def _in_rows(fields: dict[str, str], per_row: int = 3):
    """Each field with its column, a row of columns at a time (so a phone, which stacks them, keeps the order)."""
    items = list(fields.items())
    for start in range(0, len(items), per_row):
        yield from zip(st.columns(per_row), items[start:start + per_row], strict=False)


def _set(group: dict, name: str, key: str, value) -> None:
    """Set (or, for None, remove) one key of a field's spec; a field left with no key leaves the mapping."""
    spec = {k: v for k, v in group.get(name, {}).items() if k != key}
    if value is not None:
        spec[key] = value
    if spec:
        group[name] = spec
    else:
        group.pop(name, None)


def _set_column(group: dict, name: str, chosen: str) -> None:
    _set(group, name, "column", None if chosen == NOT_IN_FILE else chosen)


def _set_default(group: dict, name: str, value) -> None:
    _set(group, name, "default", value)


def mapping_files(current: mappings.Mapping) -> mappings.Mapping | None:
    """Download the mapping (the same YAML the command reads); an uploaded one replaces the form's."""
    left, right = st.columns(2)
    left.download_button(_("Download this mapping (YAML)"), current.as_yaml(), "mapping.yaml", "text/yaml",
                         icon=":material/download:", key="mapping-download",
                         help=_("Use it with the command: `{command} --mapping mapping.yaml`.").format(command=COMMAND))
    given = right.file_uploader(_("Or use a mapping file"), type=["yaml", "yml"], key="mapping-upload",
                                max_upload_size=1)
    if given is None:
        return None
    try:
        return mappings.from_dict(mappings.read_yaml(given.getvalue().decode("utf-8")), "the uploaded mapping")
    except (MappingError, yaml.YAMLError, UnicodeDecodeError) as error:
        right.error(plain(str(error), 400), icon=":material/error:")
        return None


def unresolved_editor(result: Result, current: mappings.Mapping) -> mappings.Mapping | None:
    """The values no rule could read, each with suggestions; the readings chosen join the mapping."""
    rows = [{"Field": u.field, "Value": u.value, "Records": len(u.refs), "Suggestions": " · ".join(u.suggestions),
             "Read as": _first_code(u.suggestions)} for u in result.unresolved]
    st.warning(ngettext("{n} value did not resolve. Say how to read it (a country code or name, an M49 region, or a "
                        "code), or leave it empty to import without it.",
                        "{n} values did not resolve. Say how to read each (a country code or name, an M49 region, or "
                        "a code), or leave it empty to import without it.", len(rows)).format(n=text.count(len(rows))),
               icon=":material/help:")
    columns = {"Field": N_("Field"), "Value": N_("Value"), "Records": N_("Records"), "Suggestions": N_("Suggestions"),
               "Read as": N_("Read as")}
    edited = st.data_editor(pd.DataFrame(rows), hide_index=True, key="unresolved-editor", width="stretch",
                            disabled=["Field", "Value", "Records", "Suggestions"],
                            column_config={k: st.column_config.Column(_(label)) for k, label in columns.items()})
    skip = st.checkbox(_("Import the records without the values left empty (noted in the report)"),
                       value=bool(current.option("skip_unresolved")), key="skip-unresolved")
    if not st.button(_("Use these readings"), icon=":material/check:", key="use-readings"):
        return None
    fields = {k: dict(v) for k, v in current.fields.items()}
    funding = {k: dict(v) for k, v in current.funding.items()}
    for row in edited.to_dict("records"):
        reading = str(row.get("Read as") or "").strip()
        if reading:
            group = funding if row["Field"] in mappings.FUNDING_FIELDS else fields
            spec = group.setdefault(row["Field"], {})
            spec["values"] = {**spec.get("values", {}), row["Value"]: reading}
    options = {**current.options, "skip_unresolved": skip}
    return mappings.Mapping(options, fields, funding, current.name)


def _first_code(suggestions: tuple[str, ...]) -> str:
    """'Mozambique (MOZ)' → 'MOZ'; a codelist suggestion is its code."""
    if not suggestions:
        return ""
    first = suggestions[0]
    return first[first.rfind("(") + 1:-1] if first.endswith(")") else first


# --- 4. Check ---------------------------------------------------------------------------------------


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


# --- 5. Open and save --------------------------------------------------------------------------------


def describe_form(out: Path) -> dict[str, str]:
    """Title, publisher, source and licence for dataset.yaml (shown everywhere the dataset is cited)."""
    meta = datasets.read_meta(out)
    cols = st.columns(2)
    values = {
        "title": cols[0].text_input(_("Title"), meta.get("title", ""), max_chars=200, key="meta-title"),
        "publisher": cols[1].text_input(_("Publisher"), meta.get("publisher", ""), max_chars=200,
                                        key="meta-publisher"),
        "source": cols[0].text_input(_("Source (a URL or a document)"), meta.get("source", ""), max_chars=300,
                                     key="meta-source"),
        "licence": cols[1].text_input(_("Licence"), meta.get("licence", ""), max_chars=100, key="meta-licence"),
    }
    return {k: v.strip() for k, v in values.items()}


def write_meta(out: Path, values: dict[str, str]) -> None:
    path = out / datasets.META_FILE
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    data = loaded if isinstance(loaded, dict) else {}
    data.update({k: v for k, v in values.items() if v})
    if values.get("title") and not values.get("citation"):
        data["citation"] = values["title"] + (f" ({values['publisher']})" if values.get("publisher") else "")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def open_in_session(out: Path) -> str:
    """Make the import this session's dataset (not saved; gone with the session) and return its key."""
    key = f"upload-{secrets.token_hex(4)}"
    session_datasets()[key] = datasets.describe(key, out, datasets.OWN_TITLES[2])
    return key


def save_on_server(out: Path, s: Settings) -> str:
    """Save the import for everyone on this server; its generated id."""
    return datasets.save(out, s)


def manage_saved(s: Settings) -> None:
    """Rename or delete the datasets saved on this server."""
    saved = datasets.saved_datasets(s)
    if not saved:
        st.caption(_("No dataset is saved on this server yet."))
        return
    for dataset in saved:
        with st.container(border=True):
            st.markdown(_("**{title}** · id `{id}` · link `?ds={id}`").format(title=plain(_(dataset.label)),
                                                                              id=dataset.key))
            left, middle, right = st.columns([3, 1, 1], vertical_alignment="bottom")
            title = left.text_input(_("New title"), dataset.label, max_chars=200, key=f"rename-{dataset.key}")
            if middle.button(_("Rename"), key=f"rename-button-{dataset.key}", icon=":material/edit:"):
                changed(datasets.rename, (dataset.key, title, s), _("Renaming"))
            if right.button(_("Delete"), key=f"delete-{dataset.key}", icon=":material/delete:"):
                store_cache.forget(str(dataset.path))
                changed(datasets.delete, (dataset.key, s), _("Deleting"))


SAVE_PROBLEMS = {"full": N_("the server's disk is full"), "read-only": N_("the server's folder of datasets cannot "
                 "be written (read-only)"), "gone": N_("the dataset was deleted meanwhile"),
                 "failed": N_("the server could not write it")}


def save_problem(action: str, error: datasets.SaveError) -> str:
    """'Saving did not happen: the server's disk is full. Nothing was changed.', in the visitor's language."""
    return _("{action} did not happen: {why}. Nothing was changed.").format(action=action,
                                                                          why=_(SAVE_PROBLEMS[error.kind]))


def changed(act, args: tuple, action: str) -> None:
    """Rename or delete (act(*args)), then show the list again; or say why not."""
    try:
        act(*args)
    except datasets.SaveError as error:
        st.error(save_problem(action, error), icon=":material/error:")
        return
    st.rerun()


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
    if s.saving and right.button(_("Save on this server and open"), icon=":material/save:",
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
