"""Reading a dataset directory as the contract's tables: the problems a reader meets, the reference codes
initiatives may name, and the types other writers give values, as the contract's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.data import schema
from dashboard.data.tables import arrow_schema

DEFAULT_COUNTRIES = Path(__file__).resolve().parents[2] / "data" / schema.COUNTRIES_FILE


ROWS_SHOWN = 5


@dataclass(frozen=True)
class Problem:
    """One broken rule: where it is broken (file, column, example rows, how many) and what it says."""

    file: str
    column: str | None
    rule: str
    rows: tuple[str, ...] = ()
    count: int = 0

    def __str__(self) -> str:
        where = self.file + (f", column '{self.column}'" if self.column else "")
        if not self.rows:
            return f"{where}: {self.rule}"
        shown = ", ".join(self.rows)
        more = f" and {self.count - len(self.rows):,} more" if self.count > len(self.rows) else ""
        noun = "row" if self.count == 1 else "rows"
        return f"{where}, {noun} {shown}{more}: {self.rule}"


class DatasetError(Exception):
    """A dataset that breaks the contract; carries every problem found."""

    def __init__(self, directory: Path, problems: list[Problem]):
        self.directory = directory
        self.problems = problems
        super().__init__(f"{directory} fails validation:\n" + "\n".join(f"- {p}" for p in problems))

    def public_problems(self) -> list[str]:
        """The problems as a visitor may read them: no server path (the folder is 'the dataset's folder')."""
        folder = str(Path(self.directory).resolve())
        return [str(p).replace(folder, "the dataset's folder").replace(str(self.directory), "the dataset's folder")
                for p in self.problems]


@dataclass(frozen=True)
class Reference:
    """What the datasets may refer to: country codes and M49 area names."""

    iso3: frozenset[str]
    areas: frozenset[str]


def load_reference(countries_path: Path = DEFAULT_COUNTRIES) -> Reference:
    """Read the ISO3 codes and M49 area names that initiatives may name."""
    table = pq.read_table(countries_path, columns=["iso3", "region", "subregion", "intermediate_region"])
    areas = {schema.WORLD}
    for column in ("region", "subregion", "intermediate_region"):
        areas.update(v for v in table.column(column).to_pylist() if v)
    return Reference(frozenset(table.column("iso3").to_pylist()), frozenset(areas))


def _read(directory: Path, file: str, problems: list[Problem]) -> pa.Table | None:
    path = directory / file
    if not path.exists():
        problems.append(Problem(file, None, f"file is missing from {directory}"))
        return None
    try:
        return pq.read_table(path)
    except Exception as error:  # any reader failure means the same thing to the user
        problems.append(Problem(file, None, f"cannot be read as Parquet ({type(error).__name__}: {error})"))
        return None


def read_tables(directory: Path) -> tuple[pa.Table | None, pa.Table | None, list[Problem]]:
    """Read a dataset directory's two Parquet files; a file that cannot be read is a problem."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, None, [Problem(str(directory), None, "is not a directory")]
    problems: list[Problem] = []
    initiatives = _read(directory, schema.INITIATIVES_FILE, problems)
    funding = _read(directory, schema.FUNDING_FILE, problems)
    if initiatives is not None:
        initiatives = _normalised(initiatives, schema.INITIATIVE_COLUMNS + schema.INITIATIVE_OPTIONAL)
    if funding is not None:
        funding = _normalised(funding, schema.FUNDING_COLUMNS + schema.FUNDING_OPTIONAL)
    return initiatives, funding, problems


def _normalised(table: pa.Table, columns: tuple[schema.Column, ...]) -> pa.Table:
    """The types other writers give values the contract can read, as the contract's types: a column that may be
    null and is entirely null, whatever its type (pandas writes `null` for a column of None; other tools int32,
    double…), and whole numbers stored as floating point (pandas' integers with a null)."""
    types = {f.name: f.type for f in arrow_schema(columns)}
    for col in columns:
        if col.name not in table.column_names:
            continue
        index = table.column_names.index(col.name)
        column, wanted = table.column(index), types[col.name]
        if col.nullable and column.null_count == len(column) and column.type != wanted:
            table = table.set_column(index, pa.field(col.name, wanted), pa.nulls(len(column), wanted))
        elif col.kind == "int" and pa.types.is_floating(column.type) and _whole(column):
            table = table.set_column(index, pa.field(col.name, wanted), column.cast(wanted))
    return table


def _whole(column: pa.ChunkedArray) -> bool:
    """Whether every value is a whole number within int16 (the contract's years)."""
    values = pc.drop_null(column)
    if not len(values):
        return True
    finite = pc.all(pc.is_finite(values)).as_py()
    return bool(finite and pc.all(pc.equal(pc.floor(values), values)).as_py()
                and pc.min(values).as_py() >= -32768 and pc.max(values).as_py() <= 32767)
