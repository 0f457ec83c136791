"""Read a source file into rows of cells, with what was detected written down.

CSV/TSV: encoding (UTF-8, UTF-8 with BOM, else charset-normalizer's guess among cp1252/Latin-1)
and delimiter (`,` `;` tab `|`) are detected. Excel: python-calamine reads cell values (a formula
cell gives its cached value; nothing is evaluated), vertically merged cells are filled down, and
the header row is found. A sheet laid out as sections (a title row, such as a country name,
above each block of rows) reads with layout `sections`: the title fills a `section` column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_BYTES = 512 * 1024 * 1024  # the command's limit; the app sets its own
MAX_COLUMNS = 1000  # a source's columns: more is no list of initiatives (and would make the work grow with them)
SECTION = "section"
HEADER_SCAN = 30


class SourceError(Exception):
    """A file that cannot be read as asked, with a message for the person who gave it."""


@dataclass
class Table:
    """A source as a table: column names, rows of cells, where each row came from, and what was detected."""

    columns: list[str]
    rows: list[list[object]]
    refs: list[str]
    detected: dict[str, Any] = field(default_factory=dict)
    layout_rows: list[tuple[str, str]] = field(default_factory=list)  # (ref, why it is not a record)


def check_size(path: Path, limit: int = MAX_BYTES) -> None:
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{path.name} is empty (0 bytes)")
    if size > limit:
        raise SourceError(f"{path.name} is {size / 1e6:,.0f} MB, over the limit of {limit / 1e6:,.0f} MB")


def detect_format(path: Path) -> str:
    """csv, excel, xml or zip, from the first bytes (the extension only breaks ties)."""
    head = path.open("rb").read(2048)
    if head.startswith(b"PK"):
        return "excel" if path.suffix.lower() in (".xlsx", ".xlsm") else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(f"{path.name} is an old Excel (.xls) file: save it as .xlsx or CSV")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "xml"
    if b"\x00" in head:
        raise SourceError(f"{path.name} is not a CSV, Excel, XML or zip file")
    return "csv"


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → text and the encoding used (UTF-8 first: it is what most exports are)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_16"]).best()
    encoding = best.encoding if best else "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin_1"


def read_csv(path: Path, delimiter: str | None = None, header_row: int | None = None) -> Table:
    check_size(path)
    text, encoding = decode(path.read_bytes())
    if delimiter is None:
        sample = text[:65536]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:  # a cell over csv's field limit (131,072 characters), a stray NUL…
        raise SourceError(f"{path.name} cannot be read as CSV ({error}): is it a table of records?") from None
    refs = [f"line {i + 1}" for i in range(len(rows))]
    table = _tabulate(rows, refs, header_row)
    table.detected.update(encoding=encoding, delimiter={"\t": "tab"}.get(delimiter, delimiter))
    return table


def read_excel(path: Path, sheet: str | int | None = None, header_row: int | None = None,
               layout: str | None = None) -> Table:
    """A sheet as a table (layout 'table'), or as sections; with no layout given, a sheet that looks like
    sections (title rows between blocks) is refused with the option to use, rather than misread."""
    from python_calamine import CalamineWorkbook

    check_size(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:
        raise SourceError(f"{path.name} cannot be read as an Excel workbook ({error})") from None
    names = book.sheet_names
    if sheet is None:
        sheet = _largest_sheet(book)
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
        index = int(sheet)
        if not 0 <= index < len(names):
            raise SourceError(f"{path.name} has {len(names)} sheets; there is no sheet {index}")
        sheet = names[index]
    if sheet not in names:
        raise SourceError(f"{path.name} has no sheet {sheet!r}; its sheets: {', '.join(names)}")
    data = book.get_sheet_by_name(sheet)
    rows = [list(r) for r in data.to_python(skip_empty_area=False)]
    _fill_merged(rows, data.merged_cell_ranges or [])
    refs = [f"{sheet}!row {i + 1}" for i in range(len(rows))]
    table = _sections(rows, refs) if layout == "sections" else _tabulate(rows, refs, header_row)
    if layout is None and _looks_like_sections(table):
        raise SourceError(f"sheet {sheet!r} of {path.name} is not one table: rows with only their first cell filled "
                          "(such as a country name) head blocks of rows. Import it with the mapping option "
                          "`layout: sections` (the title fills a column 'section'; see docs/mappings/ for an "
                          "example), or `layout: table` to read it as one table anyway")
    table.detected.update(sheet=sheet, sheets=names, layout=layout or "table")
    return table


def _looks_like_sections(table: Table) -> bool:
    """Two or more body rows with only the first cell filled, each followed by a row of column names again."""
    titles = 0
    for row, following in zip(table.rows, table.rows[1:], strict=False):
        if _filled(row) == 1 and not _blank(row[0]) and [str(v).strip() for v in following[:2]] == table.columns[:2]:
            titles += 1
    return titles >= 2


def _largest_sheet(book) -> str:
    sizes = {name: book.get_sheet_by_name(name).height for name in book.sheet_names}
    return max(sizes, key=sizes.__getitem__)


def _fill_merged(rows: Sequence[list[Any]], merged: list) -> None:
    """Copy a vertically merged cell's value into every row it spans (as a reader of the sheet sees it)."""
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(rows[r]) and _blank(rows[r][c]):
                    rows[r][c] = value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(row: Sequence[object]) -> int:
    return sum(not _blank(v) for v in row)


