"""Sign-in for changes in AppTest (st.user is AppTest.user): saving, renaming and deleting need an editor; uploads
and viewing only when the operator says so; without a sign-in setting, a local run changes freely."""

from __future__ import annotations

import shutil

import pytest
from paths import DEMO, ROOT
from streamlit.testing.v1 import AppTest
from test_upload import CSV, upload_page, words

from dashboard.data import datasets
from dashboard.settings import from_environment

EDITOR = {"email": "editor@ministry.gov", "groups": "staff"}
PROMPT = "needs an editor's sign-in"


@pytest.fixture
def saved(monkeypatch, tmp_path):
    """A saved dataset, and headers sign-in with one editor."""
    folder = tmp_path / "saved"
    copy = tmp_path / "upload"
    shutil.copytree(DEMO, copy)
    monkeypatch.setenv("SSC_SAVED_DIR", str(folder))
    monkeypatch.setenv("SSC_SIGN_IN", "headers")
    monkeypatch.setenv("SSC_EDITORS", "editor@ministry.gov")
    key = datasets.save(copy, from_environment({"SSC_SAVED_DIR": str(folder)}))
    return folder / key, key


def signed(user: dict, files=None):
    """The upload page for this user (AppTest.user is st.user) with these files uploaded."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.user = user
    at.switch_page("pages/upload.py").run()
    if files:
        at.file_uploader(key="upload-files").set_value(files).run()
    return at


def test_a_visitor_who_is_not_an_editor_cannot_save_rename_or_delete(saved):
    path, key = saved
    for user in ({}, {"email": "visitor@elsewhere.org"}):
        at = signed(user, [("projects.csv", CSV, "text/csv")])
        at.button(key="use-readings").click().run()
        assert not at.exception, at.exception
        labels = [b.label for b in at.button]
        assert "Save on this server and open" not in labels and "Open in the dashboard (this session)" in labels
        assert not [b for b in at.button if b.key in (f"rename-button-{key}", f"delete-{key}")]
        assert words(at).count(PROMPT) == 2  # saving, and renaming and deleting
    assert "who is not among this server's editors" in words(at)
    assert path.exists() and datasets.read_meta(path).get("title") != "Renamed"


def test_an_editor_saves_renames_and_deletes(saved):
    path, key = saved
    at = signed(EDITOR, [("projects.csv", CSV, "text/csv")])
    at.button(key="use-readings").click().run()
    assert PROMPT not in words(at) and "Signed in as editor@ministry" in " ".join(c.value for c in at.sidebar.caption)
    next(b for b in at.button if b.label == "Save on this server and open").click().run()
    assert not at.exception, at.exception
    assert len(datasets.saved_datasets(from_environment({"SSC_SAVED_DIR": str(path.parent)}))) == 2
    at.text_input(key=f"rename-{key}").set_value("Renamed").run()
    at.button(key=f"rename-button-{key}").click().run()
    assert datasets.read_meta(path)["title"] == "Renamed"
    at.button(key=f"delete-{key}").click().run()
    assert not path.exists() and not at.exception


def test_an_editor_by_group_or_domain(saved, monkeypatch):
    monkeypatch.setenv("SSC_EDITORS", "group:ssc-editors, @agency.org")
    for user, editor in (({"email": "a@x.org", "groups": "staff, ssc-editors"}, True),
                         ({"email": "b@agency.org"}, True), ({"email": "c@x.org", "groups": "staff"}, False)):
        at = signed(user)
        assert (PROMPT not in words(at)) is editor, user


def test_uploads_can_need_an_editor(saved, monkeypatch):
    monkeypatch.setenv("SSC_UPLOADS_NEED_SIGN_IN", "on")
    refused = signed({})
    assert not refused.get("file_uploader") and "Uploading on this server needs an editor's sign-in" in words(refused)
    assert signed(EDITOR).get("file_uploader")


def test_closed_viewing_shows_only_the_sign_in(monkeypatch):
    monkeypatch.setenv("SSC_SIGN_IN", "oidc")
    monkeypatch.setenv("SSC_VIEWING_NEEDS_SIGN_IN", "on")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception and not at.metric and [b.label for b in at.button] == ["Sign in"]
    assert "Sign in to see this server's dashboard." in words(at)
    at.user = {"is_logged_in": True, "email": "reader@ministry.gov"}
    at.run()
    assert not at.exception and at.metric  # any signed-in user may view


def test_without_a_sign_in_setting_a_local_run_changes_freely(monkeypatch, tmp_path):
    monkeypatch.setenv("SSC_SAVED_DIR", str(tmp_path))
    at = upload_page([("projects.csv", CSV, "text/csv")])
    at.button(key="use-readings").click().run()
    assert "Save on this server and open" in [b.label for b in at.button] and PROMPT not in words(at)
