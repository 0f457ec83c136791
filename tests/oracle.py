"""A deliberately plain re-implementation of the query layer, to check it against.

Everything here works row by row on pandas objects and Python sets, sharing no code with
dashboard.data.store, dashboard.data.filters or dashboard.questions (only the contract's codelists).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.data.filters import Filters


def add(total: float | None, value: float | None) -> float | None:
    """A sum of amounts that stays None (unknown) until one amount is known."""
    return total if value is None else (total or 0.0) + value


def slug(name: str) -> str:
    """A Southern-led multilateral's code: its name, accents dropped, lower case, words joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def times(value: float | None, share: float) -> float | None:
    return None if value is None else value * share


@dataclass
class Row:
    initiative_id: str
    title: str
    text: str
    start_year: int | None
    cooperation_type: str
    lead_actor: str
    activity_type: str
    themes: list[str]
    providers: list[tuple[str, str]]  # (kind, code), kind country, region or organisation
    receivers: list[tuple[str, str]]
    provider_places: set[str]
    receiver_places: set[str]
    two_way: bool
    facilitators: list[str]
    funding: list[dict]
    end_year: int | None = None

    @property
    def reported(self) -> float | None:
        known = [f["amount_usd"] for f in self.funding if f["amount_usd"] is not None]
        return sum(known) if known else None

    @property
    def has_unreported(self) -> bool:
        return not self.funding or any(f["amount_usd"] is None and not f.get("joint") for f in self.funding)

    def pairs(self) -> list[tuple[tuple[str, str], tuple[str, str]]]:
        return [(p, r) for p in self.providers for r in self.receivers
                if not (p[0] == "country" and r[0] == "country" and p[1] == r[1])]


# The places of Oracle.per_country's tuples: (provided, received, net, as provider, as receiver, initiatives,
# unreported, unreported as provider, unreported as receiver, partners).
PER_COUNTRY = {"provided_usd": 0, "received_usd": 1, "net_usd": 2, "initiatives_as_provider": 3,
               "initiatives_as_receiver": 4, "initiatives": 5, "unreported": 6, "partners": 9}


