"""Import CSV, Excel, IATI XML and AidData TUFF files into a validated SSC Flows dataset.

    python -m dashboard.ingest FILE [FILE…] --out DIR [--mapping MAPPING.yaml] [--init]

`run` does the work: read each file (readers, iati), turn its records into contract rows (records,
build), validate them (dashboard.data.validate) and write the dataset with its provenance
(dataset.yaml, import-report.csv). Nothing is written unless the result validates.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyarrow as pa
import yaml

from dashboard.data import schema, tables
from dashboard.data.reading import load_reference, read_tables
from dashboard.data.validate import check_tables
from dashboard.ingest import guessing, iati, orgs, records
from dashboard.ingest import mapping as mappings
from dashboard.ingest.build import REJECTED, Builder, Unresolved
from dashboard.ingest.countries import resolver
from dashboard.ingest.funds import Ledger
from dashboard.ingest.money import Rates
from dashboard.ingest.readers import SourceError, Table, check_size, detect_format, read_csv, read_excel
from dashboard.words.markup import inert

VERSION = "1.0"
REPORT_FILE = "import-report.csv"
META_FILE = "dataset.yaml"
ZIP_MEMBERS = {schema.INITIATIVES_FILE, schema.FUNDING_FILE, META_FILE}
ZIP_MAX_BYTES = 256 * 1024 * 1024  # unpacked, all members together
ZIP_RATIO = 100  # a member may unpack to at most this many times its packed size (Parquet packs some 3-10 times)


@dataclass
class Result:
    """What an import did: counts, unresolved names, problems, and where it wrote."""

    rows_in: int = 0
    imported: int = 0
    with_defaults: int = 0
    rejected: int = 0
    unresolved: list[Unresolved] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    detected: dict = field(default_factory=dict)
    mapping: mappings.Mapping | None = None
    written: bool = False
    ledger: Ledger = field(default_factory=Ledger)
    reasons: Counter = field(default_factory=Counter)  # rejection reasons (their wording without the record's values)
    constant_prices: dict | None = None

    def summary(self) -> str:
        """The row counts, then the main rejection reasons and what happened to the money."""
        lines = [f"rows in {self.rows_in:,} = imported {self.imported + self.with_defaults:,} "
                 f"({self.with_defaults:,} with defaults) + rejected {self.rejected:,}"]
        if self.reasons:
            lines.append("rejected because: " + "; ".join(f"{why} ({n:,})" for why, n in self.reasons.most_common(5))
                         + ("; …" if len(self.reasons) > 5 else ""))
        return "\n".join(lines + self.ledger.lines())


@dataclass(frozen=True)
class Provenance:
    title: str | None = None
    publisher: str | None = None
    source: str | None = None
    licence: str | None = None
    citation: str | None = None


def choose_mapping(path: Path, table: Table | None, given: mappings.Mapping | None) -> mappings.Mapping:
    """The mapping for a file: the preset its format or columns name, else guesses, with the user's on top."""
    if table is None:
        base = mappings.preset("iati")
    elif set(table.columns) >= mappings.TUFF_COLUMNS:
        base = mappings.present(mappings.preset("tuff"), table.columns)
    else:
        base = guessing.guess(table.columns)
    return mappings.merge(base, given) if given else base


def read_source(path: Path, given: mappings.Mapping | None) -> tuple[str, Table | None]:
    """A file's format and, for tables, its rows (IATI is streamed later)."""
    kind = detect_format(path)
    options = given.options if given else {}
    if kind == "xml":
        iati.check_safe(path)
        iati.version(path)  # refuses XML that is not an IATI activity file
        return "iati", None
    if kind == "excel":
        return "table", read_excel(path, options.get("sheet"), options.get("header_row"),
                                   options.get("layout"))
    if kind == "zip":
        return "zip", None
    return "table", read_csv(path, options.get("delimiter"), options.get("header_row"))


