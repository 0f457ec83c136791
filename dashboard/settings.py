"""What the server operator decides, from the environment (documented in the README):

- SSC_UPLOADS      on | off   the "Add your data" page (default on)
- SSC_SAVING       on | off   saving an upload on the server for everyone (default on: a local run)
- SSC_SAVED_DIR    a folder   where saved datasets live (default ~/.local/share/ssc-flows/datasets,
                              outside the repository)
- SSC_UPLOAD_MAX_MB           the largest file a visitor may upload (default 50)
- SSC_UPLOAD_MAX_ROWS         the most rows (or IATI activities) an upload may hold (default 200,000)
- SSC_IMPORT_WORKERS          uploads read and imported at once, each in its own process (default 2)
- SSC_IMPORT_CPU_SECONDS      the processor time one upload's reading or import may use (default 120)
- SSC_IMPORT_MEMORY_MB        the address space one upload's worker may reserve, in MB (default 6144; see README)
- SSC_PUBLIC_URL              the server's public address, for the links in citations and embeds (default: none;
                              links are then relative, never built from a request's Host header)

A public deployment sets SSC_SAVING=off (or a reviewed SSC_SAVED_DIR) and sizes the limits to its machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SAVED_DIR = Path.home() / ".local" / "share" / "ssc-flows" / "datasets"


@dataclass(frozen=True)
class Settings:
    uploads: bool = True
    saving: bool = True
    saved_dir: Path = DEFAULT_SAVED_DIR
    max_mb: int = 50
    max_rows: int = 200_000
    import_workers: int = 2
    import_cpu_seconds: int = 120
    import_memory_mb: int = 6144
    public_url: str = ""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "on", "true", "yes")


def _number(value: str | None, default: int) -> int:
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


def from_environment(environ: Mapping[str, str]) -> Settings:
    """The settings an environment gives (a value that cannot be read keeps its default)."""
    return Settings(
        uploads=_flag(environ.get("SSC_UPLOADS"), True),
        saving=_flag(environ.get("SSC_SAVING"), True),
        saved_dir=Path(environ["SSC_SAVED_DIR"]).expanduser() if environ.get("SSC_SAVED_DIR") else DEFAULT_SAVED_DIR,
        max_mb=_number(environ.get("SSC_UPLOAD_MAX_MB"), 50),
        max_rows=_number(environ.get("SSC_UPLOAD_MAX_ROWS"), 200_000),
        import_workers=_number(environ.get("SSC_IMPORT_WORKERS"), 2),
        import_cpu_seconds=_number(environ.get("SSC_IMPORT_CPU_SECONDS"), 120),
        import_memory_mb=_number(environ.get("SSC_IMPORT_MEMORY_MB"), 6144),
        public_url=(environ.get("SSC_PUBLIC_URL") or "").strip().rstrip("/"),
    )
