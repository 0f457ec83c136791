"""The view's data (questions.records and words.bundle): exactly the filtered initiatives, all their participants
and funding rows, checked against the plain-Python oracle; CSV made inert, Parquet as it is; the zip streams and
holds what its README says; the API serves it (GET /api/v1/export.zip) by the link keys."""

from __future__ import annotations

import io
import shutil
import zipfile

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from paths import REFERENCE
from starlette.applications import Starlette
from starlette.testclient import TestClient
from test_queries import FILTERS

from dashboard import api
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.questions import records
from dashboard.words import bundle

CLIENT = TestClient(Starlette(routes=api.routes()))



def written(store, f: Filters, folder) -> dict[str, pd.DataFrame]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    rows = records.write_records(store, f, folder)
    tables = {t: pd.read_parquet(folder / f"{t}.parquet") for t in records.TABLES}
    assert rows == {t: len(frame) for t, frame in tables.items()}
    for table, frame in tables.items():  # the CSV holds the same rows
        assert len(pd.read_csv(folder / f"{table}.csv", keep_default_na=False)) == len(frame)
    return tables


@given(f=FILTERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_records_are_the_filtered_initiatives_with_all_their_participants_and_funding(
        f, generated_store, oracle, tmp_path_factory):
    tables = written(generated_store, f, tmp_path_factory.getbasetemp() / "records")
    chosen = oracle.select(f)
    assert list(tables["initiatives"]["initiative_id"]) == sorted(r.initiative_id for r in chosen)
    expected = set()
    for row in chosen:
        for kind, code in {*row.providers, *row.receivers}:
            expected.add((row.initiative_id, kind, (kind, code) in row.providers, (kind, code) in row.receivers))
    got = tables["participants"]
    assert set(zip(got["initiative_id"], got["kind"], got["provider"], got["receiver"], strict=True)) <= expected
    assert len(got) == sum(len({*r.providers, *r.receivers}) for r in chosen)
    funding = tables["funding"]
    assert len(funding) == sum(len(r.funding) for r in chosen)
    known = [x["amount_usd"] for r in chosen for x in r.funding if x["amount_usd"] is not None]
    assert funding["amount_usd"].sum() == pytest.approx(sum(known))
    assert funding["amount_usd"].isna().sum() == sum(x["amount_usd"] is None for r in chosen for x in r.funding)


def test_csv_text_a_spreadsheet_would_run_starts_with_a_quote_parquet_keeps_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REFERENCE, data)
    table = pq.read_table(data / "initiatives.parquet")
    titles = table.column("title").to_pylist()
    titles[0] = '=HYPERLINK("http://evil.example","click")'
    pq.write_table(table.set_column(table.column_names.index("title"), "title", pa.array(titles)),
                   data / "initiatives.parquet")
    tables = written(open_store(data), Filters(), tmp_path / "out")
    assert titles[0] in set(tables["initiatives"]["title"])
    csv = pd.read_csv(tmp_path / "out" / "initiatives.csv")
    assert "'" + titles[0] in set(csv["title"]) and not csv["title"].str.startswith("=").any()


def test_the_zip_streams_in_chunks_and_holds_what_its_readme_lists(tmp_path):
    store = open_store(REFERENCE)
    rows = records.write_records(store, Filters(receiver_regions=("Africa",)), tmp_path)
    files = [tmp_path / f"{t}.{fmt}" for t in records.TABLES for fmt in ("csv", "parquet")]
    chunks = list(bundle.stream(files, {"README.md": "words", "dataset.yaml": "title: x\n"}))
    assert len(chunks) > 3
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(["README.md", "dataset.yaml", *(p.name for p in files)])
    assert archive.read("initiatives.csv") == (tmp_path / "initiatives.csv").read_bytes()
    assert rows["initiatives"] == 11


def test_the_api_serves_the_view_s_data_as_one_zip():
    answer = CLIENT.get("/api/v1/export.zip?rr=Africa&th=gender")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].startswith('attachment; filename="ssc-flows-reference-')
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    readme = archive.read("README.md").decode()
    initiatives = pd.read_parquet(io.BytesIO(archive.read("initiatives.parquet")))
    kpis = CLIENT.get("/api/v1/kpis.json?rr=Africa&th=gender").json()["data"][0]
    assert len(initiatives) == kpis["initiatives"] > 0
    assert f"initiatives.csv and initiatives.parquet: {len(initiatives)} rows" in readme
    assert "Receivers: Africa" in readme and "Themes: Gender" in readme and "/?rr=Africa&th=gender" in readme
    assert "Licence" in readme and "`amount_usd`" in readme and "split evenly" in readme
    assert archive.read("dataset.yaml").decode() == (REFERENCE / "dataset.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("query, key", [("rr=Atlantis", "rr"), ("nope=1", "nope"), ("ds=../../etc", "ds"),
                                        ("q=%27%3B+DROP+TABLE+initiatives%3B--&yr=3000-1", "yr")])
def test_a_bad_export_request_is_refused_with_the_key_that_cannot_be_used(query, key):
    answer = CLIENT.get(f"/api/v1/export.zip?{query}")
    assert answer.status_code == 400 and answer.json()["key"] == key