def run(files: list[Path], out: Path, given: mappings.Mapping | None = None, rates: Path | None = None,
        provenance: Provenance = Provenance(), write: bool = True, max_rows: int | None = None,
        read: dict[Path, Table] | None = None) -> Result:
    """Import files into one dataset at out (written only when every row is accounted for and it validates).
    max_rows: refuse (SourceError) a source of more records, as soon as it is known; read: tables already read
    (the upload page's detection), so no file is read twice."""
    result = Result()
    countries = resolver()
    builders = []
    seen = 0
    for path in files:
        check_size(path)
        kind, table = ("table", read[path]) if read and path in read else read_source(path, given)
        if kind == "zip":
            return _from_zip(path, out, result, write)
        chosen = choose_mapping(path, table, given)
        result.mapping = chosen
        builder = Builder(chosen, countries, Rates(rates), provenance.title or path.name, path.stem)
        if table is not None:
            seen += len(table.rows)
            too_many(seen, max_rows)
            result.detected[path.name] = {**table.detected, "format": "table", "columns": len(table.columns)}
            try:
                for record in records.from_table(table, chosen):
                    builder.add(*record)
            except KeyError as error:
                raise SourceError(str(error.args[0])) from None
            for ref, why in table.layout_rows:
                builder.add(ref, {}, [], why)
        else:
            result.detected[path.name] = {"format": f"IATI {iati.version(path)}"}
            xpaths = {n: s["xpath"] for n, s in chosen.fields.items() if "xpath" in s}
            named: Counter = Counter()  # activities per recipient country, for an AIMS export's own country
            naming = 0
            for activity in iati.activities(path, xpaths):
                seen += 1
                too_many(seen, max_rows)
                codes = set(activity["receivers"])
                naming += bool(codes)
                named.update(codes)
                builder.add(*records.from_iati(activity, chosen, countries))
            alpha2 = iati.file_recipient(named, naming)
            if alpha2 in countries.alpha2:
                iso3 = countries.alpha2[alpha2]
                builder.place_unplaced(iso3, f"the country {named[alpha2]:,} of the {naming:,} activities that name "
                                             "a recipient name: this file is its aid-management system's export")
                result.detected[path.name]["recipient"] = iso3
        builders.append(builder)
        result.unresolved += builder.finish()
    _count(result, builders)
    skip = given.option("skip_unresolved", False) if given else False
    if result.unresolved and not skip:
        result.problems.append(f"{len(result.unresolved)} value(s) did not resolve; map them in the mapping file, "
                               "or import without them with --skip-unresolved")
    if result.rows_in and not result.imported + result.with_defaults and not result.unresolved:
        result.problems.append("no record could be imported: import-report.csv says why for each")
    elif not result.rows_in:
        result.problems.append("the file holds no records (only a header, or nothing the mapping reads)")
    initiatives, funding = _tables(builders)
    problems = check_tables(initiatives, funding, load_reference())
    result.problems += [str(p) for p in problems]
    if write:
        out.mkdir(parents=True, exist_ok=True)
        _write_report(out / REPORT_FILE, builders)
        if not result.problems:
            tables.write_dataset(initiatives, funding, out)
            _write_meta(out / META_FILE, files, result, provenance)
            result.written = True
    return result


class TooManyRows(SourceError):
    """A source of more records than max_rows (run stops as soon as it knows)."""

    def __init__(self, limit: int):
        super().__init__(f"more than {limit:,} records (rows or IATI activities)")
        self.limit = limit


def too_many(rows: int, limit: int | None) -> None:
    if limit is not None and rows > limit:
        raise TooManyRows(limit)


def _count(result: Result, builders: list[Builder]) -> None:
    for builder in builders:
        result.ledger.merge(builder.funds.ledger)
        result.constant_prices = result.constant_prices or builder.constant_prices
        for outcome in builder.report:
            result.rows_in += 1
            if outcome.outcome == REJECTED:
                result.rejected += 1
                result.reasons[_reason(outcome.notes[0])] += 1
            elif outcome.notes:
                result.with_defaults += 1
            else:
                result.imported += 1


def _reason(text: str) -> str:
    """A rejection reason without the record's own values ('no provider country named (…)' → its first words)."""
    return re.sub(r"\s*\(.*|'.*?'|\d[\d,.]*", "…", text).strip(" …") or text


def _tables(builders: list[Builder]) -> tuple[pa.Table, pa.Table]:
    def columns(rows: list[dict], arrow: pa.Schema) -> dict[str, list]:
        return {name: [row.get(name) for row in rows] for name in arrow.names}

    initiatives = [row for b in builders for row in b.initiatives]
    funding = [row for b in builders for row in b.funding]
    i_schema, f_schema = tables.IMPORT_INITIATIVES_SCHEMA, tables.IMPORT_FUNDING_SCHEMA
    if not any(b.constant_prices for b in builders):  # constant US$ only where the source gives them
        f_schema = f_schema.remove(f_schema.get_field_index("amount_usd_constant"))
    return (tables.from_columns(columns(initiatives, i_schema), i_schema),
            tables.from_columns(columns(funding, f_schema), f_schema))


