"""The data API through Starlette's test client: every endpoint equals the query layer, CSV equals the page's
download, bad input answers 400 or 404 with JSON (never a 500), ETags give 304, and a fuzz of generated query
strings never breaks it."""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pandas as pd
import pytest
from endpoints import REQUIRED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import DEMO, REFERENCE
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard import api, questions
from dashboard.data.cache import shared
from dashboard.data.filters import Filters
from dashboard.questions.registry import ENDPOINTS, MAX_ROWS

CLIENT = TestClient(Starlette(routes=api.routes()))
VIEWS = {"": Filters(), "rs=Western+Africa&th=rural_development": Filters(receiver_subregions=("Western Africa",),
                                                                          themes=("rural_development",)),
         "pc=BRA&yr=2005-2008": Filters(provider_countries=("BRA",), years=(2005, 2008))}


def store():
    return shared(str(REFERENCE))




def defaults(name: str) -> dict:
    return {p.name: p.default for p in ENDPOINTS[name].params} | REQUIRED.get(name, ("", {}))[1]


@pytest.mark.parametrize("query", list(VIEWS))
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_every_endpoint_equals_the_query_layer(name, query):
    required = REQUIRED.get(name, ("", {}))[0]
    response = CLIENT.get(f"/api/v1/{name}.json?{query}" + (f"&{required}" if required else ""))
    assert response.status_code == 200, response.text
    answer = response.json()
    expected = ENDPOINTS[name].run(store(), VIEWS[query], defaults(name))
    # The same rows and values; sums may differ in their last bit (DuckDB adds in parallel, in any order).
    pd.testing.assert_frame_equal(pd.DataFrame(answer["data"]), pd.DataFrame(api.records(expected.head(MAX_ROWS))),
                                  check_dtype=False, rtol=1e-12)
    assert answer["meta"]["dataset"]["version"] == store().version and answer["meta"]["rows"] == len(answer["data"])
    assert answer["meta"]["filters"] == dict(pair.split("=") for pair in query.replace("+", " ").split("&") if pair)


def test_csv_is_the_pages_download_after_its_provenance_lines():
    """/?rs=… on the Overview downloads per_year's table; the API's CSV of that view has the same rows."""
    response = CLIENT.get("/api/v1/per_year.csv?rs=Western+Africa")
    lines = response.text.splitlines(keepends=True)
    head = [line for line in lines if line.startswith("#")]
    assert head[0] == "# SSC Flows export\n" and "Filters: Receivers: Western Africa" in head[1]
    assert "Reference (seed documents), version" in head[2] and "IFAD" in head[2]
    page = questions.per_year(store(), Filters(receiver_subregions=("Western Africa",)))
    assert "".join(lines[len(head):]) == page.to_csv(index=False)  # what figures.export_buttons writes after its lines
    assert pd.read_csv(io.StringIO(response.text), skiprows=len(head)).shape == page.shape


def test_parquet_round_trips():
    response = CLIENT.get("/api/v1/per_country.parquet?th=gender")
    frame = pd.read_parquet(io.BytesIO(response.content))
    expected = questions.per_country(store(), Filters(themes=("gender",)))
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)


def test_initiatives_page_with_limit_and_offset():
    first = CLIENT.get("/api/v1/initiatives.json?limit=10&sort=title&order=ascending").json()["data"]
    second = CLIENT.get("/api/v1/initiatives.json?limit=10&offset=10&sort=title&order=ascending").json()["data"]
    both = CLIENT.get("/api/v1/initiatives.json?limit=20&sort=title&order=ascending").json()["data"]
    assert [r["initiative_id"] for r in first + second] == [r["initiative_id"] for r in both]
    assert len(CLIENT.get("/api/v1/initiatives.json?limit=1000").json()["data"]) == 36


def test_one_initiative_and_the_index():
    one = CLIENT.get("/api/v1/initiative/IFAD-01.json").json()
    assert one["data"]["initiative_id"] == "IFAD-01" and isinstance(one["data"]["funding"], list)
    index = CLIENT.get("/api/v1/").json()
    assert {e["name"] for e in index["endpoints"]} == {*ENDPOINTS, "initiative", "ready"}
    assert any(p["name"] == "rs" for p in index["common_parameters"])
    spec = CLIENT.get("/api/v1/openapi.json").json()
    assert spec["openapi"] == "3.1.0" and "/api/v1/per_country.{format}" in spec["paths"]


@pytest.mark.parametrize("url, key, words", [
    ("/api/v1/kpis.json?th=telepathy", "th", "unknown theme"),
    ("/api/v1/kpis.json?yr=2014-2005", "yr", "the first year is after the last"),
    ("/api/v1/kpis.json?colour=red", "colour", "unknown key"),
    ("/api/v1/kpis.json?ds=nope", "ds", "unknown dataset"),
    ("/api/v1/flows.json?top=0", "top", "whole number from 1"),
    ("/api/v1/flows.json?by=weight", "by", "one of value, count"),
    ("/api/v1/initiatives.json?limit=99999", "limit", "whole number"),
    ("/api/v1/kpis.json?q=" + "x" * 500, "q", "Shortened"),
    ("/api/v1/kpis.json?th=" + quote("'; DROP TABLE initiatives; --"), "th", "unknown theme"),
])
def test_bad_input_answers_400_naming_the_key_value_and_rule(url, key, words):
    response = CLIENT.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["key"] == key and words in body["rule"] and "value" in body


