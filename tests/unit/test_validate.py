"""One broken dataset per contract rule, each producing its own clear message."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from paths import DEMO, REFERENCE

from dashboard.data import schema, tables, validate
from dashboard.data.reading import DatasetError
from dashboard.data.store import open_store
from dashboard.data.validate import validate_dataset

Rows = list[dict]


def nullable(arrow: pa.Schema) -> pa.Schema:
    """The contract's schema with every field nullable, so broken rows can be written."""
    return pa.schema([f.with_nullable(True) for f in arrow])


def write(directory: Path, initiatives: Rows | pa.Table, funding: Rows | pa.Table) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if isinstance(initiatives, list):
        initiatives = pa.Table.from_pylist(initiatives, schema=nullable(tables.INITIATIVES_SCHEMA))
    if isinstance(funding, list):
        funding = pa.Table.from_pylist(funding, schema=nullable(tables.FUNDING_SCHEMA))
    tables.write_dataset(initiatives, funding, directory)
    return directory


def reference_rows() -> tuple[Rows, Rows]:
    return (pq.read_table(REFERENCE / schema.INITIATIVES_FILE).to_pylist(),
            pq.read_table(REFERENCE / schema.FUNDING_FILE).to_pylist())


def broken(tmp_path: Path, change: Callable[[Rows, Rows], None]) -> list[str]:
    initiatives, funding = reference_rows()
    change(initiatives, funding)
    return [str(p) for p in validate_dataset(write(tmp_path / "data", initiatives, funding))]


def edit(index: int, **values) -> Callable[[Rows, Rows], None]:
    def change(initiatives: Rows, funding: Rows) -> None:
        initiatives[index].update(values)
    return change


def edit_funding(index: int, **values) -> Callable[[Rows, Rows], None]:
    def change(initiatives: Rows, funding: Rows) -> None:
        funding[index].update(values)
    return change


def test_committed_datasets_are_valid():
    assert validate_dataset(REFERENCE) == []
    assert validate_dataset(DEMO) == []


# (rule, change, words the message must contain)
CASES = [
    ("duplicate id", lambda i, f: i.append(dict(i[0])),
     ["column 'initiative_id'", "rows 1 ('IFAD-01'), 37 ('IFAD-01')", "must be unique"]),
    ("null title", edit(0, title=None), ["column 'title'", "row 1 ('IFAD-01')", "may not be null"]),
    ("unknown theme", edit(2, themes=["astrology"]), ["column 'themes'", "'astrology' is not a known theme code"]),
    ("no theme", edit(2, themes=[]), ["column 'themes'", "needs at least one theme"]),
    ("unknown ISO3", edit(3, providers=["XYZ"]), ["column 'providers'", "'XYZ' is not an ISO3 code"]),
    ("unknown region", edit(3, receiver_regions=["Atlantis"]),
     ["column 'receiver_regions'", "'Atlantis' is not a UN M49 region name"]),
    ("no provider", edit(4, providers=[], provider_regions=[]), ["no provider named"]),
    ("end before start", edit(0, start_year=2010, end_year=2001), ["column 'end_year'", "before start_year"]),
    ("year out of range", edit(0, start_year=1900), ["column 'start_year'", "between 1950 and 2100"]),
    ("bad status", edit(0, status="done"), ["column 'status'", "'done' is not in the status codelist"]),
    ("bad evidence", edit(0, evidence="proven"), ["column 'evidence'", "'proven' is not in the evidence codelist"]),
    ("value listed twice", edit(6, receivers=["KHM", "KHM"]), ["column 'receivers'", "the same value twice"]),
    ("only a self-pair", edit(6, providers=["KHM"], receivers=["KHM"]), ["no provider→receiver pair"]),
    ("null inside a list", edit(6, receivers=["KHM", None]), ["column 'receivers'", "may not contain null"]),
    ("funding for unknown initiative", edit_funding(0, initiative_id="GHOST-1"),
     ["funding_sources.parquet", "column 'initiative_id'", "'GHOST-1' is not an initiative_id"]),
    ("negative amount", edit_funding(0, amount_usd=-5.0), ["column 'amount_usd'", "may not be negative"]),
    ("NaN amount", edit_funding(0, amount_usd=float("nan")), ["NaN is not an amount"]),
    ("infinite amount", edit_funding(0, amount_usd=float("inf")), ["must be finite"]),
    ("unknown funder country", edit_funding(0, funder_iso3="ZZZ"), ["column 'funder_iso3'", "'ZZZ' is not an ISO3"]),
    ("bad source type", edit_funding(0, source_type="lottery"),
     ["column 'source_type'", "'lottery' is not in the source_type codelist"]),
    ("funding year out of range", edit_funding(0, year=2200), ["column 'year'", "between 1950 and 2100"]),
    ("null funder", edit_funding(0, funder=None), ["column 'funder'", "may not be null"]),
]


