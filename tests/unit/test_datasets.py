"""Which datasets the app offers."""

import shutil
from pathlib import Path

from dashboard.data.datasets import ENV_VAR, available
from dashboard.data.schema import FUNDING_FILE, INITIATIVES_FILE
from dashboard.data.store import fingerprint


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


def test_every_built_in_dataset_describes_itself():
    for dataset in available(["app.py"], {}).values():
        assert dataset.meta["title"] == dataset.label and dataset.meta["citation"] == dataset.sources
        assert dataset.meta["licence"] and dataset.meta["publisher"]


def test_a_folder_without_dataset_yaml_opens_with_source_not_stated(tmp_path):
    from dashboard.data.datasets import NOT_STATED

    custom = available(["app.py"], {ENV_VAR: str(tmp_path)})["custom"]
    assert custom.label == f"Your data ({tmp_path.name})" and custom.sources == NOT_STATED
    assert "source is not stated" in custom.about


def test_dataset_yaml_gives_text_only(tmp_path):
    from dashboard.data.datasets import read_meta

    (tmp_path / "dataset.yaml").write_text("title: 'A <b>title</b>'\nlicence: [not, text]\nsecret: x\n"
                                           "citation: " + "c" * 5000 + "\n")
    meta = read_meta(tmp_path)
    assert meta["title"] == "A <b>title</b>" and "licence" not in meta and "secret" not in meta
    assert len(meta["citation"]) == 1000
    (tmp_path / "dataset.yaml").write_text("!!python/object/apply:os.system ['echo pwned']\n")
    assert read_meta(tmp_path) == {}  # safe_load: nothing from a file is ever executed
    (tmp_path / "dataset.yaml").write_bytes(b"\xff\xfe not yaml")
    assert read_meta(tmp_path) == {}


def test_saved_datasets_have_generated_ids_and_no_path_from_a_user(tmp_path):
    import pytest
    from paths import REFERENCE

    from dashboard.data import datasets
    from dashboard.settings import from_environment

    settings = from_environment({"SSC_SAVED_DIR": str(tmp_path / "saved")})
    ident = datasets.save(REFERENCE, settings)
    assert datasets.SAVED_ID.fullmatch(ident)
    found = available(["app.py"], {"SSC_SAVED_DIR": str(tmp_path / "saved")})
    assert found[ident].saved and found[ident].label == "Reference (seed documents)"
    datasets.rename(ident, "  A   new\ntitle ", settings)
    assert datasets.read_meta(settings.saved_dir / ident)["title"] == "A new title"
    for bad in ("../../etc", "/tmp", "ABCDEF12", "", "1234567"):
        with pytest.raises(ValueError):
            datasets.saved_path(bad, settings)
    (settings.saved_dir / "not-an-id").mkdir()  # a folder someone put there by hand is not offered
    assert [d.key for d in datasets.saved_datasets(settings)] == [ident]
    datasets.delete(ident, settings)
    assert datasets.saved_datasets(settings) == []


def test_settings_from_the_environment():
    from dashboard.settings import DEFAULT_SAVED_DIR, Settings, from_environment

    assert from_environment({}) == Settings()
    assert Settings().saved_dir == DEFAULT_SAVED_DIR and "ssc-flows" in str(DEFAULT_SAVED_DIR)
    off = from_environment({"SSC_UPLOADS": "off", "SSC_SAVING": "0", "SSC_UPLOAD_MAX_MB": "5",
                            "SSC_UPLOAD_MAX_ROWS": "nonsense"})
    assert (off.uploads, off.saving, off.max_mb, off.max_rows) == (False, False, 5, 200_000)
