"""Step 3, Map: the form that maps a file's columns to the contract, mapping files to load or keep, and the
editor of the values the importer could not resolve."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
import yaml

from dashboard.data import schema
from dashboard.ingest import Result
from dashboard.ingest import mapping as mappings
from dashboard.ingest.mapping import MappingError
from dashboard.ingest.readers import Table
from dashboard.upload.session import COMMAND
from dashboard.words import text
from dashboard.words.languages import N_, _, ngettext
from dashboard.words.markup import plain

NOT_IN_FILE = N_("— not in this file —")


NO_DEFAULT = N_("— none —")


DEFAULT_CODES = ("status", "cooperation_type", "lead_actor", "activity_type", "evidence")


DEFAULT_LABELS = {"status": N_("Default status"), "cooperation_type": N_("Default cooperation type"),
                  "lead_actor": N_("Default lead actor"), "activity_type": N_("Default activity type"),
                  "evidence": N_("Default evidence")}


# The names of the mappings the page starts from (the importer's), as a caption shows them.
MAPPING_NAMES = (N_("guessed from the column names"), N_("preset iati"), N_("preset tuff"), N_("this form"),
                 N_("the uploaded mapping"))


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
            code = fields.get(name, {}).get("default")
            picked = column.selectbox(_(DEFAULT_LABELS[name]), codes, index=codes.index(code) if code in codes else 0,
                                      key=f"{form_key}-d-{name}", format_func=_default_label(name))
            _set_default(fields, name, None if picked == NO_DEFAULT else picked)
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


def _default_label(name: str) -> Callable[[str], str]:
    """How a default's choices read: "— none —", or a code's label."""
    return lambda code: _(NO_DEFAULT) if code == NO_DEFAULT else schema.label(name, code)


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
