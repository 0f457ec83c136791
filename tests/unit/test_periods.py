"""Two periods compared (questions.period_change) against the plain-Python oracle: each place's measures in both
periods, 0 where a place takes no part, the change unknown (never 0) when either side is unknown."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import PER_COUNTRY
from test_queries import FILTERS, close

from dashboard import questions

PERIODS = st.tuples(st.integers(1995, 2030), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1]))



@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS, second=PERIODS)
def test_period_change_against_the_oracle(generated_store, oracle, f, second):
    got = questions.period_change(generated_store, f, second)
    one, two = oracle.per_country(f), oracle.per_country(replace(f, years=second))
    assert set(got["code"]) == set(one) | set(two)
    for row in got.itertuples(index=False):
        for column in questions.CHANGE_COLUMNS:
            at = PER_COUNTRY[column]
            a = one[row.code][at] if row.code in one else 0.0
            b = two[row.code][at] if row.code in two else 0.0
            assert close(getattr(row, f"{column}_1"), a) and close(getattr(row, f"{column}_2"), b), (row.code, column)
            change = None if a is None or b is None else b - a
            assert close(getattr(row, f"change_{column}"), change), (row.code, column)
        assert row.new == (row.code not in one) and row.lost == (row.code not in two)


def test_a_change_between_unknowns_is_unknown_and_a_true_zero_stays_zero(reference_store):
    from dashboard.data.filters import Filters

    got = questions.period_change(reference_store, Filters(years=(1995, 2005)), (2006, 2016)).set_index("code")
    assert got.loc["BRA", "initiatives_1"] == 0 and got.loc["BRA", "provided_usd_1"] == 0  # no part then: 0
    assert got.loc["BRA", "change_provided_usd"] == got.loc["BRA", "provided_usd_2"] > 0
    unknown = got[got["provided_usd_2"].isna() | got["provided_usd_1"].isna()]
    assert unknown["change_provided_usd"].isna().all()


@pytest.mark.parametrize("measure", ["provided", "net", "initiatives"])
def test_the_change_charts_are_valid_vega_lite_and_diverge_at_zero(reference_store, measure):
    from dashboard.data.filters import Filters
    from dashboard.data.reading import DEFAULT_COUNTRIES
    from dashboard.map import charts as maps
    from dashboard.map import geo
    from dashboard.words import breakdowns, colours
    from dashboard.words import classes as value_classes

    change = questions.period_change(reference_store, Filters(years=(2005, 2007)), (2008, 2010))
    m = maps.MEASURES[measure]
    bars = breakdowns.change_bars(change, m.column, m.kind != "count", "x", "2005–2007", "2008–2010").to_dict()
    assert bars["encoding"]["x"]["scale"]["domainMid"] == 0
    table = maps.change_values(geo.points(DEFAULT_COUNTRIES), change, measure)
    spec = maps.flow_map(table, [], measure, "", title="Change").to_dict()
    classes = table.attrs["classes"]
    assert set(classes.colours) <= {*colours.CHANGE_DOWN, colours.UNCHANGED, *colours.CHANGE_UP,
                                    value_classes.NOT_REPORTED_GREY, value_classes.NO_DATA_GREY}
    assert not set(classes.colours) & {*value_classes.DIVERGING_PROVIDES, *value_classes.DIVERGING_RECEIVES,
                                       *value_classes.SEQUENTIAL}
    brazil = table.set_index("iso3").loc["BRA"]
    assert brazil["class"].startswith("Increase") and brazil["shown"].startswith("+")
    assert "Change" in str(spec["title"])
