"""The Overview's questions: the KPIs, initiatives and money per year, per theme and per code, and how much
of each breakdown has its amounts reported."""

from __future__ import annotations

import pandas as pd

from dashboard.data import schema
from dashboard.data.filters import CODE_BITS, Filters
from dashboard.data.store import Store
from dashboard.questions.sql import _df, _on, _pair_totals, _share


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
