"""Prices, joint funding and amounts reported but not converted, as the pages show them."""

from __future__ import annotations

import csv

import pytest
from paths import ROOT, shared
from streamlit.testing.v1 import AppTest
from test_app import PAGES, app, metric, texts

from dashboard import questions
from dashboard.data import prices
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.ingest import mapping, run
from dashboard.words import text
from tests.unit.test_money import JOINT_IATI


def on(directory, params: dict, page: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("SSC_DATA_DIR", str(directory))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    at.switch_page(page)
    return at.run()


def test_constant_prices_from_the_link_on_the_overview():
    at = app({"prices": "constant"}, "pages/overview.py")
    assert not at.exception
    store = open_store(ROOT / "data" / "reference", basis=prices.CONSTANT)
    expected = questions.kpis(store, Filters(prices="constant")).at[0, "reported_usd"]
    assert metric(at, "Reported funding") == text.usd(expected)
    assert f"Amounts in constant {prices.latest_year()} US$" in texts(at)
    assert next(r for r in at.sidebar.radio if r.label == "Prices").value == "constant"
    assert at.query_params["prices"] == "constant"
    current = app({}, "pages/overview.py")
    assert "Amounts in current US$" in texts(current) and "prices" not in current.query_params


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_constant_prices_says_so(page):
    at = app({"prices": "constant", "ds": "demo"}, page)
    assert not at.exception, at.exception
    assert "Amounts in constant" in texts(at)


def test_a_bad_prices_value_is_ignored_with_a_notice():
    at = app({"prices": "gold"}, "pages/overview.py")
    assert not at.exception
    assert any("for prices in the link" in w.value for w in at.warning)
    assert "Amounts in current US$" in texts(at)


@pytest.fixture(scope="module")
def qatar(tmp_path_factory):
    out = tmp_path_factory.mktemp("qatar")
    assert run([shared("samples", "aiddata", "Qatar_TUFFDonorDataset_Level1_v1.0.csv")], out).written
    return out


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/map.py"])
def test_a_tuff_sample_in_the_source_s_constant_prices(qatar, monkeypatch, page):
    """The Overview's total and the Map's values are the source's usd_defl, and each says 'constant 2012 US$'."""
    at = on(qatar, {"prices": "constant"}, page, monkeypatch)
    assert not at.exception, at.exception
    assert "Amounts in constant 2012 US$" in texts(at)
    store = open_store(qatar, basis=prices.CONSTANT)
    total = questions.kpis(store, Filters()).at[0, "reported_usd"]
    if page == "pages/overview.py":
        assert metric(at, "Reported funding") == text.usd(total)
    else:
        provided = questions.per_country(store, Filters()).set_index("code").at["QAT", "provided_usd"]
        assert provided == pytest.approx(total)  # Qatar provides every initiative of its own file


def test_joint_funding_on_the_funding_mix(tmp_path, monkeypatch):
    (tmp_path / "j.xml").write_text(JOINT_IATI, encoding="utf-8")
    assert run([tmp_path / "j.xml"], tmp_path / "out").written
    at = on(tmp_path / "out", {"tables": "true"}, "pages/funding.py", monkeypatch)
    assert not at.exception, at.exception
    assert "Joint funding (not split)" in str([c.proto.spec for c in at.get("vega_lite_chart")])
    detail = on(tmp_path / "out", {"initiative": "J-1"}, "pages/initiatives.py", monkeypatch)
    assert not detail.exception, detail.exception
    cells = [str(v) for frame in detail.dataframe for v in frame.value.to_numpy().ravel()]
    assert cells.count("part of the joint funding, not split") == 3


def test_an_amount_not_converted_is_not_called_unreported(tmp_path, monkeypatch):
    source = tmp_path / "l.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "title", "donor", "recipient", "amount", "currency", "year"],
                                      ["A", "One", "Brazil", "Angola", "5000", "SSP", "1990"],
                                      ["B", "Two", "Brazil", "Angola", "100", "USD", "1990"],
                                      ["C", "Three", "Brazil", "Angola", "", "", "1991"]])
    given = mapping.from_dict({"fields": {"initiative_id": {"column": "id"}, "title": {"column": "title"},
                                          "providers": {"column": "donor"}, "receivers": {"column": "recipient"},
                                          "start_year": {"column": "year"}},
                               "funding": {"amount": {"column": "amount"}, "currency": {"column": "currency"},
                                           "year": {"column": "year"}}}, "t")
    assert run([source], tmp_path / "out", given).written
    at = on(tmp_path / "out", {}, "pages/overview.py", monkeypatch)
    assert not at.exception
    assert "Of these, 1 initiative reports an amount that could not be converted" in texts(at)
    funding = on(tmp_path / "out", {}, "pages/funding.py", monkeypatch)
    assert "1 reports an amount that could not be converted to these prices (reported, not converted)" in texts(
        funding)
