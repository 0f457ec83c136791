"""One function per question: (Store, Filters) → a small, aggregated DataFrame.

Money follows the contract's rules: amounts not reported stay out of sums and are counted
instead (unreported), and an initiative's reported funding is split evenly across its
provider→receiver pairs, so flows, provided and received totals reconcile to the reported total.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.data import schema
from dashboard.data.filters import (
    CODE_BITS,
    PAIR_TABLES,
    PLACE_FIELDS,
    PLACE_MATCH,
    SDG_BITS,
    THEME_BITS,
    Filters,
    Places,
    Vocabulary,
    place_cte,
    search_cte,
    where,
)
from dashboard.data.store import Store

SORTABLE = {
    "start_year": "i.start_year",
    "title": "i.title",
    "reported_usd": "i.reported_usd",
    "initiative_id": "i.initiative_id",
    "status": "i.status",
    "cooperation_type": "i.cooperation_type",
}
MIX_DIMENSIONS = ("year", "theme", "cooperation_type", "lead_actor", "provider_region", "receiver_region")


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
    return replace(f, **{name: () for name in PLACE_FIELDS})


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


def _df(store: Store, sql: str, params: list, f: Filters, frames: dict[str, pd.DataFrame] | None = None
        ) -> pd.DataFrame:
    """Run a query; first define what its filters refer to (the CTE search_hits, the memoised place_match).
    frames: small DataFrames the query reads as tables, by name."""
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
    return cursor.execute(sql, cte_params + params).df()


def kpis(store: Store, f: Filters) -> pd.DataFrame:
    """One row: initiatives, providers, receivers, countries, reported_usd (null when no amount is reported),
    unreported, with_amounts (initiatives that report at least one amount), unconverted (of the unreported, those
    with an amount the source reports in a currency or year these prices cannot state: reported, not converted),
    unreported_share."""
    initiatives, p1 = _on("initiatives", f, store.places, shared_search=True, narrow=True)
    first_region = store.places.first_region_node
    if f.has_places():  # the countries of the matching pairs, from their (memoised) totals
        frames = {"fl": _pair_totals(store, f)}
        places, p2 = """SELECT count(DISTINCT p) FILTER (WHERE p < ?) AS providers,
                               count(DISTINCT r) FILTER (WHERE r < ?) AS receivers,
                               (SELECT count(*) FROM (SELECT p FROM fl WHERE p < ? UNION SELECT r FROM fl WHERE r < ?))
                               AS countries
                        FROM fl""", [first_region] * 4
    else:
        frames = None
        participation, p2 = _on("participation", f, store.places)
        places = f"""SELECT count(*) FILTER (WHERE provides) AS providers,
                            count(*) FILTER (WHERE receives) AS receivers, count(*) AS countries
                     FROM (SELECT node, bool_or(as_provider) AS provides, bool_or(as_receiver) AS receives
                           FROM {participation} AND i.node < ? GROUP BY node)"""
        p2 = p2 + [first_region]
    sql = f"""
    WITH c AS ({places}),
    s AS (
        SELECT count(*) AS initiatives, sum(i.reported_usd * {_share(f, "i")}) AS reported_usd,
               count(*) FILTER (WHERE i.has_unreported) AS unreported, count(i.reported_usd) AS with_amounts,
               count(*) FILTER (WHERE i.has_unconverted) AS unconverted
        FROM {initiatives}
    )
    SELECT s.initiatives, c.providers, c.receivers, c.countries, s.reported_usd, s.unreported, s.with_amounts,
           s.unconverted
    FROM s, c
    """
    out = _df(store, sql, p2 + p1, f, frames)
    total = int(out.at[0, "initiatives"])
    out["unreported_share"] = out["unreported"] / total if total else None
    return out


def per_year(store: Store, f: Filters) -> pd.DataFrame:
    """Per start year (null = year not reported): initiatives, reported_usd, unreported."""
    initiatives, params = _on("initiatives", f, store.places, narrow=True)
    sql = f"""
    SELECT i.start_year AS year, count(*) AS initiatives,
           sum(i.reported_usd * {_share(f, "i")}) AS reported_usd,
           count(*) FILTER (WHERE i.has_unreported) AS unreported
    FROM {initiatives} GROUP BY i.start_year ORDER BY i.start_year NULLS LAST
    """
    return _df(store, sql, params, f)


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


def per_country(store: Store, f: Filters) -> pd.DataFrame:
    """Per country or named region: provided/received/net US$, initiatives by role, distinct partners.

    kind is 'country', 'region' (a partner the source names only by region) or 'organisation' (a Southern-led
    multilateral provider; its region is schema.SOUTHERN_MULTILATERAL); unreported counts
    the initiatives a place takes part in whose amounts are not (fully) reported (in all, and by role);
    top_partners names its 3 largest partners either way (by value, then initiatives), largest first, in English;
    top_partner_keys lists them as kind:code, joined by '|' (for other languages' names).
    """
    participation, params = _on("participation", f, store.places)
    sql = f"""
    WITH either AS (
        SELECT node, other, sum(provided) AS provided, sum(received) AS received, sum(initiatives) AS initiatives
        FROM (SELECT p AS node, r AS other, value_usd AS provided, NULL::DOUBLE AS received, initiatives FROM fl
              UNION ALL SELECT r, p, NULL::DOUBLE, value_usd, initiatives FROM fl)
        GROUP BY node, other
    ),
    money AS (
        SELECT node, sum(provided) AS provided_usd, sum(received) AS received_usd, count(*) AS partners
        FROM either GROUP BY node
    ),
    ranked AS (
        SELECT e.node, coalesce(e.provided, 0) + coalesce(e.received, 0) AS value_usd, e.initiatives, o.kind,
               o.code, o.name,
               row_number() OVER (PARTITION BY e.node ORDER BY coalesce(e.provided, 0) + coalesce(e.received, 0) DESC,
                                  e.initiatives DESC, e.other) AS rank
        FROM either e JOIN nodes o ON o.node = e.other
        QUALIFY rank <= 3
    ),
    best AS (
        SELECT node,
               string_agg(CASE WHEN kind IN ('country', 'organisation') THEN name
                               WHEN code = 'World' THEN 'partners not named'
                               ELSE 'partners in ' || name || ' not named' END, ', ' ORDER BY rank) AS top_partners,
               string_agg(kind || ':' || CASE WHEN kind = 'organisation' THEN name ELSE code END, '|' ORDER BY rank)
               AS top_partner_keys
        FROM ranked GROUP BY node
    ),
    kinds AS (  -- count per (node, role, documented) first: a cheap group on small keys
        SELECT i.node, i.as_provider, i.as_receiver, i.has_unreported, count(*) AS n
        FROM {participation} GROUP BY ALL
    ),
    roles AS (
        SELECT node, sum(n) FILTER (WHERE as_provider) AS initiatives_as_provider,
               sum(n) FILTER (WHERE as_receiver) AS initiatives_as_receiver,
               sum(n) AS initiatives, sum(n) FILTER (WHERE has_unreported) AS unreported,
               sum(n) FILTER (WHERE has_unreported AND as_provider) AS unreported_as_provider,
               sum(n) FILTER (WHERE has_unreported AND as_receiver) AS unreported_as_receiver
        FROM kinds GROUP BY node
    )
    SELECT n.code, n.kind, n.name, n.region,
           CASE WHEN coalesce(r.initiatives_as_provider, 0) = 0 THEN 0 ELSE m.provided_usd END AS provided_usd,
           CASE WHEN coalesce(r.initiatives_as_receiver, 0) = 0 THEN 0 ELSE m.received_usd END AS received_usd,
           (CASE WHEN coalesce(r.initiatives_as_provider, 0) = 0 THEN 0 ELSE m.provided_usd END)
           - (CASE WHEN coalesce(r.initiatives_as_receiver, 0) = 0 THEN 0 ELSE m.received_usd END) AS net_usd,
           coalesce(r.initiatives_as_provider, 0)::BIGINT AS initiatives_as_provider,
           coalesce(r.initiatives_as_receiver, 0)::BIGINT AS initiatives_as_receiver,
           r.initiatives::BIGINT AS initiatives,
           coalesce(r.unreported, 0)::BIGINT AS unreported,
           coalesce(r.unreported_as_provider, 0)::BIGINT AS unreported_as_provider,
           coalesce(r.unreported_as_receiver, 0)::BIGINT AS unreported_as_receiver, coalesce(m.partners, 0) AS partners,
           b.top_partners, b.top_partner_keys
    FROM roles r JOIN nodes n USING (node) LEFT JOIN money m USING (node) LEFT JOIN best b USING (node)
    ORDER BY r.initiatives DESC, n.code
    """
    return _df(store, sql, params, f, {"fl": _pair_totals(store, f)})


def flows(store: Store, f: Filters, top: int | None = None, by: str = "value", once: bool = False) -> pd.DataFrame:
    """Provider→receiver flows under the allocation rule, largest first (by value or by count).

    reverse: whether the opposite flow (receiver→provider) exists under the same filters;
    all_flows: how many flows there are before the top N are taken. once: initiatives counts each initiative once
    (its pairs share it: see _pair_totals' shares), so one initiative naming many countries does not outweigh the rest.
    """
    if by not in ("value", "count"):
        raise ValueError(f"flows are ranked by 'value' or 'count', not {by!r}")
    order = "value_usd DESC, initiatives DESC" if by == "value" else "initiatives DESC, value_usd DESC"
    limit = " LIMIT ?" if top is not None else ""
    sql = f"""
    WITH fl AS (SELECT * REPLACE ({_counted(once)} AS initiatives) FROM totals)
    SELECT np.code AS provider, np.kind AS provider_kind, np.name AS provider_name,
           nr.code AS receiver, nr.kind AS receiver_kind, nr.name AS receiver_name,
           fl.value_usd, fl.initiatives, fl.two_way_initiatives, fl.unreported,
           EXISTS (SELECT 1 FROM fl b WHERE b.p = fl.r AND b.r = fl.p) AS reverse,
           count(*) OVER () AS all_flows
    FROM fl JOIN nodes np ON np.node = fl.p JOIN nodes nr ON nr.node = fl.r
    ORDER BY {order}, provider, receiver{limit}
    """
    return _df(store, sql, [int(top)] if top is not None else [], f, {"totals": _pair_totals(store, f)})


def _counted(once: bool) -> str:
    """A flow's initiatives: each counted on every pair it makes, or once (shared by its pairs)."""
    return "shares::DOUBLE" if once else "initiatives::DOUBLE"


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


def dominance(store: Store, f: Filters, few: int = 3) -> pd.DataFrame:
    """The initiatives that make most provider→receiver pairs under the filters: the `few` with most pairs (rid order
    breaks ties), each with initiative_id, title, providers and receivers (how many places each side names), pairs,
    and all_pairs, all_initiatives (under the filters). Empty when no pair matches."""
    pairs, params = _on("pairs", f, store.places)
    sql = f"""
    WITH per AS (SELECT i.rid, count(*) AS pairs FROM {pairs} GROUP BY i.rid),
    top AS (SELECT * FROM per ORDER BY pairs DESC, rid LIMIT ?)
    SELECT n.initiative_id, n.title,
           len(n.providers) + len(n.provider_regions) + len(n.provider_orgs) AS providers,
           len(n.receivers) + len(n.receiver_regions) AS receivers, top.pairs,
           (SELECT sum(pairs) FROM per) AS all_pairs, (SELECT count(*) FROM per) AS all_initiatives
    FROM top JOIN initiatives n USING (rid) ORDER BY top.pairs DESC, top.rid
    """
    return _df(store, sql, params + [int(few)], f)


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


def roles_per_year(store: Store, f: Filters, code: str) -> pd.DataFrame:
    """One country's initiatives per start year and role ('provider', 'receiver' or 'both')."""
    participation, params = _on("participation", f, store.places)
    sql = f"""
    SELECT i.start_year AS year,
           CASE WHEN i.as_provider AND i.as_receiver THEN 'both' WHEN i.as_provider THEN 'provider'
                ELSE 'receiver' END AS role,
           count(*) AS initiatives
    FROM {participation} AND i.node = ?
    GROUP BY ALL ORDER BY year NULLS LAST, role
    """
    return _df(store, sql, params + [store.places.country_nodes.get(code, -1)], f)


def per_theme(store: Store, f: Filters) -> pd.DataFrame:
    """Per theme: initiatives, reported_usd (an initiative counts in each of its themes), unreported."""
    initiatives, params = _on("initiatives", f, store.places, narrow=True)
    # Sum per set of themes first (few distinct sets), then count each set in each of its themes.
    sql = f"""
    WITH g AS (
        SELECT i.theme_bits, count(*) AS n, sum(i.reported_usd * {_share(f, "i")}) AS usd,
               count(*) FILTER (WHERE i.has_unreported) AS unreported
        FROM {initiatives} GROUP BY i.theme_bits
    )
    SELECT t.code AS theme, sum(g.n)::BIGINT AS initiatives, sum(g.usd) AS reported_usd,
           sum(g.unreported)::BIGINT AS unreported
    FROM g JOIN theme_codes t ON (g.theme_bits & t.bit) <> 0
    GROUP BY t.code ORDER BY initiatives DESC, theme
    """
    out = _df(store, sql, params, f)
    out.insert(1, "label", out["theme"].map(lambda c: schema.label("themes", c)))
    return out


def per_code(store: Store, f: Filters, column: str) -> pd.DataFrame:
    """Per code of cooperation_type, lead_actor or activity_type: initiatives, reported_usd, unreported."""
    if column not in ("cooperation_type", "lead_actor", "activity_type"):
        raise ValueError(f"cannot count initiatives by {column!r}")
    initiatives, params = _on("initiatives", f, store.places, narrow=True)
    bits = CODE_BITS[column]
    # Group on the column's bit in code_bits (an integer), and name the codes after.
    sql = f"""
    WITH g AS (
        SELECT i.code_bits & ? AS bit, count(*) AS initiatives,
               sum(i.reported_usd * {_share(f, "i")}) AS reported_usd,
               count(*) FILTER (WHERE i.has_unreported) AS unreported
        FROM {initiatives} GROUP BY 1
    ),
    codes AS (SELECT unnest(?::VARCHAR[]) AS code, unnest(?::BIGINT[]) AS bit)
    SELECT codes.code AS {column}, g.initiatives, g.reported_usd, g.unreported
    FROM g JOIN codes USING (bit) ORDER BY g.initiatives DESC, codes.code
    """
    return _df(store, sql, [sum(bits.values())] + params + [list(bits), list(bits.values())], f)


def _contributions(store: Store, f: Filters, table: str = "funding", side: str | None = None) -> tuple[str, list]:
    """The filtered contributions: those of the filtered initiatives, and of the filtered source types; from
    funding_regions, those of one side (provider or receiver)."""
    if side is not None and f.has_places():
        sql, params = _matched_funding_regions(f, store.places, side)
        scan = f"({sql}) i WHERE TRUE"
    else:
        scan, params = _on(table, f, store.places)
        if side is not None:
            scan += " AND i.side = ?"
            params = params + [side]
    if f.source_types:
        scan += " AND list_contains(?::VARCHAR[], i.source_type)"
        params = params + [list(f.source_types)]
    return scan, params


def _with_source_labels(out: pd.DataFrame) -> pd.DataFrame:
    out.insert(out.columns.get_loc("source_type") + 1, "label",
               out["source_type"].map(lambda c: schema.label("source_type", c)))
    return out


def funding_mix(store: Store, f: Filters, by: str | None = None) -> pd.DataFrame:
    """Funding by source type, overall or by one dimension (see MIX_DIMENSIONS).

    amount_usd sums reported amounts (in_kind_usd the part in kind); contributions counts them all,
    not_reported those without an amount, in_kind those in kind. If the filters name source types,
    only those contributions are counted. By provider or receiver region, each contribution is split
    across the initiative's pairs like all value (contributions counts it in every region it
    reaches); by theme, it counts in each of the initiative's themes.
    """
    if by is not None and by not in MIX_DIMENSIONS:
        raise ValueError(f"funding mix cannot be broken down by {by!r}; use one of {MIX_DIMENSIONS}")
    regional = by in ("provider_region", "receiver_region")
    scan, params = (_contributions(store, f, "funding_regions", by.removesuffix("_region")) if regional
                    else _contributions(store, f))
    share = "i.weight" if regional else _share(f)
    # By theme: sum per (theme set, source type) first, then spread each set over its themes.
    group = {None: "", "theme": "i.theme_bits, "}.get(by, f"i.{'region' if regional else by} AS {by}, ")
    sql = f"""
    SELECT {group}i.source_type,
           sum(i.amount_usd * {share}) AS amount_usd,
           CASE WHEN count(*) FILTER (WHERE i.in_kind) = 0 THEN 0
                ELSE sum(i.amount_usd * {share}) FILTER (WHERE i.in_kind) END AS in_kind_usd,
           count(*) AS contributions,
           count(*) FILTER (WHERE i.amount_usd IS NULL) AS not_reported,
           count(*) FILTER (WHERE i.in_kind) AS in_kind
    FROM {scan} AND NOT i.joint
    GROUP BY ALL
    """
    if by == "theme":
        sql = f"""
        SELECT t.code AS theme, g.source_type, sum(g.amount_usd) AS amount_usd,
               CASE WHEN sum(g.in_kind) = 0 THEN 0 ELSE sum(g.in_kind_usd) FILTER (WHERE g.in_kind > 0) END
               AS in_kind_usd,
               sum(g.contributions)::BIGINT AS contributions, sum(g.not_reported)::BIGINT AS not_reported,
               sum(g.in_kind)::BIGINT AS in_kind
        FROM ({sql}) g JOIN theme_codes t ON (g.theme_bits & t.bit) <> 0
        GROUP BY ALL
        """
    # Group on the ENUM; name the source type (and order the rows) after.
    sql = f"SELECT * REPLACE (source_type::VARCHAR AS source_type) FROM ({sql}) ORDER BY ALL"
    return _with_source_labels(_df(store, sql, params, f))


def funding_coverage(store: Store, f: Filters) -> pd.DataFrame:
    """One row: how much of the filtered initiatives' funding is documented.

    initiatives splits into all_reported (every contribution has an amount), partly_reported (some
    do), none_reported (contributions recorded, none with an amount) and no_funding (no contribution
    recorded); reported_usd is the Overview's total.
    """
    initiatives, params = _on("initiatives", f, store.places, narrow=True)
    sql = f"""
    SELECT count(*) AS initiatives,
           count(*) FILTER (WHERE NOT i.has_unreported) AS all_reported,
           count(*) FILTER (WHERE i.has_unreported AND i.reported_usd IS NOT NULL) AS partly_reported,
           count(*) FILTER (WHERE i.source_bits <> 0 AND i.reported_usd IS NULL) AS none_reported,
           count(*) FILTER (WHERE i.source_bits = 0) AS no_funding,
           count(*) FILTER (WHERE i.has_unconverted) AS unconverted,
           sum(i.reported_usd * {_share(f, "i")}) AS reported_usd
    FROM {initiatives}
    """
    return _df(store, sql, params, f)


def top_funders(store: Store, f: Filters, limit: int = 1000) -> pd.DataFrame:
    """Funders by reported value, then initiatives: source type, reported_usd, initiatives, contributions,
    not_reported and in_kind (the filtered contributions, as in funding_mix); all_funders: the rows (a funder
    and source type) before the limit; distinct_funders: the distinct funder names among them."""
    scan, params = _contributions(store, f)
    sql = f"""
    WITH g AS (
        SELECT i.funder_key, sum(i.amount_usd * {_share(f)}) AS reported_usd,
               count(*) FILTER (WHERE i.funder_first) AS initiatives, count(*) FILTER (WHERE NOT i.joint)
               AS contributions, count(*) FILTER (WHERE i.amount_usd IS NULL AND NOT i.joint) AS not_reported,
               count(*) FILTER (WHERE i.in_kind) AS in_kind, count(*) FILTER (WHERE i.joint) AS in_joint
        FROM {scan} GROUP BY i.funder_key
    )
    SELECT k.funder, k.source_type, k.funder_iso3, g.reported_usd, g.initiatives, g.contributions, g.not_reported,
           g.in_kind, g.in_joint, count(*) OVER () AS all_funders,
           (SELECT count(DISTINCT d.funder) FROM g JOIN funders d USING (funder_key)) AS distinct_funders
    FROM g JOIN funders k USING (funder_key)
    ORDER BY g.reported_usd DESC NULLS LAST, g.initiatives DESC, k.funder, k.source_type LIMIT ?
    """
    return _with_source_labels(_df(store, sql, params + [int(limit)], f))


def leverage(store: Store, f: Filters) -> pd.DataFrame:
    """Co-financing per US$ of multilateral or facilitator ("anchor") contribution, in bands.

    Over the filtered initiatives with an anchor contribution and all their contributions (a
    source-type filter picks initiatives, not contributions). One row per status and band:
    status 'measured' (every amount reported; bin store.NO_COFINANCING if no other contribution is
    recorded, else a store.LEVERAGE_BINS label or store.OPEN_BIN), 'anchor not reported', 'anchor
    of zero' or 'co-financing not reported' (no ratio: bin null); initiatives, anchor_usd and
    cofinancing_usd (their reported parts), with_cofinancing (of which record any other contribution, with an
    amount or not) and, on every row, the quartiles of the measured ratios.
    """
    scan, params = _on("leverage", f, store.places)
    sql = f"""
    WITH g AS (
        SELECT i.status, i.bin, count(*) AS initiatives, sum(i.anchor_usd) AS anchor_usd,
               CASE WHEN count(*) FILTER (WHERE i.cofinancing_rows > 0) = 0 THEN 0
                    ELSE sum(i.cofinancing_usd) FILTER (WHERE i.cofinancing_rows > 0) END AS cofinancing_usd,
               count(*) FILTER (WHERE i.cofinancing_rows > 0) AS with_cofinancing
        FROM {scan} GROUP BY ALL
    ),
    q AS (SELECT quantile_cont(i.ratio, [0.25, 0.5, 0.75]) AS quartiles FROM {scan} AND i.ratio IS NOT NULL)
    SELECT g.status::VARCHAR AS status, g.bin::VARCHAR AS bin, g.initiatives, g.anchor_usd, g.cofinancing_usd,
           g.with_cofinancing, q.quartiles[1] AS q1, q.quartiles[2] AS median, q.quartiles[3] AS q3
    FROM g, q ORDER BY g.status, g.bin
    """
    return _df(store, sql, params + params, f)


def leverage_initiatives(store: Store, f: Filters, limit: int = 500) -> pd.DataFrame:
    """The initiatives behind leverage() (the first limit of them), largest anchor contribution first:
    id, title, start_year, anchor_usd, cofinancing_usd, ratio (null unless every amount is reported), status."""
    scan, params = _on("leverage", f, store.places)
    sql = f"""
    WITH top AS (SELECT i.* FROM {scan} ORDER BY i.anchor_usd DESC NULLS LAST, i.ratio DESC NULLS LAST, i.rid LIMIT ?)
    SELECT n.initiative_id, n.title, n.start_year, top.anchor_usd, top.cofinancing_usd, top.cofinancing_rows,
           top.ratio, top.status::VARCHAR AS status
    FROM top JOIN initiatives n USING (rid)
    ORDER BY top.anchor_usd DESC NULLS LAST, top.ratio DESC NULLS LAST, n.initiative_id
    """
    return _df(store, sql, params + [int(limit)], f)


def initiatives_page(
    store: Store, f: Filters, sort: str = "start_year", descending: bool = True, limit: int = 50, offset: int = 0
) -> pd.DataFrame:
    """One page of the filtered initiatives, sorted on the server; countries by name."""
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort!r}; use one of {sorted(SORTABLE)}")
    direction = "DESC" if descending else "ASC"
    initiatives, params = _on("initiatives", f, store.places)
    order = f"{SORTABLE[sort]} {direction} NULLS LAST, i.initiative_id"
    # Sort narrow rows and take the page's rids, then fetch the wide columns (lists) of those rows only.
    sql = f"""
    WITH page AS (SELECT i.rid FROM {initiatives} ORDER BY {order} LIMIT ? OFFSET ?)
    SELECT i.initiative_id, i.title, i.start_year, i.end_year, i.status, i.cooperation_type, i.lead_actor,
           i.activity_type, i.themes, i.providers, i.provider_regions, i.provider_orgs, i.receivers,
           i.receiver_regions, i.two_way, i.reported_usd, i.has_unreported, i.evidence
    FROM page JOIN initiatives i USING (rid)
    ORDER BY {order}
    """
    page = _df(store, sql, params + [int(limit), int(offset)], f)
    names = country_names(store)
    for side in ("providers", "receivers"):
        page[side + "_names"] = _side_names(page, side, names)
    return page


def _side_names(rows: pd.DataFrame, side: str, names: dict[str, str]) -> list[str]:
    """A side's partners in words: its countries by name, then the areas and organisations it names."""
    areas = rows[side[:-1] + "_regions"]
    orgs = rows["provider_orgs"] if side == "providers" else [[]] * len(rows)
    return [", ".join([names.get(c, c) for c in countries] + list(named) + list(bodies))
            for countries, named, bodies in zip(rows[side], areas, orgs, strict=True)]


def country_names(store: Store) -> dict[str, str]:
    """ISO3 → display name, for every country in the reference table; and a Southern-led multilateral provider's
    code → its name (a link's po names them by code)."""
    sql = "SELECT iso3, name FROM countries UNION ALL SELECT code, name FROM nodes WHERE kind = 'organisation'"
    return dict(store.cursor().execute(sql).fetchall())


@dataclass(frozen=True)
class InitiativeDetail:
    """One initiative's record (a dict of its columns) and its funding rows."""

    record: dict
    funding: pd.DataFrame


def initiative_detail(store: Store, initiative_id: str) -> InitiativeDetail | None:
    """Everything about one initiative, or None if the id is unknown."""
    cursor = store.cursor()
    rows = cursor.execute(
        "SELECT * EXCLUDE (search_text, theme_bits, source_bits, provider_bits, receiver_bits) "
        "FROM initiatives WHERE initiative_id = ?",
        [initiative_id],
    ).df()
    if rows.empty:
        return None
    record = rows.iloc[0].to_dict()
    funding = cursor.execute(
        """SELECT source_type::VARCHAR AS source_type, funder, funder_iso3, amount_usd, in_kind, year, joint
           FROM funding
           WHERE rid = ? ORDER BY fid""",
        [int(record["rid"])],
    ).df()
    return InitiativeDetail(record=record, funding=_with_source_labels(funding))


def place_options(store: Store) -> pd.DataFrame:
    """Every place a filter can name: code, name, kind (region, subregion, country, organisation: a Southern-led
    multilateral provider), region."""
    return store.cursor().execute(
        """SELECT n.code, n.name, CASE WHEN n.kind IN ('country', 'organisation') THEN n.kind
                  WHEN n.code IN (SELECT region FROM countries) OR n.code = 'World' THEN 'region'
                  ELSE 'subregion' END AS kind, n.region
           FROM nodes n ORDER BY kind, n.name"""
    ).df()


def vocabulary(store: Store) -> Vocabulary:
    """The regions, sub-regions, countries and year span a link may name for this dataset."""
    places = place_options(store)

    def codes(kind: str) -> frozenset[str]:
        return frozenset(places.loc[places["kind"] == kind, "code"])

    low, high, topics = store.cursor().execute(
        "SELECT min(start_year), max(start_year), bit_or(theme_bits) FROM initiatives").fetchone()
    sdgs = frozenset(code for code, bit in SDG_BITS.items() if (topics or 0) & bit)
    return Vocabulary(regions=codes("region"), subregions=codes("subregion"), countries=codes("country"),
                      orgs=codes("organisation"), year_bounds=None if low is None else (int(low), int(high)), sdgs=sdgs)


def coverage(store: Store, f: Filters, by: str) -> pd.DataFrame:
    """How well documented the filtered initiatives are, per start year or per cooperation type:
    initiatives, with_amounts (all amounts reported), with_evidence (evidence above 'none')."""
    if by not in ("year", "cooperation_type"):
        raise ValueError(f"coverage is reported by 'year' or 'cooperation_type', not {by!r}")
    column = "start_year" if by == "year" else "cooperation_type"
    initiatives, params = _on("initiatives", f, store.places)
    sql = f"""
    SELECT i.{column} AS {by}, count(*) AS initiatives,
           count(*) FILTER (WHERE NOT i.has_unreported) AS with_amounts,
           count(*) FILTER (WHERE i.evidence <> 'none') AS with_evidence
    FROM {initiatives} GROUP BY ALL ORDER BY ALL NULLS LAST
    """
    out = _df(store, sql, params, f)
    out["amounts_share"] = out["with_amounts"] / out["initiatives"]
    out["evidence_share"] = out["with_evidence"] / out["initiatives"]
    return out


EXPORT_COLUMNS = """i.initiative_id, i.title, i.description, i.start_year, i.end_year, i.status, i.cooperation_type,
    i.lead_actor, i.activity_type, i.themes, i.providers, i.provider_regions, i.provider_orgs, i.receivers,
    i.receiver_regions, i.two_way, i.facilitators, i.reported_usd, i.has_unreported, i.evidence, i.source,
    i.synthetic"""


def export_rows(store: Store, f: Filters, limit: int) -> pd.DataFrame:
    """The filtered initiatives for download (at most limit rows), lists joined and countries named."""
    initiatives, params = _on("initiatives", f, store.places)
    sql = f"SELECT {EXPORT_COLUMNS} FROM {initiatives} ORDER BY i.initiative_id LIMIT ?"
    rows = _df(store, sql, params + [int(limit)], f)
    names = country_names(store)
    for side in ("providers", "receivers"):
        rows[side] = _side_names(rows, side, names)
    rows = rows.drop(columns=["provider_regions", "receiver_regions", "provider_orgs"])
    for column in ("themes", "facilitators"):
        rows[column] = [", ".join(values) for values in rows[column]]
    return rows.rename(columns={"has_unreported": "amounts_not_reported"})


def export_parquet(store: Store, f: Filters, path: str) -> None:
    """Write every filtered initiative to a Parquet file (path is ours: a temporary file, never user input)."""
    initiatives, params = _on("initiatives", f, store.places)
    escaped = path.replace("'", "''")
    store.cursor().execute(
        f"COPY (SELECT {EXPORT_COLUMNS} FROM {initiatives} ORDER BY i.initiative_id) TO '{escaped}' (FORMAT parquet)",
        params,
    )