def _write_report(path: Path, builders: list[Builder]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "record", "initiative_id", "outcome", "notes"])
        for builder in builders:
            for o in builder.report:
                writer.writerow([inert(v) for v in (builder.stem, o.ref, o.initiative_id or "", o.outcome,
                                                     " | ".join(o.notes))])


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_meta(path: Path, files: list[Path], result: Result, provenance: Provenance) -> None:
    south = (result.mapping.option("south", "not-dac") if result.mapping else "not-dac")
    meta = {
        "title": provenance.title or ", ".join(f.name for f in files),
        "publisher": provenance.publisher,
        "source": provenance.source,
        "licence": provenance.licence,
        "citation": provenance.citation or provenance.title or ", ".join(f.name for f in files),
        "description": (f"Imported with dashboard.ingest from {', '.join(f.name for f in files)}: "
                        f"{result.rows_in:,} records, {result.imported + result.with_defaults:,} imported and "
                        f"{result.rejected:,} rejected; import-report.csv gives every record's outcome."),
        "retrieved": dt.date.today().isoformat(),
        "inputs": [{"file": f.name, "sha256": sha256(f)} for f in files],
        "importer": f"dashboard.ingest {VERSION}",
        "south_rule": orgs.SOUTH_RULES[south],
        "rows": {"in": result.rows_in, "imported": result.imported + result.with_defaults,
                 "with_defaults": result.with_defaults, "rejected": result.rejected},
        "rejected_because": dict(result.reasons.most_common()),
        "money": result.ledger.as_meta(),
        "prices": {"current": "nominal US$ at the rate of each amount's year (money: conversions)",
                   **({"constant": result.constant_prices} if result.constant_prices else {})},
        "mapping": yaml.safe_load(result.mapping.as_yaml()) if result.mapping else None,
    }
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _from_zip(path: Path, out: Path, result: Result, write: bool) -> Result:
    """A zip of contract Parquet, taken as it is: only its known members, read in memory, validated."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SourceError(f"{path.name} is not a readable zip file") from None
    members: dict[str, bytes] = {}
    with archive:
        for info in archive.infolist():
            member_path = PurePosixPath(info.filename)
            if info.is_dir():
                continue
            if member_path.is_absolute() or ".." in member_path.parts or member_path.name not in ZIP_MEMBERS:
                raise SourceError(f"{path.name}: unexpected member {info.filename!r}; a dataset zip holds only "
                                  f"{', '.join(sorted(ZIP_MEMBERS))}")
            unpacked = sum(len(data) for data in members.values())
            if info.file_size > ZIP_RATIO * max(info.compress_size, 1) or unpacked + info.file_size > ZIP_MAX_BYTES:
                raise SourceError(f"{path.name}: {info.filename} unpacks to {info.file_size / 1e6:,.0f} MB from "
                                  f"{info.compress_size / 1e6:,.1f} MB; a dataset zip may unpack to at most "
                                  f"{ZIP_MAX_BYTES / 1e6:,.0f} MB in all, {ZIP_RATIO}× its packed size")
            with archive.open(info) as member:  # the header's size may lie: read no more than it allows
                data = member.read(info.file_size + 1)
            if len(data) > info.file_size:
                raise SourceError(f"{path.name}: {info.filename} holds more than its header says; refused")
            members[member_path.name] = data
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in members.items():
            (Path(tmp) / name).write_bytes(data)
        initiatives, funding, problems = read_tables(Path(tmp))
        problems += check_tables(initiatives, funding, load_reference())
    result.problems = [str(p) for p in problems]
    result.detected[path.name] = {"format": "zip of contract Parquet"}
    if initiatives is not None:
        result.rows_in = result.imported = initiatives.num_rows
    if write and not result.problems:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in members.items():
            (out / name).write_bytes(data)
        result.written = True
    return result


def preview(table: Table, rows: int = 5) -> str:
    """The first rows as CSV text (for --init and the page)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    writer.writerows(table.rows[:rows])
    return buffer.getvalue()
