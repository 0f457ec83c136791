"""Places and flows: what each country provides and receives, the provider→receiver flows, how much of the
value a few partners hold, and a country's roles per year."""

from __future__ import annotations

import pandas as pd

from dashboard.data.filters import Filters
from dashboard.data.store import Store
from dashboard.questions.sql import _counted, _df, _on, _pair_totals


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
