"""AppTest for the Network page on both datasets: what it draws and tabulates equals the query layer
and the network module, its controls live in the link, bad link values get notices, empty states."""

from __future__ import annotations

import json

import pytest
from test_app import DATASETS, app, texts
from test_funding_page import chart_rows

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.network import metrics as network
from dashboard.words import text

PAGE = "pages/network.py"
TITLE = "Provider→receiver network: the {n} largest edges by {weight}"


def titles(at) -> list[str]:
    return [json.loads(c.proto.spec).get("title", {}).get("text") for c in at.get("vega_lite_chart")]


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_the_page_draws_what_the_network_module_computes(dataset):
    params = {"rr": "Africa,Asia"} | ({"ds": "demo", "yr": "2000-2020"} if dataset == "demo" else {})
    assert not app(params, PAGE).dataframe  # the tables are folded: no grid to draw
    at = app(params | {"tables": "true"}, PAGE)
    assert not at.exception, at.exception
    store = open_store(DATASETS[dataset])
    f = Filters(receiver_regions=("Africa", "Asia"), years=(2000, 2020) if dataset == "demo" else None)
    net = network.build(questions.network_edges(store, f, "country", "value"), "value", 100)
    body = texts(at)
    assert f"{text.count(net.all_edges)} provider→receiver flows link {text.count(len(net.metrics))} places" in body
    n = len(net.drawn)
    assert TITLE.format(n=n, weight="reported value") in titles(at)
    nodes = chart_rows(at, TITLE.format(n=n, weight="reported value"))
    assert len(nodes) == 2 * n  # the first dataset is the edges' geometry: two rows per drawn edge
    places = at.dataframe[0].value
    assert len(places) == len(net.metrics)
    assert places["Provided (US$)"].sum() == pytest.approx(net.metrics["provided_usd"].sum())


def test_controls_follow_the_link():
    params = {"level": "subregion", "weight": "count", "edges": "25", "colour": "community", "fac": "1",
              "table": "Corridors"}
    at = app(params, PAGE)
    assert not at.exception, at.exception
    radios = {r.label: r.value for r in at.radio}
    assert (radios["Nodes"], radios["Weigh edges by"], radios["Colour nodes by"]) == ("subregion", "count", "community")
    assert next(s for s in at.selectbox if s.label == "Edges drawn").value == 25
    assert next(t for t in at.toggle if t.label == "Show facilitators").value is True
    store = open_store(DATASETS["reference"])
    expected = questions.corridors(store, Filters(), "subregion", 25, "count")
    corridors = at.dataframe[0].value
    assert list(corridors["Initiatives"]) == list(expected["initiatives"])
    assert "sub-regions" in texts(at)
    # Switching to the matrix writes it into the link, and draws it.
    at.radio(key=next(r.key for r in at.radio if r.label == "Draw the edges as")).set_value("matrix").run()
    assert at.query_params["draw"] == "matrix"
    assert any(t and t.startswith("Who provides to whom") for t in titles(at))
    # Turning facilitators off takes fac out of the link.
    at.toggle(key=next(t.key for t in at.toggle if t.label == "Show facilitators")).set_value(False).run()
    assert "fac" not in at.query_params


def test_bad_link_values_get_a_notice():
    at = app({"level": "planet", "edges": "7", "fac": "yes", "weight": "' OR 1=1 --"}, PAGE)
    assert not at.exception, at.exception
    warnings = " ".join(w.value for w in at.warning)
    for shown in ("`planet`", "`7`", "`yes`", "`' OR 1=1 --`"):
        assert shown in warnings
    assert TITLE.format(n=100, weight="reported value") in titles(at)


def test_flows_only_within_one_subregion_get_an_empty_state():
    at = app({"level": "subregion", "pc": "ECU", "rc": "PER"}, PAGE)  # Ecuador and Peru: both South America
    assert not at.exception, at.exception
    assert "Every flow under these filters runs within one sub-region" in texts(at)
    assert not at.get("vega_lite_chart")
    countries = app({"pc": "ECU", "rc": "PER"}, PAGE)
    # A two-way exchange, but the filters select flows: only Ecuador→Peru matches.
    assert "Provider→receiver network: its only edge by reported value" in titles(countries)


def test_no_initiatives_at_all():
    at = app({"fs": "private_sector"}, PAGE)
    assert not at.exception, at.exception
    assert "No initiatives match these filters" in texts(at)
    assert not at.get("vega_lite_chart")


def test_the_few_initiatives_that_make_most_pairs_are_named_and_can_count_once():
    """On the reference data three multi-country initiatives make most pairs: the page names them; with once=1 the
    drawn network counts each initiative once (the edges the query layer gives with once)."""
    at = app({"weight": "count"}, PAGE)
    assert not at.exception, at.exception
    top = questions.dominance(open_store(DATASETS["reference"]), Filters())
    notice = [i.value for i in at.info if "provider→receiver pairs under these filters" in i.value]
    share = text.share(int(top["pairs"].head(3).sum()), int(top["all_pairs"].iloc[0]))
    assert notice and notice[0].startswith(f"3 initiatives make {share} of the") and "8 × 8 places" in notice[0]
    at = app({"weight": "count", "once": "1", "tables": "true", "table": "Corridors"}, PAGE)
    assert not at.exception, at.exception
    edges = questions.corridors(open_store(DATASETS["reference"]), Filters(), "country", 100, "count", True)
    grid = at.dataframe[0].value
    assert list(grid["Initiatives"]) == pytest.approx(list(edges["initiatives"]))
    assert not any("“Count each initiative once”" in w.value for w in at.warning)  # a good value, no notice


@pytest.mark.parametrize("params", [{"level": "subregion", "draw": "matrix"}, {"level": "subregion"},
                                    {"once": "1", "draw": "matrix"}])
def test_a_drawing_whose_edges_open_nothing_still_draws_the_rest(params):
    """No edge selection (sub-regions, initiatives counted once): the drawing and the tables after it are there."""
    at = app({**params, "tables": "true"}, "pages/network.py")
    assert not at.exception, at.exception
    assert len(at.dataframe) >= 1  # the open table, drawn after the drawing
