"""Built databases on disk: built once, opened read-only, rebuilt only when the data (or the code) changes."""

from __future__ import annotations

import shutil
import threading
import time

import duckdb
import pytest
from paths import DEMO, REFERENCE

from dashboard import questions
from dashboard.data import built, prices
from dashboard.data.filters import Filters
from dashboard.data.reading import DatasetError
from dashboard.data.store import open_store


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "built"
    monkeypatch.setenv("SSC_BUILT_DIR", str(where))
    return where


@pytest.fixture
def builds(monkeypatch):
    """The dataset directories built (not merely opened)."""
    done: list = []
    real = built.build

    def counted(directory, *args, **kwargs):
        done.append(directory)
        return real(directory, *args, **kwargs)

    monkeypatch.setattr(built, "build", counted)
    return done


def test_a_dataset_is_built_once_then_opened_read_only_with_the_same_numbers(folder, builds, tmp_path):
    data = tmp_path / "reference"
    shutil.copytree(REFERENCE, data)
    first = built.open_built(data)
    second = built.open_built(data)
    assert builds == [data] and len(list(folder.glob("*.duckdb"))) == 1
    expected = questions.kpis(open_store(data), Filters(receiver_regions=("Africa",)))
    for store in (first, second):
        assert questions.kpis(store, Filters(receiver_regions=("Africa",))).equals(expected)
        assert store.version == open_store(data).version and store.places == open_store(data).places
    with pytest.raises(duckdb.Error, match="read-only"):
        second.cursor().execute("DELETE FROM initiatives")


def test_changed_files_are_built_again_and_the_older_build_removed(folder, builds, tmp_path):
    data = tmp_path / "d"
    shutil.copytree(REFERENCE, data)
    before = built.open_built(data)
    shutil.copy(DEMO / "initiatives.parquet", data / "initiatives.parquet")
    shutil.copy(DEMO / "funding_sources.parquet", data / "funding_sources.parquet")
    after = built.open_built(data)
    assert len(builds) == 2 and len(list(folder.glob("*.duckdb"))) == 1
    assert questions.kpis(after, Filters()).iloc[0]["initiatives"] == questions.kpis(open_store(DEMO), Filters()
                                                                                     ).iloc[0]["initiatives"]
    assert questions.kpis(before, Filters()).iloc[0]["initiatives"] != questions.kpis(after, Filters()
                                                                                      ).iloc[0]["initiatives"]


def test_constant_prices_keep_what_they_are_in_the_built_database(folder, builds):
    store = built.open_built(REFERENCE, prices.CONSTANT)
    assert store.prices == open_store(REFERENCE, basis=prices.CONSTANT).prices
    assert store.prices.basis == prices.CONSTANT and store.prices.base_year
    assert built.open_built(REFERENCE).prices == prices.Prices()  # the current basis is its own build
    assert len(builds) == 2


def test_a_broken_dataset_leaves_nothing_on_disk(folder, tmp_path):
    data = tmp_path / "broken"
    shutil.copytree(REFERENCE, data)
    (data / "initiatives.parquet").write_bytes(b"not parquet")
    with pytest.raises(DatasetError):
        built.open_built(data)
    assert not list(folder.glob("*.duckdb")) and not list(folder.glob("*partial*"))
    (data / "funding_sources.parquet").unlink()
    with pytest.raises(DatasetError, match="funding_sources"):  # a missing file: its problem named, not an OSError
        built.open_built(data)


def test_two_replicas_starting_together_build_once(folder, builds, tmp_path, monkeypatch):
    data = tmp_path / "d"
    shutil.copytree(DEMO, data)
    real = built.build

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(built, "build", slow)
    stores: list = []
    threads = [threading.Thread(target=lambda: stores.append(built.open_built(data))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stores) == 2 and len(builds) == 1 and len(list(folder.glob("*.duckdb"))) == 1
    assert stores[0].version == stores[1].version


def test_off_builds_in_memory_and_remove_clears_a_dataset(folder, monkeypatch, tmp_path):
    data = tmp_path / "d"
    shutil.copytree(DEMO, data)
    built.open_built(data)
    built.open_built(data, prices.CONSTANT)
    assert len(built.built(data)) == 2
    built.remove(data)
    assert built.built(data) == [] and not list(folder.iterdir())
    monkeypatch.setenv("SSC_BUILT_DIR", "off")
    assert built.folder() is None and built.open_built(data).version and built.built(data) == []


def test_the_key_follows_the_data_the_reference_table_and_the_code(tmp_path, monkeypatch):
    data = tmp_path / "d"
    shutil.copytree(DEMO, data)
    one = built.key(data)
    assert built.key(data) == one and built.key(data, prices.CONSTANT) != one
    (data / "dataset.yaml").write_text("title: another title\n", encoding="utf-8")
    assert built.key(data) == one  # a title is not in the tables
    monkeypatch.setattr(built, "code_digest", lambda: "other code")
    assert built.key(data) != one
