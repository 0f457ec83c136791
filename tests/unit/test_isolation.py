"""One dataset's trouble stays its own: a dataset loads under its own lock (a slow one keeps no one else waiting),
a failed load is remembered until its files change, and the store cache is sized by memory."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest
from paths import DEMO, REFERENCE

from dashboard.data import cache as store_cache
from dashboard.data import store
from dashboard.data.reading import DatasetError


@pytest.fixture
def fresh(monkeypatch):
    """An empty store cache, and a count of the loads open_store makes."""
    monkeypatch.setattr(store_cache, "_SLOTS", store_cache.OrderedDict())
    loads: list[str] = []
    real = store.open_store

    def counted(path, *args, **kwargs):
        loads.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(store_cache, "open_store", counted)
    return loads


def broken(into):
    shutil.copytree(REFERENCE, into)
    (into / "initiatives.parquet").write_bytes(b"not parquet")
    return into


def test_a_failed_load_is_remembered_until_the_files_change(tmp_path, fresh):
    path = broken(tmp_path / "broken")
    for _ in range(5):
        with pytest.raises(DatasetError):
            store_cache.shared(str(path))
    assert fresh == [str(path)]  # loaded once, refused five times
    shutil.copy(REFERENCE / "initiatives.parquet", path / "initiatives.parquet")
    later = time.time() + 5
    os.utime(path / "initiatives.parquet", (later, later))
    assert store_cache.shared(str(path)).version and len(fresh) == 2  # a new file: loaded again, and now it opens


def test_a_slow_load_keeps_no_one_else_waiting(tmp_path, fresh, monkeypatch):
    healthy = store_cache.shared(str(REFERENCE))
    slow = tmp_path / "slow"
    shutil.copytree(DEMO, slow)
    loading = threading.Event()
    real = store.open_store

    def crawl(path, *args, **kwargs):
        if path == slow:
            loading.set()
            time.sleep(2)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(store_cache, "open_store", crawl)
    worker = threading.Thread(target=store_cache.shared, args=(str(slow),))
    worker.start()
    assert loading.wait(5)
    start = time.perf_counter()
    assert store_cache.shared(str(REFERENCE)) is healthy
    assert time.perf_counter() - start < 0.5  # not the 2 s the other dataset takes
    worker.join()


def test_the_cache_keeps_what_fits_in_its_memory(tmp_path, fresh, monkeypatch):
    copies = [tmp_path / f"d{i}" for i in range(3)]
    for path in copies:
        shutil.copytree(DEMO, path)
    one = store_cache.memory_mb(store_cache.shared(str(copies[0])))
    monkeypatch.setattr(store_cache, "CACHE_MB", one * 2.5)  # room for two
    for path in copies:
        store_cache.shared(str(path))
    assert [key.split("\0")[0] for key in store_cache.loaded()] == [str(copies[1]), str(copies[2])]
    store_cache.shared(str(copies[1]))
    assert len(fresh) == 3  # a store still held is not loaded again
    monkeypatch.setattr(store_cache, "CACHE_MB", 1.0)
    store_cache.shared(str(REFERENCE))
    assert list(store_cache.loaded()) == [f"{REFERENCE}\0current"]  # the one just used always stays


def test_a_deleted_dataset_s_store_is_forgotten_at_once(tmp_path, fresh):
    path = tmp_path / "d"
    shutil.copytree(REFERENCE, path)
    store_cache.shared(str(path))
    store_cache.forget(str(path))
    assert str(path) not in {key.split("\0")[0] for key in store_cache.loaded()}
