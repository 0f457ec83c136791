"""AppTest, from app.py, for every page on both datasets: rendering, links, notices, detail, errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from paths import DEMO, REFERENCE, ROOT
from streamlit.testing.v1 import AppTest

from dashboard import questions
from dashboard.data import schema
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.words import text

PAGES = ["pages/overview.py", "pages/map.py", "pages/country.py", "pages/network.py", "pages/funding.py",
         "pages/initiatives.py", "pages/about.py", "pages/upload.py"]
DATASETS = {"reference": REFERENCE, "demo": ROOT / "data" / "demo"}


def app(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params or {})
    if page:
        at.switch_page(page)
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def sidebar_select(at: AppTest, label: str):
    return next(m for m in at.sidebar.multiselect if m.label == label)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "warning", "info", "error", "title", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_both_datasets(page, dataset):
    at = app({"ds": dataset} if dataset != "reference" else {}, page)
    assert not at.exception, at.exception
    body = texts(at)
    banner = "Synthetic demonstration data, not real cooperation flows."
    assert (banner in body) == (dataset == "demo")
    assert "All initiatives" in body


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_link_filters_set_the_kpis(dataset):
    params = {"th": "gender,food_security", "rr": "Africa", "ct": "triangular,bilateral,regional"}
    if dataset == "demo":
        params |= {"ds": "demo", "yr": "2005-2015"}
    at = app(params)
    assert not at.exception
    f = Filters(themes=("gender", "food_security"), receiver_regions=("Africa",),
                cooperation_types=("triangular", "bilateral", "regional"),
                years=(2005, 2015) if dataset == "demo" else None)
    expected = questions.kpis(open_store(DATASETS[dataset]), f).iloc[0]
    assert expected["initiatives"] > 0
    assert metric(at, "Initiatives") == text.count(expected["initiatives"])
    assert metric(at, "Providing countries") == text.count(expected["providers"])
    assert metric(at, "Reported funding") == text.usd(expected["reported_usd"])
    assert "Themes: Food security and sovereignty, Gender" in texts(at)
    assert sidebar_select(at, "Themes").value == ["food_security", "gender"]


def test_invalid_link_values_are_ignored_with_a_notice():
    at = app({"yr": "abc", "th": "gender,astrology", "ds": "nope", "unrep": "maybe", "rc": "XXX",
              "q": "x" * 300})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored the year range `abc`" in warnings
    assert "Ignored unknown theme `astrology`" in warnings
    assert "Ignored unknown dataset `nope`" in warnings
    assert "Ignored `maybe` for unreported amounts" in warnings
    assert "Ignored unknown receiver country `XXX`" in warnings
    assert "Shortened the search text" in warnings
    assert sidebar_select(at, "Themes").value == ["gender"]  # the valid part is kept


def test_reversed_year_range_is_ignored():
    at = app({"ds": "demo", "yr": "2014-2005"})
    assert "the first year is after the last" in " ".join(w.value for w in at.warning)
    assert metric(at, "Initiatives") == "20,000"


def test_initiative_link_opens_its_detail():
    at = app({"initiative": "IFAD-13"}, "pages/initiatives.py")
    assert not at.exception
    assert "Africa-Brazil Agricultural Innovation Marketplace" in [s.value for s in at.subheader]
    body = texts(at)
    assert "**Receivers:** Africa (partners not named)" in body
    assert "Source: IFAD REPL.IX/3/R.3" in body
    missing = app({"initiative": "NOPE-1"}, "pages/initiatives.py")
    assert "There is no initiative `NOPE-1` in this dataset." in [w.value for w in missing.warning]


def test_unreported_amounts_read_not_reported():
    body = texts(app({"initiative": "CSO-04"}, "pages/initiatives.py"))
    assert "**Funding:** amounts not reported (1 contribution)." in body
    assert "**Years**  \nnot reported" in body
    assert "**Funding:** not reported (no contribution recorded)." in texts(
        app({"initiative": "SSC-01"}, "pages/initiatives.py"))


def test_widgets_write_the_link_and_reset_clears_it():
    at = app()
    sidebar_select(at, "Themes").set_value(["gender"]).run()
    assert at.query_params.get("th") in ("gender", ["gender"])
    assert "Themes: Gender" in texts(at)
    at.button[0].click().run()  # Reset filters
    assert "th" not in at.query_params
    assert metric(at, "Initiatives") == "36"


def test_one_place_picker_per_side_sets_regions_and_countries():
    """A side's picker holds regions, sub-regions and countries; they are alternatives, and each goes to its own
    key in the link. The KPIs are the query layer's for the same Filters."""
    at = app({"rr": "Africa"})
    assert sidebar_select(at, "Receivers").value == ["region:Africa"]
    sidebar_select(at, "Providers").set_value(["subregion:Southern Asia", "country:BRA"]).run()
    assert (at.query_params["ps"], at.query_params["pc"], at.query_params["rr"]) == ("Southern Asia", "BRA", "Africa")
    f = Filters(provider_subregions=("Southern Asia",), provider_countries=("BRA",), receiver_regions=("Africa",))
    kpis = questions.kpis(open_store(REFERENCE), f).iloc[0]
    assert metric(at, "Initiatives") == text.count(kpis["initiatives"])
    assert metric(at, "Initiatives") != metric(app({"ps": "Southern Asia", "rr": "Africa"}), "Initiatives")


