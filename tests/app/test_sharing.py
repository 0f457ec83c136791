"""Sharing in meetings, through AppTest: every chart has its exports, the share control offers both links,
presentation mode hides the controls, keeps across pages, and can be left."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from test_app import PAGES, app, texts
from test_upload import CSV, upload_page

from dashboard.shell import figures, presentation

PAGE_LINKS = {"pages/country.py": {"country": "BRA"}, "pages/network.py": {"fac": "1"}}


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_can_be_downloaded_as_png_svg_and_csv(page):
    at = app({"th": "gender", **PAGE_LINKS.get(page, {})}, page)
    assert not at.exception
    charts = len(at.get("vega_lite_chart"))
    buttons = [b.proto for b in at.get("download_button") if b.proto.label in ("PNG", "SVG", "CSV")]
    assert [b.label for b in buttons] == ["PNG", "SVG", "CSV"] * charts
    assert all(b.HasField("deferred_file_id") for b in buttons)  # made only when clicked
    assert len({b.id for b in buttons}) == len(buttons)


def test_the_share_control_offers_the_view_and_its_presentation_link():
    at = app({"th": "gender", "show": "Funding"})
    links = [c.value for c in at.sidebar.code]
    assert len(links) == 4
    view, present, frame, data = links
    assert "th=gender" in view and "show=Funding" in view and "present" not in view
    assert present == view + "&present=1"
    assert frame.startswith("<iframe") and "th=gender&amp;show=Funding&amp;embed=true" in frame
    # The data behind the page: the API's links with the view's filters (not the page's own controls).
    assert data.splitlines() == [f"/api/v1/{name}.csv?th=gender"
                                 for name in ("kpis", "per_year", "themes", "per_country", "per_code")]
    # This view's data in one zip: the API's export with the view's keys (it streams, whatever the size).
    [zipped] = [b.proto for b in at.get("link_button") if "(zip)" in b.proto.label]
    assert zipped.url == "/api/v1/export.zip?th=gender"


def test_a_session_s_own_upload_zips_its_view_here(monkeypatch, tmp_path):
    """The API serves no one a session's unsaved upload: its zip is made in the session, the same files."""
    monkeypatch.setenv("SSC_SAVED_DIR", str(tmp_path))
    at = upload_page([("projects.csv", CSV, "text/csv")])
    at.button(key="use-readings").click().run()
    next(b for b in at.button if b.label == "Open in the dashboard (this session)").click().run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception and not [b for b in at.get("link_button") if "(zip)" in b.proto.label]
    [button] = [b for b in at.get("download_button") if "(zip)" in b.proto.label]
    archive = zipfile.ZipFile(io.BytesIO(figures._zip(at.session_state["view"])))
    assert {"README.md", "dataset.yaml", "initiatives.csv", "funding.parquet"} <= set(archive.namelist())
    assert "initiatives.csv and initiatives.parquet: 3 rows" in archive.read("README.md").decode()
    assert button.proto.HasField("deferred_file_id")  # made only when clicked


def chart_fonts(at) -> list[tuple]:
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    return [(s["title"].get("fontSize"), s.get("config", {}).get("axis", {}).get("labelFontSize")) for s in specs]


def test_presentation_mode_shows_the_filters_as_a_subtitle_and_hides_the_controls():
    at = app({"th": "gender", "present": "1"})
    assert not at.exception
    assert [s.value for s in at.subheader][0] == "Themes: Gender · Amounts in current US$"
    assert any(h.proto.body == presentation.PRESENTATION_CSS for h in at.get("html"))
    assert set(chart_fonts(at)) == {(24, 16)}  # larger type in every chart
    assert at.button(key="leave-presentation")
    assert at.query_params["present"] == "1"
    normal = app({"th": "gender"})
    assert not any(h.proto.body == presentation.PRESENTATION_CSS for h in normal.get("html"))
    assert "present" not in normal.query_params
    assert all(size != 24 for size, _ in chart_fonts(normal))


def test_presentation_mode_keeps_across_pages_and_can_be_left():
    at = app({"th": "gender", "present": "1"})
    at.switch_page("pages/network.py").run()
    assert not at.exception
    assert at.query_params["present"] == "1" and at.query_params["th"] == "gender"
    assert [s.value for s in at.subheader][0] == "Themes: Gender · Amounts in current US$"
    at.button(key="leave-presentation").click().run()
    assert "present" not in at.query_params and at.query_params["th"] == "gender"
    assert not any(h.proto.body == presentation.PRESENTATION_CSS for h in at.get("html"))
    assert r"**Reference \(seed documents\)** · Themes: Gender" in texts(at)  # the title escaped: shown as words


@pytest.mark.parametrize("value", ["yes", "0", "<script>alert(1)</script>"])
def test_a_bad_presentation_value_gets_a_notice(value):
    at = app({"present": value})
    assert not at.exception
    assert f"Ignored `{value}` for presentation mode in the link" in " ".join(w.value for w in at.warning)
    assert "present" not in at.query_params


def test_a_chart_alone_for_an_iframe_and_its_embed_code():
    at = app({"th": "gender"})
    codes = [c.value for c in at.code if "<iframe" in c.value]
    assert codes and all("embed=true" in c and "th=gender" in c for c in codes)
    assert any("chart=per-year" in c for c in codes)
    alone = app({"th": "gender", "chart": "per-year"})
    assert not alone.exception
    assert len(alone.get("vega_lite_chart")) == 1  # nothing else is drawn
    caption = next(c.value for c in alone.caption if "Open the full view" in c.value)
    assert "Themes: Gender" in caption and "chart=" not in caption.split("](")[1]
    missing = app({"chart": "nope"})
    assert "This page draws no chart named `nope`" in " ".join(w.value for w in missing.warning)
