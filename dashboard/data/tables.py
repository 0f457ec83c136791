"""Arrow tables that follow the contract, and writing them as a dataset directory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.data import schema

_CODE = pa.dictionary(pa.int8(), pa.string())  # codes are stored dictionary-encoded
ARROW_TYPES = {
    "string": pa.string(),
    "int": pa.int16(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "list": pa.list_(pa.string()),
    "int_list": pa.list_(pa.int8()),
}


def arrow_schema(columns: Sequence[schema.Column]) -> pa.Schema:
    """The Arrow schema a contract's columns are written with."""
    fields = []
    for col in columns:
        kind = _CODE if col.codelist and col.kind == "string" else ARROW_TYPES[col.kind]
        fields.append(pa.field(col.name, kind, nullable=col.nullable))
    return pa.schema(fields)


INITIATIVES_SCHEMA = arrow_schema(schema.INITIATIVE_COLUMNS)
FUNDING_SCHEMA = arrow_schema(schema.FUNDING_COLUMNS)
# What an import writes: the contract and its optional columns.
IMPORT_INITIATIVES_SCHEMA = arrow_schema(schema.INITIATIVE_COLUMNS + schema.INITIATIVE_OPTIONAL)
IMPORT_FUNDING_SCHEMA = arrow_schema(schema.FUNDING_COLUMNS + schema.FUNDING_OPTIONAL)


def from_columns(data: Mapping[str, object], arrow: pa.Schema) -> pa.Table:
    """Build a table from column arrays (lists, NumPy arrays or Arrow arrays) in the contract's types."""
    arrays = []
    for field in arrow:
        values = data[field.name]
        if pa.types.is_dictionary(field.type):
            arrays.append(pa.array(values, pa.string(), from_pandas=True).dictionary_encode().cast(field.type))
        else:
            arrays.append(values if isinstance(values, pa.Array) else pa.array(values, field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=arrow)


def write_dataset(initiatives: pa.Table, funding: pa.Table, out: Path) -> None:
    """Write initiatives.parquet and funding_sources.parquet into a directory."""
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(initiatives, out / schema.INITIATIVES_FILE, compression="zstd")
    pq.write_table(funding, out / schema.FUNDING_FILE, compression="zstd")
