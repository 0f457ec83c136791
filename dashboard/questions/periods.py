"""Two periods compared: each place's measures in the view's period and in a second one (the same filters, other
start years), and their change. A place with no initiative in a period has 0 there (a true zero: no role); a
measure the sources leave unknown in either period has an unknown change (never 0)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboard.data.filters import Filters
from dashboard.data.store import Store
from dashboard.questions.places import per_country

CHANGE_COLUMNS = ("provided_usd", "received_usd", "net_usd", "initiatives", "initiatives_as_provider",
                  "initiatives_as_receiver", "partners")
KEYS = ["kind", "code", "name", "region"]


def period_change(store: Store, f: Filters, years: tuple[int, int]) -> pd.DataFrame:
    """Per place taking part in either period: each CHANGE_COLUMNS as <column>_1 (f's period) and <column>_2 (f with
    start years `years`), and change_<column> = second − first (NaN when either is unknown); `new` when it takes
    part only in the second period, `lost` only in the first."""
    first = per_country(store, f)[[*KEYS, *CHANGE_COLUMNS]]
    second = per_country(store, replace(f, years=years))[[*KEYS, *CHANGE_COLUMNS]]
    both = first.merge(second, on=KEYS, how="outer", suffixes=("_1", "_2"), indicator=True)
    only_first, only_second = both["_merge"] == "left_only", both["_merge"] == "right_only"
    for column in CHANGE_COLUMNS:
        both.loc[only_second, f"{column}_1"] = 0  # no initiative in that period: a true zero
        both.loc[only_first, f"{column}_2"] = 0
        both[f"change_{column}"] = both[f"{column}_2"] - both[f"{column}_1"]
    both["new"], both["lost"] = only_second, only_first
    return both.drop(columns="_merge").sort_values(["kind", "code"], ignore_index=True)
