"""Which datasets the app offers."""

from pathlib import Path

from dashboard.datasets import ENV_VAR, available


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
