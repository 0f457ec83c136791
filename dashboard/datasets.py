"""Which datasets the app offers (the reference data, the synthetic demo, the user's own folder, the
datasets saved on this server) and what each says about itself in its dataset.yaml."""

from __future__ import annotations

import re
import secrets
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dashboard import schema
from dashboard.i18n import N_
from dashboard.settings import Settings, from_environment

ROOT = Path(__file__).resolve().parent.parent
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
    """The datasets saved on this server, oldest first (only generated ids, only complete folders)."""
    folder = settings.saved_dir
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime):
        if SAVED_ID.fullmatch(path.name) and all((path / f).is_file() for f in (schema.INITIATIVES_FILE,
                                                                               schema.FUNDING_FILE)):
            found.append(describe(path.name, path, f"Saved dataset {path.name}", saved=True))
    return found


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


def save(directory: Path, settings: Settings) -> str:
    """Copy an imported dataset into the saved folder under a new id; return the id."""
    settings.saved_dir.mkdir(parents=True, exist_ok=True)
    while True:
        ident = secrets.token_hex(4)
        target = settings.saved_dir / ident
        if not target.exists():
            break
    shutil.copytree(directory, target)
    _OFFERED.clear()
    return ident


def saved_path(ident: str, settings: Settings) -> Path:
    """The folder of a saved dataset; an id that is not a generated one is refused (no path from a user)."""
    if not SAVED_ID.fullmatch(ident or ""):
        raise ValueError(f"not a saved dataset id: {ident!r}")
    return settings.saved_dir / ident


def rename(ident: str, title: str, settings: Settings) -> None:
    """Give a saved dataset a new title (in its dataset.yaml)."""
    path = saved_path(ident, settings) / META_FILE
    data = {}
    if path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = loaded if isinstance(loaded, dict) else {}
    data["title"] = " ".join(title.split())[:200]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _OFFERED.clear()


def delete(ident: str, settings: Settings) -> None:
    shutil.rmtree(saved_path(ident, settings), ignore_errors=True)
    _OFFERED.clear()
