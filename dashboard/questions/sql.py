"""The SQL every question builds on: the filtered initiatives (a CTE per view), the matching pairs' share under a
place filter, and the intermediates several questions of one view share, memoised per store."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import duckdb
import pandas as pd

from dashboard.data.filters import (
    PAIR_TABLES,
    PLACE_FIELDS,
    PLACE_MATCH,
    Filters,
    Places,
    place_cte,
    search_cte,
    where,
)
from dashboard.data.store import Store

MATCHED_INITIATIVES = "matched_initiatives"  # under a place filter: the matching initiatives' numeric columns


def _on(table: str, f: Filters, places: Places, shared_search: bool = False, narrow: bool = False
        ) -> tuple[str, list]:
    """`table i WHERE <filters>`: a filtered scan of one table, with its parameters.

    Under a place filter (see dashboard.data.filters: place filters select flows), a table of
    initiatives' rows joins place_match as pm (so pm.share, see _share, weighs its money), and a
    table of places (participation, facilitation, subregion_pairs) is rebuilt from the matching pairs
    only (funding_regions: see _contributions). shared_search: test text through search_hits even on initiatives, when
    the query's other scans do too (the texts are then scanned once, not twice). narrow: a query of
    initiatives that reads only the columns of _matched_initiatives scans that (memoised, smaller) table
    instead, with no join; its share is i.share (see _share).
    """
    text_table = "search_hits" if shared_search else table
    if narrow and f.has_places():
        condition, params = where(_without_places(f), places, "i", MATCHED_INITIATIVES)
        return f"{MATCHED_INITIATIVES} i WHERE {condition}", params
    if not f.has_places() or table in PAIR_TABLES:
        condition, params = where(f, places, "i", text_table)
        return f"{table} i WHERE {condition}", params
    if table in _MATCHED:
        sql, params = _MATCHED[table](f, places)
        return f"({sql}) i WHERE TRUE", params
    condition, params = where(_without_places(f), places, "i", text_table)
    return f"{table} i JOIN {PLACE_MATCH} pm ON pm.rid = i.rid WHERE {condition}", params


def _share(f: Filters, alias: str = "pm") -> str:
    """The part of a row's initiative its money counts for in a scan of _on: the share of its pairs
    that match the place filters (alias "i" in a narrow scan), or all of it."""
    return f"{alias}.share" if f.has_places() else "1"


def _without_places(f: Filters) -> Filters:
    cleared: dict[str, Any] = dict.fromkeys(PLACE_FIELDS, ())
    return replace(f, **cleared)


def _pair_condition(f: Filters, places: Places) -> tuple[str, list]:
    """The condition on `pairs x` of the pairs that match every filter."""
    return where(f, places, "x", "pairs")


def _matched_participation(f: Filters, places: Places) -> tuple[str, list]:
    """participation's columns, from the matching pairs: a place takes part, as provider or receiver,
    in the pairs that match."""
    condition, params = _pair_condition(f, places)
    return f"""SELECT x.rid, CASE WHEN s.provides THEN x.p ELSE x.r END AS node, bool_or(s.provides) AS as_provider,
                      bool_or(NOT s.provides) AS as_receiver, any_value(x.has_unreported) AS has_unreported,
                      any_value(x.start_year) AS start_year
               FROM pairs x CROSS JOIN (VALUES (true), (false)) s(provides) WHERE {condition}
               GROUP BY x.rid, node""", params


def _matched_facilitation(f: Filters, places: Places) -> tuple[str, list]:
    """facilitation's columns, for the places of the matching pairs (first flags counted among them)."""
    matched, params = _matched_participation(f, places)
    return f"""SELECT g.facilitator, g.rid, g.node, g.grp, m.as_provider, m.as_receiver,
                      row_number() OVER (PARTITION BY g.rid, g.facilitator ORDER BY g.node) = 1 AS facilitator_first,
                      row_number() OVER (PARTITION BY g.rid, g.facilitator, g.grp ORDER BY g.node) = 1 AS group_first
               FROM facilitation g JOIN ({matched}) m ON m.rid = g.rid AND m.node = g.node""", params


def _matched_subregion_pairs(f: Filters, places: Places) -> tuple[str, list]:
    """subregion_pairs' columns, summed from the matching pairs."""
    condition, params = _pair_condition(f, places)
    return f"""SELECT x.rid, gp.grp AS p, gr.grp AS r, sum(x.value_usd) AS value_usd, sum(x.weight) AS weight,
                      bool_or(x.two_way) AS two_way,
                      any_value(x.has_unreported) AS has_unreported, any_value(x.start_year) AS start_year,
                      any_value(x.theme_bits) AS theme_bits
               FROM pairs x JOIN node_groups gp ON gp.node = x.p JOIN node_groups gr ON gr.node = x.r
               WHERE {condition}
               GROUP BY x.rid, gp.grp, gr.grp""", params


