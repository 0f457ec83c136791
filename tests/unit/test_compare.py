"""Countries side by side (questions.country_comparison and peers) against the plain-Python oracle."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import PER_COUNTRY
from paths import COUNTRIES
from test_queries import FILTERS, close

from dashboard import questions

CODES = st.lists(st.sampled_from(["BRA", "IND", "CHN", "ZAF", "MEX", "HTI", "KEN", "ATA"]), min_size=1, max_size=4,
                 unique=True)



@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS, codes=CODES)
def test_each_country_s_figures_in_the_order_asked(generated_store, oracle, f, codes):
    got = questions.country_comparison(generated_store, f, tuple(codes))
    assert list(got["code"]) == codes
    expected = oracle.per_country(f)
    for row in got.itertuples(index=False):
        for column, at in PER_COUNTRY.items():
            want = expected[row.code][at] if row.code in expected else 0
            assert close(getattr(row, column), want), (row.code, column)


def test_peers_are_the_busiest_of_the_same_group_or_the_country_s_own_partners(generated_store, generated_dir,
                                                                                 oracle):
    from dashboard.data.filters import Filters

    f = Filters()
    countries = pd.read_parquet(COUNTRIES).set_index("iso3")
    busy = {code: v[5] for code, v in oracle.per_country(f).items() if v[5] > 0 and code in countries.index}
    for kind, column in (("subregion", "subregion"), ("income", "income_group")):
        mine = countries.loc["BRA", column]
        same = sorted((c for c in busy if c != "BRA" and countries.loc[c, column] == mine),
                      key=lambda c: (-busy[c], c))
        assert questions.peers(generated_store, f, "BRA", kind) == same[:3]
    together: dict[str, int] = {}
    for row in oracle.select(f):
        places = {c for k, c in (*row.providers, *row.receivers) if k == "country"}
        if "BRA" in places:
            for c in places - {"BRA"}:
                together[c] = together.get(c, 0) + 1
    assert questions.peers(generated_store, f, "BRA", "partners") == sorted(together, key=lambda c: (-together[c],
                                                                                                     c))[:3]
