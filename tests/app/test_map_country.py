"""AppTest for the Map and the Country profile on both datasets: links, notices, empty states,
and numbers equal to what the query layer computes for the same Filters."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest
from test_app import DATASETS, app, metric, texts

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.words import text


def map_values(at) -> pd.DataFrame:
    """The table the map's countries look their colour and tooltip up in."""
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    shapes = next(layer for layer in spec["layer"] if "url" in layer.get("data", {}))
    name = shapes["transform"][0]["from"]["data"]["name"]
    data = next(d for d in charts[0].proto.datasets if d.name == name)
    return pa.ipc.open_stream(data.data.data).read_all().to_pandas()


def busiest_country(dataset: str) -> tuple[str, dict]:
    places = questions.per_country(open_store(DATASETS[dataset]), Filters())
    row = places[places["kind"] == "country"].iloc[0]
    return row["code"], row.to_dict()


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_map_draws_the_filtered_countries_and_flows(dataset):
    params = {"measure": "received", "width": "count", "flows": "25", "rr": "Africa", "tables": "true",
              "table": "Drawn flows"}
    if dataset == "demo":
        params["ds"] = "demo"
    at = app(params, "pages/map.py")
    assert not at.exception, at.exception
    assert [s.value for s in at.selectbox if s.label in ("Colour countries by", "Flows drawn")] == ["received", 25]
    assert next(r for r in at.radio if r.label == "Line width by").value == "count"
    store = open_store(DATASETS[dataset])
    f = Filters(receiver_regions=("Africa",))
    expected = questions.per_country(store, f)
    expected = expected[(expected["kind"] == "country") & (expected["received_usd"] > 0)]
    values = map_values(at)
    classes = dict(zip(values["iso3"], values["class"], strict=True))
    shown = dict(zip(values["iso3"], values["shown"], strict=True))
    with_shape = [c for c in expected["code"] if c in shown]
    assert with_shape
    for code, value in zip(expected["code"], expected["received_usd"], strict=True):
        if code in shown:
            assert shown[code] == text.usd(value) and classes[code] != "No initiatives under these filters"
    flows = questions.flows(store, f, 25, "count")
    body = texts(at)
    assert f"largest of {text.count(flows['all_flows'].iloc[0])} provider→receiver flows" in body \
        or f"all {text.count(flows['all_flows'].iloc[0])} provider→receiver flows" in body
    assert len(at.dataframe) == 1  # only the open tab's table is sent
    drawn = at.dataframe[0].value
    assert list(drawn["Provider"]) == list(flows["provider_name"])
    assert list(drawn["Initiatives"]) == list(flows["initiatives"])


def test_map_link_values_that_make_no_sense_get_a_notice():
    at = app({"measure": "astrology", "flows": "9999", "width": "<script>"}, "pages/map.py")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored `astrology` for colour countries by" in warnings
    assert "Ignored `9999` for flows drawn" in warnings and "Ignored `<script>` for line width by" in warnings
    assert [s.value for s in at.selectbox if s.label == "Colour countries by"] == ["provided"]


def test_map_empty_state():
    at = app({"q": "no initiative mentions this zzqx"}, "pages/map.py")
    assert not at.exception
    assert "No initiatives match these filters" in texts(at) and not at.get("vega_lite_chart")


def test_map_lists_partners_named_only_by_region():
    at = app({"tables": "true", "table": "Partners not on the map"}, "pages/map.py")
    unnamed = at.dataframe[0].value
    places = questions.per_country(open_store(DATASETS["reference"]), Filters())
    regions = places[(places["kind"] == "region") & (places["initiatives_as_receiver"] > 0)]
    got = unnamed[unnamed["Role"] == "Receivers"]["Value (US$)"].sum()
    assert got == pytest.approx(regions["received_usd"].sum()) and got > 0


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_country_profile_numbers(dataset):
    code, row = busiest_country(dataset)
    params = {"country": code} | ({"ds": "demo"} if dataset == "demo" else {})
    at = app(params, "pages/country.py")
    assert not at.exception, at.exception
    assert metric(at, "Initiatives as provider") == text.count(row["initiatives_as_provider"])
    assert metric(at, "Initiatives as receiver") == text.count(row["initiatives_as_receiver"])
    assert metric(at, "Value provided") == text.usd(row["provided_usd"])
    assert metric(at, "Value received") == text.usd(row["received_usd"])
    assert at.subheader[0].value == questions.country_names(open_store(DATASETS[dataset]))[code]
    assert f"takes part in {text.initiatives(row['initiatives'])}" in texts(at)
    assert len(at.get("vega_lite_chart")) >= 4  # partners both ways, timeline, themes, funding mix


