"""Which datasets the app offers (the reference data, the synthetic demo, the user's own folder, the
datasets saved on this server) and what each says about itself in its dataset.yaml."""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dashboard.data import built, schema
from dashboard.settings import Settings, from_environment
from dashboard.words.languages import N_

ROOT = Path(__file__).resolve().parents[2]
ENV_VAR = "SSC_DATA_DIR"
META_FILE = "dataset.yaml"
META_FIELDS = ("title", "publisher", "source", "licence", "citation", "description", "version", "retrieved")
META_MAX_CHARS = 1000
NOT_STATED = N_("source not stated")
# This project's own datasets' titles (in their dataset.yaml): translated where a title is shown (_(title) leaves
# any other title as its publisher wrote it).
OWN_TITLES = (N_("Reference (seed documents)"), N_("Demo (synthetic)"), N_("Your upload (this session)"))
DATASET_KEY_HELP = "dataset: reference (default), demo, custom (the server's own folder) or a saved dataset's id"
SESSION_DATASETS = "uploads"  # session state: this session's opened uploads, key → Dataset (no other session's)
SAVED_ID = re.compile(r"[0-9a-f]{8}")  # saved datasets' ids: generated, never a name from a user


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str
    path: Path
    about: str
    sources: str  # what the data is compiled from, for the citation line of exports
    meta: Mapping[str, str] = field(default_factory=dict)  # dataset.yaml's fields, as text
    saved: bool = False


