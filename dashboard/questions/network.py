"""The network's questions: its edges at a level (countries or M49 sub-regions), the corridors, and the
links of the facilitators of triangular cooperation."""

from __future__ import annotations

import pandas as pd

from dashboard.data.filters import THEME_BITS, Filters
from dashboard.data.store import Store
from dashboard.questions.sql import _counted, _df, _on, _pair_totals

NETWORK_LEVELS = {"country": "pairs", "subregion": "subregion_pairs"}  # level → the pairs it sums


EDGE_ORDER = {"value": "value_usd DESC, initiatives DESC", "count": "initiatives DESC, value_usd DESC"}


def _level_table(level: str) -> str:
    if level not in NETWORK_LEVELS:
        raise ValueError(f"a network is drawn between {tuple(NETWORK_LEVELS)}, not {level!r}")
    return NETWORK_LEVELS[level]


def network_edges(store: Store, f: Filters, level: str = "country", by: str = "value", top: int | None = None,
                  once: bool = False) -> pd.DataFrame:
    """Every provider→receiver edge under the filters, largest first (by value or count): between
    countries and the areas sources name for unnamed partners, or between M49 sub-regions.

    Columns: p, r (node ids), provider, provider_name, provider_kind, provider_region, the same for
    receiver, value_usd, initiatives, two_way_initiatives, unreported. A kind is 'country',
    'subregion' (a node of the sub-region level), 'region' (an area named for partners the source
    does not name) or 'organisation' (a Southern-led multilateral provider, at both levels). once: initiatives
    counts each initiative once (see flows). Edges from a
    place to itself (within one sub-region; unnamed partners of one area on both sides) are included (the
    network sets them apart), unless top asks for only the N largest edges between different places.
    """
    table = _level_table(level)
    if by not in EDGE_ORDER:
        raise ValueError(f"edges are ranked by 'value' or 'count', not {by!r}")
    sql = f"""
    WITH fl AS (SELECT * REPLACE ({_counted(once)} AS initiatives) FROM totals),
    kinds AS (
        SELECT n.node, n.code, n.name, n.region,
               CASE WHEN n.kind IN ('country', 'organisation') THEN n.kind
                    WHEN ? AND n.code <> 'World' AND n.node IN (
                        SELECT g.grp FROM node_groups g JOIN nodes c ON c.node = g.node WHERE c.kind = 'country')
                    THEN 'subregion'
                    ELSE 'region' END AS kind
        FROM nodes n
    )
    SELECT fl.p, fl.r, np.code AS provider, np.name AS provider_name, np.kind AS provider_kind,
           np.region AS provider_region, nr.code AS receiver, nr.name AS receiver_name, nr.kind AS receiver_kind,
           nr.region AS receiver_region, fl.value_usd, fl.initiatives, fl.two_way_initiatives, fl.unreported
    FROM fl JOIN kinds np ON np.node = fl.p JOIN kinds nr ON nr.node = fl.r
    {"WHERE fl.p <> fl.r" if top is not None else ""}
    ORDER BY {EDGE_ORDER[by]}, provider, receiver{" LIMIT ?" if top is not None else ""}
    """
    params = [level == "subregion"] + ([int(top)] if top is not None else [])
    return _df(store, sql, params, f, {"totals": _pair_totals(store, f, table)})


def corridors(store: Store, f: Filters, level: str = "country", top: int = 100, by: str = "value",
              once: bool = False) -> pd.DataFrame:
    """The top provider→receiver edges between different places (as network_edges ranks them), with
    the first and last start year of their initiatives and their main themes (a list of up to three
    theme codes, most frequent first; ties in codelist order)."""
    edges = network_edges(store, f, level, by, top, once)
    if edges.empty:
        return edges.assign(first_year=[], last_year=[], main_themes=[])
    scan, params = _on(_level_table(level), f, store.places)
    # Count themes on the rows' theme bits, grouped first (few distinct bit sets; no join to themes).
    counts = ", ".join(f"coalesce(sum(n) FILTER (WHERE (theme_bits & {int(bit)}) <> 0), 0)"
                       for bit in THEME_BITS.values())
    sql = f"""
    WITH g AS (
        SELECT i.p, i.r, i.theme_bits, count(*) AS n, min(i.start_year) AS first_year, max(i.start_year) AS last_year
        FROM {scan} AND (i.p, i.r) IN (SELECT (w.p, w.r) FROM wanted w)
        GROUP BY ALL
    )
    SELECT p, r, min(first_year) AS first_year, max(last_year) AS last_year, [{counts}] AS theme_counts
    FROM g GROUP BY p, r
    """
    extra = _df(store, sql, params, f, {"wanted": edges[["p", "r"]]})
    themes = list(THEME_BITS)
    extra["main_themes"] = [[themes[k] for k in sorted(range(len(themes)), key=lambda k: -n[k])[:3] if n[k]]
                             for n in extra.pop("theme_counts")]
    return edges.merge(extra, on=["p", "r"], how="left")


def facilitator_links(store: Store, f: Filters, level: str = "country") -> pd.DataFrame:
    """Triangular cooperation: each facilitator the filtered initiatives name, linked to the places
    (countries, or sub-regions) it brokers for: facilitator, facilitated (its initiatives in all),
    p (node id), code, role ('provider', 'receiver' or 'both'), initiatives; most initiatives first."""
    _level_table(level)
    scan, params = _on("facilitation", f, store.places)
    # An initiative counts once in a sub-region, however many of its countries lie there.
    place, first = ("i.grp", "i.group_first") if level == "subregion" else ("i.node", "TRUE")
    sql = f"""
    WITH links AS (
        SELECT i.facilitator, {place} AS p, bool_or(i.as_provider) AS provides, bool_or(i.as_receiver) AS receives,
               count(*) FILTER (WHERE {first}) AS initiatives,
               count(*) FILTER (WHERE i.facilitator_first) AS firsts
        FROM {scan} GROUP BY ALL
    )
    SELECT l.facilitator, sum(l.firsts) OVER (PARTITION BY l.facilitator) AS facilitated, l.p, n.code,
           CASE WHEN l.provides AND l.receives THEN 'both' WHEN l.provides THEN 'provider' ELSE 'receiver' END AS role,
           l.initiatives
    FROM links l JOIN nodes n ON n.node = l.p
    ORDER BY l.initiatives DESC, l.facilitator, n.code
    """
    out = _df(store, sql, params, f)
    out["facilitated"] = out["facilitated"].astype("int64")
    return out
