"""Hostile files and bad luck, bounded: each import ends in bounded time and memory with a message a person can act
on, saves are atomic, symlinks are never followed, and no live formula or server path leaves the app."""

from __future__ import annotations

import datetime
import errno
import io
import itertools
import multiprocessing
import os
import pickle
import shutil
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from paths import REFERENCE, ROOT

from dashboard.data import datasets
from dashboard.ingest import ZIP_MAX_BYTES, Result, run, worker
from dashboard.ingest.readers import MAX_COLUMNS, SourceError, Table
from dashboard.settings import Settings


def timed(seconds: float):
    """A context that fails the test when its body takes longer than seconds."""

    class Clock:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            assert time.perf_counter() - self.start < seconds, f"took over {seconds} s"

    return Clock()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_repeating_one_name_reads_in_linear_time(tmp_path):
    header = ",".join(["Title"] * MAX_COLUMNS)
    source = write(tmp_path / "h.csv", header + "\n" + ",".join(["x"] * MAX_COLUMNS) + "\n")
    with timed(5):
        result = run([source], tmp_path / "out")
    assert result.rows_in == 1  # read (Title, Title (2)…), then refused for what it lacks, not hung


def test_a_header_of_a_hundred_thousand_columns_is_refused_with_the_limit(tmp_path):
    source = write(tmp_path / "w.csv", ",".join(f"c{i}" for i in range(100_000)) + "\n1,2\n")
    with timed(5), pytest.raises(SourceError, match="100,000 columns, over the limit of 1,000"):
        run([source], tmp_path / "out")