def test_country_profile_with_filters_counts_only_the_filtered_initiatives():
    store = open_store(DATASETS["reference"])
    f = Filters(years=(2009, 2010), involving="CHN")
    row = questions.per_country(store, f).set_index("code").loc["CHN"]
    at = app({"country": "CHN", "yr": "2009-2010"}, "pages/country.py")
    assert metric(at, "Initiatives as provider") == text.count(row["initiatives_as_provider"])
    assert "2009–2010" in texts(at)


def test_country_initiatives_list_is_folded_and_lists_its_initiatives():
    code, row = busiest_country("reference")
    assert not app({"country": code}, "pages/country.py").dataframe  # folded: no grid to draw
    at = app({"country": code, "list": "true"}, "pages/country.py")
    listed = at.dataframe[0].value
    expected = questions.initiatives_page(open_store(DATASETS["reference"]), Filters(involving=code), "start_year",
                                          True, 200, 0)
    assert len(listed) == min(row["initiatives"], 200) and list(listed["ID"]) == list(expected["initiative_id"])


def test_country_profile_unknown_code_gets_a_notice():
    at = app({"country": "XXX"}, "pages/country.py")
    assert not at.exception
    assert "There is no country `XXX`" in " ".join(w.value for w in at.warning)
    assert at.subheader[0].value == "China"  # it opens on the busiest country instead


def test_country_profile_opens_on_the_busiest_country_under_the_filters():
    store = open_store(DATASETS["reference"])
    for params, f in (({}, Filters()), ({"rr": "Africa"}, Filters(receiver_regions=("Africa",))),
                      ({"pc": "BRA"}, Filters(provider_countries=("BRA",)))):
        at = app(params, "pages/country.py")
        places = questions.per_country(store, f)
        countries = places[places["kind"] == "country"]
        busiest = countries[countries["initiatives"] == countries["initiatives"].max()]
        assert at.subheader[0].value in set(busiest["name"]), params
        assert "country" not in at.query_params  # the filters decide it; the link stays as it was


def test_country_with_no_initiatives_gets_an_empty_state():
    at = app({"country": "FRA"}, "pages/country.py")
    assert not at.exception
    assert "France takes part in no initiative in this dataset." in texts(at)
    at = app({"country": "BRA", "yr": "2005-2006"}, "pages/country.py")
    assert "Brazil takes part in no initiative under these filters" in texts(at)


def test_country_selector_writes_the_link():
    at = app({}, "pages/country.py")
    at.selectbox[0].set_value("IND").run()
    assert at.query_params["country"] == ["IND"] or at.query_params["country"] == "IND"
    assert at.subheader[0].value == "India"


def test_southern_led_multilaterals_are_listed_beside_the_map_and_drawn_in_the_network():
    """The demo's Southern-led multilateral providers: beside the map with the value per_country gives them, a
    provider filter (po) that picks one, and the Network drawing it as a node of its own kind."""
    at = app({"ds": "demo", "tables": "true", "table": "Partners not on the map"}, "pages/map.py")
    assert not at.exception, at.exception
    listed = at.dataframe[0].value
    mine = listed[listed["Partner"].str.endswith("(Southern-led multilateral)")]
    places = questions.per_country(open_store(DATASETS["demo"]), Filters())
    orgs = places[places["kind"] == "organisation"]
    assert len(mine) == len(orgs) == 5
    assert mine["Value (US$)"].sum() == pytest.approx(orgs["provided_usd"].sum())
    assert "came from Southern-led multilateral institutions" in texts(at)
    chosen = Filters(provider_orgs=("islamic-development-bank",))
    at = app({"ds": "demo", "po": "islamic-development-bank"}, "pages/network.py")
    assert not at.exception, at.exception
    edges = questions.network_edges(open_store(DATASETS["demo"]), chosen)
    assert set(edges["provider_kind"]) == {"organisation"} and len(edges) > 0
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    shapes = [layer["encoding"]["shape"]["scale"] for layer in spec["layer"] if "shape" in layer.get("encoding", {})]
    assert "Southern-led multilateral" in shapes[0]["domain"]
