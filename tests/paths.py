"""Where the committed data lives, for the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
DEMO = ROOT / "data" / "demo"
COUNTRIES = ROOT / "data" / "countries.parquet"
SHARED = ROOT.parent / "shared"  # beside the checkout: real samples and reference tables, never committed here
SAMPLES = SHARED / "samples"


def shared(*parts: str) -> Path:
    """A file or folder of ../shared; skipped when absent, a failure when SSC_REQUIRE_SAMPLES=1 (as CI sets)."""
    import os

    import pytest

    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("SSC_REQUIRE_SAMPLES") == "1":
            pytest.fail(f"{path} is required (SSC_REQUIRE_SAMPLES=1) but absent")
        pytest.skip(f"{path} is absent: the real sample files live in ../shared beside the checkout")
    return path
