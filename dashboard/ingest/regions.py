"""Region labels of real lists → UN M49 area names (the names the contract's *_regions hold).

An exact M49 name (any case or accents) is kept. The labels lists use for an M49 area ("LAC",
"Global") are aliases. Labels with no M49 equivalent ("MENA", "Asia-Pacific") become the named
groupings below, each written in the import report where applied; a mapping may choose otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow.parquet as pq

from dashboard.data import schema
from dashboard.ingest.countries import COUNTRIES, normalise

ALIASES = {
    "lac": "Latin America and the Caribbean",
    "latin america": "Latin America and the Caribbean",
    "latin america caribbean": "Latin America and the Caribbean",
    "america latina y el caribe": "Latin America and the Caribbean",
    "america latina e caribe": "Latin America and the Caribbean",
    "ssa": "Sub-Saharan Africa",
    "africa subsahariana": "Sub-Saharan Africa",
    "afrique subsaharienne": "Sub-Saharan Africa",
    "global": schema.WORLD,
    "worldwide": schema.WORLD,
    "world": schema.WORLD,
    "mundo": schema.WORLD,
    "monde": schema.WORLD,
    "developing countries": schema.WORLD,
    # "regional" without a place: the source does not say where, which is what World stands for.
    "regional": schema.WORLD,
    "regionais": schema.WORLD,
    "regionales": schema.WORLD,
    "multi country": schema.WORLD,
    "south of sahara": "Sub-Saharan Africa",
    "north of sahara": "Northern Africa",
    "far east asia": "Eastern Asia",
    "south asia": "Southern Asia",
    "central asia": "Central Asia",
    "middle east": "Western Asia",
}
# Labels with no M49 equivalent, and the M49 areas this project reads them as (documented in
# the README; the report names the grouping on every row it touches).
GROUPINGS = {
    "Middle East and North Africa": ("Northern Africa", "Western Asia"),
    "Asia and the Pacific": ("Asia", "Oceania"),
}
GROUPING_LABELS = {
    "mena": "Middle East and North Africa",
    "middle east and north africa": "Middle East and North Africa",
    "asia pacific": "Asia and the Pacific",
    "asia and the pacific": "Asia and the Pacific",
    "asia and pacific": "Asia and the Pacific",
}


@dataclass(frozen=True)
class RegionMatch:
    """The M49 areas a label stands for (empty when unknown) and, for a grouping, its name."""

    areas: tuple[str, ...]
    grouping: str | None = None


class RegionResolver:
    """Region labels → M49 area names, with the mapping's own choices first."""

    def __init__(self, choices: dict[str, list[str]] | None = None):
        table = pq.read_table(COUNTRIES, columns=["region", "subregion", "intermediate_region"])
        names = {schema.WORLD}
        for column in table.column_names:
            names.update(v for v in table.column(column).to_pylist() if v)
        self.names = {normalise(n): n for n in names}
        self.choices = {normalise(k): tuple(v) for k, v in (choices or {}).items()}
        self._seen: dict[str, RegionMatch] = {}

    def resolve(self, label: object) -> RegionMatch:
        """One label → its M49 areas ('Africa, regional' reads as Africa)."""
        text = str(label)
        if text not in self._seen:
            self._seen[text] = self._resolve(text)
        return self._seen[text]

    def _resolve(self, label: str) -> RegionMatch:
        key = normalise(label)
        if key in self.choices:
            return RegionMatch(self.choices[key], "the mapping's choice")
        key = re.sub(r" (regional|unspecified|region)$", "", key)
        if key in self.names:
            return RegionMatch((self.names[key],))
        if key in ALIASES:
            return RegionMatch((ALIASES[key],))
        if key in GROUPING_LABELS:
            grouping = GROUPING_LABELS[key]
            return RegionMatch(GROUPINGS[grouping], grouping)
        return RegionMatch(())
