"""The funding mix's questions: contributions by source type and breakdown, what is reported, the top
funders, and the leverage of each initiative's anchor funding."""

from __future__ import annotations

import pandas as pd

from dashboard.data import schema
from dashboard.data.filters import Filters
from dashboard.data.store import Store
from dashboard.questions.sql import _df, _matched_funding_regions, _on, _share

MIX_DIMENSIONS = ("year", "theme", "cooperation_type", "lead_actor", "provider_region", "receiver_region")


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
    not_reported those without an amount, in_kind those in kind; initiatives, the initiatives with a contribution
    of the type (a share of joint funding too: the initiatives a filter on the type selects). If the filters name
    source types,
    only those contributions are counted. By provider or receiver region, each contribution is split
    across the initiative's pairs like all value (contributions counts it in every region it
    reaches); by theme, it counts in each of the initiative's themes.
    """
    if by is not None and by not in MIX_DIMENSIONS:
        raise ValueError(f"funding mix cannot be broken down by {by!r}; use one of {MIX_DIMENSIONS}")
    regional = by in ("provider_region", "receiver_region")
    scan, params = (_contributions(store, f, "funding_regions", str(by).removesuffix("_region")) if regional
                    else _contributions(store, f))
    share = "i.weight" if regional else _share(f)
    # By theme: sum per (theme set, source type) first, then spread each set over its themes.
    group = {None: "", "theme": "i.theme_bits, "}.get(by, f"i.{'region' if regional else by} AS {by}, ")
    sql = f"""
    SELECT {group}i.source_type,
           sum(i.amount_usd * {share}) FILTER (WHERE NOT i.joint) AS amount_usd,
           CASE WHEN count(*) FILTER (WHERE i.in_kind AND NOT i.joint) = 0 THEN 0
                ELSE sum(i.amount_usd * {share}) FILTER (WHERE i.in_kind AND NOT i.joint) END AS in_kind_usd,
           count(*) FILTER (WHERE NOT i.joint) AS contributions,
           count(*) FILTER (WHERE i.amount_usd IS NULL AND NOT i.joint) AS not_reported,
           count(*) FILTER (WHERE i.in_kind AND NOT i.joint) AS in_kind,
           count(DISTINCT i.rid) AS initiatives
    FROM {scan}
    GROUP BY ALL HAVING count(*) FILTER (WHERE NOT i.joint) > 0
    """
    if by == "theme":
        sql = f"""
        SELECT t.code AS theme, g.source_type, sum(g.amount_usd) AS amount_usd,
               CASE WHEN sum(g.in_kind) = 0 THEN 0 ELSE sum(g.in_kind_usd) FILTER (WHERE g.in_kind > 0) END
               AS in_kind_usd,
               sum(g.contributions)::BIGINT AS contributions, sum(g.not_reported)::BIGINT AS not_reported,
               sum(g.in_kind)::BIGINT AS in_kind,
               sum(g.initiatives)::BIGINT AS initiatives
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
