"""Where the committed data lives, for the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
DEMO = ROOT / "data" / "demo"
COUNTRIES = ROOT / "data" / "countries.parquet"
