"""The stores a process keeps open: one per dataset path and price basis, loaded once under its own lock,
failures remembered until the files change, the least recently used dropped past a memory budget. A dataset the
server offers to everyone opens its built database on disk (dashboard.data.built); a session's unsaved upload is
loaded in memory and never written there."""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data import built, prices, schema
from dashboard.data.datasets import offered
from dashboard.data.store import Store, aggregate, open_store

# The process's stores, most recently used last. _SLOTS_LOCK is held only to find a slot or to evict, never while a
# dataset loads: each dataset path (and basis) loads under its own lock, so one slow or broken dataset keeps no one
# else waiting.
CACHE_MB = int(os.environ.get("SSC_STORE_CACHE_MB", "4096"))  # the stores' memory the process keeps (see shared)


@dataclass
class _Slot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    stamp: tuple | None = None  # the files' sizes and modification times the store or the failure is of
    store: Store | None = None
    failure: BaseException | None = None  # the last load's error, until the files change
    megabytes: float = 0.0


_SLOTS: OrderedDict[str, _Slot] = OrderedDict()


_SLOTS_LOCK = threading.Lock()


def stamp(directory: Path) -> tuple:
    """The dataset files' sizes and modification times (None for a file that is missing): what says they changed
    (a new title in dataset.yaml changes nothing a store holds)."""
    out: list[tuple[int, int] | None] = []
    for name in (schema.INITIATIVES_FILE, schema.FUNDING_FILE):
        try:
            info = (Path(directory) / name).stat()
            out.append((info.st_size, info.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def memory_mb(store: Store) -> float:
    """The memory a store's database holds (DuckDB's own accounting), in MB."""
    used = aggregate(store.cursor(), "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")[0]
    return float(used) / 1e6


def shared(path: str, basis: str = prices.CURRENT) -> Store:
    """The process's one Store of a dataset directory in current or constant US$ (the app's pages and the API share
    it), opened again when its files change. A dataset that fails to load raises the same error again, without
    loading, until its files change. The most recently used stores stay open while their memory is within
    SSC_STORE_CACHE_MB (the one just used always stays)."""
    key = f"{path}\0{basis}"
    now = stamp(Path(path))
    with _SLOTS_LOCK:
        slot = _SLOTS.setdefault(key, _Slot())
        _SLOTS.move_to_end(key)
    with slot.lock:
        if slot.stamp == now and slot.store is not None:
            return slot.store
        if slot.stamp == now and slot.failure is not None:
            raise slot.failure
        slot.store, slot.failure, slot.stamp = None, None, now
        try:
            slot.store = _open(path, basis)
        except Exception as error:  # remembered (a DatasetError names every problem; anything else, its cause)
            slot.failure = error
            raise
        slot.megabytes = memory_mb(slot.store)
        store = slot.store
    _evict(key)
    return store


def _open(path: str, basis: str) -> Store:
    """A dataset offered to everyone from its built database; anything else (an upload) in memory."""
    if path in {str(d.path) for d in offered(sys.argv, os.environ).values()}:
        return built.open_built(Path(path), basis)
    return open_store(Path(path), basis=basis)


def _evict(keep: str) -> None:
    """Drop the least recently used stores while the open ones hold more than CACHE_MB (never `keep`). A dropped
    store closes when the last query using it ends."""
    with _SLOTS_LOCK:
        total = sum(s.megabytes for s in _SLOTS.values() if s.store is not None)
        for key in list(_SLOTS):
            if total <= CACHE_MB:
                break
            slot = _SLOTS[key]
            if key != keep and slot.store is not None:
                total -= slot.megabytes
                del _SLOTS[key]


def loaded() -> dict[str, float]:
    """The open stores (path and basis) and their memory in MB, least recently used first."""
    with _SLOTS_LOCK:
        return {key: slot.megabytes for key, slot in _SLOTS.items() if slot.store is not None}


def forget(path: str) -> None:
    """Drop a dataset's stores (every basis), as when it is deleted: its memory goes back at once, not when the
    cache next needs room."""
    with _SLOTS_LOCK:
        for key in [k for k in _SLOTS if k.split("\0")[0] == path]:
            del _SLOTS[key]


_READY: dict[str, str] = {}  # once the process has opened its datasets: each dataset's key and version


def mark_ready(versions: dict[str, str]) -> None:
    """Say the process has its datasets open (each dataset's key and version, or why it cannot be opened)."""
    _READY.clear()
    _READY.update(versions)
    _READY.setdefault("", "")  # ready even when there is nothing to list


def readiness() -> dict[str, str] | None:
    """The datasets' versions once the process is ready, else None."""
    return {k: v for k, v in _READY.items() if k} if _READY else None
