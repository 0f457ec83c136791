"""Generate a synthetic SSC dataset that follows the contract, at any scale.

    python -m dashboard.data.synth --initiatives N --seed S --out DIR

The data looks like South-South cooperation without being any: rising powers provide more
often, low-income and least developed countries receive more often, flows are intra- and
interregional, some exchanges run both ways, triangular initiatives have facilitators, and
funding mixes sources with in-kind rows and a share of amounts not reported. Every row is
marked synthetic. Everything is vectorised so a million initiatives take seconds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.data import schema, tables
from dashboard.data.reading import DEFAULT_COUNTRIES

# Provider weight of the rising powers (IFAD paper para 11 names Brazil, China and India; the CSO
# brief adds the other BRICS, Mexico, Indonesia and Turkey); other countries weigh 0.4 to 3.
RISING_POWERS = {"CHN": 60, "IND": 60, "BRA": 55, "ZAF": 35, "MEX": 30, "IDN": 30, "TUR": 30, "RUS": 20,
                 "ARG": 15, "EGY": 15, "THA": 15, "MYS": 12, "CHL": 12, "COL": 12}
MULTILATERALS = ("IFAD", "FAO", "UNDP", "WFP", "World Bank", "African Development Bank",
                 "Inter-American Development Bank", "Asian Development Bank", "Islamic Development Bank", "UNOSSC")
DONORS = ("GIZ", "JICA", "KOICA", "USAID", "FCDO", "Norad", "Sida", "AFD", "Global Affairs Canada", "DFAT")
FOUNDATIONS = ("Gates Foundation", "Ford Foundation", "Rockefeller Foundation", "Oxfam", "Aga Khan Foundation",
               "Slow Food International")
COMPANIES = ("Agribusiness partner", "Telecom partner", "Engineering firm", "Export company")
# Southern-led multilaterals that provide beside a country in a few initiatives (names as the importer's registry
# writes them), with their own funding rows.
SOUTHERN_LED = ("Islamic Development Bank", "New Development Bank", "CAF Development Bank of Latin America and the "
                "Caribbean", "Arab Bank for Economic Development in Africa", "OPEC Fund for International Development")
SOUTHERN_LED_SHARE = 0.02
LAST_YEAR = 2025


def _pick(rng: np.random.Generator, options: dict[str, float], size: int) -> np.ndarray:
    """Draw codes with the given relative weights."""
    codes = np.array(list(options))
    weights = np.array(list(options.values()), float)
    return codes[rng.choice(len(codes), size=size, p=weights / weights.sum())]


def _lists(parents: np.ndarray, values: np.ndarray, n: int) -> pa.Array:
    """A list<string> array of n rows from (row, value) pairs sorted by row."""
    counts = np.bincount(parents, minlength=n)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.string()))


def _dedupe(parents: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop repeated (row, code) pairs, keeping the first; keep rows in order."""
    frame = pd.DataFrame({"p": parents, "c": codes}).drop_duplicates().sort_values("p", kind="stable")
    return frame["p"].to_numpy(copy=True), frame["c"].to_numpy(copy=True)


class _Pool:
    """Countries that can take part, with their sampling weights as provider and as receiver."""

    def __init__(self, countries: pd.DataFrame):
        south = countries[
            countries["income_group"].isin(["L", "LM", "UM"]) | countries["iso3"].isin(list(RISING_POWERS))
        ]
        south = south[south["region"].notna()].reset_index(drop=True)
        self.iso3 = south["iso3"].to_numpy()
        self.region = south["region"].to_numpy()
        self.subregion = south["subregion"].to_numpy()
        self.name = dict(zip(countries["iso3"], countries["name"], strict=True))
        income = south["income_group"].fillna("UM")
        base = income.map({"H": 3.0, "UM": 3.0, "LM": 1.5, "L": 0.4})
        self.provide = south["iso3"].map(RISING_POWERS).fillna(base).to_numpy(float)
        least_developed = np.where(south["ldc"], 1.5, 1.0)
        self.receive = income.map({"H": 0.3, "UM": 1.0, "LM": 2.5, "L": 4.0}).to_numpy(float) * least_developed

    def draw(self, rng: np.random.Generator, weights: np.ndarray, size: int, mask: np.ndarray | None = None):
        w = weights if mask is None else weights * mask
        return rng.choice(len(self.iso3), size=size, p=w / w.sum())


