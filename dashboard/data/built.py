"""Built databases kept on disk, so a server (or a second replica) is ready in seconds instead of rebuilding.

A dataset the server offers to everyone is built once into a DuckDB file named by its key: the data contract's
version, the hashes of the dataset's files (and, in constant prices, of its dataset.yaml's prices block), the
country table's hash, the price basis, and a digest of the code that builds the tables (this module's neighbours
and DuckDB's version). Every process then opens that file read-only: they share the operating system's page cache
and each holds only the blocks its queries read. Any change to the data, the reference table or the building code
gives a new key, hence a new build; older builds of the same dataset are removed once the new one is in place (a
process still reading one keeps its open file).

SSC_BUILT_DIR chooses the folder (default ~/.cache/ssc-flows/built); SSC_BUILT_DIR=off builds in memory, as before.
A session's unsaved upload is never written here (cache.shared decides).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb

from dashboard.data import prices, schema
from dashboard.data.reading import DEFAULT_COUNTRIES
from dashboard.data.store import Store, connect, made, open_store

DEFAULT_DIR = Path.home() / ".cache" / "ssc-flows" / "built"
_CODE = ("load_sql.py", "store.py", "prices.py", "filters.py", "schema.py", "built.py")


def folder() -> Path | None:
    """Where built databases live, or None (SSC_BUILT_DIR=off)."""
    value = os.environ.get("SSC_BUILT_DIR", "").strip()
    if value.lower() == "off":
        return None
    return Path(value).expanduser() if value else DEFAULT_DIR


@cache
def code_digest() -> str:
    """A digest of what decides a built database's tables: the building code and DuckDB's version."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for name in _CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").digest()


def key(directory: Path, basis: str = prices.CURRENT, countries: Path = DEFAULT_COUNTRIES) -> str:
    """The built database's key (64 hex digits): equal keys, equal tables."""
    digest = hashlib.sha256(f"{schema.CONTRACT_VERSION}\0{basis}\0{code_digest()}".encode())
    for name in (schema.INITIATIVES_FILE, schema.FUNDING_FILE):
        digest.update(_file_digest(Path(directory) / name))
    digest.update(_file_digest(countries))
    if basis == prices.CONSTANT:
        digest.update(json.dumps(prices.stated(directory), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _prefix(directory: Path) -> str:
    """The start of every build's name of one dataset directory: its name and a digest of its path."""
    where = hashlib.sha256(str(Path(directory).resolve()).encode()).hexdigest()[:8]
    return f"{Path(directory).name}-{where}-"


@contextmanager
def _locked(path: Path):
    """An exclusive lock on path (a file beside the database): two replicas starting together build once."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(directory: Path, target: Path, countries: Path, basis: str) -> None:
    """Validate and build the dataset into target, written beside it first and renamed into place (a reader
    never sees half a file); then remove the dataset's older builds."""
    partial = target.with_name(target.name + f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        store = open_store(directory, countries, basis, database=str(partial))
        store.connection.execute("CHECKPOINT")
        store.connection.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        Path(str(partial) + ".wal").unlink(missing_ok=True)
    for older in target.parent.glob(f"{_prefix(directory)}{basis}-*.duckdb"):
        if older != target:
            older.unlink(missing_ok=True)


def open_built(directory: Path, basis: str = prices.CURRENT, countries: Path = DEFAULT_COUNTRIES) -> Store:
    """The dataset's Store from its built database, opened read-only; built first if it is not on disk yet
    (raising DatasetError, as open_store does, if the dataset breaks the contract)."""
    where = folder()
    try:
        named = key(directory, basis, countries)
    except OSError:  # a file is missing or unreadable: the contract's check names it
        named = None
    if where is None or named is None:
        return open_store(directory, countries, basis)
    where.mkdir(parents=True, exist_ok=True)
    target = where / f"{_prefix(directory)}{basis}-{named[:20]}.duckdb"
    if not target.exists():
        with _locked(where / f"{_prefix(directory)}{basis}.lock"):
            if not target.exists():
                build(directory, target, countries, basis)
    return made(Path(directory), connect(str(target), read_only=True))


def built(directory: Path) -> list[Path]:
    """The built databases of a dataset directory (every basis)."""
    where = folder()
    return sorted(where.glob(_prefix(directory) + "*.duckdb")) if where is not None and where.exists() else []


def remove(directory: Path) -> None:
    """Remove a dataset's built databases and their locks, as when it is deleted."""
    where = folder()
    if where is not None and where.exists():
        for path in where.glob(_prefix(directory) + "*"):
            path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """python -m dashboard.data.built [DIR ...]: build the datasets (default: the built-in ones) into SSC_BUILT_DIR,
    as an image does at build time and an operator before starting replicas."""
    import argparse
    import sys
    import time

    from dashboard.data.datasets import builtin

    parser = argparse.ArgumentParser(prog="python -m dashboard.data.built", description=main.__doc__)
    parser.add_argument("directories", nargs="*", type=Path, help="dataset directories (default: the built-in ones)")
    args = parser.parse_args(argv)
    if folder() is None:
        parser.error("SSC_BUILT_DIR=off: there is nowhere to keep built databases")
    for directory in args.directories or [d.path for d in builtin()]:
        start = time.perf_counter()
        try:
            store = open_built(directory)
        except Exception as error:  # noqa: BLE001 - said per dataset; the exit status says one failed
            print(f"{directory}: not built ({error})", file=sys.stderr)
            return 1
        print(f"{directory}: version {store.version}, ready in {time.perf_counter() - start:.1f} s ({folder()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
