"""Raw records (a table's rows or IATI activities) → contract rows, with every guess and default
written down per record, and the names that did not resolve collected for the person importing.

Over 350 lines as one thing: Builder holds one import's resolvers and what it has collected, and each method is
one rule a record passes through in order (places, codes, themes, years, funding); split, the rules would pass
that state between modules instead of reading it from self.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz, process

from dashboard.data import schema
from dashboard.ingest import orgs, sectors
from dashboard.ingest.cells import Rejected, blank, ongoing, parse_bool, parse_year, split
from dashboard.ingest.countries import CountryResolver
from dashboard.ingest.funds import Funds
from dashboard.ingest.mapping import Mapping
from dashboard.ingest.money import Rates
from dashboard.ingest.regions import RegionResolver

REJECT = "reject"
IMPORTED, WITH_DEFAULTS, REJECTED = "imported", "imported with defaults", "rejected"
UNPLACED = "receivers: none named, 'World' (a partner the source does not state)"
CODELIST_FIELDS = {"status": "status", "cooperation_type": "cooperation_type", "lead_actor": "lead_actor",
                   "activity_type": "activity_type", "evidence": "evidence"}
FALLBACKS = {"status": "unknown", "lead_actor": "government", "activity_type": "other", "evidence": "none"}


@dataclass
class Outcome:
    """One line of import-report.csv."""

    ref: str
    initiative_id: str | None
    outcome: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Unresolved:
    """A source value no rule could read, the rows it is on and what it might be."""

    field: str  # (a field named `field`: below, `field(...)` is still dataclasses.field)
    value: str
    refs: list[str] = field(default_factory=list)  # type: ignore[operator]
    suggestions: tuple[str, ...] = ()


FRAGMENT = re.compile(r"^(the|and|or|of|with|through|by|in|for|y|e|et|la|le|el|los|las|os|as|de)\b|[:;,]$|^\W")


def plausible(name: str) -> bool:
    """Whether a list item reads as an organisation's name: not a sentence's piece ('the Ministry of Interior',
    'and FAO'), not a number, 2 to 150 characters."""
    return 2 <= len(name) <= 150 and not name.isdigit() and not FRAGMENT.search(name.strip())


def _close(value: str, codes: dict[str, str]) -> tuple[str, ...]:
    """Up to three codes whose code or label is close to a source value ('Concluído' → completed)."""
    choices = {**{code: code for code in codes}, **{label: code for code, label in codes.items()}}
    found = process.extract(value, list(choices), scorer=fuzz.WRatio, limit=6, score_cutoff=50)
    return tuple(dict.fromkeys(choices[match] for match, _, _ in found))[:3] or tuple(codes)[:3]


class Builder:
    """Collects contract rows and the report while records are added one by one."""

    def __init__(self, mapping: Mapping, countries: CountryResolver, rates: Rates, source: str, stem: str):
        self.mapping = mapping
        self.countries = countries
        self.regions = RegionResolver(mapping.option("regions"))
        self.rates = rates
        self.source = source
        self.stem = stem
        self.south = mapping.option("south", "not-dac")
        self.skip_unresolved = bool(mapping.option("skip_unresolved", False))
        self.initiatives: list[dict] = []
        self.funding: list[dict] = []
        self.report: list[Outcome] = []
        self.unresolved: dict[tuple[str, str], Unresolved] = {}
        self.seen_ids: dict[str, str] = {}
        self.by_id: dict[str, dict] = {}
        self.merge_duplicates = mapping.option("duplicates", "reject") == "merge"
        self.funds = Funds(mapping, countries, rates, self._missing)
        self.constant_prices: dict | None = None  # the source's constant US$: base year and method (see Funds)

    # --- per record -----------------------------------------------------------------------

    def add(self, ref: str, values: dict, funding: list[dict], reason: str | None = None) -> None:
        """One record: values by contract field (raw), its contributions (raw), or a reason to reject it."""
        notes: list[str] = list(values.pop("_notes", ()))
        record_id = values.get("initiative_id")
        try:
            if reason:
                raise Rejected(reason)
            row = self._initiative(ref, values, notes)
            record_id = row["initiative_id"]
            contributions = self.funds.rows(row, funding, notes, ref)
        except Rejected as why:
            self.funds.rejected(funding, parse_year(values.get("start_year")))
            self.report.append(Outcome(ref, None if blank(record_id) else str(record_id), REJECTED, [str(why)]))
            return
        if row["initiative_id"] in self.by_id:
            self._merge(ref, row, notes)
            return
        self.seen_ids[row["initiative_id"]] = ref
        self.by_id[row["initiative_id"]] = row
        self.initiatives.append(row)
        self.funding.extend(contributions)
        self.report.append(Outcome(ref, row["initiative_id"], WITH_DEFAULTS if notes else IMPORTED, notes))

    def _merge(self, ref: str, row: dict, notes: list[str]) -> None:
        """A record repeating an initiative (a report listing one project under each of its countries):
        its places join the first record's; its funding is not counted twice."""
        first = self.by_id[row["initiative_id"]]
        if first["title"] != row["title"]:
            self.report.append(Outcome(ref, row["initiative_id"], REJECTED, [
                f"initiative_id {row['initiative_id']!r} appears twice with another title "
                f"(first at {self.seen_ids[row['initiative_id']]})"]))
            return
        for name in ("providers", "receivers", "provider_regions", "receiver_regions", "provider_orgs",
                     "facilitators", "themes"):
            first[name] += [v for v in row[name] if v not in first[name]]
        places = sum(len(first[name]) for name in ("providers", "provider_regions", "provider_orgs", "receivers",
                                                    "receiver_regions"))
        if first["cooperation_type"] == "bilateral" and places > 2:
            first["cooperation_type"] = "regional"
        notes.append(f"merged into the record at {self.seen_ids[row['initiative_id']]} (same id and title); "
                     "its places added, its funding not counted again")
        self.report.append(Outcome(ref, row["initiative_id"], WITH_DEFAULTS, notes))

    def _spec(self, name: str) -> dict:
        return self.mapping.fields.get(name, {})

    def _value(self, name: str, values: dict, notes: list[str]) -> object:
        """A field's raw value, else its mapping default (noted)."""
        raw = values.get(name)
        if blank(raw) or raw == []:
            spec = self._spec(name)
            if "default" in spec:
                notes.append(f"{name}: default {spec['default']!r}")
                return spec["default"]
            return None
        return raw

    def _code(self, name: str, values: dict, notes: list[str], ref: str) -> str | None:
        raw = self._value(name, values, notes)
        if blank(raw):
            return None
        mapped = self._spec(name).get("values", {})
        code = mapped.get(raw, mapped.get(str(raw).strip(), str(raw).strip()))
        if code == REJECT:
            raise Rejected(f"{name} {str(raw).strip()!r} is mapped to reject")
        codes = schema.CODELISTS[CODELIST_FIELDS[name]]
        if code not in codes:
            folded = {c.casefold(): c for c in codes}
            if str(code).casefold() in folded:
                return folded[str(code).casefold()]
            self._missing(name, str(raw).strip(), ref, _close(str(raw), codes))
            return None
        return code

    def _missing(self, name: str, value: str, ref: str, suggestions: tuple[str, ...]) -> None:
        entry = self.unresolved.setdefault((name, value), Unresolved(name, value, [], suggestions))
        entry.refs.append(ref)

    def _list(self, name: str, values: dict, notes: list[str]) -> list[str]:
        separator = self._spec(name).get("separator", self.mapping.option("list_separator", ";"))
        return split(self._value(name, values, notes), separator)

    def _initiative(self, ref: str, values: dict, notes: list[str]) -> dict:
        row_id = values.get("initiative_id")
        if blank(row_id):
            row_id = f"{self.stem}-{len(self.report) + 1}"
            notes.append(f"initiative_id: made from the file and record ({row_id})")
        row_id = str(int(row_id) if isinstance(row_id, float) and row_id.is_integer() else row_id).strip()
        if row_id in self.seen_ids and not self.merge_duplicates:
            raise Rejected(f"initiative_id {row_id!r} appears twice (first at {self.seen_ids[row_id]})")
        title = self._value("title", values, notes)
        if blank(title):
            raise Rejected("no title")
        start = parse_year(self._value("start_year", values, notes))
        raw_end = self._value("end_year", values, notes)
        end = parse_year(raw_end)
        if start is not None and end is not None and end < start:
            notes.append(f"end_year {end} before start_year {start}: end_year left empty")
            end = None
        codes = {name: self._code(name, values, notes, ref) for name in CODELIST_FIELDS if name != "cooperation_type"}
        if end is None and ongoing(raw_end):  # 'Present', 'en curso': no end yet, which says it is ongoing
            notes.append(f"end_year {str(raw_end).strip()!r}: ongoing, no end year yet")
            if codes["status"] is None:
                codes["status"] = "ongoing"
                notes.append("status: 'ongoing', from the end year")
        places = self._places(values, notes, ref)
        fallbacks = dict(FALLBACKS)
        if places["provider_orgs"] and not places["providers"]:  # a Southern-led multilateral provides alone
            fallbacks["lead_actor"] = "multilateral"
        for name, fallback in fallbacks.items():
            if codes[name] is None:
                codes[name] = fallback
                notes.append(f"{name}: not in the source, {fallback!r}")
        unplaced = places.pop("unplaced", False)
        facilitators = list(dict.fromkeys(self._list("facilitators", values, notes) + places.pop("moved")))
        for name in facilitators:
            if not plausible(name):
                notes.append(f"facilitators: {name!r} does not read as an organisation's name (a piece of a "
                             "sentence? the list separator splits names)")
        cooperation = self._code("cooperation_type", values, notes, ref)
        if cooperation is None:
            # Several partners on a side, or partners named only by region (a group of countries): regional.
            many = len(places["providers"]) + len(places["provider_orgs"]) > 1 or len(places["receivers"]) > 1 or bool(
                [r for r in places["provider_regions"] + places["receiver_regions"] if r != schema.WORLD])
            # Triangular (OECD): a facilitating partner that is neither a provider nor a beneficiary.
            cooperation = "triangular" if self._third_parties(facilitators, places, notes) else \
                "regional" if many else "bilateral"
            notes.append(f"cooperation_type: derived from the partners ({cooperation})")
        two_way = parse_bool(self._value("two_way", values, notes))
        source = self._value("source", values, notes)
        return {
            "initiative_id": row_id,
            "title": " ".join(str(title).split()),
            "description": None if blank(d := self._value("description", values, notes)) else str(d).strip(),
            "start_year": start,
            "end_year": end,
            **codes,
            "cooperation_type": cooperation,
            "themes": self._themes(values, notes, ref),
            "sdgs": self._sdgs(values, notes),
            **places,
            "two_way": bool(two_way),
            "facilitators": facilitators,
            "source": str(source).strip() if not blank(source) else f"{self.source}, {ref}",
            "synthetic": False,
            "_unplaced": unplaced,
        }

    def _third_parties(self, facilitators: list[str], places: dict, notes: list[str]) -> list[str]:
        """The facilitators that are neither a provider's nor a receiver's government (an implementing ministry of
        the provider does not make an exchange triangular)."""
        parties = set(places["providers"]) | set(places["receivers"])
        out = []
        for name in facilitators:
            found = orgs.classify(name, self.countries)
            if found.kind == "government" and found.iso3 in parties:
                notes.append(f"facilitators: {name!r} is the government of {found.iso3}, a partner, not a third party")
            else:
                out.append(name)
        return out

    def _themes(self, values: dict, notes: list[str], ref: str) -> list[str]:
        spec = self._spec("themes")
        out = []
        for raw in self._list("themes", values, notes):
            code = spec.get("values", {}).get(raw)
            if code is None and spec.get("codes") == "dac":
                code = sectors.theme_of(raw)
            code = code or (raw if raw in schema.THEMES else None)
            if code is None:
                self._missing("themes", raw, ref, ())
            elif code not in out:
                out.append(code)
        if not out:
            notes.append("themes: none in the source, 'unspecified'")
            out = ["unspecified"]
        return out

    def _sdgs(self, values: dict, notes: list[str]) -> list[int]:
        out = []
        for raw in self._list("sdgs", values, notes):
            match = re.search(r"\d{1,2}", raw)
            goal = int(match.group()) if match else 0
            if goal in schema.SDGS:
                out.append(goal) if goal not in out else None
            else:
                notes.append(f"sdgs: {raw!r} is not an SDG (1-17), left out")
        return out

    def _places(self, values: dict, notes: list[str], ref: str) -> dict:
        out: dict[str, Any] = {"providers": [], "receivers": [], "provider_regions": [],
                                     "receiver_regions": [], "provider_orgs": [], "moved": []}
        for name in values.get("provider_orgs") or ():  # an IATI funder the registry knows as Southern-led
            if name not in out["provider_orgs"]:
                out["provider_orgs"].append(name)
                notes.append(f"providers: {name!r}, a Southern-led multilateral (the registry)")
        for side in ("provider", "receiver"):
            chosen = self._spec(f"{side}s").get("values", {})
            for raw in self._list(f"{side}s", values, notes):
                if raw in chosen:  # the mapping's reading of a name (a code, or an M49 region name)
                    notes.append(f"{side}s: {raw!r} read as {chosen[raw]} (the mapping)")
                    self._place(side, str(chosen[raw]), out, notes, ref)
                    continue
                parts = self._comma_list(raw)
                if parts:
                    notes.append(f"{side}s: {raw!r} read as a list of {len(parts)}")
                for part in parts or [raw]:
                    self._place(side, part, out, notes, ref)
            for raw in self._list(f"{side}_regions", values, notes):
                self._region(side, raw, out, notes, ref, ())
            missing = [v for (name, v), u in self.unresolved.items() if name == f"{side}s" and ref in u.refs]
            if missing and not out[f"{side}s"] and not out[f"{side}_regions"] and not (
                    side == "provider" and out["provider_orgs"]):
                raise Rejected(f"no {side} that resolves ({', '.join(map(repr, missing))})")
        removed = [c for c in out["providers"] if not orgs.is_south(c, self.south)]
        if removed:
            out["providers"] = [c for c in out["providers"] if c not in removed]
            out["moved"] = [self.countries.names.get(c, c) for c in removed]
            notes.append(f"providers: {', '.join(removed)} not South under the rule ({orgs.SOUTH_RULES[self.south]}); "
                         "listed as facilitators")
        if not out["providers"] and not out["provider_regions"] and not out["provider_orgs"]:
            named = self._list("facilitators", values, [])
            others = f" (organisations named: {'; '.join(named)})" if named else ""
            raise Rejected(f"no Southern provider: {', '.join(removed)} in the OECD DAC (rule: "
                           f"{orgs.SOUTH_RULES[self.south]}; south: all imports them)" if removed
                           else f"no provider country named{others}")
        if not out["receivers"] and not out["receiver_regions"]:
            out["receiver_regions"] = [schema.WORLD]
            out["unplaced"] = True  # see place_unplaced
            notes.append(UNPLACED)
        if out["providers"] == out["receivers"] and len(out["providers"]) == 1 and not (
                out["provider_regions"] or out["receiver_regions"]):
            raise Rejected(f"provider and receiver are the same country ({out['providers'][0]})")
        return out

    def _comma_list(self, raw: str) -> list[str]:
        """'Chad, Sudan' as two names, when the whole is no name and every part is one ('Korea, Rep.' stays)."""
        if "," not in raw or self.countries.resolve(raw).iso3 or self.regions.resolve(raw).areas:
            return []
        pieces = [p.strip() for p in raw.split(",") if p.strip()]
        parts, i = [], 0
        while i < len(pieces):  # the longest run of pieces that is one name ('Micronesia, Federated States of')
            for j in range(min(len(pieces), i + 3), i, -1):
                name = ", ".join(pieces[i:j])
                if self.countries.resolve(name).iso3 or self.regions.resolve(name).areas:
                    parts.append(name)
                    i = j
                    break
            else:
                return []
        return parts

    def _place(self, side: str, raw: str, out: dict, notes: list[str], ref: str) -> None:
        found = self.countries.resolve(raw)
        entry = orgs.in_registry(raw) if side == "provider" and found.how in ("variant", "unresolved") else None
        if entry is not None and entry.southern_led:  # a provider of its own kind, not a country
            if entry.name not in out["provider_orgs"]:
                out["provider_orgs"].append(entry.name)
                notes.append(f"providers: {raw!r} read as {entry.name}, a Southern-led multilateral (the registry)")
            return
        if entry is not None and entry.iso3:  # a national agency or fund: its country provides
            found = replace(found, iso3=entry.iso3, how="alias")
        if not found.iso3:
            self._region(side, raw, out, notes, ref, found.suggestions)
        elif found.iso3 not in out[f"{side}s"]:
            out[f"{side}s"].append(found.iso3)
            if found.how in ("variant", "alias"):
                notes.append(f"{side}s: {raw!r} read as {found.iso3}")

    def _region(self, side: str, raw: str, out: dict, notes: list[str], ref: str, suggestions: tuple) -> None:
        match = self.regions.resolve(raw)
        if not match.areas:
            self._missing(f"{side}s", raw, ref, suggestions)
            return
        for area in match.areas:
            if area not in out[f"{side}_regions"]:
                out[f"{side}_regions"].append(area)
        if match.grouping or match.areas != (raw,):
            how = f" (grouping {match.grouping})" if match.grouping else ""
            notes.append(f"{side}s: {raw!r} read as the region {' + '.join(match.areas)}{how}")

    # --- the end ----------------------------------------------------------------------------

    def place_unplaced(self, iso3: str, why: str) -> None:
        """An aid-management export is its country's own system: its records that name no receiver are in that
        country (not 'World'), unless that country is their only provider."""
        outcomes = {o.initiative_id: o for o in self.report if o.outcome != REJECTED}
        for row in self.initiatives:
            if not row.get("_unplaced") or row["providers"] == [iso3]:
                continue
            row.update(receivers=[iso3], receiver_regions=[])
            notes = outcomes[row["initiative_id"]].notes
            notes[notes.index(UNPLACED)] = f"receivers: none named; {iso3}, {why}"

    def finish(self) -> list[Unresolved]:
        """The unresolved values; with skip_unresolved they are noted on their rows instead. Fills the constant
        US$ the source does not give (see Funds.finish)."""
        notes = {o.initiative_id: o.notes for o in self.report if o.outcome != REJECTED and o.initiative_id}
        self.constant_prices = self.funds.finish(self.funding, notes)
        for outcome in self.report:
            if outcome.outcome == IMPORTED and outcome.notes:
                outcome.outcome = WITH_DEFAULTS
        found = sorted(self.unresolved.values(), key=lambda u: (u.field, -len(u.refs), u.value))
        if found and self.skip_unresolved:
            by_ref = defaultdict(list)
            for u in found:
                for ref in u.refs:
                    by_ref[ref].append(f"{u.field}: {u.value!r} did not resolve and was left out")
            for outcome in self.report:
                if outcome.ref in by_ref and outcome.outcome != REJECTED:
                    outcome.notes += by_ref[outcome.ref]
                    outcome.outcome = WITH_DEFAULTS
        return found
