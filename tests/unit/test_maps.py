"""The map's table and chart on small fixture frames, through to_dict(); a country's partners."""

from __future__ import annotations

import pandas as pd
import pytest
from paths import COUNTRIES

from dashboard.country import charts as country_charts
from dashboard.country import profile
from dashboard.map import charts as maps
from dashboard.map import geo
from dashboard.words import breakdowns, charts, colours, exports, text
from dashboard.words import classes as value_classes


@pytest.fixture(scope="module")
def points():
    return geo.points(COUNTRIES)


def place(code, kind, name, region, provided, received, as_p, as_r, unreported=0, up=0, ur=0, partners=1):
    return {"code": code, "kind": kind, "name": name, "region": region, "provided_usd": provided,
            "received_usd": received, "net_usd": provided - received, "initiatives_as_provider": as_p,
            "initiatives_as_receiver": as_r, "initiatives": max(as_p, as_r), "unreported": unreported,
            "unreported_as_provider": up, "unreported_as_receiver": ur, "partners": partners, "top_partners": None}


PLACES = pd.DataFrame([
    place("BRA", "country", "Brazil", "Americas", 900.0, 100.0, 3, 1, partners=3) | {
        "top_partners": "Mozambique, Africa, India"},
    place("MOZ", "country", "Mozambique", "Africa", 0.0, 600.0, 0, 2),
    place("MDV", "country", "Maldives", "Asia", 0.0, 0.0, 0, 1, unreported=1, ur=1),
    place("IND", "country", "India", "Asia", 0.0, 200.0, 1, 1, unreported=1, up=1),
    place("Africa", "region", "Africa", "Africa", 0.0, 200.0, 0, 1),
])
FLOWS = pd.DataFrame({
    "provider": ["BRA", "BRA", "BRA", "IND"], "provider_kind": ["country"] * 4,
    "provider_name": ["Brazil", "Brazil", "Brazil", "India"],
    "receiver": ["MOZ", "Africa", "IND", "BRA"], "receiver_kind": ["country", "region", "country", "country"],
    "receiver_name": ["Mozambique", "Africa", "India", "Brazil"],
    "value_usd": [600.0, 200.0, 100.0, 0.0], "initiatives": [2, 1, 1, 1], "two_way_initiatives": [0, 0, 1, 0],
    "unreported": [0, 0, 0, 1], "reverse": [False, False, True, True], "all_flows": [4] * 4,
})


def test_mapped_values_give_each_country_its_value_and_class(points):
    table = maps.mapped_values(points, PLACES, "provided").set_index("iso3")
    assert table.loc["BRA", "value"] == 900.0 and table.loc["BRA", "shown"] == "US$900"
    assert table.loc["MOZ", "class"] == "None"  # takes part, provides nothing: zero, not 'no data'
    assert table.loc["IND", "class"] == value_classes.AMOUNT_NOT_REPORTED  # provides, amount unknown
    assert table.loc["FRA", "class"] == value_classes.NO_INITIATIVES and table.loc["FRA", "shown"] == "no initiatives"
    assert "Africa" not in table.index  # regions have no outline; the page lists them instead
    assert table.loc["BRA", "top_partners"] == "Mozambique, Africa, India"
    assert table.loc["MOZ", "top_partners"] == "none"
    people = maps.table_for_people(table.reset_index(), "provided")
    assert list(people["Country"][:2]) == ["Brazil", "Mozambique"]  # by value, then by initiatives
    assert set(people["ISO3"]) == {"BRA", "MOZ", "MDV", "IND"}  # only countries with initiatives


def test_net_and_count_measures(points):
    net = maps.mapped_values(points, PLACES, "net").set_index("iso3")
    assert net.loc["BRA", "value"] == 800.0 and net.loc["MOZ", "shown"] == "−US$600"
    assert net.loc["BRA", "class"].startswith("Net provider") and net.loc["MOZ", "class"].startswith("Net receiver")
    assert net.loc["MDV", "class"] == value_classes.AMOUNT_NOT_REPORTED
    partners = maps.mapped_values(points, PLACES, "partners").set_index("iso3")
    assert partners.loc["BRA", "shown"] == "3"
    assert value_classes.AMOUNT_NOT_REPORTED not in partners.attrs["classes"].domain


