"""Filters: a normalised, hashable value whose SQL carries user values only as parameters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.data.filters import CODE_BITS, THEME_BITS, Filters, Places, mask, place_cte, where

PLACES = Places(area_bits={"Africa": 1, "Asia": 2}, country_nodes={"BRA": 10, "IND": 20}, first_region_node=249)


def test_equal_selections_are_equal_values():
    a = Filters(themes=("gender", "ict", "gender"), years=(2012, 2005), search="  seeds ")
    b = Filters(themes=("ict", "gender"), years=(2005, 2012), search="seeds")
    assert a == b and hash(a) == hash(b)
    assert a.changed() == ["years", "themes", "search"]
    assert Filters().is_default() and not a.is_default()


@given(st.text(max_size=30), st.lists(st.text(max_size=10), min_size=1, max_size=3))
def test_user_values_never_reach_the_sql_text(text, codes):
    marked = tuple("ZQX" + c for c in codes)  # a marker that no SQL of ours contains
    f = Filters(search="ZQX" + text, themes=marked, provider_countries=marked, receiver_regions=marked,
                cooperation_types=marked, source_types=marked)
    for table in ("initiatives", "pairs"):
        sql, params = where(f, PLACES, table=table)
        assert "ZQX" not in sql
        assert sql.count("?") == len(params)
    assert ("ZQX" + text).strip() in where(f, PLACES)[1]


def test_unknown_codes_match_nothing():
    assert mask(THEME_BITS, ("not-a-theme",)) == 0
    assert mask(THEME_BITS, ("gender", "ict")) == THEME_BITS["gender"] | THEME_BITS["ict"]
    sql, params = where(Filters(provider_countries=("XXX",)), PLACES, table="pairs")
    assert params == [-1]


def test_places_select_pairs():
    """A place filter tests each pair's ends on pairs, and place_match (rid and share) elsewhere."""
    f = Filters(provider_regions=("Africa",), receiver_countries=("BRA",))
    sql, params = where(f, PLACES, table="pairs")
    assert "i.p_bits" in sql and "i.r IN (?)" in sql and params == [1, 10]
    sql, params = where(f, PLACES)
    assert sql == "i.rid IN (SELECT rid FROM place_match)" and params == []
    cte, params = place_cte(f, PLACES)
    assert cte.startswith("place_match AS") and "sum(i.weight) AS share" in cte and params == [1, 10]
    assert place_cte(Filters(themes=("gender",)), PLACES) == ("", [])
    assert f.has_places() and not Filters(themes=("gender",)).has_places()


def test_code_bits_do_not_overlap():
    bits = [b for codes in CODE_BITS.values() for b in codes.values()]
    assert len(bits) == len(set(bits)) and all(b & (b - 1) == 0 for b in bits)


def test_default_is_true():
    assert where(Filters(), PLACES) == ("TRUE", [])


# --- The URL mapping -------------------------------------------------------------------------

from dashboard.data import schema  # noqa: E402
from dashboard.data.filters import Vocabulary  # noqa: E402
from dashboard.shell.links import URL_KEYS, from_query, to_query  # noqa: E402

VOCAB = Vocabulary(
    regions=frozenset({"Africa", "Americas", "Asia", "Europe", "Oceania", "World"}),
    subregions=frozenset({"Sub-Saharan Africa", "Latin America and the Caribbean", "Eastern Africa"}),
    countries=frozenset({"BRA", "CHN", "IND", "ZAF", "HTI"}),
    year_bounds=(1990, 2025),
)


def picks(values) -> st.SearchStrategy:
    return st.lists(st.sampled_from(sorted(values)), max_size=3).map(tuple)


@st.composite
def any_filters(draw) -> Filters:
    years = draw(st.none() | st.tuples(st.integers(1950, 2100), st.integers(1950, 2100)))
    if years == VOCAB.year_bounds or (years and tuple(sorted(years)) == VOCAB.year_bounds):
        years = None  # the whole span is the default, which is not a filter
    return Filters(
        years=years,
        provider_regions=draw(picks(VOCAB.regions)), provider_subregions=draw(picks(VOCAB.subregions)),
        provider_countries=draw(picks(VOCAB.countries)), receiver_regions=draw(picks(VOCAB.regions)),
        receiver_subregions=draw(picks(VOCAB.subregions)), receiver_countries=draw(picks(VOCAB.countries)),
        themes=draw(picks(schema.THEMES)), sdgs=draw(picks(schema.SDG_NAMES)),
        cooperation_types=draw(picks(schema.COOPERATION_TYPES)),
        lead_actors=draw(picks(schema.LEAD_ACTORS)), activity_types=draw(picks(schema.ACTIVITY_TYPES)),
        source_types=draw(picks(schema.SOURCE_TYPES)),
        search=draw(st.text(max_size=40)).strip()[:200],
        include_unreported=draw(st.booleans()),
    )


@given(any_filters())
def test_url_round_trip(f):
    params = to_query(f)
    assert set(params) <= set(URL_KEYS.values())
    assert from_query(params, VOCAB) == (f, [])


def test_defaults_are_not_written():
    assert to_query(Filters()) == {}
    assert to_query(Filters(years=(2005, 2014), themes=("ict",))) == {"yr": "2005-2014", "th": "ict"}


@pytest.mark.parametrize(("params", "notice"), [
    ({"yr": "abc"}, "Ignored the year range `abc` in the link: write it as 2005-2014."),
    ({"yr": "2014-2005"}, "the first year is after the last"),
    ({"yr": "1200-1300"}, "years run from 1950 to 2100"),
    ({"th": "gender,telepathy"}, "Ignored unknown theme `telepathy` in the link."),
    ({"pc": "BRA,ATL"}, "Ignored unknown provider country `ATL` in the link."),
    ({"rr": "Atlantis"}, "Ignored unknown receiver region `Atlantis` in the link."),
    ({"unrep": "sometimes"}, "Ignored `sometimes` for unreported amounts"),
    ({"q": "x" * 500}, "Shortened the search text"),
    ({"th": "'; DROP TABLE initiatives; --"}, "Ignored unknown theme"),
    ({"sdg": "3,18"}, "Ignored unknown SDG `18` in the link."),
])
def test_bad_values_are_ignored_with_a_notice(params, notice):
    f, notices = from_query(params, VOCAB)
    assert any(notice in n for n in notices), notices
    assert f.years is None and "telepathy" not in f.themes


def test_other_keys_and_repeats():
    f, notices = from_query({"initiative": "X", "th": ["gender", "ict"], "yr": "2010"}, VOCAB)
    assert notices == [] and f.themes == ("gender", "ict") and f.years == (2010, 2010)
    assert from_query({"yr": "1990-2025"}, VOCAB)[0].years is None  # the whole span is no filter
