"""The initiatives themselves: a sorted page of the list, one initiative's detail, the names and places a
dataset offers, and the rows of an export."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.filters import SDG_BITS, Filters, Vocabulary
from dashboard.data.store import Store, aggregate
from dashboard.questions.funding import _with_source_labels
from dashboard.questions.sql import _df, _on

SORTABLE = {
    "start_year": "i.start_year",
    "title": "i.title",
    "reported_usd": "i.reported_usd",
    "initiative_id": "i.initiative_id",
    "status": "i.status",
    "cooperation_type": "i.cooperation_type",
}


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

    low, high, topics = aggregate(store.cursor(), "SELECT min(start_year), max(start_year), bit_or(theme_bits) "
                                                  "FROM initiatives")
    sdgs = frozenset(code for code, bit in SDG_BITS.items() if (topics or 0) & bit)
    funders = frozenset(row[0] for row in store.cursor().execute("SELECT DISTINCT funder FROM funders").fetchall())
    return Vocabulary(regions=codes("region"), subregions=codes("subregion"), countries=codes("country"),
                      orgs=codes("organisation"), year_bounds=None if low is None else (int(low), int(high)), sdgs=sdgs,
                      funders=funders)


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
