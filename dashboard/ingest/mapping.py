"""Mapping files: for each contract field, where its value comes from and how to read it.

A mapping is YAML. `fields` and `funding` name, per contract field, a `column` (or a list of
columns, the first filled cell winning; for IATI an `xpath`), a `separator` for lists, a `values`
map from source values to codes (a value mapped to `reject` rejects its row), and a `default` used
when the cell is empty or there is no column. Top-level options say how to read the file (`sheet`,
`header_row`, `layout`, `delimiter`, `decimal`), which providers count as South (`south`), which
IATI transactions are money (`transactions`), and how region labels with no M49 equivalent read
(`regions`).
Presets ship for IATI and for AidData's TUFF column family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dashboard.words.languages import N_

# What each field and option reads (English; N_-marked: the upload page shows them translated).
INITIATIVE_FIELDS = {
    "initiative_id": N_("the initiative's identifier (unique); default: the file's name and row"),
    "title": N_("title (required)"),
    "description": N_("free text"),
    "start_year": N_("a year, a date or a number like 2009.0"),
    "end_year": N_("a year or a date"),
    "status": N_("planned, ongoing, completed, unknown (use values: to map the source's words)"),
    "cooperation_type": N_("bilateral, triangular, regional; default: derived from the partners"),
    "lead_actor": N_("government, civil_society, multilateral, private_sector, research"),
    "activity_type": N_("learning_route, exchange_visit, training, … other"),
    "themes": N_("theme codes, or DAC/CRS sector codes with codes: dac"),
    "sdgs": N_("SDG numbers 1-17 ('SDG 3', '3.1' reads as 3)"),
    "providers": N_("country names or codes (ISO3, ISO2, M49; English, French, Spanish, Portuguese); region labels "
                 "go to provider_regions"),
    "receivers": N_("country names or codes; region labels go to receiver_regions"),
    "provider_regions": N_("UN M49 region names or common labels (LAC, MENA…)"),
    "receiver_regions": N_("UN M49 region names or common labels"),
    "two_way": N_("true/false"),
    "facilitators": N_("organisation names"),
    "evidence": N_("none, anecdotal, documented, evaluated"),
    "source": N_("citation of the row; default: the dataset's source and the row"),
}
FUNDING_FIELDS = {
    "funder": N_("the funder's name; default: the providers (with a separator, a cell naming several funders gives "
                 "joint funding, credited to none of them)"),
    "source_type": N_("funding source type; default: from the funder (its country and the South rule, or its kind)"),
    "amount": N_("the amount, in the currency below"),
    "currency": N_("ISO 4217 code; default USD (values: a reading not_reported leaves the amount not reported)"),
    "year": N_("the year of the amount (chooses the exchange rate); default: start_year"),
    "in_kind": N_("true/false"),
    "usd": N_("the source's own amount in nominal US$, used as it is where given (before any rate)"),
    "usd_rate": N_("the source's own exchange rate: units of the currency per US$ (amount ÷ rate = US$)"),
    "amount_constant": N_("the source's own amount in constant US$ (its base year: the option constant_base_year, "
                          "else the year whose deflator is 1)"),
    "deflator": N_("the source's deflator of the year (1 in its base year): constant = US$ ÷ deflator"),
}
LIST_FIELDS = {"themes", "sdgs", "providers", "receivers", "provider_regions", "receiver_regions", "facilitators"}
OPTIONS = {
    "format": N_("table or iati (detected)"),
    "sheet": N_("Excel sheet name or number (default: the largest)"),
    "header_row": N_("row number of the column names (default: detected)"),
    "layout": N_("table, or sections (a title row, such as a country, above each block; the title fills the "
              "column 'section')"),
    "delimiter": N_("CSV delimiter (default: detected)"),
    "decimal": N_("decimal mark of amounts written as text: . or , (default .)"),
    "list_separator": N_("separator of list cells (default ;)"),
    "south": N_("not-dac (default) or all"),
    "transactions": N_("IATI money: commitments (default) or disbursements"),
    "regions": N_("region labels → lists of M49 names, e.g. {MENA: [Northern Africa, Western Asia]}"),
    "skip_unresolved": N_("import rows without the names that do not resolve (default false)"),
    "constant_base_year": N_("the base year of the source's constant US$ (default: the year whose deflator is 1)"),
    "duplicates": N_("a repeated initiative_id: reject (default), or merge (same title: the places join the first "
                  "record; reports that list one project under each of its countries)"),
}

PRESETS: dict[str, dict] = {
    "iati": {
        "format": "iati",
        "transactions": "commitments",
        "fields": {
            "status": {"values": {"1": "planned", "2": "ongoing", "3": "ongoing", "4": "completed", "5": "reject",
                                  "6": "unknown"}},
            "themes": {"codes": "dac"},
            "activity_type": {"default": "other"},
            "evidence": {"default": "none"},
        },
    },
    "tuff": {
        "format": "table",
        "fields": {
            "initiative_id": {"column": "project_id"},
            "title": {"column": "title"},
            "description": {"column": "description"},
            "start_year": {"column": "year"},
            "end_year": {"column": "end_actual"},
            "status": {"column": "status", "values": {
                "Pipeline: Pledge": "planned", "Pipeline: Commitment": "planned", "Pipeline: Vague": "planned",
                "Implementation": "ongoing",
                "Completion": "completed", "Suspended": "unknown", "Cancelled": "reject"}},
            "themes": {"column": "crs_sector_code", "codes": "dac"},
            "providers": {"column": "donor"},
            # ISO3 codes and region labels ("YEM; LBN", "Africa, regional; AGO"), else the names.
            "receivers": {"column": ["recipient_iso3", "all_recipients"], "separator": ";"},
            "facilitators": {"column": "cofinancing_agency", "separator": "|"},
            "activity_type": {"default": "other"},
            "evidence": {"default": "none"},
        },
        "funding": {
            # Several agencies in one cell fund the project together: the amount is joint (see ingest.funds).
            "funder": {"column": "funding_agency", "separator": ";"},
            "amount": {"column": "amount"},
            # 23 rows of the Chinese dataset give the currency " D", which names none.
            "currency": {"column": "currency", "values": {"D": "not_reported"}},
            "year": {"column": "year"},
            "in_kind": {"column": "flow", "values": {"In-kind Grant (Goods or Services)": True}, "default": False},
            # The source's own conversion: US$ = amount ÷ exchange_rates_used (units per US$; usd_current where
            # the file has it), constant US$ = usd_defl (usd_defl_2014 in the Chinese file) = US$ ÷ deflators_used.
            "usd": {"column": "usd_current"},
            "usd_rate": {"column": "exchange_rates_used"},
            "amount_constant": {"column": ["usd_defl", "usd_defl_2014"]},
            "deflator": {"column": "deflators_used"},
        },
    },
}
TUFF_COLUMNS = {"project_id", "donor", "all_recipients", "crs_sector_code", "amount", "currency", "flow_class"}


class MappingError(Exception):
    """A mapping file that cannot be used, with what to fix."""


@dataclass
class Mapping:
    """The parsed mapping: options, initiative fields and funding fields (each a dict of how to read it)."""

    options: dict = field(default_factory=dict)
    fields: dict[str, dict] = field(default_factory=dict)
    funding: dict[str, dict] = field(default_factory=dict)
    name: str = "detected"

    def option(self, key: str, default=None):
        return self.options.get(key, default)

    def as_yaml(self) -> str:
        data = {**self.options, "fields": self.fields, "funding": self.funding}
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def from_dict(data: object, name: str) -> Mapping:
    """Check a mapping's keys (an unknown one is an error naming it) and build it."""
    if not isinstance(data, dict):
        raise MappingError(f"{name}: a mapping is a YAML dictionary of options, fields and funding")
    data = dict(data)
    fields = data.pop("fields", None) or {}
    funding = data.pop("funding", None) or {}
    for key in data:
        if key not in OPTIONS:
            raise MappingError(f"{name}: unknown option {key!r}; options are {', '.join(OPTIONS)}")
    for group, known in (("fields", INITIATIVE_FIELDS), ("funding", FUNDING_FIELDS)):
        for key, spec in (fields if group == "fields" else funding).items():
            if key not in known:
                raise MappingError(f"{name}: {group} has no field {key!r}; its fields are {', '.join(known)}")
            if not isinstance(spec, dict):
                raise MappingError(f"{name}: {group}.{key} must be a dictionary (column:, default:, values:…)")
            column = spec.get("column")
            if column is not None and not (isinstance(column, str) or (
                    isinstance(column, list) and column and all(isinstance(c, str) for c in column))):
                raise MappingError(f"{name}: {group}.{key}.column must be a column name or a list of them")
            booleans = [k for k in (spec.get("values") or {}) if isinstance(k, bool)]
            if booleans:
                raise MappingError(f"{name}: {group}.{key}.values has the key {booleans[0]!r}, a boolean: a source's "
                                   "yes/no/on/off must be quoted ('YES': …) to be read as the text it is")
            extra = set(spec) - {"column", "xpath", "separator", "values", "default", "codes", "combine"}
            if extra:
                raise MappingError(f"{name}: {group}.{key} has unknown keys {sorted(extra)}")
    if data.get("south", "not-dac") not in ("not-dac", "all"):
        raise MappingError(f"{name}: south must be not-dac or all")
    if data.get("transactions", "commitments") not in ("commitments", "disbursements"):
        raise MappingError(f"{name}: transactions must be commitments or disbursements")
    return Mapping(data, fields, funding, name)


