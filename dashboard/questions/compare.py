"""Countries side by side (the Country profile's ?vs=): each one's key figures under the view, in the order asked,
and the peers a comparison starts from (the same sub-region, the same income group, or its own top partners)."""

from __future__ import annotations

import pandas as pd

from dashboard.data.filters import Filters
from dashboard.data.store import Store
from dashboard.questions.places import per_country
from dashboard.questions.sql import _df, _on

COMPARED = ("initiatives", "initiatives_as_provider", "initiatives_as_receiver", "provided_usd", "received_usd",
            "net_usd", "partners", "unreported")
PEER_KINDS = ("subregion", "income", "partners")
MOST = 4  # countries compared at once, the profile's own included


def country_comparison(store: Store, f: Filters, codes: tuple[str, ...]) -> pd.DataFrame:
    """One row per country asked (in that order): its per_country figures under f (zeros when it takes no part: no
    role is a true zero), its M49 sub-region and income group."""
    places = per_country(store, f)
    rows = places[places["kind"] == "country"].set_index("code")
    known = dict(store.cursor().execute(
        "SELECT iso3, coalesce(subregion, '') || '|' || coalesce(income_group, '') FROM countries").fetchall())
    out = []
    for code in codes:
        facts = known.get(code, "|").split("|")
        if code in rows.index:
            row = rows.loc[code]
            figures = {c: row[c] for c in COMPARED}
        else:
            figures = {c: 0 for c in COMPARED}
        out.append({"code": code, "subregion": facts[0] or None, "income_group": facts[1] or None, **figures})
    return pd.DataFrame(out, columns=["code", "subregion", "income_group", *COMPARED])


def peers(store: Store, f: Filters, code: str, kind: str, n: int = MOST - 1) -> list[str]:
    """Up to n countries to compare `code` with, those in most initiatives under f first: its sub-region's, its
    income group's, or its own partners (kind 'subregion', 'income' or 'partners')."""
    node = store.places.country_nodes.get(code, -1)
    if kind == "partners":
        participation, params = _on("participation", f, store.places)
        sql = f"""SELECT n.code FROM (SELECT i.node FROM {participation}
                  AND i.rid IN (SELECT rid FROM participation WHERE node = ?) AND i.node <> ?) x
                  JOIN nodes n ON n.node = x.node WHERE n.kind = 'country'
                  GROUP BY n.code ORDER BY count(*) DESC, n.code LIMIT ?"""
        return list(_df(store, sql, params + [node, node, n], f)["code"])
    column = {"subregion": "subregion", "income": "income_group"}[kind]
    mine = store.cursor().execute(f"SELECT {column} FROM countries WHERE iso3 = ?", [code]).fetchone()
    if not mine or mine[0] is None:
        return []
    places = per_country(store, f)
    countries = places[(places["kind"] == "country") & (places["code"] != code) & (places["initiatives"] > 0)]
    same = {row[0] for row in store.cursor().execute(
        f"SELECT iso3 FROM countries WHERE {column} = ?", [mine[0]]).fetchall()}
    chosen = countries[countries["code"].isin(same)].sort_values(["initiatives", "code"], ascending=[False, True])
    return list(chosen["code"].head(n))