def layer(spec: dict, mark: str, field: str | None = None) -> dict:
    found = [x for x in spec["layer"] if (x["mark"]["type"] if isinstance(x["mark"], dict) else x["mark"]) == mark]
    return found[-1] if field is None else next(x for x in found if field in str(x.get("encoding")))


def test_flow_map_spec(points):
    table = maps.mapped_values(points, PLACES, "provided")
    ribbons = maps.flow_ribbons(FLOWS.head(3), points, "value")
    spec = maps.flow_map(table, ribbons, "provided", "subtitle").to_dict()  # validates against the schema
    assert spec["projection"]["type"] == "equalEarth"
    datasets = spec["datasets"]
    shapes = layer(spec, "geoshape", "class")
    assert shapes["data"]["url"] == exports.OUTLINES_URL  # outlines by URL: never in the chart's message
    colour = shapes["encoding"]["color"]
    assert colour["field"] == "class" and value_classes.NO_INITIATIVES in colour["scale"]["domain"]
    grey = colour["scale"]["range"][colour["scale"]["domain"].index(value_classes.NO_INITIATIVES)]
    assert grey == value_classes.NO_DATA_GREY
    lookup = shapes["transform"][0]
    assert lookup["lookup"] == "properties.iso3" and lookup["from"]["key"] == "iso3"
    values = {row["iso3"]: row for row in datasets[lookup["from"]["data"]["name"]]}
    assert values["BRA"]["class"] == table.set_index("iso3").loc["BRA", "class"]
    assert values["FRA"]["class"] == value_classes.NO_INITIATIVES
    params = spec.get("params", []) + [p for x in spec["layer"] for p in x.get("params", [])]
    # A click selects an outline or a dot by iso3, or a flow by its two ends (its initiatives open).
    assert {p["name"]: p["select"]["fields"] for p in params} == {"country": ["iso3"], "dot": ["iso3"],
                                                                  "flow": ["p", "r"]}
    assert {f["properties"]["p"].split(":")[0] for f in ribbons} <= {"country", "region", "organisation"}
    dots = layer(spec, "circle")
    assert {row["iso3"] for row in datasets[dots["data"]["name"]]} >= {"MDV"}
    lines = layer(spec, "geoshape", "properties.direction")
    halo = spec["layer"][spec["layer"].index(lines) - 1]  # drawn just before (under) the ribbons
    assert halo["data"] == lines["data"] and halo["mark"]["fill"] == "#ffffff"
    features = datasets[lines["data"]["name"]]
    assert [f["properties"]["route"] for f in features] == ["Brazil → Mozambique", "Brazil → India"]  # not the region
    assert [f["properties"]["direction"] for f in features] == [colours.ONE_WAY, colours.BOTH_WAYS]
    assert features[0]["properties"]["funding"] == "US$600" and features[1]["properties"]["initiatives"] == 1
    assert {t["field"] for t in lines["encoding"]["tooltip"]} <= {f"properties.{k}" for k in features[0]["properties"]}


def test_flow_map_without_flows(points):
    table = maps.mapped_values(points, PLACES.iloc[:0], "received")
    spec = maps.flow_map(table, maps.flow_ribbons(FLOWS.iloc[:0], points, "count"), "received").to_dict()
    assert not [x for x in spec["layer"] if "properties.direction" in str(x.get("encoding"))]
    assert maps.RIBBONS not in spec.get("datasets", {})


def test_outlines_file_is_the_countries_table():
    assert exports.OUTLINES.read_text() == geo.outlines_json(geo.outlines(COUNTRIES))  # python -m dashboard.map.geo


def test_selected_country():
    assert maps.selected_country({"selection": {"country": [{"iso3": "BRA"}], "dot": []}}) == "BRA"
    assert maps.selected_country({"selection": {"country": [], "dot": [{"iso3": "MDV"}]}}) == "MDV"
    assert maps.selected_country({"selection": {"country": [], "dot": []}}) is None
    assert maps.selected_country(None) is None


