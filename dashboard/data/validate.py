"""Validate a dataset directory against the contract in dashboard.data.schema.

    python -m dashboard.data.validate DIR [--countries data/countries.parquet]

Every problem is reported at once, each naming the file, the column, the rows and the rule.
Nothing is dropped or coerced: a dataset either passes whole or is refused with its problems.
(Reading the files and the problems' types are in dashboard.data.reading; this module is the rules.)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from dashboard.data import schema
from dashboard.data.reading import DEFAULT_COUNTRIES, ROWS_SHOWN, Problem, Reference, load_reference, read_tables

# --- type checks --------------------------------------------------------------------------


def _is_string(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t)


def _type_ok(kind: str, t: pa.DataType) -> bool:
    if kind == "string":
        return _is_string(t)
    if kind == "int":
        return pa.types.is_integer(t) or pa.types.is_null(t)
    if kind == "float":
        return pa.types.is_floating(t) or pa.types.is_integer(t) or pa.types.is_null(t)
    if kind == "bool":
        return pa.types.is_boolean(t)
    if kind == "list":
        return (pa.types.is_list(t) or pa.types.is_large_list(t)) and _is_string(t.value_type)
    if kind == "int_list":
        return (pa.types.is_list(t) or pa.types.is_large_list(t)) and (
            pa.types.is_integer(t.value_type) or pa.types.is_null(t.value_type))
    return True


TYPE_WORDS = {
    "string": "text",
    "int": "an integer",
    "float": "a number",
    "bool": "true/false",
    "list": "a list of text",
    "int_list": "a list of integers",
}
# A column beside amount_usd whose name says the amounts may be in another currency or unit.
UNIT_LIKE = re.compile(r"currenc|^cur$|^ccy|unit|moeda|moneda|devise|^amount_(?!usd)|_eur$|_local", re.I)


# --- the checker --------------------------------------------------------------------------


class _Checker:
    """Collects problems for one file; rows are named by initiative id where there is one."""

    def __init__(self, file: str, table: pa.Table):
        self.file = file
        self.table = table
        self.problems: list[Problem] = []
        ids = table.column("initiative_id") if "initiative_id" in table.column_names else None
        self.ids = ids.cast(pa.string()).to_numpy(zero_copy_only=False) if ids is not None else None

    def row_name(self, index: int) -> str:
        """'row 12 (initiative X)': the position (1-based) and, where readable, the id."""
        ident = self.ids[index] if self.ids is not None else None
        return f"{index + 1} ({ident!r})" if ident is not None else str(index + 1)

    def report(self, column: str | None, mask: np.ndarray, rule: str) -> None:
        """Add a problem for every row where mask is true (nothing if none is)."""
        bad = np.flatnonzero(mask)
        if bad.size:
            rows = tuple(self.row_name(int(i)) for i in bad[:ROWS_SHOWN])
            self.problems.append(Problem(self.file, column, rule, rows, int(bad.size)))

    def column(self, name: str) -> pa.ChunkedArray:
        col = self.table.column(name)
        return col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col

    def nulls(self, name: str) -> np.ndarray:
        return self.table.column(name).is_null().to_numpy(zero_copy_only=False)

    def not_in(self, name: str, allowed: frozenset[str] | set[str] | pa.Array, rule: str) -> None:
        """Report non-null values of a text column that are outside the allowed set."""
        col = self.column(name)
        values = allowed if isinstance(allowed, pa.Array) else pa.array(sorted(allowed), pa.string())
        outside = pc.invert(pc.is_in(col, value_set=values))
        mask = pc.and_(outside, pc.is_valid(col)).to_numpy(zero_copy_only=False)
        bad = sorted(set(pc.filter(col, mask).to_pylist()))
        values_np = col.to_numpy(zero_copy_only=False) if bad else None  # costly on a large column: only if needed
        for value in bad:
            self.report(name, mask & (values_np == value), f"{value!r} {rule}{_hint(value, allowed)}")

    def list_values_not_in(self, name: str, allowed: frozenset[str] | set[str], rule: str) -> None:
        """Report rows of a list column holding a null or a value outside the allowed set."""
        flat, parents = _flatten(self.column(name))
        null_rows = np.zeros(self.table.num_rows, bool)
        null_rows[parents[pc.is_null(flat).to_numpy(zero_copy_only=False)]] = True
        self.report(name, null_rows, "a list may not contain null")
        known = pc.is_in(flat, value_set=pa.array(sorted(allowed), pa.string()))
        outside = pc.and_(pc.invert(known), pc.is_valid(flat))
        bad_values = pc.filter(flat, outside)
        bad_parents = parents[outside.to_numpy(zero_copy_only=False)]
        bad_np = bad_values.to_numpy(zero_copy_only=False)
        for value in sorted(set(bad_values.to_pylist())):
            mask = np.zeros(self.table.num_rows, bool)
            mask[bad_parents[bad_np == value]] = True
            self.report(name, mask, f"{value!r} {rule}{_hint(value, allowed)}")

    def list_lengths(self, name: str) -> np.ndarray:
        return pc.fill_null(pc.list_value_length(self.column(name)), 0).to_numpy(zero_copy_only=False)


CODES_LISTED = 40  # a codelist up to this long is listed in full in a problem; a longer one gets suggestions only


def _hint(value: str, allowed) -> str:
    """The allowed codes (when few enough to read) and up to three close matches."""
    if isinstance(allowed, pa.Array):
        return ""
    codes = sorted(allowed)
    close = [m for m, _, _ in process.extract(str(value), codes, scorer=fuzz.ratio, limit=3, score_cutoff=70)]
    out = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    if len(codes) <= CODES_LISTED:
        out += f" (allowed: {', '.join(codes)})"
    return out


def _check_columns(checker: _Checker, columns: tuple[schema.Column, ...]) -> set[str]:
    """Report missing and mistyped columns and nulls in non-nullable ones; return the usable columns."""
    usable = set()
    present = dict(zip(checker.table.column_names, checker.table.schema.types, strict=False))
    for col in columns + schema.OPTIONAL[checker.file]:
        if col.name not in present:
            if col not in schema.OPTIONAL[checker.file]:
                checker.problems.append(Problem(checker.file, col.name, "required column is missing"))
            continue
        if not _type_ok(col.kind, present[col.name]):
            rule = f"must be {TYPE_WORDS[col.kind]}, found {present[col.name]}"
            checker.problems.append(Problem(checker.file, col.name, rule))
            continue
        usable.add(col.name)
        if not col.nullable:
            checker.report(col.name, checker.nulls(col.name), "may not be null")
        if col.codelist and col.kind == "string":
            checker.not_in(col.name, set(schema.CODELISTS[col.codelist]), f"is not in the {col.codelist} codelist")
        if col.codelist and col.kind == "list":
            checker.list_values_not_in(col.name, set(schema.CODELISTS[col.codelist]), "is not a known theme code")
    return usable


def _check_years(checker: _Checker, name: str) -> np.ndarray:
    years = checker.column(name).to_numpy(zero_copy_only=False).astype("float64")
    outside = ~np.isnan(years) & ((years < schema.YEAR_MIN) | (years > schema.YEAR_MAX))
    checker.report(name, outside, f"year must be between {schema.YEAR_MIN} and {schema.YEAR_MAX}")
    return years


def _check_initiatives(table: pa.Table, ref: Reference) -> tuple[list[Problem], pa.Array | None]:
    checker = _Checker(schema.INITIATIVES_FILE, table)
    usable = _check_columns(checker, schema.INITIATIVE_COLUMNS)
    ids = None
    if "initiative_id" in usable:
        ids_arr = checker.column("initiative_id")
        counts = pc.value_counts(ids_arr.combine_chunks())
        dupes = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
        if len(dupes):
            mask = pc.is_in(ids_arr, value_set=dupes).to_numpy(zero_copy_only=False)
            checker.report("initiative_id", mask, "initiative_id must be unique")
        ids = pc.drop_null(counts.field("values"))
    if "start_year" in usable:
        start = _check_years(checker, "start_year")
        if "end_year" in usable:
            end = _check_years(checker, "end_year")
            checker.report("end_year", end < start, "end_year is before start_year")
    if "themes" in usable:
        checker.report("themes", checker.list_lengths("themes") == 0, "needs at least one theme")
    if "sdgs" in usable:
        flat, parents = _flatten_values(checker.column("sdgs"))
        outside = ~np.isin(flat, np.array(schema.SDGS))
        mask = np.zeros(table.num_rows, bool)
        mask[parents[outside]] = True
        checker.report("sdgs", mask, "an SDG is a number from 1 to 17")
    for side in ("provider", "receiver"):
        countries, areas = f"{side}s", f"{side}_regions"
        if countries in usable:
            checker.list_values_not_in(countries, ref.iso3, "is not an ISO3 code in countries.parquet")
        if areas in usable:
            checker.list_values_not_in(areas, ref.areas, "is not a UN M49 region name")
        if countries in usable and areas in usable:
            empty = (checker.list_lengths(countries) == 0) & (checker.list_lengths(areas) == 0)
            others = areas
            if side == "provider" and "provider_orgs" in usable:
                empty &= checker.list_lengths("provider_orgs") == 0
                others = f"{areas} or provider_orgs"
            checker.report(countries, empty, f"no {side} named: {countries} may be empty only if {others} is not")
    if "provider_orgs" in usable:
        flat, parents = _flatten(checker.column("provider_orgs"))
        bad = pc.or_kleene(pc.is_null(flat), pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(flat)), 0))
        mask = np.zeros(table.num_rows, bool)
        mask[parents[pc.fill_null(bad, True).to_numpy(zero_copy_only=False)]] = True
        checker.report("provider_orgs", mask, "an organisation's name may not be empty")
    for name in ("providers", "receivers", "provider_regions", "receiver_regions", "themes", "facilitators",
                 "provider_orgs"):
        if name in usable:
            keys, width = _row_keys(checker.column(name))
            keys.sort()
            twice = np.zeros(table.num_rows, bool)
            twice[keys[1:][keys[1:] == keys[:-1]] // width] = True
            checker.report(name, twice, "lists the same value twice")
    if {"providers", "receivers", "provider_regions", "receiver_regions"} <= usable:
        checker.report("receivers", _no_pair_mask(checker), "every provider is also the only receiver: no "
                       "provider→receiver pair other than a country with itself")
    return checker.problems, ids


def _flatten(lists: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """The values of a list column, as text, and the row each value belongs to."""
    array = pa.concat_arrays(lists.chunks) if lists.num_chunks else pa.array([], lists.type)
    flat = pc.list_flatten(array)
    if pa.types.is_dictionary(flat.type):
        flat = flat.cast(flat.type.value_type)
    return flat.cast(pa.string()), pc.list_parent_indices(array).to_numpy().astype(np.int64)


def _flatten_values(lists: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """The values of a list column of numbers (null as -1) and the row each belongs to."""
    array = pa.concat_arrays(lists.chunks) if lists.num_chunks else pa.array([], lists.type)
    flat = pc.fill_null(pc.list_flatten(array).cast(pa.int64()), -1).to_numpy(zero_copy_only=False)
    return flat, pc.list_parent_indices(array).to_numpy().astype(np.int64)


def _row_keys(lists: pa.ChunkedArray, vocabulary: pa.Array | None = None) -> tuple[np.ndarray, int]:
    """Encode each (row, value) of a list column as one integer: row * width + value index."""
    flat, parents = _flatten(lists)
    if vocabulary is None:
        vocabulary = pc.unique(flat)
    width = max(len(vocabulary), 1)
    index = pc.fill_null(pc.index_in(flat, value_set=vocabulary), -1).to_numpy()
    return parents * width + index, width


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """Unique values by sorting (much faster than hashing for large integer keys)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys


