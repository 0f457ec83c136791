"""Shared fixtures: the committed datasets, a small generated dataset, and their stores."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from oracle import Oracle  # noqa: E402
from paths import COUNTRIES, REFERENCE  # noqa: E402

from dashboard.data import synth, tables
from dashboard.data.store import open_store


@pytest.fixture(scope="session")
def reference_store():
    return open_store(REFERENCE)


@pytest.fixture(scope="session")
def generated_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    tables.write_dataset(*synth.generate(2_000, seed=11), out)
    return out


@pytest.fixture(scope="session")
def generated_store(generated_dir):
    return open_store(generated_dir)


@pytest.fixture(scope="session")
def oracle(generated_dir):
    """The generated dataset as plain Python rows, every question answered the long way (tests/oracle.py)."""
    return Oracle(generated_dir, COUNTRIES)

# Saved datasets live in the user's data folder by default: the tests (and the servers they start) use their own.
os.environ.setdefault("SSC_SAVED_DIR", tempfile.mkdtemp(prefix="ssc-saved-"))
# So do built databases (dashboard.data.built): one folder for the whole run, shared with the servers it starts.
os.environ.setdefault("SSC_BUILT_DIR", tempfile.mkdtemp(prefix="ssc-built-"))