def test_partners_of_a_country_both_ways():
    got = profile.partners(FLOWS, "BRA", {"MOZ": "Africa", "IND": "Asia", "Africa": "Africa"}).set_index("partner")
    assert got.loc["MOZ", ["to_usd", "to_initiatives", "from_usd", "from_initiatives"]].tolist() == [600, 2, 0, 0]
    assert got.loc["IND", ["to_usd", "to_initiatives", "from_usd", "from_initiatives"]].tolist() == [100, 1, 0, 1]
    assert got.loc["Africa", "label"] == "Partners in Africa (not named)"
    assert list(profile.two_way(got.reset_index())["partner"]) == ["IND"]


def test_profile_charts():
    partners = profile.partners(FLOWS, "BRA", {"MOZ": "Africa", "IND": "Asia", "Africa": "Africa"})
    spec = country_charts.partners(partners, "to", "value").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [r["label"] for r in rows] == ["Mozambique", "India"]  # Africa's unnamed partners are not ranked
    subtitle = " ".join(spec["title"]["subtitle"])  # wrapped at words into lines
    assert subtitle.endswith("Not ranked: partners named only by region (US$200)")
    assert spec["encoding"]["x"]["field"] == "to_usd"
    years = pd.DataFrame({"year": [2009, 2010, None], "role": ["both", "provider", "receiver"],
                          "initiatives": [1, 2, 3]})
    spec = country_charts.roles_per_year(years).to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2009", "2010", charts.NOT_REPORTED]
    mix = pd.DataFrame({"source_type": ["multilateral", "unspecified"], "label": ["Multilateral", "Other"],
                        "amount_usd": [500.0, 0.0], "contributions": [3, 2], "not_reported": [1, 2], "in_kind": [0, 0],
                        "initiatives": [2, 1]})
    spec = breakdowns.source_mix(mix).to_dict()
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    assert rows.groupby("status")["n"].sum().to_dict() == {"Amount reported": 2, "Amount not reported": 3}


def test_map_and_country_summaries():
    line = text.map_summary("value provided", [("Brazil", "US$900")], 4, 3, 4, 900.0, 1000.0,
                            "Brazil → Mozambique (US$600)", (200.0, 0.0), 1)
    assert "4 countries take part" in line and "By value provided, Brazil (US$900) lead" in line
    assert "the 3 largest of 4" in line and "US$900 of the US$1k reported" in line
    assert "US$200 went to partners" in line and "1 of them has a partner named only by region" in line
    k = {"initiatives": 4, "initiatives_as_provider": 3, "initiatives_as_receiver": 1, "provided_usd": 900.0,
         "received_usd": 100.0, "unreported": 1}
    line = text.country_summary("Brazil", k, ["Mozambique"], ["India"], 1)
    assert line.startswith("Brazil takes part in 4 initiatives") and "1 partner cooperation runs both ways" in line
    assert "1 of its initiatives (25%)" in line


@pytest.mark.parametrize("measure", ["provided", "net", "initiatives"])
def test_map_classes_are_those_of_the_whole_dataset(points, generated_store, measure):
    """Two links with different filters colour the same value alike: the classes come from the whole data."""
    from dashboard import questions
    from dashboard.data.filters import Filters

    whole = questions.per_country(generated_store, Filters())
    cuts = maps.class_cuts(whole, measure)
    views = (Filters(), Filters(receiver_regions=("Africa",)), Filters(themes=("gender",), years=(2010, 2012)))
    tables = [maps.mapped_values(points, questions.per_country(generated_store, f), measure, cuts) for f in views]
    domains = [t.attrs["classes"].domain for t in tables]
    assert domains[0] == domains[1] == domains[2]
    narrowed = maps.mapped_values(points, questions.per_country(generated_store, Filters(receiver_regions=("Africa",))),
                                  measure)
    assert narrowed.attrs["classes"].domain != domains[0]  # its own classes would differ