def _no_pair_mask(checker: _Checker) -> np.ndarray:
    """Rows whose provider→receiver pairs are all self-pairs (so value could not be allocated)."""
    n_prov = checker.list_lengths("providers") + checker.list_lengths("provider_regions")
    if "provider_orgs" in checker.table.column_names:
        n_prov = n_prov + checker.list_lengths("provider_orgs")
    n_recv = checker.list_lengths("receivers") + checker.list_lengths("receiver_regions")
    providers, receivers = checker.column("providers"), checker.column("receivers")
    vocabulary = pc.unique(pa.concat_arrays([_flatten(providers)[0], _flatten(receivers)[0]]))
    p_keys, width = _row_keys(providers, vocabulary)
    r_keys, _ = _row_keys(receivers, vocabulary)
    shared_rows = np.intersect1d(_sorted_unique(p_keys), _sorted_unique(r_keys), assume_unique=True) // width
    self_pairs = np.bincount(shared_rows, minlength=checker.table.num_rows)
    pairs = n_prov * n_recv
    return (pairs > 0) & (pairs - self_pairs <= 0)


def _check_funding(table: pa.Table, ref: Reference, ids: pa.Array | None) -> list[Problem]:
    checker = _Checker(schema.FUNDING_FILE, table)
    usable = _check_columns(checker, schema.FUNDING_COLUMNS)
    if "initiative_id" in usable and ids is not None:
        checker.not_in("initiative_id", ids, "is not an initiative_id in initiatives.parquet")
    if "funder_iso3" in usable:
        checker.not_in("funder_iso3", ref.iso3, "is not an ISO3 code in countries.parquet")
    if "amount_usd" in usable:
        amounts = checker.column("amount_usd").to_numpy(zero_copy_only=False).astype("float64")
        valid = checker.table.column("amount_usd").is_valid().to_numpy(zero_copy_only=False)
        checker.report("amount_usd", valid & np.isnan(amounts), "NaN is not an amount: use null for not reported")
        checker.report("amount_usd", valid & np.isinf(amounts), "amount must be finite")
        checker.report("amount_usd", valid & (amounts < 0), "amount may not be negative")
    if "year" in usable:
        _check_years(checker, "year")
    if "amount_usd" in usable:
        has_rate = "usd_rate" in checker.table.column_names
        for name in checker.table.column_names:
            if UNIT_LIKE.search(name) and name not in ("amount_original", "usd_rate") and not (
                    name == "currency" and has_rate):
                checker.problems.append(Problem(checker.file, name, (
                    "names a currency or unit beside amount_usd, which holds US$ only: convert the amounts "
                    "with python -m dashboard.ingest (it keeps the original amount, currency and rate), or drop "
                    "the column")))
    return checker.problems