def read_meta(directory: Path) -> dict[str, str]:
    """dataset.yaml's known fields as plain text (unknown fields, and a file that is not YAML, are ignored)."""
    try:
        data = yaml.safe_load((Path(directory) / META_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for name in META_FIELDS:
        value = data.get(name)
        if isinstance(value, (str, int, float)) and str(value).strip():
            out[name] = " ".join(str(value).split())[:META_MAX_CHARS]
    return out


def describe(key: str, path: Path, fallback: str, saved: bool = False) -> Dataset:
    """A dataset as its dataset.yaml describes it; without one, 'source not stated'."""
    meta = read_meta(path)
    about = meta.get("description") or (
        f"Imported from {meta['source']}." if meta.get("source") else f"A dataset loaded from the folder {path.name}; "
        "it carries no dataset.yaml, so its source is not stated.")
    return Dataset(key, meta.get("title") or fallback, path, about, meta.get("citation") or NOT_STATED, meta, saved)


def builtin() -> tuple[Dataset, ...]:
    return (describe("reference", ROOT / "data" / "reference", "Reference (seed documents)"),
            describe("demo", ROOT / "data" / "demo", "Demo (synthetic)"))


def saved_datasets(settings: Settings) -> list[Dataset]:
    """The datasets saved on this server, oldest first: only generated ids, only complete folders of regular files
    (a symlink, to a folder or a file, is never followed)."""
    folder = settings.saved_dir
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.lstat().st_mtime):
        if SAVED_ID.fullmatch(path.name) and _complete(path):
            found.append(describe(path.name, path, f"Saved dataset {path.name}", saved=True))
    return found


def _complete(path: Path) -> bool:
    """A real folder (no symlink) with both Parquet files as real files."""
    return not path.is_symlink() and path.is_dir() and all(
        (path / f).is_file() and not (path / f).is_symlink() for f in (schema.INITIATIVES_FILE, schema.FUNDING_FILE))


def available(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, Dataset]:
    """The datasets to offer, the user's own first (from `streamlit run app.py -- DIR` or SSC_DATA_DIR), then the
    built-in ones, then those saved on this server.

    argv is sys.argv: its arguments count only when its script is app.py (not, say, under pytest).
    """
    args = list(argv[1:]) if argv and Path(argv[0]).name == "app.py" else []
    custom = next((a for a in args if not a.startswith("-")), None) or environ.get(ENV_VAR)
    found = {d.key: d for d in builtin()}
    if custom:
        path = Path(custom).expanduser().resolve()
        found = {"custom": describe("custom", path, f"Your data ({path.name})"), **found}
    settings = from_environment(environ)
    for dataset in saved_datasets(settings):
        found.setdefault(dataset.key, dataset)
    return found


OFFERED_SECONDS = 5.0
_OFFERED: dict[tuple, tuple[float, dict[str, Dataset]]] = {}


def offered(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, Dataset]:
    """available(), read again at most every OFFERED_SECONDS (every rerun and API request asks), and at once after
    this process saves, renames or deletes a dataset; another process's change shows within OFFERED_SECONDS."""
    key = (tuple(argv), environ.get(ENV_VAR), environ.get("SSC_SAVED_DIR"))
    hit = _OFFERED.get(key)
    if hit is None or time.monotonic() - hit[0] > OFFERED_SECONDS:
        hit = (time.monotonic(), available(argv, environ))
        _OFFERED[key] = hit
    return hit[1]


class SaveError(Exception):
    """A save, rename or delete that did not happen, and why: full (no space left), read-only (the folder cannot be
    written), gone (deleted meanwhile) or failed (anything else). Nothing is left half-written."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _why(error: OSError) -> SaveError:
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return SaveError("full")
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return SaveError("read-only")
    if error.errno == errno.ENOENT:
        return SaveError("gone")
    return SaveError("failed")


SAVED_FILES = (schema.INITIATIVES_FILE, schema.FUNDING_FILE, META_FILE, "import-report.csv")
PENDING = (".incoming-", ".deleting-")  # folders of a save or a delete under way (see sweep)


def _copy_synced(source: Path, target: Path) -> None:
    with source.open("rb") as reading, target.open("wb") as writing:
        shutil.copyfileobj(reading, writing, 1024 * 1024)
        writing.flush()
        os.fsync(writing.fileno())


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def save(directory: Path, settings: Settings) -> str:
    """Copy an imported dataset into the saved folder under a new id, atomically: its files go into a hidden folder
    on the same volume, are synced, and the folder is renamed into place, so no one ever sees half a dataset. Return
    the id; SaveError says why not (and nothing is left behind)."""
    incoming = None
    try:
        settings.saved_dir.mkdir(parents=True, exist_ok=True)
        incoming = Path(tempfile.mkdtemp(prefix=PENDING[0], dir=settings.saved_dir))
        for name in SAVED_FILES:
            if (directory / name).is_file() and not (directory / name).is_symlink():
                _copy_synced(directory / name, incoming / name)
        _sync_folder(incoming)
        while True:
            ident = secrets.token_hex(4)
            try:
                os.rename(incoming, settings.saved_dir / ident)  # fails if the id exists and holds anything
                break
            except OSError as error:
                if not (settings.saved_dir / ident).exists():
                    raise error from None
        _sync_folder(settings.saved_dir)
    except OSError as error:
        if incoming is not None:
            shutil.rmtree(incoming, ignore_errors=True)
        raise _why(error) from None
    _OFFERED.clear()
    return ident


def saved_path(ident: str, settings: Settings) -> Path:
    """The folder of a saved dataset; an id that is not a generated one is refused (no path from a user)."""
    if not SAVED_ID.fullmatch(ident or ""):
        raise ValueError(f"not a saved dataset id: {ident!r}")
    return settings.saved_dir / ident


def rename(ident: str, title: str, settings: Settings) -> None:
    """Give a saved dataset a new title: a new dataset.yaml written beside the old one, synced, then put in its
    place (os.replace), so a reader sees the old title or the new one, never half a file. SaveError says why not."""
    folder = saved_path(ident, settings)
    if not _complete(folder):
        raise SaveError("gone")
    path = folder / META_FILE
    written = folder / f".{META_FILE}.{secrets.token_hex(4)}"
    try:
        data = {}
        if path.is_file() and not path.is_symlink():
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
            data = loaded if isinstance(loaded, dict) else {}
        data["title"] = " ".join(title.split())[:200]
        with written.open("w", encoding="utf-8") as handle:
            handle.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(written, path)
    except OSError as error:
        written.unlink(missing_ok=True)
        raise _why(error) from None
    _OFFERED.clear()


def delete(ident: str, settings: Settings) -> None:
    """Delete a saved dataset: first renamed aside (atomic: it stops being listed at once, and a rename racing it
    finds it gone), then removed. SaveError says why not."""
    folder = saved_path(ident, settings)
    if folder.is_symlink():
        folder.unlink()  # a link planted here: removed, and what it points at is left alone
        _OFFERED.clear()
        return
    aside = settings.saved_dir / f"{PENDING[1]}{ident}-{secrets.token_hex(4)}"
    try:
        os.rename(folder, aside)
    except OSError as error:
        raise _why(error) from None
    shutil.rmtree(aside, ignore_errors=True)
    built.remove(folder)
    _OFFERED.clear()


SWEEP_AGE_SECONDS = 3600  # a pending save or delete older than this was interrupted (a replica may be mid-save)


def sweep(settings: Settings, now: float | None = None) -> list[str]:
    """At start: remove interrupted saves and deletes (hidden folders older than SWEEP_AGE_SECONDS) and move aside
    folders named like a dataset that are incomplete (`.incomplete-<id>`, kept for the operator). Returns what it
    did, for the log."""
    folder = settings.saved_dir
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    done = []
    for path in folder.iterdir():
        try:
            age = now - path.lstat().st_mtime
            if path.name.startswith(PENDING) and age > SWEEP_AGE_SECONDS and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                done.append(f"removed the interrupted {path.name}")
            elif SAVED_ID.fullmatch(path.name) and not path.is_symlink() and not _complete(path) and \
                    age > SWEEP_AGE_SECONDS:
                os.rename(path, folder / f".incomplete-{path.name}")
                done.append(f"moved the incomplete {path.name} aside")
        except OSError:
            continue
    return done


UPLOAD_ROOT = Path(tempfile.gettempdir()) / "ssc-flows-uploads"  # every session's upload folder, under one root
UPLOAD_MAX_AGE_SECONDS = 6 * 3600  # a session folder untouched this long is removed (see sweep_uploads)


def sweep_uploads(now: float | None = None) -> int:
    """Remove the upload page's session folders untouched for UPLOAD_MAX_AGE_SECONDS (as the server starts, and at
    each new upload): sessions end without saying so. Returns how many were removed."""
    now = time.time() if now is None else now
    removed = 0
    for path in UPLOAD_ROOT.glob("session-*") if UPLOAD_ROOT.is_dir() else ():
        try:
            newest = max([path.lstat().st_mtime, *(p.lstat().st_mtime for p in path.rglob("*"))])
        except OSError:
            continue
        if now - newest > UPLOAD_MAX_AGE_SECONDS and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def housekeeping(settings: Settings) -> list[str]:
    """As the server starts: interrupted saves and old upload folders swept; what was done, for the log."""
    done = sweep(settings)
    if removed := sweep_uploads():
        done.append(f"removed {removed} upload folders older than {UPLOAD_MAX_AGE_SECONDS // 3600} hours")
    return done
