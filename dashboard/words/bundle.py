"""This view's data as one zip: the records behind the view (dashboard.questions.records: initiatives, participants
and funding rows, as CSV and Parquet), the dataset's dataset.yaml, and a README that says what the files are:
the citation, the licence, the filters in words, the link, the allocation rules and the column dictionary.

The zip is written as it is read (a generator of chunks), so a million rows never sit in memory; the README is
in English, as the API and the importer's reports are."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from dashboard.words.exports import Provenance

CHUNK = 1 << 20
ALLOCATION = """\
The same rules as every page of SSC Flows:
- An initiative's reported funding is the sum of its funding rows that state an amount. An amount the source
  does not state is empty in these files, never zero, and the initiative is marked amounts_not_reported.
- On the Map and the Network, an initiative's reported funding is split evenly across its provider->receiver
  pairs (a country paired with itself is skipped; a region stands for a partner the source names only by its
  region), so flows, provided totals and received totals add up to the reported total.
- Joint funding (one amount the source gives for several funders together) counts in every total and is never
  split among its funders: such rows have joint = true.
- Under a place filter, an initiative is in the view when one of its provider->receiver pairs matches; its
  participants here are all of its participants.
"""


def readme(p: Provenance, rows: dict[str, int], meta: Mapping[str, str], prices: str,
           columns: dict[str, tuple[tuple[str, str, str], ...]]) -> str:
    """The README of the zip (p.lines() gives the filters, dataset, link and date, as every export's caption)."""
    lines = [f"# SSC Flows: the data of one view of {p.dataset}", ""]
    lines += [f"- {line.removeprefix('# ')}" for line in p.lines()]
    lines += [f"- Amounts: {prices}"]
    if meta.get("citation"):
        lines += [f"- Cite the data as its publisher asks: {meta['citation']}"]
    lines += ["", "## Licence", "", meta.get("licence") or "Not stated in the dataset's dataset.yaml: ask its "
              "publisher.", ""]
    if p.synthetic:
        lines += ["**These are generated demonstration data, not real records.**", ""]
    lines += ["## Files", ""]
    for table, count in rows.items():
        lines.append(f"- {table}.csv and {table}.parquet: {count:,} rows")
    lines += ["- dataset.yaml: the dataset's own description (title, publisher, source, licence, citation)", ""]
    lines += ["## How the numbers are made", "", ALLOCATION]
    lines += ["## Columns", ""]
    for table, described in columns.items():
        lines += [f"### {table}", ""]
        lines += [f"- `{name}`: {meaning}" for name, _sql, meaning in described]
        lines.append("")
    lines += ["CSV text that a spreadsheet would run as a formula (starting with =, +, -, @) starts with a quote; "
              "the Parquet files keep every value as it is.", ""]
    return "\n".join(lines)


class _Sink(io.RawIOBase):
    """Where the zip is written: what it wrote since the last take() (it cannot seek: zipfile then writes each
    member's sizes after its data)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def stream(files: list[Path], texts: dict[str, str]) -> Iterator[bytes]:
    """The zip of texts (name → content) and files, chunk by chunk (CSV compressed; Parquet, already compressed,
    stored)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in texts.items():
            archive.writestr(name, content)
            yield sink.take()
        for path in files:
            kind = zipfile.ZIP_STORED if path.suffix == ".parquet" else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(path.name, date_time=time.gmtime()[:6])
            info.compress_type = kind
            with open(path, "rb") as source, archive.open(info, "w", force_zip64=True) as target:
                while block := source.read(CHUNK):
                    target.write(block)
                    if sum(map(len, sink.parts)) >= CHUNK:
                        yield sink.take()
            yield sink.take()
    yield sink.take()


def dataset_yaml(directory: Path, title: str) -> str:
    """The dataset's own dataset.yaml, or, when it has none, one that says so (nothing is made up)."""
    source = Path(directory) / "dataset.yaml"
    if source.is_file():
        return source.read_text(encoding="utf-8", errors="replace")
    return (f"title: {json.dumps(title)}\n# This dataset has no dataset.yaml: its publisher, source, licence and "
            "citation are not stated.\n")