def unknown_columns(initiatives: pa.Table | None, funding: pa.Table | None) -> list[str]:
    """Warnings for columns the contract does not know (they are loaded but nothing reads them)."""
    out = []
    for file, table, columns in ((schema.INITIATIVES_FILE, initiatives, schema.INITIATIVE_COLUMNS),
                                 (schema.FUNDING_FILE, funding, schema.FUNDING_COLUMNS)):
        known = {c.name for c in columns + schema.OPTIONAL[file]}
        for name in table.column_names if table is not None else ():
            if name not in known and not UNIT_LIKE.search(name):
                out.append(f"{file}, column '{name}': not in the contract; the app ignores it")
    return out


def check_tables(initiatives: pa.Table | None, funding: pa.Table | None, ref: Reference) -> list[Problem]:
    """Every rule of the contract, checked on tables already read."""
    problems: list[Problem] = []
    ids = None
    if initiatives is not None:
        found, ids = _check_initiatives(initiatives, ref)
        problems += found
    if funding is not None:
        problems += _check_funding(funding, ref, ids)
    return problems


def validate_dataset(directory: Path, countries_path: Path = DEFAULT_COUNTRIES) -> list[Problem]:
    """Check a dataset directory against the contract; return every problem (empty when valid)."""
    initiatives, funding, problems = read_tables(directory)
    return problems + check_tables(initiatives, funding, load_reference(countries_path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate an SSC Flows dataset directory.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--countries", type=Path, default=DEFAULT_COUNTRIES)
    args = parser.parse_args(argv)
    problems = validate_dataset(args.directory, args.countries)
    initiatives, funding, _ = read_tables(args.directory)
    for warning in unknown_columns(initiatives, funding):
        print(f"warning: {warning}")
    if problems:
        print(f"{args.directory}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"- {problem}")
        return 1
    print(f"{args.directory}: valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
