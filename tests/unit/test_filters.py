"""Filters: a normalised, hashable value whose SQL carries user values only as parameters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.filters import CODE_BITS, THEME_BITS, Filters, Places, mask, where

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
    sql, params = where(Filters(provider_countries=("XXX",)), PLACES)
    assert params == [[-1]]


def test_code_bits_do_not_overlap():
    bits = [b for codes in CODE_BITS.values() for b in codes.values()]
    assert len(bits) == len(set(bits)) and all(b & (b - 1) == 0 for b in bits)


def test_default_is_true():
    assert where(Filters(), PLACES) == ("TRUE", [])