def bomb_zip(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("initiatives.parquet", b"\0" * size)
    return path


def test_a_zip_bomb_is_refused_by_its_ratio_and_its_total(tmp_path):
    with timed(10), pytest.raises(SourceError, match="unpacks to 50 MB"):
        run([bomb_zip(tmp_path / "ratio.zip", 50_000_000)], tmp_path / "out")
    assert ZIP_MAX_BYTES == 256 * 1024 * 1024


def test_a_zip_of_parquet_with_the_wrong_columns_gets_the_contract_s_problems(tmp_path):
    buffer = io.BytesIO()
    pd.DataFrame({"a": [1], "b": ["x"]}).to_parquet(buffer)
    with zipfile.ZipFile(tmp_path / "wrong.zip", "w") as archive:
        archive.writestr("initiatives.parquet", buffer.getvalue())
        archive.writestr("funding_sources.parquet", buffer.getvalue())
    result = run([tmp_path / "wrong.zip"], tmp_path / "out")
    assert not result.written and any("missing" in p or "column" in p for p in result.problems)


def test_a_doctype_after_64_kb_of_comments_is_refused(tmp_path):
    text = '<?xml version="1.0"?>\n' + "<!-- padding -->\n" * 5000 + '<!DOCTYPE x [<!ENTITY a "b">]>\n' \
        '<iati-activities version="2.03"></iati-activities>'
    assert len(text) > 65536
    with pytest.raises(SourceError, match="declares a DTD or entities"):
        run([write(tmp_path / "late.xml", text)], tmp_path / "out")


def test_a_40_mb_single_field_is_a_message(tmp_path):
    source = tmp_path / "field.csv"
    source.write_bytes(b'title,provider\n"' + b"x" * 40_000_000 + b'",BRA\n')
    with timed(30), pytest.raises(SourceError, match="cannot be read as CSV"):
        run([source], tmp_path / "out")


def test_formulas_in_a_file_are_inert_in_the_import_report(tmp_path):
    source = write(tmp_path / "f.csv", 'initiative_id,title,providers,receivers\n=HYPERLINK("http://x"),A,BRA,ZZZ\n'
                   '+cmd,B,BRA,MOZ\n')
    run([source], tmp_path / "out")
    report = (tmp_path / "out" / "import-report.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in report and ",=HYPERLINK" not in report and "'+cmd" in report


def test_streamlit_s_grids_offer_no_export():
    config = (ROOT / "streamlit_config" / "config.toml").read_text(encoding="utf-8")
    assert "disableDataExport = true" in config and "maxUploadSize = 50" in config


# --- the worker process --------------------------------------------------------------------------


def test_a_worker_that_spins_or_hogs_memory_stops_with_its_reason():
    """Jobs the child can unpickle anywhere (builtins): sum of an endless count spins; a 3 GB bytearray hogs."""
    tight = Settings(import_cpu_seconds=1, import_memory_mb=1024, import_workers=1)
    with timed(30), pytest.raises(worker.WorkerError) as stopped:
        worker.call(tight, sum, itertools.count())
    assert stopped.value.kind == "cpu"
    with timed(30), pytest.raises(worker.WorkerError) as hogged:
        worker.call(tight, bytearray, 3 * 1024 ** 3)
    assert hogged.value.kind == "memory"


def test_a_worker_refuses_as_the_importer_does_and_answers_otherwise(tmp_path):
    with pytest.raises(SourceError, match="empty"):
        worker.call(Settings(), worker.inspect, write(tmp_path / "e.csv", ""), None, tmp_path / "t.pickle")
    source = write(tmp_path / "ok.csv", "title,provider,receiver\nA,Brazil,Mozambique\n")
    found = worker.call(Settings(), worker.inspect, source, None, tmp_path / "t.pickle")
    assert found.kind == "table" and found.preview.columns == ["title", "provider", "receiver"]
    assert found.preview.detected["rows"] == 1 and (tmp_path / "t.pickle").exists()


# --- saved datasets --------------------------------------------------------------------------------


def settings_at(folder: Path) -> Settings:
    return Settings(saved_dir=folder)


def _slow_save(folder: str) -> None:
    """A save whose copy never ends (the test kills it midway)."""
    real = datasets._copy_synced

    def crawl(source, target):
        real(source, target)
        time.sleep(60)

    datasets._copy_synced = crawl
    datasets.save(REFERENCE, settings_at(Path(folder)))


def test_a_save_killed_midway_leaves_nothing_listed_and_is_swept(tmp_path):
    process = multiprocessing.get_context("fork").Process(target=_slow_save, args=(str(tmp_path),))
    process.start()
    deadline = time.time() + 20
    while not any(p.name.startswith(".incoming-") and any(p.iterdir()) for p in tmp_path.iterdir()):
        assert time.time() < deadline
        time.sleep(0.05)
    process.kill()
    process.join()
    assert datasets.saved_datasets(settings_at(tmp_path)) == []
    assert datasets.sweep(settings_at(tmp_path)) == []  # too young: a replica may still be saving it
    swept = datasets.sweep(settings_at(tmp_path), now=time.time() + 2 * datasets.SWEEP_AGE_SECONDS)
    assert swept and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code, kind", [(errno.ENOSPC, "full"), (errno.EROFS, "read-only"), (errno.EIO, "failed")])
def test_a_full_or_read_only_folder_says_why_and_leaves_nothing(tmp_path, monkeypatch, code, kind):
    def refuse(source, target):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(datasets, "_copy_synced", refuse)
    with pytest.raises(datasets.SaveError) as failed:
        datasets.save(REFERENCE, settings_at(tmp_path))
    assert failed.value.kind == kind and list(tmp_path.iterdir()) == []


def test_symlinks_in_the_saved_folder_are_never_followed(tmp_path):
    saved = tmp_path / "saved"
    ident = datasets.save(REFERENCE, settings_at(saved))
    outside = tmp_path / "outside"
    shutil.copytree(REFERENCE, outside)
    (saved / "abcdef12").symlink_to(outside, target_is_directory=True)
    planted = saved / "12345678"
    planted.mkdir()
    for name in ("initiatives.parquet", "funding_sources.parquet"):
        (planted / name).symlink_to(outside / name)
    assert [d.key for d in datasets.saved_datasets(settings_at(saved))] == [ident]
    with pytest.raises(datasets.SaveError):
        datasets.rename("12345678", "x", settings_at(saved))  # no write through a link
    datasets.delete("abcdef12", settings_at(saved))
    assert not (saved / "abcdef12").exists() and (outside / "initiatives.parquet").exists()


def test_rename_racing_delete_never_fails_otherwise_nor_leaves_strays(tmp_path):
    s = settings_at(tmp_path)
    errors = []
    for _ in range(150):
        ident = datasets.save(REFERENCE, s)

        def attempt(act, *args):
            try:
                act(*args)
            except datasets.SaveError as error:
                if error.kind != "gone":
                    errors.append(error.kind)
            except Exception as error:  # anything else is a failure of the test, not of a thread
                errors.append(repr(error))

        racers = [threading.Thread(target=attempt, args=(datasets.rename, ident, "new", s)),
                  threading.Thread(target=attempt, args=(datasets.delete, ident, s))]
        for t in racers:
            t.start()
        for t in racers:
            t.join()
    assert errors == [] and datasets.saved_datasets(s) == []
    assert [p.name for p in tmp_path.iterdir()] == []


def test_a_bad_ds_lists_no_saved_id(tmp_path, monkeypatch):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from dashboard import api

    monkeypatch.setenv("SSC_SAVED_DIR", str(tmp_path))
    ident = datasets.save(REFERENCE, settings_at(tmp_path))
    datasets._OFFERED.clear()
    answer = TestClient(Starlette(routes=api.routes())).get("/api/v1/kpis.json?ds=nope")
    assert answer.status_code == 400 and ident not in answer.text and str(tmp_path) not in answer.text


def test_old_upload_folders_are_swept_and_new_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "UPLOAD_ROOT", tmp_path)
    old, new = tmp_path / "session-old", tmp_path / "session-new"
    for folder in (old, new):
        (folder / "in").mkdir(parents=True)
        (folder / "in" / "upload-1.csv").write_text("x")
    past = time.time() - datasets.UPLOAD_MAX_AGE_SECONDS - 60
    for path in (old / "in" / "upload-1.csv", old / "in", old):
        os.utime(path, (past, past))
    assert datasets.sweep_uploads() == 1 and not old.exists() and new.exists()
    assert datasets.housekeeping(settings_at(tmp_path / "saved")) == []  # nothing left to sweep


def test_the_server_s_upload_limit_is_the_app_s(tmp_path):
    """Streamlit's own upload route refuses what is over server.maxUploadSize: as the server starts, the app makes
    it SSC_UPLOAD_MAX_MB (run in a process of its own: it sets Streamlit's configuration)."""
    import subprocess
    import sys

    code = ("import app; app.housekeeping(); from streamlit import config; "
            "print(config.get_option('server.maxUploadSize'))")
    env = {**os.environ, "SSC_UPLOAD_MAX_MB": "7", "SSC_SAVED_DIR": str(tmp_path)}
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert shown.stdout.strip().splitlines()[-1] == "7", shown.stderr


class _Call:
    def __reduce__(self):
        return (os.system, ("echo taken over",))


def test_what_a_worker_writes_can_build_data_but_never_call_anything(tmp_path):
    """A worker that a hostile file took over writes a pickle that calls something: the server refuses it."""
    with pytest.raises(pickle.UnpicklingError):
        worker.load(pickle.dumps(("ok", _Call())))
    with pytest.raises(pickle.UnpicklingError):  # a function of the importer is not an answer either
        worker.load(pickle.dumps(("ok", worker.call)))
    table = Table(["a"], [[datetime.date(2020, 1, 2), 1.5]], ["line 2"], {"encoding": "utf-8"})
    assert worker.load(pickle.dumps(("ok", Result(reasons=Counter(x=1), detected={"t": table})))) == \
        ("ok", Result(reasons=Counter(x=1), detected={"t": table}))
