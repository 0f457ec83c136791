"""Initiatives over the years (questions.activity, the years played on the Map) against the plain-Python oracle:
active from the start year to the end year (the start year alone when none is given), and started since the
first year played."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_queries import FILTERS

from dashboard.data.filters import Filters
from dashboard.questions.activity import COLUMNS, activity, activity_totals, pair_activity

SPANS = st.tuples(st.integers(1998, 2026), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS, years=SPANS)
def test_activity_per_place_and_year_against_the_oracle(generated_store, oracle, f, years):
    f = replace(f, years=years)  # the page plays the view's own years
    got = activity(generated_store, f, years)
    want = {key: cells for key, cells in oracle.activity(f, years).items() if cells[5]}
    assert {(c, y) for c, y in zip(got["code"], got["year"], strict=True)} == set(want)
    for row in got.itertuples(index=False):
        assert [getattr(row, c) for c in COLUMNS] == want[row.code, row.year], (row.code, row.year)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS, years=SPANS)
def test_activity_totals_count_each_initiative_once(generated_store, oracle, f, years):
    f = replace(f, years=years)
    got = activity_totals(generated_store, f, years).set_index("year")
    rows = [r for r in oracle.select(f) if r.start_year is not None]
    assert list(got.index) == list(range(years[0], years[1] + 1))
    for year in got.index:
        active = sum(r.start_year <= year <= (r.end_year if r.end_year is not None else r.start_year) for r in rows)
        assert got.loc[year, "active"] == active and got.loc[year, "started"] == sum(r.start_year <= year
                                                                                   for r in rows)


def test_open_ended_initiatives_count_in_their_start_year_only(reference_store):
    years = reference_store.cursor().execute("SELECT min(start_year), max(start_year) FROM initiatives").fetchone()
    span = (int(years[0]), int(years[1]))
    open_ended = reference_store.cursor().execute(
        "SELECT count(*) FROM initiatives WHERE end_year IS NULL AND start_year IS NOT NULL").fetchone()[0]
    totals = activity_totals(reference_store, Filters(), span)
    assert open_ended > 0  # the reference data has some, so the rule is exercised
    assert totals["started"].iloc[-1] == reference_store.cursor().execute(
        "SELECT count(*) FROM initiatives WHERE start_year IS NOT NULL").fetchone()[0]
    assert (totals["active"] <= totals["started"]).all()


def test_no_initiative_in_the_years_gives_an_empty_answer(reference_store):
    assert activity(reference_store, Filters(years=(1950, 1951)), (1950, 1951)).empty
    assert activity_totals(reference_store, Filters(years=(1950, 1951)), (1950, 1951))["active"].eq(0).all()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS, years=SPANS)
def test_pair_activity_against_the_oracle(generated_store, oracle, f, years):
    """Each provider→receiver pair's initiatives active per year, and started since the first year (the Network's
    years played)."""
    f = replace(f, years=years)
    got = pair_activity(generated_store, f, years)
    nodes = generated_store.cursor().execute("SELECT node, kind, code FROM nodes").fetchall()
    place = {node: (kind, code) for node, kind, code in nodes}
    want: dict = {}
    for row in oracle.select(f):
        last = row.end_year if row.end_year is not None else row.start_year
        for pair in oracle.matched(row, f):
            for year in range(row.start_year, years[1] + 1):
                cell = want.setdefault((*pair, year), [0, 0])
                cell[0] += year <= last
                cell[1] += 1
    have = {(place[p], place[r], y): [a, s] for p, r, y, a, s in got.itertuples(index=False)}
    assert have == want


def test_pair_activity_of_some_pairs_is_theirs_of_all(generated_store):
    years = (2000, 2020)
    full = pair_activity(generated_store, Filters(years=years), years)
    some = tuple(sorted({(int(p), int(r)) for p, r in zip(full["p"], full["r"], strict=True)})[::7])
    got = pair_activity(generated_store, Filters(years=years), years, some)
    want = full[[(int(p), int(r)) in set(some) for p, r in zip(full["p"], full["r"], strict=True)]]
    assert len(some) > 3 and got.reset_index(drop=True).equals(want.reset_index(drop=True))
