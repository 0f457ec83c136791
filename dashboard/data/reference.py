"""Build the reference dataset's Parquet files from its human-editable YAML source.

    python -m dashboard.data.reference [--source data/reference/initiatives.yaml] [--out data/reference]

The tables are validated before anything is written; a broken source writes nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import yaml

from dashboard.data import schema, tables
from dashboard.data.validate import validate_dataset

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
LIST_COLUMNS = ("themes", "providers", "receivers", "provider_regions", "receiver_regions", "facilitators")
INITIATIVE_DEFAULTS: dict[str, object] = {
    "description": None,
    "start_year": None,
    "end_year": None,
    "two_way": False,
    "synthetic": False,
    **{name: [] for name in LIST_COLUMNS},
}
FUNDING_DEFAULTS = {"funder_iso3": None, "amount_usd": None, "in_kind": False, "year": None}


def read_source(path: Path) -> tuple[pa.Table, pa.Table]:
    """Read the YAML source into initiatives and funding tables (defaults filled, nothing else)."""
    records = yaml.safe_load(path.read_text(encoding="utf-8"))["initiatives"]
    initiatives, funding = [], []
    for record in records:
        record = {**INITIATIVE_DEFAULTS, **record}
        for row in record.pop("funding", None) or []:
            funding.append({**FUNDING_DEFAULTS, **row, "initiative_id": record["initiative_id"]})
        initiatives.append(record)

    def columns(rows: list[dict], arrow: pa.Schema) -> dict[str, list]:
        return {name: [row.get(name) for row in rows] for name in arrow.names}

    return (
        tables.from_columns(columns(initiatives, tables.INITIATIVES_SCHEMA), tables.INITIATIVES_SCHEMA),
        tables.from_columns(columns(funding, tables.FUNDING_SCHEMA), tables.FUNDING_SCHEMA),
    )


def build(source: Path, out: Path) -> list[str]:
    """Validate the source's tables and write them to out; return the problems (nothing written if any)."""
    initiatives, funding = read_source(source)
    with tempfile.TemporaryDirectory() as tmp:
        tables.write_dataset(initiatives, funding, Path(tmp))
        problems = validate_dataset(Path(tmp))
    if not problems:
        tables.write_dataset(initiatives, funding, out)
    return [str(p) for p in problems]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the reference dataset from its YAML source.")
    parser.add_argument("--source", type=Path, default=REFERENCE_DIR / "initiatives.yaml")
    parser.add_argument("--out", type=Path, default=REFERENCE_DIR)
    args = parser.parse_args(argv)
    problems = build(args.source, args.out)
    for problem in problems:
        print(f"- {problem}")
    if problems:
        print(f"{args.source}: {len(problems)} problem(s); nothing written")
        return 1
    print(f"wrote {args.out / schema.INITIATIVES_FILE} and {args.out / schema.FUNDING_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
