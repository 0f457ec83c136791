"""Every number opens its records: for each kind of mark a page draws (a year, a provider's or receiver's place, a
cooperation type, a lead actor, a theme), the Initiatives list under drilled(view, mark) holds exactly the mark's
initiatives and reported funding."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_queries import FILTERS, close

from dashboard import questions
from dashboard.data.filters import Filters, drillable, drilled

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def listed(store, f: Filters) -> tuple[int, float | None]:
    """What the Initiatives list says: its total and their reported funding (the KPIs of its filters)."""
    k = questions.kpis(store, f).iloc[0]
    return int(k["initiatives"]), (None if not k["with_amounts"] else float(k["reported_usd"]))


@SETTINGS
@given(f=FILTERS)
def test_a_year_s_bar(generated_store, f):
    for row in questions.per_year(generated_store, f).dropna(subset=["year"]).itertuples(index=False):
        n, value = listed(generated_store, drilled(f, "year", str(int(row.year))))
        assert n == row.initiatives and close(row.reported_usd if n else None, value if n else None)


@SETTINGS
@given(f=FILTERS)
def test_a_place_s_bar_as_provider_and_as_receiver(generated_store, f):
    places = questions.per_country(generated_store, f)
    for row in places[places["kind"] != "region"].itertuples(index=False):
        for side, count, money in (("provider", row.initiatives_as_provider, row.provided_usd),
                                   ("receiver", row.initiatives_as_receiver, row.received_usd)):
            if not count:
                continue
            n, value = listed(generated_store, drilled(f, side, f"{row.kind}:{row.code}"))
            assert n == count, (side, row.code)
            assert close(value, money if value is not None else None), (side, row.code)


@SETTINGS
@given(f=FILTERS)
def test_a_category_s_bar(generated_store, f):
    for column in ("cooperation_type", "lead_actor"):
        for row in questions.per_code(generated_store, f, column).itertuples(index=False):
            n, _ = listed(generated_store, drilled(f, column, getattr(row, column)))
            assert n == row.initiatives, (column, getattr(row, column))


@SETTINGS
@given(f=FILTERS)
def test_a_theme_s_bar_when_the_view_filters_no_theme(generated_store, f):
    if not drillable(f, "theme"):
        assert f.themes or (f.involving and f.has_places())
        return
    for row in questions.per_theme(generated_store, f).itertuples(index=False):
        n, _ = listed(generated_store, drilled(f, "theme", row.theme))
        assert n == row.initiatives, row.theme


def test_a_place_replaces_its_side_s_place_filters_only():
    f = Filters(provider_regions=("Americas",), provider_orgs=("x",), receiver_countries=("MOZ",), themes=("gender",))
    assert drilled(f, "provider", "country:BRA") == Filters(provider_countries=("BRA",), receiver_countries=("MOZ",),
                                                            themes=("gender",))
    assert drilled(f, "receiver", "country:AGO").receiver_countries == ("AGO",)
    assert drilled(f, "provider", "organisation:x").provider_orgs == ("x",)
    assert not drillable(f, "theme") and drillable(Filters(), "theme")
    with pytest.raises(ValueError):
        drilled(f, "year", "soon")


def test_a_pickable_chart_is_valid_vega_lite_with_a_click_selection_and_a_pointer(reference_store):
    from dashboard.shell.figures import DRILL_FIELDS
    from dashboard.words import breakdowns, charts

    built = {"year": breakdowns.per_year(questions.per_year(reference_store, Filters())),
             "provider": breakdowns.top_places(questions.per_country(reference_store, Filters()), "provider"),
             "theme": breakdowns.themes(questions.per_theme(reference_store, Filters())),
             "lead_actor": breakdowns.categories(questions.per_code(reference_store, Filters(), "lead_actor"),
                                                 "lead_actor", "Lead actor")}
    for kind, chart in built.items():
        spec = charts.pickable(chart, DRILL_FIELDS[kind]).to_dict()  # validates against the schema
        [param] = [p for p in spec["params"] if p["name"] == charts.PICK]
        assert param["select"]["fields"] == DRILL_FIELDS[kind] and param["select"]["on"] == "click"
        assert spec["mark"]["cursor"] == "pointer" and spec["mark"]["type"] == "bar"
        lean = charts.lean(charts.pickable(chart, DRILL_FIELDS[kind])).to_dict()
        rows = lean["data"].get("values") or next(iter(lean["datasets"].values()))
        assert set(DRILL_FIELDS[kind]) <= set(rows[0])  # the fields a click returns travel with the data


@SETTINGS
@given(f=FILTERS)
def test_a_flow_on_the_map(generated_store, f):
    """A flow between two named places (every initiative counted on each of its pairs, as the map draws it)."""
    flows = questions.flows(generated_store, f, 30, "value", False)
    named = flows[flows["provider_kind"].isin(["country", "organisation"]) & (flows["receiver_kind"] == "country")]
    for row in named.itertuples(index=False):
        ends = drilled(drilled(f, "provider", f"{row.provider_kind}:{row.provider}"), "receiver",
                       f"country:{row.receiver}")
        n, value = listed(generated_store, ends)
        assert n == row.initiatives, (row.provider, row.receiver)
        assert close(value, row.value_usd if value is not None else None), (row.provider, row.receiver)


@SETTINGS
@given(f=FILTERS)
def test_an_edge_of_the_network_and_a_cell_of_its_matrix(generated_store, f):
    """An edge between two named places at the country level (the node-link drawing and the matrix draw the same
    edges), opened through the ends its chart's selection returns."""
    from dashboard.network import charts as network_charts

    edges = questions.network_edges(generated_store, f, "country", "value", 30, False)
    ends = network_charts.edge_ends(edges)
    for k, row in enumerate(edges.itertuples(index=False)):
        pair = (ends["provider_end"][k], ends["receiver_end"][k])
        if pair[0].split(":")[0] not in ("country", "organisation") or pair[1].split(":")[0] != "country":
            continue
        n, value = listed(generated_store, drilled(drilled(f, "provider", pair[0]), "receiver", pair[1]))
        assert n == row.initiatives, pair
        assert close(value, row.value_usd if value is not None else None), pair


