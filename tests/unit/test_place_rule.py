"""Place filters select flows: the issue's two examples, and every page's total under place filters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_queries import REGIONS, SETTINGS, SUBREGIONS, codes

from dashboard import questions
from dashboard.data.filters import Filters


def regions_of(store) -> dict[str, set[str]]:
    """Country or area code → the M49 areas it lies in (itself included)."""
    rows = store.cursor().execute(
        "SELECT iso3, region, subregion, intermediate_region FROM countries").fetchall()
    out = {code: {a for a in areas if a} | {code} for code, *areas in rows}
    for areas in list(out.values()):
        for area in areas:
            out.setdefault(area, {area})
    return out


@pytest.mark.parametrize("store_name", ["reference_store", "generated_store"])
def test_receivers_in_sub_saharan_africa_receive_all_the_value(request, store_name):
    store = request.getfixturevalue(store_name)
    f = Filters(receiver_subregions=("Sub-Saharan Africa",))
    places = questions.per_country(store, f)
    inside = regions_of(store)
    received = places[places["received_usd"] > 0]
    assert not received.empty
    assert all("Sub-Saharan Africa" in inside[c] for c in received["code"])
    receivers = places[places["initiatives_as_receiver"] > 0]
    assert all("Sub-Saharan Africa" in inside[c] for c in receivers["code"])
    flows = questions.flows(store, f)
    assert all("Sub-Saharan Africa" in inside[c] for c in flows["receiver"])


@pytest.mark.parametrize("store_name", ["reference_store", "generated_store"])
def test_providers_in_the_americas_are_the_only_providers(request, store_name):
    store = request.getfixturevalue(store_name)
    f = Filters(provider_regions=("Americas",))
    places = questions.per_country(store, f)
    providers = places[places["initiatives_as_provider"] > 0]
    assert not providers.empty
    assert set(providers["region"]) == {"Americas"}
    assert (places.loc[places["region"] != "Americas", "provided_usd"] == 0).all()


def totals(store, f: Filters) -> dict[str, float]:
    """The reported value each page shows for the same filters."""
    return {
        # A total with no known amount is unknown (null) on one row, and no row to sum elsewhere: 0 in both.
        "overview": float(questions.kpis(store, f)["reported_usd"].fillna(0).iloc[0]),
        "per_year": float(questions.per_year(store, f)["reported_usd"].sum()),
        "map_provided": float(questions.per_country(store, f)["provided_usd"].sum()),
        "map_received": float(questions.per_country(store, f)["received_usd"].sum()),
        "flows": float(questions.flows(store, f)["value_usd"].sum()),
        "network": float(questions.network_edges(store, f)["value_usd"].sum()),
        "network_subregions": float(questions.network_edges(store, f, "subregion")["value_usd"].sum()),
        "funding_mix": float(questions.funding_mix(store, f)["amount_usd"].sum()),
        "funding_by_receiver_region": float(questions.funding_mix(store, f, "receiver_region")["amount_usd"].sum()),
        "funding_by_year": float(questions.funding_mix(store, f, "year")["amount_usd"].sum()),
        "funders": float(questions.top_funders(store, f)["reported_usd"].sum()),
        "coverage": float(questions.funding_coverage(store, f)["reported_usd"].fillna(0).iloc[0]),
    }


@SETTINGS
@given(pr=codes(REGIONS, 2), rs=codes(SUBREGIONS, 2), themes=st.sampled_from([(), ("gender",), ("health",)]))
def test_every_page_has_the_same_total_under_place_filters(generated_store, pr, rs, themes):
    f = Filters(provider_regions=pr, receiver_subregions=rs, themes=themes)
    got = totals(generated_store, f)
    for name, value in got.items():
        assert value == pytest.approx(got["overview"], rel=1e-9, abs=1e-6), name


def test_a_place_filter_narrows_the_money_not_only_the_initiatives(generated_store):
    """An initiative with partners on both sides counts only its matching pairs' value."""
    everything = questions.kpis(generated_store, Filters()).iloc[0]
    africa = questions.kpis(generated_store, Filters(receiver_regions=("Africa",))).iloc[0]
    not_africa = questions.kpis(generated_store, Filters(
        receiver_regions=tuple(r for r in REGIONS if r != "Africa"))).iloc[0]
    assert africa["reported_usd"] + not_africa["reported_usd"] == pytest.approx(everything["reported_usd"])
    assert africa["initiatives"] + not_africa["initiatives"] > everything["initiatives"]  # some reach both
