"""The records behind a view: the filtered initiatives, their participants and their funding rows, written by
DuckDB straight to CSV and Parquet files (never held in Python's memory, so a million rows cost no more than a
file each). CSV text that a spreadsheet would run as a formula starts with a quote (words.markup.inert's rule);
Parquet keeps the values as they are."""

from __future__ import annotations

from pathlib import Path

from dashboard.data import schema
from dashboard.data.filters import Filters
from dashboard.data.store import Store
from dashboard.questions.sql import _on, _prepared


def _codes(codelist) -> str:
    return "one of " + ", ".join(codelist)


# Each table's columns (name, SQL over `i` the initiatives, `p` a participation row and `n` its place, or `g` a
# funding row) and what they mean: the column dictionary of the export's README.
INITIATIVE_COLUMNS = (
    ("initiative_id", "i.initiative_id", "the initiative's identifier in the dataset"),
    ("title", "i.title", "its title, as the source gives it"),
    ("description", "i.description", "its description, as the source gives it (empty: not stated)"),
    ("start_year", "i.start_year", "the year it started (empty: not stated)"),
    ("end_year", "i.end_year", "the year it ended or ends (empty: not stated)"),
    ("status", "i.status", _codes(schema.STATUSES)),
    ("cooperation_type", "i.cooperation_type", _codes(schema.COOPERATION_TYPES)),
    ("lead_actor", "i.lead_actor", "who leads it: " + _codes(schema.LEAD_ACTORS)),
    ("activity_type", "i.activity_type", "what it does: " + _codes(schema.ACTIVITY_TYPES)),
    ("themes", "array_to_string(i.themes, '; ')", "its theme codes, separated by '; '"),
    ("providers", "array_to_string(i.providers, '; ')", "provider countries (ISO 3166 alpha-3), '; '-separated"),
    ("provider_regions", "array_to_string(i.provider_regions, '; ')", "provider M49 regions named by the source "
     "instead of (or beside) countries"),
    ("provider_orgs", "array_to_string(i.provider_orgs, '; ')", "Southern-led multilateral providers"),
    ("receivers", "array_to_string(i.receivers, '; ')", "receiver countries (ISO 3166 alpha-3), '; '-separated"),
    ("receiver_regions", "array_to_string(i.receiver_regions, '; ')", "receiver M49 regions named by the source"),
    ("two_way", "i.two_way", "true when every partner both gives and receives"),
    ("facilitators", "array_to_string(i.facilitators, '; ')", "facilitating organisations (triangular cooperation)"),
    ("reported_usd", "i.reported_usd", "the sum of its reported funding rows in the export's US$ (empty: none "
     "reported)"),
    ("amounts_not_reported", "i.has_unreported", "true when some or all of its funding has no amount"),
    ("evidence", "i.evidence", "where in the source the record is stated"),
    ("source", "i.source", "the source document or file of the record"),
    ("synthetic", "i.synthetic", "true for generated demonstration data, never real"),
)
PARTICIPANT_COLUMNS = (
    ("initiative_id", "i.initiative_id", "the initiative (initiatives.csv)"),
    ("place", "n.code", "a country's ISO 3166 alpha-3 code, an M49 area's name, or an organisation's code"),
    ("kind", "n.kind", "country, region (an M49 area: a partner named only by its region) or organisation"),
    ("name", "n.name", "the place's English name"),
    ("provider", "p.as_provider", "true when it provides in this initiative"),
    ("receiver", "p.as_receiver", "true when it receives in this initiative"),
)
FUNDING_COLUMNS = (
    ("initiative_id", "i.initiative_id", "the initiative (initiatives.csv)"),
    ("source_type", "g.source_type::VARCHAR", "who funds: " + _codes(schema.SOURCE_TYPES)),
    ("funder", "g.funder", "the funder as the source names it (empty: not stated)"),
    ("funder_iso3", "g.funder_iso3", "the funder's country, when it is a country's body"),
    ("amount_usd", "g.amount_usd", "the amount in the export's US$ (empty: not reported, never zero)"),
    ("in_kind", "g.in_kind", "true for an in-kind contribution"),
    ("year", "g.year", "the year of the contribution (empty: not stated)"),
    ("joint", "g.joint", "true when the source gives one amount for several funders together (not split)"),
)
TABLES = {"initiatives": INITIATIVE_COLUMNS, "participants": PARTICIPANT_COLUMNS, "funding": FUNDING_COLUMNS}
TEXT = {"title", "description", "themes", "providers", "provider_regions", "provider_orgs", "receivers",
        "receiver_regions", "facilitators", "evidence", "source", "place", "name", "funder"}
FORMULA = "^[=+@\\t\\r-]"  # the start of a cell a spreadsheet runs as a formula (words.markup.FORMULA_START)


def _select(table: str, f: Filters, store: Store, for_csv: bool) -> tuple[str, list]:
    filtered, params = _on("initiatives", f, store.places)
    columns = []
    for name, sql, _meaning in TABLES[table]:
        if for_csv and name in TEXT:
            sql = f"CASE WHEN regexp_matches({sql}, '{FORMULA}') THEN '''' || {sql} ELSE {sql} END"
        columns.append(f"{sql} AS {name}")
    rids = f"SELECT DISTINCT i.rid FROM {filtered}"
    source = {"initiatives": f"initiatives i WHERE i.rid IN ({rids}) ORDER BY i.initiative_id",
              "participants": f"participation p JOIN nodes n USING (node) JOIN initiatives i USING (rid) "
                              f"WHERE p.rid IN ({rids}) ORDER BY i.initiative_id, n.kind, n.code",
              "funding": f"funding g JOIN initiatives i USING (rid) WHERE g.rid IN ({rids}) ORDER BY g.fid"}[table]
    return f"SELECT {', '.join(columns)} FROM {source}", params


def write_records(store: Store, f: Filters, folder: Path) -> dict[str, int]:
    """Write initiatives, participants and funding (.csv and .parquet) of the view into folder (ours: a temporary
    folder, never a user's path); the rows of each table."""
    rows = {}
    for table in TABLES:
        for fmt, options in (("csv", "FORMAT csv, HEADER true"), ("parquet", "FORMAT parquet")):
            sql, params = _select(table, f, store, for_csv=fmt == "csv")
            cursor, sql, first = _prepared(store, sql, f)
            target = str(folder / f"{table}.{fmt}").replace("'", "''")
            cursor.execute(f"COPY ({sql}) TO '{target}' ({options})", first + params)
        counted = store.cursor().execute(f"SELECT count(*) FROM read_parquet('{target}')").fetchone()
        rows[table] = int(counted[0]) if counted else 0
    return rows