def _parties(rng: np.random.Generator, pool: _Pool, n: int, two_way: np.ndarray):
    """Providers and receivers as (row, country index) pairs; no row has only self-pairs."""
    n_prov = rng.choice([1, 2, 3], size=n, p=[0.78, 0.16, 0.06])
    n_recv = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.6, 0.2, 0.1, 0.06, 0.04])
    p_rows = np.repeat(np.arange(n), n_prov)
    p_idx = pool.draw(rng, pool.provide, p_rows.size)
    first_region = pool.region[p_idx[np.concatenate([[0], np.cumsum(n_prov)[:-1]])]]

    r_rows = np.repeat(np.arange(n), n_recv)
    r_idx = pool.draw(rng, pool.receive, r_rows.size)
    intra = rng.random(r_rows.size) < 0.55  # more than half of flows stay within the region
    for region in np.unique(pool.region):
        chosen = intra & (first_region[r_rows] == region)
        if chosen.any():
            r_idx[chosen] = pool.draw(rng, pool.receive, int(chosen.sum()), pool.region == region)

    p_rows, p_idx = _dedupe(p_rows, p_idx)
    r_rows, r_idx = _dedupe(r_rows, r_idx)
    # A receiver that is also a provider of the same row would be a self-pair: draw again.
    width = len(pool.iso3)
    for _ in range(50):
        clash = np.isin(r_rows * width + r_idx, p_rows * width + p_idx)
        if not clash.any():
            break
        r_idx[clash] = pool.draw(rng, pool.receive, int(clash.sum()))
        r_rows, r_idx = _dedupe(r_rows, r_idx)
    # Two-way exchanges: every country of the row gives and receives.
    mutual = two_way[p_rows]
    both_rows = np.concatenate([p_rows[mutual], r_rows[two_way[r_rows]]])
    both_idx = np.concatenate([p_idx[mutual], r_idx[two_way[r_rows]]])
    p_rows, p_idx = _dedupe(np.concatenate([p_rows, r_rows[two_way[r_rows]]]),
                            np.concatenate([p_idx, r_idx[two_way[r_rows]]]))
    r_rows, r_idx = _dedupe(np.concatenate([r_rows, both_rows]), np.concatenate([r_idx, both_idx]))
    return p_rows, p_idx, r_rows, r_idx


def _region_only(rng: np.random.Generator, rows: np.ndarray, idx: np.ndarray, pool: _Pool, share: np.ndarray):
    """Turn a share of rows into partners named only by region; return country lists, region lists, which."""
    n = share.size
    vague = rng.random(n) < share
    keep = ~vague[rows]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    first = first[vague[rows[first]]]
    level = rng.random(first.size) < 0.5
    area = np.where(level, pool.region[idx[first]], pool.subregion[idx[first]])
    area = np.where(rng.random(first.size) < 0.1, schema.WORLD, area)
    countries = _lists(rows[keep], pool.iso3[idx[keep]], n)
    regions = _lists(rows[first], area.astype(str), n)
    return countries, regions, vague


def _funding(rng: np.random.Generator, n: int, ids: np.ndarray, start: np.ndarray, triangular: np.ndarray,
             provider_gov: tuple[np.ndarray, np.ndarray], receiver_gov: tuple[np.ndarray, np.ndarray]) -> pa.Table:
    """One to four contributions for most initiatives, none for some."""
    k = rng.choice([0, 1, 2, 3, 4], size=n, p=[0.07, 0.4, 0.3, 0.15, 0.08])
    rows = np.repeat(np.arange(n), k)
    first = np.r_[True, rows[1:] != rows[:-1]] if rows.size else np.array([], bool)
    kinds = _pick(rng, {"multilateral": 18, "provider_government": 30, "receiver_government": 14,
                        "traditional_donor": 10, "foundation_ngo": 7, "private_sector": 6, "civil_society": 5,
                        "beneficiaries": 7, "unspecified": 3}, rows.size)
    lead_triangle = first & triangular[rows]
    kinds[lead_triangle] = np.where(rng.random(int(lead_triangle.sum())) < 0.6, "multilateral", "traditional_donor")

    funder = np.full(rows.size, "Other contributors", dtype=object)
    iso3 = np.full(rows.size, None, dtype=object)
    for kind, pool in (("multilateral", MULTILATERALS), ("traditional_donor", DONORS),
                       ("foundation_ngo", FOUNDATIONS), ("private_sector", COMPANIES)):
        chosen = kinds == kind
        funder[chosen] = np.array(pool)[rng.integers(0, len(pool), int(chosen.sum()))]
    for kind, (names, codes) in (("provider_government", provider_gov), ("receiver_government", receiver_gov)):
        kinds[(kinds == kind) & pd.isna(codes[rows])] = "unspecified"  # a side named only by region
        chosen = kinds == kind
        funder[chosen] = "Government of " + names[rows[chosen]]
        iso3[chosen] = codes[rows[chosen]]
    funder[kinds == "civil_society"] = "Civil society organisations"
    funder[kinds == "beneficiaries"] = "Participating communities"

    in_kind = rng.random(rows.size) < 0.12
    amount = np.round(rng.lognormal(np.log(120_000), 1.4, rows.size), -2)
    unreported = rng.random(rows.size) < np.where(in_kind, 0.6, 0.2)
    year = np.minimum(start[rows] + rng.integers(0, 4, rows.size), schema.YEAR_MAX)
    return tables.from_columns(
        {
            "initiative_id": ids[rows],
            "source_type": kinds,
            "funder": funder,
            "funder_iso3": pa.array(iso3, pa.string()),
            "amount_usd": pa.array(amount, pa.float64(), mask=unreported),
            "in_kind": in_kind,
            "year": year.astype(np.int16),
        },
        tables.FUNDING_SCHEMA,
    )