def test_more_filters_run_only_while_open_and_keep_their_values_when_closed():
    closed = app()
    assert [m.label for m in closed.sidebar.multiselect] == ["Providers", "Receivers", "Themes"]
    at = app({"ct": "triangular"})  # a link with one of them opens the fold
    chosen = sidebar_select(at, "Cooperation type")
    assert chosen.value == ["triangular"]
    expected = metric(at, "Initiatives")
    assert expected == text.count(questions.kpis(open_store(REFERENCE), Filters(cooperation_types=("triangular",)))
                                  .iloc[0]["initiatives"])
    chosen.set_value(["triangular", "bilateral"]).run()
    widened = metric(at, "Initiatives")
    at.session_state[f"w_more_{at.session_state['generation']}"] = False  # fold them away
    at.run()
    assert "Cooperation type" not in [m.label for m in at.sidebar.multiselect]
    assert at.query_params["ct"] == "bilateral,triangular" and metric(at, "Initiatives") == widened
    at.session_state[f"w_more_{at.session_state['generation']}"] = True  # and open them again
    at.run()
    assert sidebar_select(at, "Cooperation type").value == ["bilateral", "triangular"]


def test_filters_survive_a_page_switch():
    at = app({"th": "gender"})
    at.switch_page("pages/about.py").run()
    assert "Themes: Gender" in texts(at)


def test_empty_state():
    at = app({"q": "no initiative has this in its title"})
    assert metric(at, "Initiatives") == "0"
    assert any("No initiatives match these filters" in i.value for i in at.info)
    listing = app({"q": "no initiative has this in its title"}, "pages/initiatives.py")
    assert any("No initiatives match these filters" in i.value for i in listing.info)


def test_a_dataset_that_fails_validation_shows_the_error_page(tmp_path, monkeypatch):
    initiatives = pq.read_table(REFERENCE / schema.INITIATIVES_FILE).drop_columns(["themes"])
    pq.write_table(initiatives, tmp_path / schema.INITIATIVES_FILE)
    pq.write_table(pq.read_table(REFERENCE / schema.FUNDING_FILE), tmp_path / schema.FUNDING_FILE)
    monkeypatch.setenv("SSC_DATA_DIR", str(tmp_path))
    at = app()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "breaks the data contract" in errors
    assert "initiatives.parquet, column 'themes': required column is missing" in texts(at)


def test_the_server_warms_up_on_every_dataset_then_says_it_is_ready(tmp_path, monkeypatch):
    """At start the server opens every dataset it offers, the one a visitor sees first (the user's own, if given)
    first, then says it is ready (the readiness route answers 200); one that breaks the contract is left to the
    first run's error page, and the start goes on."""
    from dashboard.data import cache
    from dashboard.shell import sidebar

    class Opened:
        version = "v1"

    opened = []
    monkeypatch.setattr(cache, "_READY", {})
    monkeypatch.setattr(sidebar, "_load_store", lambda path: opened.append(path) or Opened)
    monkeypatch.setattr(sidebar, "dataset_facts", lambda path: None)
    monkeypatch.setenv("SSC_DATA_DIR", str(tmp_path))
    assert cache.readiness() is None
    sidebar.warm_up()
    assert opened[:3] == [str(tmp_path.resolve()), str(REFERENCE), str(DEMO)]
    assert cache.readiness() == {"custom": "v1", "reference": "v1", "demo": "v1"}
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_READY", {})
    (tmp_path / schema.INITIATIVES_FILE).write_bytes(b"not parquet")
    monkeypatch.setenv("SSC_DATA_DIR", str(tmp_path))
    sidebar.warm_up()  # no exception: test_a_dataset_that_fails_validation_shows_the_error_page shows the rest
    assert cache.readiness()["custom"] == "breaks the data contract" and cache.readiness()["reference"]