class Oracle:
    """The dataset as Python rows, and each question answered the long way."""

    def __init__(self, directory: Path, countries: Path):
        c = pd.read_parquet(countries, columns=["iso3", "name", "region", "subregion", "intermediate_region"])
        self.country_region = {r.iso3: (r.region or "World") for r in c.itertuples()}
        self.parents: dict[str, set[str]] = defaultdict(set)  # place -> itself and the areas above it
        for r in c.itertuples():
            chain = [x for x in (r.iso3, r.intermediate_region, r.subregion, r.region) if x]
            for i, place in enumerate(chain):
                self.parents[place].update(chain[i:])
        self.parents["World"] = {"World"}
        # A country's sub-region for the network: its intermediate region where M49 has one.
        self.group = {r.iso3: next((a for a in (r.intermediate_region, r.subregion, r.region) if isinstance(a, str)),
                                   "World") for r in c.itertuples()}
        self.area_region = {}
        for r in c.itertuples():
            for area in (r.region, r.subregion, r.intermediate_region):
                if area:
                    self.area_region[area] = r.region
        self.area_region["World"] = "World"
        self.area_region.update({slug(o): "Southern-led multilateral" for o in pd.read_parquet(
            directory / "initiatives.parquet").get("provider_orgs", pd.Series([], dtype=object)).explode().dropna()})

        initiatives = pd.read_parquet(directory / "initiatives.parquet")
        funding = pd.read_parquet(directory / "funding_sources.parquet")
        by_id: dict[str, list[dict]] = defaultdict(list)
        for f in funding.itertuples():
            amount = None if pd.isna(f.amount_usd) else float(f.amount_usd)
            year = None if pd.isna(f.year) else int(f.year)
            by_id[f.initiative_id].append({"source_type": str(f.source_type), "funder": f.funder,
                                           "amount_usd": amount, "in_kind": bool(f.in_kind), "year": year,
                                           "joint": getattr(f, "joint", False) is True})
        self.rows = []
        for i in initiatives.itertuples():
            providers = [("country", c) for c in i.providers] + [("region", r) for r in i.provider_regions] + [
                ("organisation", slug(o)) for o in getattr(i, "provider_orgs", ())]
            receivers = [("country", c) for c in i.receivers] + [("region", r) for r in i.receiver_regions]
            self.rows.append(Row(
                initiative_id=i.initiative_id,
                title=i.title,
                text=(i.title + " " + (i.description if isinstance(i.description, str) else "")).lower(),
                start_year=None if pd.isna(i.start_year) else int(i.start_year),
                cooperation_type=str(i.cooperation_type), lead_actor=str(i.lead_actor),
                activity_type=str(i.activity_type), themes=list(i.themes),
                providers=providers, receivers=receivers,
                provider_places=set().union(*[self.parents[c] for _, c in providers]) if providers else set(),
                receiver_places=set().union(*[self.parents[c] for _, c in receivers]) if receivers else set(),
                two_way=bool(i.two_way), facilitators=list(i.facilitators), funding=by_id[i.initiative_id],
                end_year=None if pd.isna(i.end_year) else int(i.end_year),
            ))

    # --- filtering ---------------------------------------------------------------------------

    def matches(self, row: Row, f: Filters) -> bool:
        """Every filter but the places (which select pairs, see matched)."""
        if f.years is not None and (row.start_year is None or not f.years[0] <= row.start_year <= f.years[1]):
            return False
        if f.involving is not None and ("country", f.involving) not in row.providers + row.receivers:
            return False
        if f.themes and not set(f.themes) & set(row.themes):
            return False
        if f.source_types and not set(f.source_types) & {x["source_type"] for x in row.funding}:
            return False
        if f.funders and not set(f.funders) & {x["funder"] for x in row.funding}:
            return False
        if f.cooperation_types and row.cooperation_type not in f.cooperation_types:
            return False
        if f.lead_actors and row.lead_actor not in f.lead_actors:
            return False
        if f.activity_types and row.activity_type not in f.activity_types:
            return False
        if f.search and f.search.lower() not in row.text:
            return False
        return f.include_unreported or not row.has_unreported

    def _side_matches(self, place: tuple[str, str], f: Filters, side: str) -> bool:
        areas = set(getattr(f, f"{side}_regions")) | set(getattr(f, f"{side}_subregions"))
        countries = set(getattr(f, f"{side}_countries"))
        orgs = set(f.provider_orgs) if side == "provider" else set()
        if not (areas or countries or orgs):
            return True
        kind, code = place
        return bool(areas & self.parents[code]) or (kind == "country" and code in countries) or (
            kind == "organisation" and code in orgs)

    def matched(self, row: Row, f: Filters) -> list:
        """The row's pairs whose provider matches the provider-side filters and receiver the receiver-side."""
        return [(p, q) for p, q in row.pairs()
                if self._side_matches(p, f, "provider") and self._side_matches(q, f, "receiver")]

    @staticmethod
    def places_set(f: Filters) -> bool:
        return bool(f.provider_orgs) or any(getattr(f, f"{side}_{kind}") for side in ("provider", "receiver")
                                            for kind in ("regions", "subregions", "countries"))

    def share(self, row: Row, f: Filters) -> float:
        """The part of the row's money the filters select: its matching pairs' part, or all of it."""
        if not self.places_set(f):
            return 1.0
        return len(self.matched(row, f)) / len(row.pairs())

    def sides(self, row: Row, f: Filters) -> tuple[set, set]:
        """The (kind, code) places taking part as provider and as receiver: in the matching pairs under
        a place filter, else as named."""
        if not self.places_set(f):
            return set(row.providers), set(row.receivers)
        pairs = self.matched(row, f)
        return {p for p, _ in pairs}, {q for _, q in pairs}

    def select(self, f: Filters) -> list[Row]:
        return [r for r in self.rows if self.matches(r, f) and (not self.places_set(f) or self.matched(r, f))]

    # --- questions ---------------------------------------------------------------------------

    def kpis(self, f: Filters) -> dict:
        rows = self.select(f)
        providers = {c for r in rows for kind, c in self.sides(r, f)[0] if kind == "country"}
        receivers = {c for r in rows for kind, c in self.sides(r, f)[1] if kind == "country"}
        return {
            "initiatives": len(rows),
            "providers": len(providers),
            "receivers": len(receivers),
            "countries": len(providers | receivers),
            "reported_usd": self._total(rows, f),
            "unreported": sum(r.has_unreported for r in rows),
            "with_amounts": sum(any(x["amount_usd"] is not None for x in r.funding) for r in rows),
        }

    def _total(self, rows: list[Row], f: Filters) -> float | None:
        total = None
        for r in rows:
            total = add(total, times(r.reported, self.share(r, f)))
        return total

    def per_year(self, f: Filters) -> dict:
        out: dict = defaultdict(lambda: [0, None, 0])
        for r in self.select(f):
            out[r.start_year][0] += 1
            out[r.start_year][1] = add(out[r.start_year][1], times(r.reported, self.share(r, f)))
            out[r.start_year][2] += r.has_unreported
        return {k: tuple(v) for k, v in out.items()}

    def per_code(self, f: Filters, column: str) -> dict:
        out: dict = defaultdict(lambda: [0, None, 0])
        for r in self.select(f):
            cell = out[getattr(r, column)]
            cell[0] += 1
            cell[1] = add(cell[1], times(r.reported, self.share(r, f)))
            cell[2] += r.has_unreported
        return {k: tuple(v) for k, v in out.items()}

    def flows(self, f: Filters) -> dict:
        out: dict = defaultdict(lambda: [None, 0, 0, 0])
        for r in self.select(f):
            for p, q in self.matched(r, f):
                cell = out[(p[1], q[1])]
                cell[0] = add(cell[0], times(r.reported, 1 / len(r.pairs())))
                cell[1] += 1
                cell[2] += r.two_way
                cell[3] += r.has_unreported
        return {k: (*v, (k[1], k[0]) in out) for k, v in out.items()}

    def place_group(self, place: tuple[str, str], level: str) -> str:
        kind, code = place
        return self.group.get(code, "World") if level == "subregion" and kind == "country" else code

    def network_edges(self, f: Filters, level: str) -> dict:
        """(provider, receiver) → [value, initiatives] at the level, self-loops included."""
        out: dict = defaultdict(lambda: [None, set()])
        for r in self.select(f):
            for p, q in self.matched(r, f):
                cell = out[(self.place_group(p, level), self.place_group(q, level))]
                cell[0] = add(cell[0], times(r.reported, 1 / len(r.pairs())))
                cell[1].add(r.initiative_id)
        return {k: (v[0], len(v[1])) for k, v in out.items()}

    def corridor_details(self, f: Filters, level: str, edges: list[tuple[str, str]]) -> dict:
        """(provider, receiver) → (first year, last year, {theme: initiatives})."""
        out: dict = {}
        for r in self.select(f):
            ends = {(self.place_group(p, level), self.place_group(q, level)) for p, q in self.matched(r, f)}
            for edge in ends & set(edges):
                first, last, themes = out.get(edge, (r.start_year, r.start_year, defaultdict(int)))
                for t in set(r.themes):
                    themes[t] += 1
                out[edge] = (min(first, r.start_year), max(last, r.start_year), themes)
        return out

    def facilitator_links(self, f: Filters, level: str) -> tuple[dict, dict]:
        """({(facilitator, place): (initiatives, role)}, {facilitator: initiatives})."""
        links: dict = defaultdict(lambda: [set(), False, False])
        totals: dict = defaultdict(set)
        for r in self.select(f):
            for facilitator in set(r.facilitators):
                totals[facilitator].add(r.initiative_id)
                for side, places in zip(("provider", "receiver"), self.sides(r, f), strict=True):
                    for place in places:
                        cell = links[(facilitator, self.place_group(place, level))]
                        cell[0].add(r.initiative_id)
                        cell[1 if side == "provider" else 2] = True
        roles = {(True, True): "both", (True, False): "provider", (False, True): "receiver"}
        return ({k: (len(v[0]), roles[(v[1], v[2])]) for k, v in links.items()},
                {k: len(v) for k, v in totals.items()})

    def activity(self, f: Filters, years: tuple[int, int]) -> dict:
        """(code, year) → [active as provider, as receiver, either; started since years[0] the same three]: active
        from the start year to the end year (the start year alone when no end year is given)."""
        out: dict = defaultdict(lambda: [0] * 6)
        for r in self.select(f):
            if r.start_year is None or not years[0] <= r.start_year <= years[1]:
                continue
            last = r.end_year if r.end_year is not None else r.start_year
            providers, receivers = self.sides(r, f)
            as_p, as_r = {c for _, c in providers}, {c for _, c in receivers}
            for code in as_p | as_r:
                for year in range(r.start_year, years[1] + 1):
                    cell = out[code, year]
                    flags = (code in as_p, code in as_r, True)
                    for k, on in enumerate(flags):
                        cell[k] += on and year <= last
                        cell[3 + k] += on
        return dict(out)

    def per_country(self, f: Filters) -> dict:
        provided: dict = {}
        received: dict = {}
        partners: dict = defaultdict(set)
        roles: dict = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
        for r in self.select(f):
            for p, q in self.matched(r, f):
                provided[p[1]] = add(provided.get(p[1]), times(r.reported, 1 / len(r.pairs())))
                received[q[1]] = add(received.get(q[1]), times(r.reported, 1 / len(r.pairs())))
                partners[p[1]].add(q[1])
                partners[q[1]].add(p[1])
            providers, receivers = self.sides(r, f)
            as_p = {c for _, c in providers}
            as_r = {c for _, c in receivers}
            for code in as_p | as_r:
                cell = roles[code]
                cell[0] += code in as_p
                cell[1] += code in as_r
                cell[2] += 1
                cell[3] += r.has_unreported
                cell[4] += r.has_unreported and code in as_p
                cell[5] += r.has_unreported and code in as_r
        out = {}
        for code, role in roles.items():
            # No role on a side is a true 0; a role whose amounts are all unknown is unknown (None).
            given = provided.get(code) if role[0] else 0.0
            got = received.get(code) if role[1] else 0.0
            net = None if given is None or got is None else given - got
            out[code] = (given, got, net, *role, len(partners[code]))
        return out

    def top_partners(self, f: Filters, n: int) -> dict:
        """Place → its n largest partners either way as (value, initiatives, partner), largest first
        (partners that tie on both may come in any order)."""
        flows = self.flows(f)
        weight: dict = defaultdict(lambda: [0.0, 0])
        for (p, q), (value, count, *_rest) in flows.items():
            for a, b in ((p, q), (q, p)):
                weight[(a, b)][0] += value or 0.0
                weight[(a, b)][1] += count
        out: dict = defaultdict(list)
        for (a, b), (value, count) in weight.items():
            out[a].append((value, count, b))
        return {a: sorted(items, key=lambda x: (-x[0], -x[1]))[:n] for a, items in out.items()}

    def roles_per_year(self, f: Filters, code: str) -> dict:
        out: dict = defaultdict(int)
        for r in self.select(f):
            providers, receivers = self.sides(r, f)
            as_p, as_r = ("country", code) in providers, ("country", code) in receivers
            if as_p or as_r:
                out[(r.start_year, "both" if as_p and as_r else "provider" if as_p else "receiver")] += 1
        return dict(out)

    def per_theme(self, f: Filters) -> dict:
        out: dict = defaultdict(lambda: [0, None, 0])
        for r in self.select(f):
            for t in set(r.themes):
                out[t][0] += 1
                out[t][1] = add(out[t][1], times(r.reported, self.share(r, f)))
                out[t][2] += r.has_unreported
        return {k: tuple(v) for k, v in out.items()}

    def contributions(self, f: Filters) -> list[tuple[Row, dict]]:
        return [(r, x) for r in self.select(f) for x in r.funding
                if not f.source_types or x["source_type"] in f.source_types]

    def funding_mix(self, f: Filters, by: str | None) -> dict:
        out: dict = defaultdict(lambda: [None, 0.0, 0, 0, 0])
        for r, x in self.contributions(f):
            if x.get("joint"):
                continue  # a funder named in joint funding: no amount of its own
            for key, share in self._mix_keys(r, x, by, f):
                cell = out[(key, x["source_type"])]
                cell[0] = add(cell[0], times(x["amount_usd"], share))
                if x["in_kind"]:
                    cell[1] = add(cell[1] if cell[4] else None, times(x["amount_usd"], share))
                cell[2] += 1
                cell[3] += x["amount_usd"] is None
                cell[4] += x["in_kind"]
        # in kind: 0 when no contribution is in kind; else the known part, unknown when none is known
        return {k: (v[0], v[1] if v[4] else 0.0, *v[2:]) for k, v in out.items()}

    def funding_coverage(self, f: Filters) -> dict:
        rows = self.select(f)
        amounts = [[x["amount_usd"] for x in r.funding] for r in rows]
        return {
            "initiatives": len(rows),
            "all_reported": sum(bool(a) and None not in a for a in amounts),
            "partly_reported": sum(None in a and any(v is not None for v in a) for a in amounts),
            "none_reported": sum(bool(a) and all(v is None for v in a) for a in amounts),
            "no_funding": sum(not a for a in amounts),
            "reported_usd": self._total(rows, f),
        }

    def top_funders(self, f: Filters) -> dict:
        out: dict = defaultdict(lambda: [None, set(), 0, 0, 0])
        for r, x in self.contributions(f):
            cell = out[(x["funder"], x["source_type"])]
            cell[0] = add(cell[0], times(x["amount_usd"], self.share(r, f)))
            cell[1].add(r.initiative_id)
            cell[2] += not x.get("joint")
            cell[3] += x["amount_usd"] is None and not x.get("joint")
            cell[4] += x["in_kind"]
        return {k: (v[0], len(v[1]), *v[2:]) for k, v in out.items()}

    def leverage(self, f: Filters) -> dict:
        """initiative_id → (anchor_usd, cofinancing_usd, ratio or None, status, other contributions) for
        initiatives with a multilateral contribution or one from a facilitator they name (all their
        contributions count); anchor_usd is the reported part, None if no anchor amount is reported."""
        out = {}
        for r in self.select(f):
            anchor = [x for x in r.funding if x["source_type"] == "multilateral" or x["funder"] in r.facilitators]
            others = [x for x in r.funding if not (x["source_type"] == "multilateral" or x["funder"] in r.facilitators)]
            if not anchor:
                continue
            known = [x["amount_usd"] for x in anchor if x["amount_usd"] is not None]
            anchor_usd = sum(known) if known else None  # the reported part; None if no anchor amount is
            told = [x["amount_usd"] for x in others if x["amount_usd"] is not None]
            cofinancing = sum(told) if told or not others else None  # none recorded: 0; none known: unknown
            if any(x["amount_usd"] is None for x in anchor):
                status = "anchor not reported"
            elif anchor_usd == 0:
                status = "anchor of zero"
            elif any(x["amount_usd"] is None for x in others):
                status = "co-financing not reported"
            else:
                status = "measured"
            ratio = cofinancing / anchor_usd if status == "measured" else None
            out[r.initiative_id] = (anchor_usd, cofinancing, ratio, status, len(others))
        return out

    def _mix_keys(self, r: Row, x: dict, by: str | None, f: Filters) -> list[tuple]:
        share = self.share(r, f)
        if by is None:
            return [(None, share)]
        if by == "year":
            return [(x["year"], share)]
        if by in ("cooperation_type", "lead_actor"):
            return [(getattr(r, by), share)]
        if by == "theme":
            return [(t, share) for t in set(r.themes)]
        shares: dict = defaultdict(float)  # provider_region or receiver_region
        pairs = r.pairs()
        for pair in self.matched(r, f):
            kind, code = pair[0] if by == "provider_region" else pair[1]
            region = self.country_region[code] if kind == "country" else self.area_region[code]
            shares[region] += 1 / len(pairs)
        return list(shares.items())

    def page_ids(self, f: Filters, sort: str, descending: bool, limit: int, offset: int) -> list[str]:
        rows = self.select(f)
        key = {"start_year": lambda r: r.start_year, "title": lambda r: r.title,
               "reported_usd": lambda r: None if r.has_unreported and not any(
                   x["amount_usd"] is not None for x in r.funding) else r.reported,
               "initiative_id": lambda r: r.initiative_id}[sort]
        known = sorted((r for r in rows if key(r) is not None), key=lambda r: r.initiative_id)
        known.sort(key=key, reverse=descending)  # stable: ties stay in id order
        unknown = sorted((r for r in rows if key(r) is None), key=lambda r: r.initiative_id)
        return [r.initiative_id for r in known + unknown][offset:offset + limit]