def find_header(rows: Sequence[Sequence[object]]) -> int:
    """The index of the header row: the first of the leading rows that is all text and nearly as wide
    as the widest of them."""
    scan = rows[:HEADER_SCAN]
    widest = max((_filled(r) for r in scan), default=0)
    for i, row in enumerate(scan):
        cells = [v for v in row if not _blank(v)]
        if len(cells) >= max(2, 0.6 * widest) and all(isinstance(v, str) for v in cells):
            return i
    return 0


def _names(header: Sequence[object]) -> list[str]:
    """Unique, stripped column names ('Title', 'Title (2)'; an empty header is 'column 3'), in time linear in the
    columns; a header of more than MAX_COLUMNS is refused."""
    if len(header) > MAX_COLUMNS:
        raise SourceError(f"the header row has {len(header):,} columns, over the limit of {MAX_COLUMNS:,}: a list of "
                          "initiatives has one column per field (is the header row the right one?)")
    out: list[str] = []
    taken: set[str] = set()
    following: dict[str, int] = {}  # a repeated name → the next number to try
    for i, value in enumerate(header):
        name = " ".join(str(value).split())[:200] if not _blank(value) else f"column {i + 1}"
        base = name
        while name in taken:
            following[base] = following.get(base, 1) + 1
            name = f"{base} ({following[base]})"
        taken.add(name)
        out.append(name)
    return out


def _tabulate(rows: Sequence[Sequence[object]], refs: list[str], header_row: int | None) -> Table:
    if not rows:
        raise SourceError("the file has no rows")
    index = (header_row - 1) if header_row else find_header(rows)
    if not 0 <= index < len(rows):
        raise SourceError(f"there is no row {header_row} to read the column names from")
    columns = _names(rows[index])
    body, body_refs = [], []
    for row, ref in zip(rows[index + 1:], refs[index + 1:], strict=True):
        if _filled(row):
            body.append((list(row) + [""] * len(columns))[: len(columns)])
            body_refs.append(ref)
    return Table(columns, body, body_refs, {"header_row": index + 1})


def _sections(rows: Sequence[Sequence[object]], refs: list[str]) -> Table:
    """Blocks under title rows: a row with one filled cell (the first) is a section title, the next
    filled row is that block's header, then data rows; a row reading 'total' is a subtotal."""
    columns: list[str] | None = None
    body, body_refs, layout_rows = [], [], []
    section, expect_header = None, False
    for row, ref in zip(rows, refs, strict=True):
        cells = [v for v in row if not _blank(v)]
        if not cells:
            continue
        if len(cells) == 1 and not _blank(row[0]) and isinstance(row[0], str):
            section, expect_header = " ".join(row[0].split()), True
            continue
        if expect_header:
            if columns is None:
                columns = _names(row)
            expect_header = False
            continue
        if section is None:
            continue  # a report's own heading, above the first section
        if any(isinstance(v, str) and re.fullmatch(r"\s*(sub)?total\s*", v, re.I) for v in cells):
            layout_rows.append((ref, f"a subtotal row of section {section!r}"))
            continue
        body.append([section, *(list(row) + [""] * len(columns or []))[: len(columns or [])]])
        body_refs.append(ref)
    if columns is None:
        raise SourceError("no sections found: layout 'sections' expects a title row (one filled cell, such as a "
                          "country name) above each block, then the block's header row, then its rows")
    return Table([SECTION, *columns], body, body_refs, {"header_row": "per section"}, layout_rows)