def generate(n: int, seed: int, countries_path: Path = DEFAULT_COUNTRIES) -> tuple[pa.Table, pa.Table]:
    """Generate n synthetic initiatives and their funding rows."""
    rng = np.random.default_rng(seed)
    countries = pd.read_parquet(countries_path, columns=["iso3", "name", "region", "subregion", "income_group", "ldc"])
    pool = _Pool(countries)
    ids = np.char.add("SYN-", np.char.zfill(np.arange(1, n + 1).astype(str), 7)).astype(object)

    two_way = rng.random(n) < 0.12
    p_rows, p_idx, r_rows, r_idx = _parties(rng, pool, n, two_way)
    providers, provider_regions, p_vague = _region_only(rng, p_rows, p_idx, pool, 0.02 * ~two_way)
    receivers, receiver_regions, r_vague = _region_only(rng, r_rows, r_idx, pool, 0.05 * ~two_way)
    n_parties = np.bincount(p_rows, minlength=n) + np.bincount(r_rows, minlength=n)

    years = np.arange(1990, LAST_YEAR + 1)
    growth = np.exp((years - years[0]) / 12)
    start = rng.choice(years, size=n, p=growth / growth.sum()).astype(np.int16)
    duration = rng.integers(0, 7, n)
    end = np.minimum(start + duration, schema.YEAR_MAX).astype(np.int16)
    end_known = rng.random(n) < 0.75
    status = np.where(end_known & (end < 2026), "completed", "ongoing").astype(object)
    status[rng.random(n) < 0.06] = "unknown"
    status[start > 2024] = np.where(rng.random(int((start > 2024).sum())) < 0.4, "planned", "ongoing")

    cooperation = np.where(rng.random(n) < 0.22, "triangular",
                           np.where((n_parties >= 4) & (rng.random(n) < 0.5), "regional", "bilateral")).astype(object)
    triangular = cooperation == "triangular"
    n_fac = np.where(triangular, rng.choice([1, 2], size=n, p=[0.75, 0.25]), 0)
    fac_rows = np.repeat(np.arange(n), n_fac)
    fac_names = np.array(MULTILATERALS + DONORS)[rng.integers(0, len(MULTILATERALS + DONORS), fac_rows.size)]
    fac_rows, fac_names = _dedupe(fac_rows, fac_names)

    theme_codes = [c for c in schema.THEMES if c != "unspecified"]  # imports only
    theme_weights = np.array([3.0 if i < 10 else 1.0 for i in range(len(theme_codes))])
    n_themes = rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15])
    t_rows = np.repeat(np.arange(n), n_themes)
    t_codes = np.array(theme_codes)[rng.choice(len(theme_codes), t_rows.size, p=theme_weights / theme_weights.sum())]
    t_rows, t_codes = _dedupe(t_rows, t_codes)

    activity = _pick(rng, {"learning_route": 6, "exchange_visit": 14, "training": 20, "seminar_conference": 12,
                           "technical_assistance": 20, "research": 7, "network_platform": 6, "policy_dialogue": 6,
                           "investment_project": 6, "other": 3}, n)
    lead = _pick(rng, {"government": 50, "civil_society": 17, "multilateral": 13, "research": 10,
                       "private_sector": 10}, n)

    # Names for titles and funders: the first named country of each side, else its region.
    first_name = {}
    for side, rows, idx, regions in (("p", p_rows, p_idx, provider_regions), ("r", r_rows, r_idx, receiver_regions)):
        names = np.array([r[0] if r else schema.WORLD for r in regions.to_pylist()], dtype=object)
        codes = np.full(n, None, dtype=object)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        vague = p_vague if side == "p" else r_vague
        named = ~vague[rows[starts]]
        names[rows[starts][named]] = pd.Series(pool.iso3[idx[starts][named]]).map(pool.name).to_numpy()
        codes[rows[starts][named]] = pool.iso3[idx[starts][named]]
        first_name[side] = (names, codes)

    activity_label = pd.Series(activity).map(schema.ACTIVITY_TYPES)
    theme_label = pd.Series(t_codes[np.r_[True, t_rows[1:] != t_rows[:-1]]]).map(schema.THEMES)
    title = (activity_label + ": " + theme_label.str.lower() + ", " + first_name["p"][0] + " to " + first_name["r"][0])
    description = ("Synthetic " + pd.Series(cooperation).str.replace("_", " ") + " initiative led by "
                   + pd.Series(lead).map(schema.LEAD_ACTORS).str.lower() + " actors.")
    description[rng.random(n) < 0.35] = None

    initiatives = tables.from_columns(
        {
            "initiative_id": ids,
            "title": title.to_numpy(),
            "description": description.to_numpy(),
            "start_year": start,
            "end_year": pa.array(end, pa.int16(), mask=~end_known),
            "status": status,
            "cooperation_type": cooperation,
            "lead_actor": lead,
            "activity_type": activity,
            "themes": _lists(t_rows, t_codes, n),
            "providers": providers,
            "receivers": receivers,
            "provider_regions": provider_regions,
            "receiver_regions": receiver_regions,
            "two_way": two_way,
            "facilitators": _lists(fac_rows, fac_names, n),
            "evidence": _pick(rng, {"none": 30, "anecdotal": 35, "documented": 25, "evaluated": 10}, n),
            "source": np.full(n, f"Synthetic: dashboard.synth, seed {seed}", dtype=object),
            "synthetic": np.ones(n, bool),
        },
        tables.INITIATIVES_SCHEMA,
    )
    funding = _funding(rng, n, ids, start, triangular, first_name["p"], first_name["r"])
    return _southern_led(np.random.default_rng([seed, 1]), initiatives, funding)


