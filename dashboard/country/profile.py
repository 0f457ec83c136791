"""One country's profile from the query layer's frames: its partners both ways and its KPIs."""

from __future__ import annotations

import pandas as pd

from dashboard.data.schema import WORLD
from dashboard.words import languages as i18n
from dashboard.words.languages import _

PARTNER_COLUMNS = ["partner", "name", "kind", "region", "label", "to_usd", "to_initiatives", "from_usd",
                   "from_initiatives"]


def partners(flows: pd.DataFrame, code: str, regions: dict[str, str]) -> pd.DataFrame:
    """Every partner of a country: what it sent there (to) and received from there (from).

    flows are provider→receiver flows (questions.flows); regions maps a country code to its M49
    region, or an area code to its region. A partner named only by region is labelled as such.
    """
    out = flows[flows["provider"] == code].rename(columns={
        "receiver": "partner", "receiver_name": "name", "receiver_kind": "kind", "value_usd": "to_usd",
        "initiatives": "to_initiatives"})[["partner", "name", "kind", "to_usd", "to_initiatives"]]
    back = flows[flows["receiver"] == code].rename(columns={
        "provider": "partner", "provider_name": "name", "provider_kind": "kind", "value_usd": "from_usd",
        "initiatives": "from_initiatives"})[["partner", "name", "kind", "from_usd", "from_initiatives"]]
    both = out.merge(back, on=["partner", "name", "kind"], how="outer")
    for column in ("to_usd", "from_usd"):
        both[column] = both[column].fillna(0.0)
    for column in ("to_initiatives", "from_initiatives"):
        both[column] = both[column].fillna(0).astype(int)
    both["region"] = [regions.get(p) for p in both["partner"]]
    both["label"] = [_label(n, k) for n, k in zip(both["name"], both["kind"], strict=True)]
    return both[PARTNER_COLUMNS].sort_values(["to_usd", "from_usd", "name"], ascending=[False, False, True],
                                             ignore_index=True)


def _label(name: str, kind: str) -> str:
    if kind == "country":
        return name
    return _("Partners not named") if name == i18n.region(WORLD) else _("Partners in {region} (not named)").format(
        region=name)


def two_way(partners_frame: pd.DataFrame) -> pd.DataFrame:
    """Countries the country both sends to and receives from (a region standing for unnamed partners is none)."""
    return partners_frame[(partners_frame["to_initiatives"] > 0) & (partners_frame["from_initiatives"] > 0)
                          & (partners_frame["kind"] == "country")]