@pytest.mark.parametrize("by", ["value", "count"])
def test_the_network_s_charts_select_an_edge_s_ends(reference_store, by):
    from dashboard.network import charts as network_charts
    from dashboard.network import metrics as network

    net = network.build(questions.network_edges(reference_store, Filters(), "country", by), by, 20)
    for spec in (network_charts.node_link(net, "region", "t", "s", edges_open=True).to_dict(),
                 network_charts.matrix(net.drawn, by, edges_open=True).to_dict()):
        params = [p for p in spec.get("params", []) + [q for layer in spec["layer"] for q in layer.get("params", [])]
                  if p["name"].startswith("edge")]
        assert params and all(p["select"]["fields"] == network_charts.ENDS for p in params)


@SETTINGS
@given(f=FILTERS)
def test_a_source_type_s_bar_on_the_funding_mix(generated_store, f):
    """Its initiatives: those with a contribution of the type (the bars count contributions; the tooltip says how
    many initiatives)."""
    if not drillable(f, "source_type"):
        return
    for row in questions.funding_mix(generated_store, f).itertuples(index=False):
        n, _ = listed(generated_store, drilled(f, "source_type", row.source_type))
        assert n == row.initiatives, row.source_type


@SETTINGS
@given(f=FILTERS)
def test_a_funder_s_bar(generated_store, f):
    """A funder the sources name with one source type (a name with two draws two bars, and lists all its
    initiatives)."""
    if not drillable(f, "funder"):
        return
    funders = questions.top_funders(generated_store, f)
    single = funders[~funders["funder"].duplicated(keep=False)]
    for row in single.head(30).itertuples(index=False):
        n, _ = listed(generated_store, drilled(f, "funder", row.funder))
        assert n == row.initiatives, row.funder


def test_the_funder_filter_against_the_oracle(generated_store, oracle):
    for funders in [("Other contributors",), ("Government of Brazil", "Civil society organisations"), ("Nobody",)]:
        f = Filters(funders=funders)
        assert int(questions.kpis(generated_store, f).iloc[0]["initiatives"]) == len(oracle.select(f))


@SETTINGS
@given(f=FILTERS, code=st.sampled_from(["BRA", "IND", "ZAF", "MOZ", "CHN"]))
def test_a_country_profile_s_bars(generated_store, f, code):
    """The Country profile's charts (its years, all roles; its themes; its funding mix) open the records of the
    view narrowed to the country (?country= on the Initiatives page)."""
    mine = replace(f, involving=code)
    if not drillable(mine, "year"):
        assert mine.has_places()  # the country's part in the matching pairs: no list filter says it
        return
    roles = questions.roles_per_year(generated_store, mine, code).dropna(subset=["year"])
    for year, n in roles.groupby("year")["initiatives"].sum().items():
        assert listed(generated_store, drilled(mine, "year", str(int(year))))[0] == n, year
    if drillable(mine, "theme"):
        for row in questions.per_theme(generated_store, mine).itertuples(index=False):
            assert listed(generated_store, drilled(mine, "theme", row.theme))[0] == row.initiatives, row.theme
    if drillable(mine, "source_type"):
        for row in questions.funding_mix(generated_store, mine).itertuples(index=False):
            n = listed(generated_store, drilled(mine, "source_type", row.source_type))[0]
            assert n == row.initiatives, row.source_type


def test_each_mark_is_also_a_link_with_its_number(reference_store):
    """The keyboard's way to a mark's records: the marks a pickable chart draws, once each, with their initiatives."""
    from dashboard.funding import charts as funding_charts
    from dashboard.shell.figures import DRILL_FIELDS, marks
    from dashboard.words import breakdowns, charts

    f = Filters()
    per_year = questions.per_year(reference_store, f)
    places = questions.per_country(reference_store, f)
    mix = questions.funding_mix(reference_store, f)
    funders = questions.top_funders(reference_store, f)
    built = {"year": breakdowns.per_year(per_year), "provider": breakdowns.top_places(places, "provider", "count"),
             "theme": breakdowns.themes(questions.per_theme(reference_store, f)),
             "source_type": funding_charts.value_by_source(mix), "funder": funding_charts.funders(funders, "value")}
    for kind, chart in built.items():
        spec = charts.lean(charts.pickable(chart, DRILL_FIELDS[kind])).to_dict()
        listed_marks = marks(spec, kind)
        assert listed_marks and len({value for _, value, _ in listed_marks}) == len(listed_marks), kind
        for words, value, n in listed_marks:
            assert n is not None and n == listed(reference_store, drilled(f, kind, value))[0], (kind, words)
    years = [value for _, value, _ in marks(charts.lean(charts.pickable(built["year"], ["year_label"])).to_dict(),
                                            "year")]
    assert years == [str(int(y)) for y in per_year["year"].dropna()]  # every year with a bar; no "not reported"


@SETTINGS
@given(f=FILTERS)
def test_a_country_on_the_map_in_either_role(generated_store, f):
    """The Map's Records menu lists a country's initiatives in either role (?country=) only without a place filter:
    then the list holds exactly the country's number."""
    if f.has_places() or f.involving:
        return
    places = questions.per_country(generated_store, f)
    for row in places[places["kind"] == "country"].head(15).itertuples(index=False):
        assert listed(generated_store, replace(f, involving=row.code))[0] == row.initiatives, row.code