def _southern_led(rng: np.random.Generator, initiatives: pa.Table, funding: pa.Table) -> tuple[pa.Table, pa.Table]:
    """A Southern-led multilateral beside the providers of SOUTHERN_LED_SHARE of the initiatives, with a funding row
    of its own (drawn from their own random stream, so the rest of the data does not change with it)."""
    n = initiatives.num_rows
    rows = np.flatnonzero(rng.random(n) < SOUTHERN_LED_SHARE)
    names = np.array(SOUTHERN_LED, dtype=object)[rng.integers(0, len(SOUTHERN_LED), rows.size)]
    orgs = _lists(rows, names, n)
    amount = np.round(rng.lognormal(np.log(900_000), 1.2, rows.size), -3)
    start = initiatives.column("start_year").to_numpy()[rows]
    extra = tables.from_columns({
        "initiative_id": initiatives.column("initiative_id").to_numpy()[rows], "source_type": ["southern_multilateral"]
        * rows.size, "funder": names, "funder_iso3": pa.nulls(rows.size, pa.string()),
        "amount_usd": pa.array(amount, pa.float64(), mask=rng.random(rows.size) < 0.2),
        "in_kind": np.zeros(rows.size, bool), "year": start.astype(np.int16),
    }, tables.FUNDING_SCHEMA)
    return initiatives.append_column("provider_orgs", orgs), pa.concat_tables([funding, extra])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic SSC Flows dataset.")
    parser.add_argument("--initiatives", type=int, required=True, help="number of initiatives")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--countries", type=Path, default=DEFAULT_COUNTRIES)
    args = parser.parse_args(argv)
    if args.initiatives < 1:
        parser.error("--initiatives must be at least 1")
    initiatives, funding = generate(args.initiatives, args.seed, args.countries)
    tables.write_dataset(initiatives, funding, args.out)
    print(f"wrote {args.initiatives:,} initiatives and {funding.num_rows:,} funding rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