@pytest.mark.parametrize(("rule", "change", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_has_its_message(tmp_path, rule, change, words):
    problems = broken(tmp_path, change)
    assert len(problems) == 1, problems
    for word in words:
        assert word in problems[0], (word, problems[0])


def test_every_problem_is_reported_at_once(tmp_path):
    def many(initiatives: Rows, funding: Rows) -> None:
        for change in (edit(0, status="done"), edit(1, themes=["x"]), edit(2, start_year=1800),
                       edit_funding(3, amount_usd=-1.0), edit_funding(4, initiative_id="NOPE")):
            change(initiatives, funding)

    problems = broken(tmp_path, many)
    assert len(problems) == 5


def test_many_rows_are_counted_not_listed(tmp_path):
    def all_bad(initiatives: Rows, funding: Rows) -> None:
        for row in initiatives:
            row["evidence"] = "proven"

    [problem] = broken(tmp_path, all_bad)
    assert "and 31 more" in problem  # 36 rows: five named, the rest counted


def replace_column(table: pa.Table, name: str, array: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, array)


def test_missing_column(tmp_path):
    initiatives = pq.read_table(REFERENCE / schema.INITIATIVES_FILE).drop_columns(["evidence"])
    funding = pq.read_table(REFERENCE / schema.FUNDING_FILE)
    problems = [str(p) for p in validate_dataset(write(tmp_path, initiatives, funding))]
    assert problems == ["initiatives.parquet, column 'evidence': required column is missing"]


def test_wrong_type(tmp_path):
    initiatives = pq.read_table(REFERENCE / schema.INITIATIVES_FILE)
    years = pa.array([str(y) for y in initiatives.column("start_year").to_pylist()], pa.string())
    funding = pq.read_table(REFERENCE / schema.FUNDING_FILE)
    amounts = pa.array(["a lot"] * funding.num_rows, pa.string())
    directory = write(tmp_path, replace_column(initiatives, "start_year", years),
                      replace_column(funding, "amount_usd", amounts))
    problems = [str(p) for p in validate_dataset(directory)]
    assert "initiatives.parquet, column 'start_year': must be an integer, found string" in problems
    assert "funding_sources.parquet, column 'amount_usd': must be a number, found string" in problems


@pytest.mark.parametrize("arrow_type", [pa.null(), pa.int32(), pa.float64(), pa.string()])
def test_a_nullable_column_may_be_entirely_null_in_any_type(tmp_path, arrow_type):
    """pandas writes a column of None as Arrow `null`; other tools use int32 or double: none is a broken file."""
    initiatives = pq.read_table(REFERENCE / schema.INITIATIVES_FILE)
    funding = pq.read_table(REFERENCE / schema.FUNDING_FILE)
    funding = replace_column(funding, "funder_iso3", pa.nulls(funding.num_rows, arrow_type))
    initiatives = replace_column(initiatives, "description", pa.nulls(initiatives.num_rows, arrow_type))
    pq.write_table(initiatives, tmp_path / schema.INITIATIVES_FILE)  # as the other tool wrote them
    pq.write_table(funding, tmp_path / schema.FUNDING_FILE)
    assert validate_dataset(tmp_path) == []
    assert open_store(tmp_path).cursor().execute("SELECT count(funder_iso3) FROM funding").fetchone() == (0,)


def test_whole_numbers_stored_as_floats_are_years(tmp_path):
    """pandas stores an integer column with a missing value as float64."""
    initiatives = pq.read_table(REFERENCE / schema.INITIATIVES_FILE)
    years = initiatives.column("start_year").cast(pa.float64())
    pq.write_table(replace_column(initiatives, "start_year", years), tmp_path / schema.INITIATIVES_FILE)
    pq.write_table(pq.read_table(REFERENCE / schema.FUNDING_FILE), tmp_path / schema.FUNDING_FILE)
    assert validate_dataset(tmp_path) == []
    halves = pa.array([None if y is None else y + 0.5 for y in years.to_pylist()], pa.float64())
    pq.write_table(replace_column(initiatives, "start_year", halves), tmp_path / schema.INITIATIVES_FILE)
    assert [str(p) for p in validate_dataset(tmp_path)] == [
        "initiatives.parquet, column 'start_year': must be an integer, found double"]


def test_unreadable_and_missing_files(tmp_path):
    shutil.copytree(REFERENCE, tmp_path / "d")
    (tmp_path / "d" / schema.INITIATIVES_FILE).write_text("this is not parquet")
    (tmp_path / "d" / schema.FUNDING_FILE).unlink()
    problems = [str(p) for p in validate_dataset(tmp_path / "d")]
    assert len(problems) == 2
    assert problems[0].startswith("initiatives.parquet: cannot be read as Parquet")
    assert problems[1].startswith("funding_sources.parquet: file is missing")
    assert [str(p) for p in validate_dataset(tmp_path / "nowhere")] == [f"{tmp_path / 'nowhere'}: is not a directory"]


def test_store_refuses_a_broken_dataset(tmp_path):
    initiatives = pq.read_table(REFERENCE / schema.INITIATIVES_FILE).drop_columns(["providers"])
    directory = write(tmp_path, initiatives, pq.read_table(REFERENCE / schema.FUNDING_FILE))
    with pytest.raises(DatasetError) as caught:
        open_store(directory)
    assert [str(p) for p in caught.value.problems] == [
        "initiatives.parquet, column 'providers': required column is missing"
    ]
    assert "fails validation" in str(caught.value)


def test_cli(tmp_path, capsys):
    assert validate.main([str(REFERENCE)]) == 0
    assert "valid" in capsys.readouterr().out
    initiatives, funding = reference_rows()
    initiatives[0]["status"] = "done"
    assert validate.main([str(write(tmp_path, initiatives, funding))]) == 1
    out = capsys.readouterr().out
    assert "1 problem(s)" in out and "'done' is not in the status codelist" in out


def test_every_distinct_bad_value_is_reported_with_its_count_the_allowed_codes_and_close_matches(tmp_path):
    def seven(initiatives: Rows, funding: Rows) -> None:
        for i, value in enumerate(["complete", "done", "x1", "x2", "x3", "x4", "x5", "done"]):
            initiatives[i]["status"] = value

    problems = broken(tmp_path, seven)
    assert len(problems) == 7  # every distinct value (the validator used to stop at five)
    done = next(p for p in problems if "'done'" in p)
    assert "rows 2 ('" in done and "8 (" in done  # both rows that hold it
    complete = next(p for p in problems if "'complete'" in p)
    assert "did you mean 'completed'?" in complete and "(allowed: completed, ongoing, planned, unknown)" in complete


def test_a_currency_column_beside_amount_usd_is_refused_and_unknown_columns_are_warned(tmp_path, capsys):
    initiatives, funding = reference_rows()
    directory = write(tmp_path / "data", initiatives, funding)
    table = pq.read_table(directory / schema.FUNDING_FILE)
    pq.write_table(table.append_column("currency", pa.array(["EUR"] * table.num_rows)),
                   directory / schema.FUNDING_FILE)
    problems = [str(p) for p in validate_dataset(directory)]
    assert len(problems) == 1 and "column 'currency': names a currency or unit beside amount_usd" in problems[0]
    with_rate = table.append_column("currency", pa.array(["EUR"] * table.num_rows)).append_column(
        "usd_rate", pa.array([0.8] * table.num_rows)).append_column("notes", pa.array(["x"] * table.num_rows))
    pq.write_table(with_rate, directory / schema.FUNDING_FILE)  # an import's columns: the rate says what was done
    assert validate_dataset(directory) == []
    assert validate.main([str(directory)]) == 0
    assert "warning: funding_sources.parquet, column 'notes': not in the contract" in capsys.readouterr().out


def test_sdgs_are_numbers_from_1_to_17(tmp_path):
    initiatives, funding = reference_rows()
    directory = write(tmp_path / "data", initiatives, funding)
    table = pq.read_table(directory / schema.INITIATIVES_FILE)
    sdgs = [[3, 18]] + [[]] * (table.num_rows - 1)
    listed = table.append_column("sdgs", pa.array(sdgs, pa.list_(pa.int8())))
    pq.write_table(listed, directory / schema.INITIATIVES_FILE)
    [problem] = [str(p) for p in validate_dataset(directory)]
    assert "column 'sdgs', row 1" in problem and "an SDG is a number from 1 to 17" in problem