class _TextKeys(yaml.SafeLoader):
    """YAML with YAML 1.2's booleans: only true and false. YAML 1.1 (PyYAML's default) also reads an unquoted yes,
    no, on, off, y, n as booleans, so `values: {YES: multilateral}` would map the boolean True, never the text 'YES'
    a source writes."""


_TextKeys.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_TextKeys.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                list("tTfF"))


def read_yaml(text: str) -> object:
    """A mapping file's YAML: safe, and yes/no/on/off stay text (see _TextKeys). Aliases (*name) are refused: a
    mapping never needs them, and nested ones make a small file a very large one to walk."""
    if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_TextKeys)):
        raise MappingError("the mapping uses YAML aliases (*name); write each value out instead")
    return yaml.load(text, Loader=_TextKeys)  # a SafeLoader subclass: no object is ever built from a tag


def load(path: Path) -> Mapping:
    try:
        data = read_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise MappingError(f"{path}: cannot be read as YAML ({error})") from None
    return from_dict(data, str(path))


def preset(name: str) -> Mapping:
    return from_dict(PRESETS[name], f"preset {name}")


def present(base: Mapping, columns: list[str]) -> Mapping:
    """A preset without the fields whose column this file lacks (the TUFF files differ a little)."""
    def keep(group: dict) -> dict:
        out = {}
        for key, spec in group.items():
            wanted = spec.get("column")
            if isinstance(wanted, list):
                wanted = [c for c in wanted if c in columns]
                if wanted:
                    out[key] = {**spec, "column": wanted}
            elif wanted is None or wanted in columns:
                out[key] = spec
        return out

    return Mapping(base.options, keep(base.fields), keep(base.funding), base.name)


def merge(base: Mapping, override: Mapping) -> Mapping:
    """A preset with a user's mapping on top (field by field)."""
    return Mapping({**base.options, **override.options}, {**base.fields, **override.fields},
                   {**base.funding, **override.funding}, override.name)


def reference_markdown() -> str:
    """The mapping reference for the README (python -m dashboard.ingest --mapping-reference prints it)."""
    lines = ["| option | meaning |", "|---|---|"]
    lines += [f"| `{key}` | {text} |" for key, text in OPTIONS.items()]
    lines += ["", "| field (`fields:`) | what it reads |", "|---|---|"]
    lines += [f"| `{key}` | {text} |" for key, text in INITIATIVE_FIELDS.items()]
    lines += ["", "| field (`funding:`) | what it reads |", "|---|---|"]
    lines += [f"| `{key}` | {text} |" for key, text in FUNDING_FIELDS.items()]
    return "\n".join(lines) + "\n"
