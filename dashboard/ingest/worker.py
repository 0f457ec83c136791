"""An upload's reading and import, run in a process of its own with limits, so that the server's process never
parses an untrusted file: a file that would take minutes of processor time or gigabytes of memory stops its own
worker, with a message, and no one else notices.

Each job is one new Python process (`python -c "…serve()"`: a clean interpreter, which re-runs nothing of the
server's), limited by RLIMIT_CPU and RLIMIT_AS that it sets itself before it reads its job, with a wall-clock
deadline besides; at most Settings.import_workers jobs run at once (the others wait their turn). The job goes in
and the answer comes back pickled, between the server and its own child: a Result, or a small preview of a table
(the whole table stays on disk, in the worker's pickle, for the import). What a worker wrote is read back with
`load`, which builds only the importer's data classes and plain values: a worker that a hostile file had taken over
could not make the server (or the next worker) call anything.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from dashboard.ingest import Provenance, Result, TooManyRows, iati, read_source, run
from dashboard.ingest import mapping as mappings
from dashboard.ingest.readers import SourceError, Table
from dashboard.settings import Settings

PREVIEW_ROWS = 8
WAIT_SECONDS = 120  # how long a job waits for a free worker before it says the server is busy
ROOT = Path(__file__).resolve().parent.parent.parent
_TURNS: dict[int, threading.BoundedSemaphore] = {}
_TURNS_LOCK = threading.Lock()


class WorkerError(Exception):
    """Why a job gave no answer: its kind (busy, cpu, memory, time, rows: over max_rows, failed) and a detail (the
    limit, the kind of error), for the page to say in its language."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(detail or kind)
        self.kind, self.detail = kind, detail


@dataclass(frozen=True)
class Inspection:
    """What reading the first file found: its kind ('table', 'iati', 'zip'), and for a table a preview (its columns,
    first rows and what was detected, with 'rows': how many it holds)."""

    kind: str
    preview: Table | None
    version: str = ""  # an IATI file's version, and its first activities' titles
    titles: tuple[str, ...] = ()


# What an answer or a kept table may hold besides the importer's data classes: cells (dates and times a spreadsheet
# gives) and the report's counts.
PLAIN_CLASSES = {("collections", "Counter"): Counter, ("datetime", "date"): datetime.date,
                 ("datetime", "datetime"): datetime.datetime, ("datetime", "time"): datetime.time,
                 ("datetime", "timedelta"): datetime.timedelta}


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in PLAIN_CLASSES:
            return PLAIN_CLASSES[module, name]
        found = super().find_class(module, name) if module.startswith("dashboard.ingest") else None
        if isinstance(found, type) and dataclasses.is_dataclass(found):
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not something a worker answers with")


def load(data: bytes):
    """What a worker wrote (its answer, or a table it kept), built only from the importer's data classes and plain
    values."""
    return _Restricted(io.BytesIO(data)).load()


def _limit(cpu_seconds: int, memory_mb: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))  # SIGXCPU, then SIGKILL
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def serve() -> None:
    """The worker process: read (job, args, limits) from stdin, set the limits, run the job, write the answer to
    stdout (anything the job prints goes to stderr)."""
    answer_to = sys.stdout.buffer
    sys.stdout = sys.stderr
    job, args, limits = pickle.load(sys.stdin.buffer)  # from the server that started this process
    try:
        _limit(*limits)
        answer = ("ok", job(*args))
    except MemoryError:
        answer = ("memory", "")
    except TooManyRows as error:
        answer = ("rows", str(error.limit))
    except (SourceError, mappings.MappingError) as error:
        answer = ("refused", str(error))
    except Exception as error:  # never a trace on the page: the kind of failure only
        answer = ("failed", type(error).__name__)
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:  # an answer too large for the memory left
        data = pickle.dumps(("memory", ""))
    answer_to.write(data)
    answer_to.flush()


def _turns(n: int) -> threading.BoundedSemaphore:
    with _TURNS_LOCK:
        return _TURNS.setdefault(n, threading.BoundedSemaphore(n))


def call(settings: Settings, job, *args):
    """job(*args) in a worker process under the settings' limits; its answer, or SourceError (the file refused, with
    the importer's reason) or WorkerError (busy, out of processor time or memory, past the deadline, failed)."""
    turns = _turns(settings.import_workers)
    if not turns.acquire(timeout=WAIT_SECONDS):
        raise WorkerError("busy")
    try:
        process = subprocess.Popen([sys.executable, "-c", "from dashboard.ingest.worker import serve; serve()"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        job_data = pickle.dumps((job, args, (settings.import_cpu_seconds, settings.import_memory_mb)))
        try:
            out, _ = process.communicate(job_data, timeout=2 * settings.import_cpu_seconds + 10)
        except subprocess.TimeoutExpired:  # the deadline: waiting on something that is not the processor
            process.kill()
            process.communicate()
            raise WorkerError("time") from None
    finally:
        turns.release()
    try:
        status, value = load(out)
    except pickle.UnpicklingError:  # an answer with something no answer holds
        raise WorkerError("failed") from None
    except Exception:  # it died without answering
        code = -(process.returncode or 0)
        raise WorkerError("cpu" if code in (signal.SIGXCPU, signal.SIGKILL) else "memory"
                          if code in (signal.SIGSEGV, signal.SIGABRT) else "failed") from None
    if status == "ok":
        return value
    if status == "refused":
        raise SourceError(value)
    raise WorkerError(status, value)


def table_file(folder: Path, options: dict) -> Path:
    """Where the worker keeps a table it read (per reading options), for the import to use."""
    key = "|".join(f"{k}={options[k]}" for k in sorted(options) if options[k] is not None)
    return folder / f"table-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"


def inspect(path: Path, given: mappings.Mapping | None, keep: Path) -> Inspection:
    """Read the first file (in the worker): keep the whole table at `keep` (our own pickle, in the server's upload
    folder) and answer with its preview."""
    kind, table = read_source(path, given)
    if kind == "iati":
        return Inspection(kind, None, iati.version(path), tuple(a["title"] for a in islice(iati.activities(path), 5)))
    if table is None:
        return Inspection(kind, None)
    keep.write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    preview = Table(table.columns, table.rows[:PREVIEW_ROWS], table.refs[:PREVIEW_ROWS],
                    {**table.detected, "rows": len(table.rows)})
    return Inspection(kind, preview)


def import_files(files: list[Path], out: Path, given: mappings.Mapping, provenance: Provenance, max_rows: int,
                 kept: Path | None) -> Result:
    """run() in the worker, with the table inspect() kept for the first file (so it is not read again)."""
    read = {files[0]: load(kept.read_bytes())} if kept is not None and kept.exists() else None
    return run(files, out, given, provenance=provenance, max_rows=max_rows, read=read)