def test_the_repository_config_is_what_streamlit_loads():
    assert (ROOT / ".streamlit").resolve() == (ROOT / "streamlit_config").resolve()
    code = ("from streamlit import config; config.get_config_options(force_reparse=True); "
            "print(config.get_option('theme.primaryColor'), config.get_option('browser.gatherUsageStats'), "
            "config.get_option('server.headless'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "HOME": str(ROOT / "tests")})
    assert out.stdout.split() == ["#0072B2", "False", "True"]


def test_downloads_offer_csv_then_parquet_beyond_the_limit(monkeypatch):
    at = app({}, "pages/initiatives.py")
    assert any("Download 36 initiatives (CSV)" in str(b.proto.label) for b in at.get("download_button"))
    from dashboard.shell import figures

    monkeypatch.setattr(figures, "CSV_LIMIT", 1_000)
    big = app({"ds": "demo"}, "pages/initiatives.py")
    assert any("more than the 1,000 a CSV file holds" in i.value for i in big.info)
    assert any("(Parquet)" in str(b.proto.label) for b in big.get("download_button"))


def test_a_page_number_past_the_end_falls_back_to_the_first_page():
    at = app({"page": "999"}, "pages/initiatives.py")
    assert not at.exception
    assert "Rows 1–25 of 36. Select a row to see the initiative." in texts(at)
    assert [w.value for w in at.warning] == ["Ignored `999` for page in the link."]
    demo = app({"ds": "demo", "page": "50"}, "pages/initiatives.py")
    assert "Rows 1,226–1,250 of 20,000" in texts(demo)
    next(t for t in demo.sidebar.text_input if t.label.startswith("Search")).set_value("haiti to").run()
    assert not demo.exception and "Rows 1–25 of" in texts(demo)
    assert "for page in the link" not in texts(demo)  # the search moved past the end, not the link


@pytest.mark.parametrize(("page", "params", "notices"), [
    ("pages/initiatives.py", {"sort": "evil", "order": "x", "rows": "7", "page": "abc"},
     ["`evil` for sort by", "`x` for order", "`7` for rows per page", "`abc` for page"]),
    ("pages/map.py", {"tables": "<script>", "table": "Nope"},
     ["`<script>` for the tables behind the map", "`Nope` for the open table"]),
    ("pages/network.py", {"tables": "true", "table": "DROP TABLE"}, ["`DROP TABLE` for the open table"]),
    ("pages/country.py", {"country": "BRA", "rank": "zzz", "list": "maybe"},
     ["`zzz` for rank partners by", "`maybe` for its 6 initiatives"]),
    ("pages/initiatives.py", {"country": "<b>XYZ</b>"}, ["`<b>XYZ</b>` for the country"]),
    ("pages/map.py", {"year": "'; DROP TABLE x", "yrmode": "\u202e"},
     ["`'; DROP TABLE x` for the year shown", "`\u202e` for the years' mode"]),
])
def test_link_values_of_page_controls_that_make_no_sense_get_a_notice(page, params, notices):
    """Streamlit drops a value its link-bound widget cannot use; the app says so, as for every other key."""
    at = app(params, page)
    assert not at.exception
    assert sorted(w.value for w in at.warning) == sorted(f"Ignored {n} in the link." for n in notices)


def test_good_link_values_of_page_controls_get_no_notice():
    at = app({"sort": "Title", "order": "Ascending", "rows": "50", "page": "1"}, "pages/initiatives.py")
    assert not at.exception and not at.warning
    assert "Rows 1–36 of 36" in texts(at)
    assert not app({"country": "BRA", "rank": "Initiatives", "list": "true"}, "pages/country.py").warning
    assert not app({"tables": "true", "table": "Drawn flows"}, "pages/map.py").warning
