"""The network's metrics against hand-computed values on a small graph, its layout, and its charts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.network import charts as network_charts
from dashboard.network import metrics as network
from dashboard.words import text

PLACES = {  # code: (node id, name, kind, region)
    "AAA": (1, "Aland", "country", "Asia"), "BBB": (2, "Bland", "country", "Asia"),
    "CCC": (3, "Cland", "country", "Africa"), "Africa": (10, "Africa", "region", "Africa"),
    "DDD": (4, "Dland", "country", "Americas"), "EEE": (5, "Eland", "country", "Americas"),
}


def edges(rows: list[tuple[str, str, float, int]]) -> pd.DataFrame:
    """An edge list as questions.network_edges gives it, sorted by value."""
    out = []
    for provider, receiver, value, n in rows:
        p, r = PLACES[provider], PLACES[receiver]
        out.append({"p": p[0], "r": r[0], "provider": provider, "provider_name": p[1], "provider_kind": p[2],
                    "provider_region": p[3], "receiver": receiver, "receiver_name": r[1], "receiver_kind": r[2],
                    "receiver_region": r[3], "value_usd": value, "initiatives": n, "two_way_initiatives": 0,
                    "unreported": int(value == 0)})
    return pd.DataFrame(out).sort_values(["value_usd", "initiatives"], ascending=False, ignore_index=True)


# A and B exchange both ways; both provide to C; C provides to partners named only as "Africa" (a
# region node); B→C has no reported value; Africa→Africa is a loop (unnamed partners on both sides).
FIXTURE = edges([("AAA", "BBB", 100.0, 2), ("BBB", "AAA", 50.0, 1), ("AAA", "CCC", 30.0, 1),
                 ("CCC", "Africa", 20.0, 1), ("BBB", "CCC", 0.0, 1), ("Africa", "Africa", 10.0, 1)])


def by_code(table: pd.DataFrame) -> dict[str, dict]:
    return {row["code"]: row for row in table.to_dict("records")}


def test_metrics_by_hand():
    net = network.build(FIXTURE, "value", top=10)
    m = by_code(net.metrics)
    assert set(m) == {"AAA", "BBB", "CCC", "Africa"}
    expected = {  # partners out, in, either way; provided, received; links out, in; reciprocity
        "AAA": (2, 1, 2, 130.0, 50.0, 3, 1, 1 / 2),
        "BBB": (2, 1, 2, 50.0, 100.0, 2, 2, 1 / 2),
        "CCC": (1, 2, 3, 20.0, 30.0, 1, 2, 0.0),
        "Africa": (0, 1, 1, 0.0, 20.0, 0, 1, 0.0),
    }
    for code, values in expected.items():
        row = m[code]
        got = (row["partners_out"], row["partners_in"], row["partners"], row["provided_usd"], row["received_usd"],
               row["links_out"], row["links_in"], row["reciprocity"])
        assert got == pytest.approx(values), code
    # Directed betweenness, normalised by (n-1)(n-2) = 6: only A→C→R and B→C→R run through C.
    assert m["CCC"]["betweenness"] == pytest.approx(2 / 6)
    assert all(m[c]["betweenness"] == 0 for c in ("AAA", "BBB", "Africa"))
    assert m["Africa"]["kind"] == "region"
    assert list(net.metrics["code"]) == ["AAA", "BBB", "CCC", "Africa"]  # by weighted degree, value in and out


def test_the_loop_is_set_apart_and_reported():
    net = network.build(FIXTURE, "value", top=10)
    assert list(net.loops["provider"]) == ["Africa"] and net.loops["value_usd"].sum() == 10
    assert net.all_edges == 5 and len(net.drawn) == 5


def test_betweenness_and_community_are_on_the_drawn_edges_only():
    net = network.build(FIXTURE, "value", top=3)  # A→B, B→A, A→C
    m = by_code(net.metrics)
    assert list(zip(net.drawn["provider"], net.drawn["receiver"], strict=True)) == [
        ("AAA", "BBB"), ("BBB", "AAA"), ("AAA", "CCC")]
    assert m["AAA"]["betweenness"] == pytest.approx(1 / 2)  # B→A→C is the only path through anyone; (n-1)(n-2) = 2
    assert m["Africa"]["betweenness"] is None or math.isnan(m["Africa"]["betweenness"])
    assert pd.isna(m["Africa"]["community"]) and not m["Africa"]["drawn"]
    assert {m[c]["community"] for c in ("AAA", "BBB", "CCC")} <= {1, 2, 3}
    # counts and reciprocity still describe the whole network
    assert m["CCC"]["partners"] == 3 and m["AAA"]["reciprocity"] == pytest.approx(0.5)
    assert list(net.drawn["reverse"]) == [True, True, False]


def test_weights_by_initiatives_rank_and_size_by_count():
    ranked = edges([("AAA", "BBB", 1.0, 1), ("BBB", "CCC", 0.0, 5)]).sort_values(
        ["initiatives", "value_usd"], ascending=False, ignore_index=True)
    net = network.build(ranked, "count", top=1)
    assert list(net.drawn["provider"]) == ["BBB"]
    b = by_code(net.metrics)["BBB"]
    assert (b["links_out"], b["links_in"], b["weight"]) == (5, 1, 6)  # sized by initiative links, out and in


def test_the_layout_is_deterministic_and_in_bounds():
    graph = edges([("AAA", "BBB", 5.0, 1), ("BBB", "CCC", 4.0, 1), ("CCC", "AAA", 3.0, 1), ("DDD", "EEE", 1.0, 1)])
    one, two = network.build(graph, "value", 10), network.build(graph, "value", 10)
    pd.testing.assert_frame_equal(one.nodes[["code", "x", "y"]], two.nodes[["code", "x", "y"]])
    assert one.nodes["x"].between(-1, 1).all() and one.nodes["y"].between(-1, 1).all()
    y = dict(zip(one.nodes["code"], one.nodes["y"], strict=True))
    # The pair that only works with itself sits below the main part, not pushing it aside.
    assert max(y["DDD"], y["EEE"]) < min(y["AAA"], y["BBB"], y["CCC"])


def test_two_way_pairs_are_drawn_apart_and_taper_to_the_receiver():
    net = network.build(FIXTURE, "value", top=2)
    geometry = net.edges.sort_values(["edge", "step"])
    there, back = geometry[geometry["edge"] == 0], geometry[geometry["edge"] == 1]
    assert there["size"].iloc[0] > there["size"].iloc[1]  # wide at the provider
    assert (there["x"].iloc[0], there["y"].iloc[0]) != (back["x"].iloc[1], back["y"].iloc[1])


FACILITATORS = pd.DataFrame({
    "facilitator": ["IFAD", "IFAD", "FAO"], "facilitated": [3, 3, 1], "p": [1, 3, 2],
    "code": ["AAA", "CCC", "BBB"], "role": ["both", "receiver", "provider"], "initiatives": [2, 1, 1],
})


def test_facilitators_join_as_a_third_kind_of_node():
    net = network.build(FIXTURE, "value", top=10, links=FACILITATORS)
    kinds = dict(zip(net.nodes["code"], net.nodes["kind"], strict=True))
    assert kinds["facilitator:IFAD"] == kinds["facilitator:FAO"] == network.FACILITATOR
    assert len(net.links) == 3 and {"x", "y", "x2", "y2"} <= set(net.links.columns)
    summary = net.facilitators.set_index("facilitator")
    assert summary.loc["IFAD", "facilitated"] == 3 and summary.loc["IFAD", "places"] == 2
    # Facilitators are not places: the metrics table has none.
    assert not net.metrics["code"].str.startswith("facilitator:").any()


def test_no_edges_gives_an_empty_network():
    loop_only = FIXTURE[FIXTURE["provider"] == FIXTURE["receiver"]].reset_index(drop=True)
    net = network.build(loop_only, "value", top=10)
    assert net.drawn.empty and net.metrics.empty and len(net.loops) == 1


def test_display_names():
    assert network.display_name("Africa", "region") == "Africa (partners not named)"
    assert network.display_name("World", "region") == "Partners not named"
    assert network.display_name("Western Africa", "subregion") == "Western Africa"


@pytest.mark.parametrize("colour", list(network_charts.COLOUR_BY))
@pytest.mark.parametrize("links", [None, FACILITATORS])
def test_node_link_chart(colour, links):
    net = network.build(FIXTURE, "value", top=10, links=links)
    spec = network_charts.node_link(net, colour, "Title", "Subtitle").to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert "trail" in marks and "point" in marks and "text" in marks
    assert ("rule" in marks) == (links is not None)
    nodes = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    shapes = nodes["encoding"]["shape"]["scale"]
    assert shapes["domain"][:2] == ["Country", "Partners named only by region"]
    assert shapes["range"][:2] == ["circle", "square"]


@pytest.mark.parametrize("by", ["value", "count"])
def test_matrix_chart(by):
    net = network.build(FIXTURE, "value", top=10)
    spec = network_charts.matrix(net.drawn, by).to_dict()
    first = spec["layer"][0]["encoding"]
    rows = first["y"]["sort"]
    assert rows[0] == "Cland"  # Africa's providers come first, then Asia's by volume
    assert rows[1:] == ["Aland", "Bland"]
    if by == "value":
        grey = spec["layer"][1]
        assert grey["mark"]["color"] == network_charts.NO_DATA


def test_tables_for_people():
    net = network.build(FIXTURE, "value", top=10)
    people = network.metrics_for_people(net.metrics)
    assert people.loc[people["Code"] == "Africa", "Place"].item() == "Africa (partners not named)"
    corridors = network.corridors_for_people(net.drawn.assign(first_year=2005, last_year=2010,
                                                              main_themes=[["gender", "climate"]] * 5))
    assert corridors["Main themes"].iloc[0].count(";") == 1


def test_network_summary():
    line = text.network_summary("country", "value", 45, 183, 100, 0.97, ("China", 23), ("China", 0.19), 27,
                                (2e6, 5))
    assert "183 provider→receiver flows link 45 places" in line and "97%" in line
    assert "China has the most partners (23)" in line and "betweenness 0.19" in line
    assert "27 of the 45 places" in line and "in 5 regions, US$2M reported" in line
    everything = text.network_summary("subregion", "count", 3, 4, 4, 1.0, None, None, 0, (0.0, 0))
    assert "All 4 are drawn" in everything and "sub-regions" in everything and "Flows within" not in everything


def test_network_summary_with_no_reported_value_gives_no_share():
    line = text.network_summary("country", "value", 10, 20, 5, None, None, None, 0, (0.0, 0))
    assert "The 5 largest by reported value are drawn." in line and "%" not in line


def test_an_edge_whose_value_is_not_reported_holds_the_layout_and_leaves_totals_unknown():
    """B→C and D→E have no known value (null, as network_edges gives it): what B and D provide is unknown, not 0;
    a place with no role on a side has a true 0 there; every place is still laid out."""
    net = network.build(edges([("AAA", "BBB", 100.0, 2), ("BBB", "CCC", float("nan"), 1),
                               ("DDD", "EEE", float("nan"), 1)]), "value", top=10)
    m = by_code(net.metrics)
    assert math.isnan(m["BBB"]["provided_usd"]) and m["BBB"]["received_usd"] == 100.0
    assert math.isnan(m["DDD"]["provided_usd"]) and math.isnan(m["EEE"]["received_usd"])
    assert m["AAA"]["provided_usd"] == 100.0 and m["AAA"]["received_usd"] == 0.0
    assert net.nodes[["x", "y"]].notna().all().all()
