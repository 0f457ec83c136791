"""Initiatives over the years, for the years played one after another: per place and year, the initiatives active
that year (each year from its start to its end year) and those started since the first year (cumulative).

An initiative with no end year counts in its start year only (the sources say when it started, not that it went
on); one with no start year is in no year. End years after the last year played count up to that year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.filters import Filters
from dashboard.data.store import Store
from dashboard.questions.sql import _df, _on

ROLES = {"as_provider": "as_provider", "as_receiver": "as_receiver", "initiatives": None}  # column → participation flag
COLUMNS = [*ROLES, *(f"started_{c}" for c in ROLES)]


def _running(spans: pd.DataFrame, keys: list[str], years: tuple[int, int], weight: str
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per key and year: (active, started since years[0]) from spans (s, e, weight): +weight at s, −weight after e."""
    low, high = years
    index = np.arange(low, high + 2)
    starts = spans.groupby([*keys, "s"])[weight].sum().unstack("s").reindex(columns=index, fill_value=0).fillna(0)
    ends = spans.assign(after=spans["e"] + 1).groupby([*keys, "after"])[weight].sum().unstack("after").reindex(
        columns=index, fill_value=0).reindex(starts.index).fillna(0)
    started = starts.cumsum(axis=1)
    active = started - ends.cumsum(axis=1)
    return active.iloc[:, :-1], started.iloc[:, :-1]


def activity(store: Store, f: Filters, years: tuple[int, int]) -> pd.DataFrame:
    """Per place (kind, code, name) and year in `years` where it takes part in an initiative started by then:
    as_provider, as_receiver, initiatives (either role) active that year, and started_<same> (initiatives
    started from years[0] to that year). Under f, so only initiatives started within f's years take part."""
    participation, params = _on("participation", f, store.places)
    sql = f"""
    SELECT p.node, p.as_provider, p.as_receiver, p.s, least(coalesce(n.end_year, p.s), ?) AS e, count(*) AS n
    FROM (SELECT i.rid, i.node, i.as_provider, i.as_receiver, i.start_year AS s FROM {participation}) p
    JOIN initiatives n USING (rid)
    WHERE p.s BETWEEN ? AND ?
    GROUP BY ALL
    """
    spans = _df(store, sql, [int(years[1]), *params, int(years[0]), int(years[1])], f)
    out: list[pd.DataFrame] = []
    for column, flag in ROLES.items():
        part = spans if flag is None else spans[spans[flag]]
        active, started = _running(part, ["node"], years, "n")
        out += [active.stack().rename(column), started.stack().rename(f"started_{column}")]
    if spans.empty:
        return pd.DataFrame(columns=["year", "kind", "code", "name", *COLUMNS])
    long = pd.concat(out, axis=1).fillna(0).astype("int64").rename_axis(["node", "year"]).reset_index()
    long = long[long[[c for c in COLUMNS if c.startswith("started_")]].sum(axis=1) > 0]
    nodes = store.cursor().execute("SELECT node, kind, code, name FROM nodes").df()
    return long.merge(nodes, on="node").drop(columns="node")[["year", "kind", "code", "name", *COLUMNS]].sort_values(
        ["year", "kind", "code"], ignore_index=True)


def activity_totals(store: Store, f: Filters, years: tuple[int, int]) -> pd.DataFrame:
    """Per year in `years`: active (initiatives active that year) and started (started from years[0] to then)."""
    initiatives, params = _on("initiatives", f, store.places)
    sql = f"""
    SELECT 0 AS k, i.start_year AS s, least(coalesce(i.end_year, i.start_year), ?) AS e, count(*) AS n
    FROM {initiatives} AND i.start_year BETWEEN ? AND ? GROUP BY ALL
    """
    spans = _df(store, sql, [int(years[1]), *params, int(years[0]), int(years[1])], f)
    active, started = _running(spans, ["k"], years, "n")
    frame = pd.DataFrame({"year": np.arange(years[0], years[1] + 1)})
    frame["active"] = active.iloc[0].to_numpy(dtype="int64") if len(active) else 0
    frame["started"] = started.iloc[0].to_numpy(dtype="int64") if len(started) else 0
    return frame


def pair_activity(store: Store, f: Filters, years: tuple[int, int], only: tuple[tuple[int, int], ...] | None = None
                  ) -> pd.DataFrame:
    """Per provider→receiver pair of places (p, r: node ids, as network_edges gives them at the country level) and
    year in `years` once the pair has started: active (its initiatives active that year) and started (started from
    years[0] to that year); initiatives as questions.activity counts them. only: these pairs (the drawn edges)."""
    pairs, params = _on("pairs", f, store.places)
    wanted = "" if only is None else "AND (x.p, x.r) IN (SELECT (w.p, w.r) FROM wanted w)"
    sql = f"""
    SELECT x.p, x.r, x.s, least(coalesce(n.end_year, x.s), ?) AS e, count(*) AS n
    FROM (SELECT i.rid, i.p, i.r, i.start_year AS s FROM {pairs}) x JOIN initiatives n USING (rid)
    WHERE x.s BETWEEN ? AND ? {wanted}
    GROUP BY ALL
    """
    frames = None if only is None else {"wanted": pd.DataFrame(list(only), columns=["p", "r"], dtype="int32")}
    spans = _df(store, sql, [int(years[1]), *params, int(years[0]), int(years[1])], f, frames)
    if spans.empty:
        return pd.DataFrame(columns=["p", "r", "year", "active", "started"])
    active, started = _running(spans, ["p", "r"], years, "n")
    long = pd.concat([active.stack().rename("active"), started.stack().rename("started")], axis=1)
    long = long.fillna(0).astype("int64").rename_axis(["p", "r", "year"]).reset_index()
    return long[long["started"] > 0].sort_values(["year", "p", "r"], ignore_index=True)