@pytest.mark.parametrize("url", ["/api/v1/nope.json", "/api/v1/kpis.xml", "/api/v1/initiative/NOPE.json",
                                 "/api/v1/a/b/c", "/api/v1/kpis"])
def test_unknown_paths_answer_404_with_json(url):
    response = CLIENT.get(url)
    assert response.status_code == 404 and response.json()["error"] == "not found"


def test_etag_and_a_conditional_request():
    response = CLIENT.get("/api/v1/kpis.json?th=gender")
    assert response.headers["cache-control"].startswith("public") and response.headers["etag"]
    again = CLIENT.get("/api/v1/kpis.json?th=gender", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and not again.content
    other = CLIENT.get("/api/v1/kpis.json?th=ict", headers={"If-None-Match": response.headers["etag"]})
    assert other.status_code == 200


def test_nothing_writes():
    for method in ("post", "put", "delete", "patch"):
        assert getattr(CLIENT, method)("/api/v1/kpis.json").status_code == 405


KEYS = ["ds", "yr", "yr2", "country", "vs", "pr", "ps", "pc", "rr", "rs", "rc", "th", "sdg", "ct", "la", "at", "fs",
        "fu", "year", "yrmode", "q", "unrep", "top", "by", "level", "limit", "offset", "sort", "order", "breakdown",
        "field", "lang", "x", "", "yr[]", "%00"]
VALUES = st.one_of(
    st.sampled_from(["", "2005-2010", "2010", "Africa", "Western Africa", "BRA", "BRA,IND", "gender", "triangular",
                     "value", "count", "subregion", "year", "10", "0", "-1", "99999999999999999999", "exclude",
                     "'; DROP TABLE initiatives; --", "<script>alert(1)</script>", "%", "%ff%fe", "../../etc/passwd",
                     "NaN", "1e9", "\u202e", "x" * 5000, "demo", "reference", "Government of Brazil",
                     "Other contributors|Nobody", "cumulative"]),
    st.text(max_size=60))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from([*ENDPOINTS, "initiative/IFAD-01", "nope", "initiative/%2e%2e"]),
       fmt=st.sampled_from(["json", "csv", "parquet", "xml", ""]),
       pairs=st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=4))
def test_a_fuzz_of_query_strings_never_breaks_the_api(name, fmt, pairs):
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    response = CLIENT.get(f"/api/v1/{name}.{fmt}?{query}")
    assert response.status_code in (200, 304, 400, 404), (response.status_code, response.text[:300])
    if response.status_code >= 400:
        body = json.loads(response.text)
        assert body["error"] in ("bad request", "not found") and "Traceback" not in response.text


def test_lang_gives_labels_names_and_provenance_in_the_language():
    """The app's link with ?lang=fr asks the API for the same numbers, labelled and named in French."""
    english = CLIENT.get("/api/v1/themes.json?rr=Africa").json()
    french = CLIENT.get("/api/v1/themes.json?rr=Africa&lang=fr").json()
    assert [r["initiatives"] for r in french["data"]] == [r["initiatives"] for r in english["data"]]
    assert [r["theme"] for r in french["data"]] == [r["theme"] for r in english["data"]]  # codes do not change
    assert "Genre" in {r["label"] for r in french["data"]} and "Gender" in {r["label"] for r in english["data"]}
    assert french["meta"]["language"] == "fr" and french["meta"]["filters_in_words"] == "Bénéficiaires\u00a0: Afrique"
    places = CLIENT.get("/api/v1/per_country.json?lang=pt").json()["data"]
    assert "Brasil" in {r["name"] for r in places}
    csv = CLIENT.get("/api/v1/per_year.csv?rs=Western+Africa&lang=es").text.splitlines()
    assert csv[0] == "# Exportación de SSC Flows"
    assert csv[1] == "# Filtros: Receptores: África occidental · Montos en US$ corrientes"
    assert CLIENT.get("/api/v1/initiative/IFAD-01.json?lang=fr").json()["data"]["funding"][0]["label"] != \
        CLIENT.get("/api/v1/initiative/IFAD-01.json").json()["data"]["funding"][0]["label"]


@pytest.mark.parametrize("value", ["de", "FR", "<script>", ""])
def test_an_unknown_language_is_a_bad_request(value):
    response = CLIENT.get(f"/api/v1/kpis.json?lang={quote(value)}")
    assert response.status_code == 400 and response.json()["key"] == "lang"


