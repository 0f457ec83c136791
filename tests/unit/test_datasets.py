"""Which datasets the app offers."""

import shutil
from pathlib import Path

from dashboard.datasets import ENV_VAR, available
from dashboard.schema import FUNDING_FILE, INITIATIVES_FILE
from dashboard.store import fingerprint


def test_reference_is_the_default():
    found = available(["app.py"], {})
    assert list(found) == ["reference", "demo"]
    assert found["reference"].path.name == "reference"


def test_own_data_from_the_command_line_or_the_environment(tmp_path):
    by_argument = available(["/x/app.py", str(tmp_path)], {})
    assert list(by_argument)[0] == "custom" and by_argument["custom"].path == tmp_path.resolve()
    by_environment = available(["app.py"], {ENV_VAR: str(tmp_path)})
    assert by_environment["custom"].path == Path(tmp_path).resolve()


def test_other_programs_arguments_are_not_datasets(tmp_path):
    assert list(available(["pytest", str(tmp_path)], {})) == ["reference", "demo"]


def test_a_datasets_version_is_a_fingerprint_of_its_files(tmp_path):
    reference = available(["app.py"], {})["reference"].path
    version = fingerprint(reference)
    assert len(version) == 12 and int(version, 16) >= 0
    for name in (INITIATIVES_FILE, FUNDING_FILE):
        shutil.copy(reference / name, tmp_path / name)
    assert fingerprint(tmp_path) == version  # the same files, the same version, wherever they are
    with open(tmp_path / FUNDING_FILE, "ab") as file:
        file.write(b"\0")
    assert fingerprint(tmp_path) != version
