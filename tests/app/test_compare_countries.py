"""Countries side by side on the Country profile (?vs=), in AppTest on both datasets: the figures are the query
layer's, every chart of a kind has one scale, bad values get the app's notice, peer buttons fill the link."""

from __future__ import annotations

import json

import pytest
from test_app import DATASETS, app

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.words import text

LINKS = {"reference": {"country": "BRA", "vs": "IND,ZAF"},
         "demo": {"ds": "demo", "country": "BRA", "vs": "IND,ZAF,CHN"}}


@pytest.mark.parametrize("dataset", list(LINKS))
def test_countries_side_by_side_with_the_query_layer_s_figures_on_shared_scales(dataset):
    params = LINKS[dataset]
    at = app(params, "pages/country.py")
    assert not at.exception, at.exception
    codes = (params["country"], *params["vs"].split(","))
    assert any("side by side" in s.value for s in at.subheader)
    table = at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])
    expected = questions.country_comparison(open_store(DATASETS[dataset]), Filters(), codes)
    for column, row in zip(table.columns, expected.itertuples(index=False), strict=True):
        assert table.loc["Initiatives", column] == text.count(row.initiatives)
        assert table.loc["Value provided", column] == text.usd(row.provided_usd)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) == 3 * len(codes)
    for channel, field in (("y", "initiatives"), ("x", "initiatives"), ("x", "n")):
        domains = [s["encoding"][channel]["scale"]["domain"] for s in specs
                   if s["encoding"].get(channel, {}).get("field", "").endswith(field)
                   and "domain" in s["encoding"][channel].get("scale", {})]
        assert len(domains) >= len(codes) and all(d == domains[0] for d in domains[:len(codes)])


@pytest.mark.parametrize("value, ignored", [("XXX", "XXX"), ("BRA,IND", "BRA"), ("IND,IND,ZAF", "IND"),
                                            ("IND,ZAF,CHN,PER", "PER"), ("<b>x</b>", "<B>X</B>")])
def test_countries_a_comparison_cannot_take_get_a_notice(value, ignored):
    at = app({"country": "BRA", "vs": value}, "pages/country.py")
    assert not at.exception
    assert [w.value for w in at.warning] == [f"Ignored `{ignored}` for the countries to compare in the link."]


def test_a_peer_button_fills_the_comparison_and_the_link():
    at = app({"country": "BRA"}, "pages/country.py")
    assert not [s for s in at.subheader if "side by side" in s.value]
    next(b for b in at.button if b.label == "Its top partners").click().run()
    peers = questions.peers(open_store(DATASETS["reference"]), Filters(), "BRA", "partners")
    assert not at.exception and at.query_params["vs"] == ",".join(peers)
    assert any("side by side" in s.value for s in at.subheader)
    next(m for m in at.multiselect if m.label == "Compare with").set_value([]).run()
    assert "vs" not in at.query_params and not [s for s in at.subheader if "side by side" in s.value]
