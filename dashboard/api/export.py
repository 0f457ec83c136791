"""GET /api/v1/export.zip with a view's link keys: the view's data in one download (dashboard.words.bundle), the
same the app's Share menu links to. The records are written by DuckDB into a temporary folder, then zipped as
they are sent: a million rows stream, never capped, never held in memory; the folder goes when the answer ends."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from dashboard.api import BadRequest, bad, provenance, read_request
from dashboard.questions import records
from dashboard.settings import from_environment
from dashboard.words import bundle
from dashboard.words import languages as i18n


def _prepare(params, link: str) -> tuple[Path, dict[str, str], list[Path], str]:
    dataset, store, f, _ = read_request(None, params, filtered=True)
    folder = Path(tempfile.mkdtemp(prefix="ssc-export-"))
    try:
        rows = records.write_records(store, f, folder)
        with i18n.using(i18n.DEFAULT):
            prov = provenance(dataset, store, f, link)
            texts = {"README.md": bundle.readme(prov, rows, dataset.meta, store.prices.words(), records.TABLES),
                     "dataset.yaml": bundle.dataset_yaml(dataset.path, prov.dataset)}
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    files = [folder / f"{table}.{fmt}" for table in records.TABLES for fmt in ("csv", "parquet")]
    return folder, texts, files, f"ssc-flows-{dataset.key}-{store.version}.zip"


def view_link(request: Request) -> str:
    """The view in the app (its Overview, with the same keys), on the operator's SSC_PUBLIC_URL when set."""
    query = request.url.query
    return from_environment(os.environ).public_url + "/" + (f"?{query}" if query else "")


def _sent(folder: Path, chunks: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def export_zip(request: Request) -> Response:
    try:
        folder, texts, files, name = await run_in_threadpool(_prepare, request.query_params, view_link(request))
    except BadRequest as e:
        return bad(e)
    return StreamingResponse(_sent(folder, bundle.stream(files, texts)), media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "Cache-Control": "no-store"})
