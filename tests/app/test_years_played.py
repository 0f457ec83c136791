"""The Map's years played (?year=, ?yrmode=) in AppTest on both datasets: the frames sent to the player are the query
layer's numbers on classes fixed across the frames, bad values get the app's notice and no player, the toggle and the
frame the player reports write the link, presentation mode shows the player large."""

from __future__ import annotations

import json

import pytest
from test_app import DATASETS, app, texts

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.words import text

VIEWS = {"reference": ({"year": "2007"}, (2005, 2010)),
         "demo": ({"ds": "demo", "yr": "2010-2020", "year": "2015", "yrmode": "cumulative",
                   "measure": "as_receiver"}, (2010, 2020))}


def player(at) -> dict | None:
    """The data the page sent to the player, if it drew one."""
    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and type(proto).__name__ == "BidiComponent":
            return json.loads(proto.json)
        for child in getattr(node, "children", {}).values():
            found = walk(child)
            if found is not None:
                return found
        return None

    return walk(at._tree)


@pytest.mark.parametrize("dataset", list(VIEWS))
def test_the_frames_are_the_query_layer_s_on_fixed_classes(dataset):
    params, years = VIEWS[dataset]
    at = app(params, "pages/map.py")
    assert not at.exception, at.exception
    assert not [w for w in at.warning if "Ignored" in w.value]
    data = player(at)
    assert data is not None and data["years"] == list(range(years[0], years[1] + 1))
    assert data["years"][data["start"]] == int(params["year"]) and data["mode"] == params.get("yrmode", "each")
    store = open_store(DATASETS[dataset])
    f = Filters(years=years)
    totals = questions.activity_totals(store, f, years)
    activity = questions.activity(store, f, years)
    column = "as_receiver" if params.get("measure") == "as_receiver" else "as_provider"  # value provided: providers
    for mode, counted, prefix in (("each", "active", ""), ("cumulative", "started", "started_")):
        m = data["modes"][mode]
        assert len(m["titles"]) == len(m["classes"]) == len(m["values"]) == len(data["years"])
        for k, year in enumerate(data["years"]):
            assert text.initiatives(int(totals.loc[totals["year"] == year, counted].iloc[0])) in m["titles"][k]
            rows = activity[(activity["year"] == year) & (activity["kind"] == "country")].set_index("code")
            for i, code in enumerate(data["keys"]):
                want = int(rows.loc[code, prefix + column]) if code in rows.index else 0
                assert m["values"][k][i] == want, (mode, year, code)
        # One legend for every frame: a value has the same colour in every year.
        colour_of = {}
        for values, classes in zip(m["values"], m["classes"], strict=True):
            for value, cls in zip(values, classes, strict=True):
                if value > 0:
                    assert colour_of.setdefault(value, cls) == cls
    assert "An initiative counts in each year from its start to its end year" in texts(at)
    assert [b.label for b in at.get("download_button") if "GIF" in b.label]


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1990"}, {"year": "2999"}, {"year": "<script>"},
                                    {"year": "2007", "yr": "2008-2010"}])
def test_a_year_the_view_cannot_show_gets_a_notice_and_no_player(params):
    at = app(params, "pages/map.py")
    assert not at.exception
    assert any(w.value.startswith("Ignored") and "for the year shown" in w.value for w in at.warning)
    assert player(at) is None and "year" not in at.query_params


def test_an_unknown_mode_gets_a_notice_and_each_year():
    at = app({"year": "2006", "yrmode": "sideways"}, "pages/map.py")
    assert any("for the years' mode" in w.value for w in at.warning)
    assert player(at)["mode"] == "each" and "yrmode" not in at.query_params


def test_the_toggle_and_the_reported_frame_write_the_link():
    at = app({}, "pages/map.py")
    assert player(at) is None
    next(t for t in at.toggle if t.label == "Play the years").set_value(True).run()
    assert not at.exception and at.query_params["year"] == "2005" and player(at)["start"] == 0
    # What the player reports on a pause (a script run), as the browser sends it.
    at.session_state["player-0"] = {"frame": {"year": 2009, "mode": "cumulative"}}
    at.run()
    assert at.query_params["year"] == "2009" and at.query_params["yrmode"] == "cumulative"
    data = player(at)
    assert data["years"][data["start"]] == 2009 and data["mode"] == "cumulative"
    next(t for t in at.toggle if t.label == "Play the years").set_value(False).run()
    assert "year" not in at.query_params and "yrmode" not in at.query_params and player(at) is None


def test_presentation_mode_plays_the_link_s_year_large_without_the_toggle():
    at = app({"year": "2008", "present": "1"}, "pages/map.py")
    assert not at.exception
    data = player(at)
    assert data["large"] is True and data["years"][data["start"]] == 2008
    assert not [t for t in at.toggle if t.label == "Play the years"]


@pytest.mark.parametrize("dataset", list(VIEWS))
def test_the_network_plays_its_drawn_edges(dataset):
    params, years = VIEWS[dataset]
    params = {k: v for k, v in params.items() if k != "measure"}
    at = app(params, "pages/network.py")
    assert not at.exception, at.exception
    assert not [w for w in at.warning if "Ignored" in w.value]
    data = player(at)
    assert data is not None and data["years"] == list(range(years[0], years[1] + 1))
    store = open_store(DATASETS[dataset])
    f = Filters(years=years)
    pairs = questions.pair_activity(store, f, years)
    from dashboard.network import metrics as network

    net = network.build(questions.network_edges(store, f, "country", "value"), "value", 100)
    assert len(data["keys"]) == len(net.drawn)
    at_year = data["years"].index(int(params["year"]))
    for k, (p, r) in enumerate(zip(net.drawn["p"], net.drawn["r"], strict=True)):
        rows = pairs[(pairs["p"] == p) & (pairs["r"] == r) & (pairs["year"] == int(params["year"]))]
        assert data["modes"]["each"]["values"][at_year][k] == (int(rows["active"].iloc[0]) if len(rows) else 0)
    assert not [c for c in at.get("vega_lite_chart") if "network" in c.proto.spec[:2000].lower()]


def test_the_network_plays_countries_only():
    at = app({"year": "2007", "level": "subregion"}, "pages/network.py")
    assert not at.exception and player(at) is None
    assert any("The years play with countries as nodes" in i.value for i in at.info)


@pytest.mark.parametrize("params", [{"year": "1999"}, {"year": "x"}, {"ds": "demo", "year": "2031"}])
def test_the_network_notices_a_year_it_cannot_show(params):
    at = app(params, "pages/network.py")
    assert not at.exception
    assert any(w.value.startswith("Ignored") and "for the year shown" in w.value for w in at.warning)
    assert player(at) is None and "year" not in at.query_params