def _matched_funding_regions(f: Filters, places: Places, side: str) -> tuple[str, list]:
    """funding_regions' columns for one side: each contribution per region of that side, with the weight of
    the matching pairs that start (provider) or end (receiver) there."""
    condition, params = _pair_condition(f, places)
    end = "x.p" if side == "provider" else "x.r"
    return f"""SELECT g.fid, g.rid, g.source_type, g.amount_usd, g.in_kind, g.joint, w.region, w.weight
               FROM funding g JOIN (
                   SELECT x.rid, n.region, sum(x.weight) AS weight
                   FROM pairs x JOIN nodes n ON n.node = {end} WHERE {condition} GROUP BY ALL
               ) w ON w.rid = g.rid""", params


# funding_regions under a place filter is funding_mix's own (_matched_funding_regions, one side at a time).
_MATCHED = {"participation": _matched_participation, "facilitation": _matched_facilitation,
            "subregion_pairs": _matched_subregion_pairs}


def _prepared(store: Store, sql: str, f: Filters, frames: dict[str, pd.DataFrame] | None = None
              ) -> tuple[duckdb.DuckDBPyConnection, str, list]:
    """A cursor on which sql can run, sql itself and the parameters that go first: what its filters refer to is
    defined first (the CTE search_hits, the memoised place_match). frames: small DataFrames the query reads as
    tables, by name."""
    cte, cte_params = search_cte(f) if "search_hits" in sql else ("", [])
    if cte:
        sql = sql.lstrip()
        sql = f"WITH {cte}, {sql[4:]}" if sql[:4].upper() == "WITH" else f"WITH {cte} {sql}"
    frames = dict(frames or {})
    if PLACE_MATCH in sql:
        frames[PLACE_MATCH] = _place_match(store, f)
    if MATCHED_INITIATIVES in sql:
        frames[MATCHED_INITIATIVES] = _matched_initiatives(store, f)
    cursor = store.cursor()
    for name, frame in frames.items():
        cursor.register(name, frame)
    return cursor, sql, cte_params


def _df(store: Store, sql: str, params: list, f: Filters, frames: dict[str, pd.DataFrame] | None = None
        ) -> pd.DataFrame:
    """Run a query (see _prepared)."""
    cursor, sql, first = _prepared(store, sql, f, frames)
    return cursor.execute(sql, first + params).df()


MEMO_SIZE = 16  # intermediates (pair totals, place matches) a store keeps, the newest


def _memo(store: Store, key: tuple, compute) -> pd.DataFrame:
    """An intermediate several queries of one view share, computed once while it is among the newest."""
    found = store.memo.get(key)
    if found is None:
        found = store.memo[key] = compute()
        for old in list(store.memo)[:-MEMO_SIZE]:
            store.memo.pop(old, None)
    return found


def _pair_totals(store: Store, f: Filters, table: str = "pairs") -> pd.DataFrame:
    """The filtered pairs (or subregion_pairs) summed per (provider node, receiver node): p, r,
    value_usd, initiatives, shares (each initiative counted once: the sum of its pairs' weights, 1/pairs each),
    two_way_initiatives, unreported. A few thousand rows that per_country,
    flows and the network all start from, so a store keeps the last few (the expensive part is the
    scan of every pair)."""
    def compute() -> pd.DataFrame:
        pairs, params = _on(table, f, store.places)
        return _df(store, f"""
            SELECT p, r, sum(value_usd) AS value_usd, count(*) AS initiatives, sum(weight) AS shares,
                   count(*) FILTER (WHERE two_way) AS two_way_initiatives,
                   count(*) FILTER (WHERE has_unreported) AS unreported
            FROM {pairs} GROUP BY p, r""", params, f)

    return _memo(store, ("pair_totals", table, f), compute)


def _place_match(store: Store, f: Filters) -> pd.DataFrame:
    """place_match for the filters (rid, share; see filters.place_cte), which every query of initiatives
    under a place filter joins: one scan of the pairs per view, not one per query."""
    def compute() -> pd.DataFrame:
        cte, params = place_cte(f, store.places)
        return store.cursor().execute(f"WITH {cte} SELECT rid, share FROM {PLACE_MATCH}", params).df()

    return _memo(store, ("place_match", replace(f, search="")), compute)


def _matched_initiatives(store: Store, f: Filters) -> pd.DataFrame:
    """The initiatives with a matching pair (every filter but text holds: see place_cte), with the numeric columns
    the counting queries read and their share: a join made once per view, not once per query."""
    def compute() -> pd.DataFrame:
        return _df(store, f"""SELECT i.rid, i.start_year, i.code_bits, i.theme_bits, i.source_bits, i.has_unreported,
                                     i.has_unconverted, i.reported_usd, pm.share
                              FROM initiatives i JOIN {PLACE_MATCH} pm ON pm.rid = i.rid""", [], replace(f, search=""))

    return _memo(store, ("matched_initiatives", replace(f, search="")), compute)


def _counted(once: bool) -> str:
    """A flow's initiatives: each counted on every pair it makes, or once (shared by its pairs)."""
    return "shares::DOUBLE" if once else "initiatives::DOUBLE"
