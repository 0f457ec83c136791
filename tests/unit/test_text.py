"""How numbers and filters read."""

import math

import pytest

from dashboard.data.filters import Filters
from dashboard.words import text


@pytest.mark.parametrize(("value", "shown"), [
    (1_500_000, "US$1.5M"), (640_000, "US$640k"), (2_300_000_000, "US$2.3B"), (900, "US$900"),
    (6_544_000, "US$6.5M"), (1_000_000, "US$1M"), (0, "US$0"), (476_200_000, "US$476M"), (99_960, "US$100k"),
    (None, "not reported"), (math.nan, "not reported"), (-1_200_000, "−US$1.2M"),
])
def test_usd(value, shown):
    assert text.usd(value) == shown


def test_counts_and_lists():
    assert text.count(1234) == "1,234"
    assert text.initiatives(1) == "1 initiative" and text.initiatives(2_000) == "2,000 initiatives"
    assert text.share(20, 36) == "56%" and text.share(1, 0) == "–"
    assert text.names_list(["Brazil", "China", "India"]) == "Brazil, China and India"
    assert text.names_list(["Brazil"]) == "Brazil"
    assert text.names_list(list("abcde")) == "a, b, c and 2 others"


def test_funding_line():
    assert text.funding_line([]) == "not reported (no contribution recorded)."
    assert text.funding_line([None]) == "amounts not reported (1 contribution)."
    assert text.funding_line([500_000.0, 1_500_000.0]) == "US$2M reported."
    assert text.funding_line([100_000.0, math.nan]) == "US$100k reported; 1 more contribution with amount not reported."


def test_filter_line():
    f = Filters(themes=("gender",), receiver_regions=("Africa",), years=(2008, 2012), provider_countries=("BRA",))
    line = text.filter_line(f, {"BRA": "Brazil"})
    assert line == "Providers: Brazil · Receivers: Africa · Themes: Gender · 2008–2012"
    assert text.filter_line(Filters(), {}) == "All initiatives"
    assert text.filter_line(Filters(include_unreported=False, search="seed"), {}) == (
        "Text: “seed” · Only initiatives with all amounts reported")


def test_overview_summary():
    kpis = {"initiatives": 42, "countries": 38, "reported_usd": 2_500_000, "unreported": 12}
    summary = text.overview_summary(kpis, (2005, 2014), ["Brazil", "China", "India"], ["Mozambique"])
    assert summary == ("42 initiatives between 2005 and 2014 link 38 countries. Brazil, China and India provide most. "
                       "Mozambique receives most. Reported funding totals US$2.5M. 12 of the initiatives (29%) "
                       "have amounts that are not reported and are not counted in that total.")
    assert text.overview_summary({**kpis, "initiatives": 0}, None, [], []) == "No initiatives match these filters."


@pytest.mark.parametrize(("part", "whole", "shown"), [
    (0, 10, "0%"), (10, 10, "100%"), (1, 1000, "under 1%"), (999, 1000, "over 99%"), (1, 150, "1%"),
    (199, 200, "over 99%"), (1, 3, "33%"), (1, 0, "–"),
])
def test_shares_never_round_to_none_or_all(part, whole, shown):
    assert text.share(part, whole) == shown


def test_nothing_reported_is_not_zero():
    assert text.reported_usd(0.0, False) == "not reported"
    assert text.reported_usd(0.0, True) == "US$0"
    kpis = {"initiatives": 273, "countries": 90, "reported_usd": 0.0, "unreported": 273, "with_amounts": 0}
    summary = text.overview_summary(kpis, None, ["Brazil"], [])
    assert "US$0" not in summary and summary.endswith("None of the initiatives reports an amount of funding.")