def test_prices_constant_answers_from_the_constant_store_and_says_so():
    from dashboard.data import prices

    response = CLIENT.get("/api/v1/kpis.json?prices=constant&th=rural_development")
    assert response.status_code == 200, response.text
    answer = response.json()
    f = Filters(themes=("rural_development",), prices="constant")
    expected = questions.kpis(shared(str(REFERENCE), prices.CONSTANT), f)
    assert answer["data"][0]["reported_usd"] == pytest.approx(expected.at[0, "reported_usd"])
    assert answer["meta"]["prices"]["basis"] == "constant"
    assert answer["meta"]["prices"]["base_year"] == prices.latest_year()
    current = CLIENT.get("/api/v1/kpis.json?th=rural_development").json()
    assert current["meta"]["prices"] == {"basis": "current", "base_year": None, "method": None,
                                         "in_words": "current US$"}
    assert current["data"][0]["reported_usd"] < answer["data"][0]["reported_usd"]  # 2000s dollars in 2024's
    assert current["meta"]["amounts"]["not_reported"] == current["data"][0]["unreported"]
    csv_text = CLIENT.get("/api/v1/per_year.csv?prices=constant").text
    assert f"Amounts in constant {prices.latest_year()} US$" in csv_text.splitlines()[1]
    bad = CLIENT.get("/api/v1/kpis.json?prices=gold")
    assert bad.status_code == 400 and bad.json()["key"] == "prices"


def test_a_southern_led_provider_and_counting_once_through_the_api():
    """po picks a Southern-led multilateral provider (as the sidebar does); count=once shares each initiative among
    its pairs; both answer what the query layer does on the demo data, whose synthetic rows include such providers."""
    demo = shared(str(DEMO))
    chosen = Filters(provider_orgs=("new-development-bank",))
    answer = CLIENT.get("/api/v1/kpis.json?ds=demo&po=new-development-bank").json()
    assert answer["data"][0]["initiatives"] == int(questions.kpis(demo, chosen).at[0, "initiatives"]) > 0
    edges = CLIENT.get("/api/v1/network_edges.json?ds=demo&po=new-development-bank&by=count&count=once").json()
    expected = questions.network_edges(demo, chosen, "country", "count", 200, once=True)
    assert [e["initiatives"] for e in edges["data"]] == pytest.approx(list(expected["initiatives"]))
    assert {e["provider_kind"] for e in edges["data"]} == {"organisation"}
    places = CLIENT.get("/api/v1/countries.json?ds=demo").json()["data"]
    assert {p["code"] for p in places if p["kind"] == "organisation"} >= {"new-development-bank"}
    bad = CLIENT.get("/api/v1/kpis.json?ds=demo&po=nowhere")
    assert bad.status_code == 400 and bad.json()["key"] == "po"


def test_ready_answers_503_until_the_datasets_are_open_then_200_with_their_versions(monkeypatch):
    from dashboard.data import cache

    monkeypatch.setattr(cache, "_READY", {})
    for method in (CLIENT.get, CLIENT.head):
        waiting = method("/api/v1/ready")
        assert waiting.status_code == 503 and waiting.headers["cache-control"] == "no-store"
    assert CLIENT.get("/api/v1/ready").json() == {"ready": False}
    cache.mark_ready({"reference": "abc123", "demo": "breaks the data contract"})
    ready = CLIENT.get("/api/v1/ready")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "datasets": {"reference": "abc123", "demo": "breaks the data contract"}}
    cache.mark_ready({})
    assert CLIENT.get("/api/v1/ready").json() == {"ready": True, "datasets": {}}


@pytest.mark.parametrize("value", ["", "2012-2008", "1200-1300", "x", "2010-", "2010-2012-2014"])
def test_period_change_needs_a_second_period_it_can_use(value):
    answer = CLIENT.get("/api/v1/period_change.json" + (f"?yr2={value}" if value else ""))
    assert answer.status_code == 400 and answer.json()["key"] == "yr2"
    assert CLIENT.get("/api/v1/period_change.json?yr=1995-2005&yr2=2006-2016").status_code == 200


@pytest.mark.parametrize("query, key", [("", "country"), ("country=XXX", "country"), ("country=BRA&vs=IND,XXX", "vs"),
                                        ("country=BRA,IND", "country"), ("country=BRA&vs=A,B,C,D", "vs"),
                                        ("country=BRA&vs=IND,ZAF,CHN,PER", "vs"), ("country=%27%3B--", "country")])
def test_a_comparison_of_countries_the_dataset_cannot_make_is_refused(query, key):
    answer = CLIENT.get(f"/api/v1/country_comparison.json?{query}")
    assert answer.status_code == 400 and answer.json()["key"] == key


def test_the_comparison_is_each_country_s_map_row_in_the_order_asked():
    rows = CLIENT.get("/api/v1/country_comparison.json?country=IND&vs=BRA,ATA&th=gender").json()["data"]
    assert [r["code"] for r in rows] == ["IND", "BRA", "ATA"]
    places = questions.per_country(store(), Filters(themes=("gender",))).set_index("code")
    for row in rows[:2]:
        assert row["initiatives"] == places.loc[row["code"], "initiatives"]
        assert row["provided_usd"] == pytest.approx(places.loc[row["code"], "provided_usd"])
    assert rows[2]["initiatives"] == 0 and rows[2]["provided_usd"] == 0  # no part: a true zero
