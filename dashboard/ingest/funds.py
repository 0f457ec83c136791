"""A record's contributions → funding rows: every amount in nominal US$ through a stated conversion (or null with
the reason), in constant US$ where the source gives them, joint funding never credited to one funder; and the
ledger of what happened to the money (for the command's summary, the upload page and dataset.yaml).

Conversion, in this order: the source's own US$ (`usd`), the source's own rate (`usd_rate`, units per US$), then
the rate tables (see money.Rates). Joint funding: an amount the source gives for an activity with several funders
and no word on whose it is (IATI transactions without provider-org) is one row of source type `joint`, its funder
the names joined; each named funder has a row of its own type with no amount and `joint` true, so it is listed and
filtered on, never credited with the joint money.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from dashboard.data import prices, schema
from dashboard.ingest import orgs
from dashboard.ingest.cells import Rejected, blank, parse_amount, parse_bool, parse_year
from dashboard.ingest.countries import CountryResolver
from dashboard.ingest.mapping import Mapping
from dashboard.ingest.money import Converted, Rates

NOT_A_CURRENCY = "not_reported"  # a currency reading: the source's value names no currency, so no US$ amount
JOINT = "joint"
NO_CURRENCY = "(no currency)"
NEGATIVE = "negative (reductions exceed commitments)"
SOURCE_USD, SOURCE_RATE, US_DOLLARS = "the source's own US$", "the source's own rate", "US$"
CONSTANT_SOURCE, CONSTANT_DEFLATOR, CONSTANT_CPI = (
    "the source's own constant US$", "the source's deflator", "US CPI-U (the source gives no constant US$ here)")


def _currencies(value: str) -> tuple[str, ...]:
    """ISO 4217 codes whose code or name is close to a source's currency ('R$' or 'reais' → BRL…)."""
    import pycountry

    names = {c.name: c.alpha_3 for c in pycountry.currencies}
    found = process.extract(value, list(names), scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    return tuple(dict.fromkeys(names[m] for m, _, _ in found))


@dataclass
class Tally:
    """Amounts in one currency: how many, their sum, and their sum in US$ (None when some have no rate)."""

    amounts: int = 0
    total: float = 0.0
    usd: float | None = 0.0
    reasons: Counter = field(default_factory=Counter)

    def add(self, amount: float, usd: float | None, reason: str | None = None) -> None:
        self.amounts += 1
        self.total += amount
        self.usd = None if usd is None or self.usd is None else self.usd + usd
        if reason:
            self.reasons[reason] += 1

    def as_meta(self, currency: str) -> dict:
        out: dict = {"currency": currency, "amounts": self.amounts, "total": round(self.total, 2)}
        if self.usd is not None:
            out["usd"] = round(self.usd, 2)
        if self.reasons:
            out["reasons"] = dict(self.reasons.most_common(5))
        return out


@dataclass
class Ledger:
    """What happened to the money of one import."""

    conversions: Counter = field(default_factory=Counter)  # how amounts became US$ → count
    not_converted: dict[str, Tally] = field(default_factory=dict)  # reported, not converted, by currency
    rejected: dict[str, Tally] = field(default_factory=dict)  # money in rejected records, by currency
    constant: Counter = field(default_factory=Counter)  # how constant US$ were had → count
    joint: int = 0  # joint contributions (several funders, not split)
    dropped: int = 0  # values left out on the way (each noted on its record)

    def merge(self, other: Ledger) -> None:
        self.conversions.update(other.conversions)
        self.constant.update(other.constant)
        self.joint += other.joint
        self.dropped += other.dropped
        for mine, theirs in ((self.not_converted, other.not_converted), (self.rejected, other.rejected)):
            for currency, tally in theirs.items():
                into = mine.setdefault(currency, Tally())
                into.amounts += tally.amounts
                into.total += tally.total
                into.usd = None if into.usd is None or tally.usd is None else into.usd + tally.usd
                into.reasons.update(tally.reasons)

    def lines(self) -> list[str]:
        """The summary's lines about money (after the row counts)."""
        out = []
        if self.conversions:
            out.append("amounts in US$: " + ", ".join(f"{n:,} by {how}" for how, n in self.conversions.most_common()))
        if self.not_converted:
            n = sum(t.amounts for t in self.not_converted.values())
            out.append(f"{n:,} amount(s) reported, not converted (no rate): " + "; ".join(
                f"{t.amounts:,} in {c} ({t.total:,.0f} {c})" for c, t in _largest(self.not_converted)))
        if self.rejected:
            out.append("money in rejected records: " + "; ".join(
                f"{t.amounts:,} amount(s) in {c}, {t.total:,.0f} {c}"
                + (f" (US${t.usd:,.0f})" if t.usd is not None and c != "USD" else "")
                for c, t in _largest(self.rejected)))
        if self.joint:
            out.append(f"{self.joint:,} joint contribution(s): several funders and no word on whose money it is, "
                       "kept whole as 'joint', not split")
        if self.dropped:
            out.append(f"{self.dropped:,} value(s) left out on the way (each noted in import-report.csv)")
        return out

    def as_meta(self) -> dict:
        return {"conversions": dict(self.conversions.most_common()),
                "not_converted": [t.as_meta(c) for c, t in _largest(self.not_converted)],
                "rejected": [t.as_meta(c) for c, t in _largest(self.rejected)],
                "joint_contributions": self.joint, "values_left_out": self.dropped}


def read_as(organisation: orgs.Organisation) -> str:
    """The report's line on how an organisation was read ("organisation 'Kuwait Fund' read as the government of
    KWT (the registry (…))"), so a person can check every reading."""
    what = {"government": "the government" + (f" of {organisation.iso3}" if organisation.iso3 else ""),
            "multilateral": "a Southern-led multilateral" if organisation.southern_led else "a multilateral",
            "unspecified": "an organisation of unknown kind"}.get(organisation.kind, organisation.kind)
    return f"organisation {organisation.name!r} read as {what} ({organisation.how})"


def _largest(tallies: dict[str, Tally]) -> list[tuple[str, Tally]]:
    return sorted(tallies.items(), key=lambda item: (-item[1].amounts, item[0]))


def _number(value: object, name: str, notes: list[str]) -> float | None:
    """A source's number (rate, US$, deflator): None when blank, or when it does not read (noted)."""
    try:
        return parse_amount(value)
    except Rejected:
        notes.append(f"{name} {str(value).strip()!r} is not a number: left out")
        return None


class Funds:
    """Turns a record's raw contributions into funding rows, and keeps the ledger."""

    def __init__(self, mapping: Mapping, countries: CountryResolver, rates: Rates,
                 missing: Callable[[str, str, str, tuple], None]):
        self.mapping, self.countries, self.rates, self.missing = mapping, countries, rates, missing
        self.spec = mapping.funding
        self.ledger = Ledger()
        self.source_constant = "amount_constant" in self.spec or "deflator" in self.spec
        self.base_years: Counter = Counter()  # years whose deflator is 1 (the source's base year)

    def rows(self, row: dict, raw_rows: list[dict], notes: list[str], ref: str) -> list[dict]:
        out: list[dict] = []
        members: set[str] = set()
        for raw in raw_rows:
            together = self._named_together(raw.get("funder"))
            if together and not raw.get("joint"):
                raw = {**raw, "joint": together}
            out.append(self._row(row, raw, notes, ref))
            for name, iati_type, iati_ref in raw.get("joint") or ():
                if name not in members:
                    members.add(name)
                    out.append(self._member(row, name, iati_type, iati_ref, notes))
        return out

    def _member(self, row: dict, name: str, iati_type: str | None, iati_ref: str | None, notes: list[str]) -> dict:
        organisation = orgs.classify(name, self.countries, iati_type, iati_ref)
        notes.append(read_as(organisation))
        return {"initiative_id": row["initiative_id"], "source_type": self.source_type(organisation, row),
                "funder": name, "funder_iso3": self._iso3(organisation), "amount_usd": None, "in_kind": False,
                "year": row["start_year"], "amount_original": None, "currency": None, "usd_rate": None,
                "amount_usd_constant": None, "joint": True}

    def _iso3(self, organisation: orgs.Organisation) -> str | None:
        return organisation.iso3 if organisation.iso3 in self.countries.known else None

    def _row(self, row: dict, raw: dict, notes: list[str], ref: str) -> dict:
        joint = raw.get("joint")
        funder = raw.get("funder")
        if blank(funder):
            funder = "; ".join(self.countries.names.get(c, c) for c in row["providers"]) or \
                "; ".join(row["provider_regions"])
            notes.append(f"funder: not stated, the provider ({funder})")
        funder = " ".join(str(funder).split())
        source_type = self.spec.get("source_type", {}).get("values", {}).get(raw.get("source_type")) or raw.get(
            "source_type")
        if joint:  # nobody's alone: its funders are read one by one (see rows)
            source_type, organisation = JOINT, orgs.Organisation(funder, None, JOINT)
            self.ledger.joint += 1
            notes.append(f"funding: {len(joint)} funders and no word on whose part is what: the amount is the "
                         "activity's, kept whole as joint funding, not credited to any one funder")
        else:
            organisation = orgs.classify(funder, self.countries, *(raw.get("org") or (None, None)))
            if source_type not in schema.SOURCE_TYPES or source_type == JOINT:
                source_type = self.source_type(organisation, row)
                notes.append(read_as(organisation))
        amount, currency = self._amount(raw, notes, ref)
        year = parse_year(raw.get("year")) or row["start_year"]
        converted = self.convert(raw, amount, currency, year, notes)
        if converted.reason == NEGATIVE:
            self.ledger.dropped += 1
        elif converted.reason and amount is not None:
            self.ledger.not_converted.setdefault(currency or NO_CURRENCY, Tally()).add(amount, None, converted.reason)
        elif converted.source:
            self.ledger.conversions[converted.source] += 1
        in_kind = parse_bool(self.spec.get("in_kind", {}).get("values", {}).get(raw.get("in_kind"),
                                                                                  raw.get("in_kind")))
        return {
            "initiative_id": row["initiative_id"],
            "source_type": source_type,
            "funder": funder,
            "funder_iso3": self._iso3(organisation),
            "amount_usd": converted.amount_usd,
            "in_kind": bool(in_kind) if in_kind is not None else bool(self.spec.get("in_kind", {}).get("default",
                                                                                                      False)),
            "year": year,
            "amount_original": amount,
            "currency": currency,
            "usd_rate": converted.rate,
            "amount_usd_constant": self._constant(raw, converted.amount_usd, year, notes),
            "joint": False,
        }

    def _named_together(self, funder: object) -> list[tuple[str, None, None]] | None:
        """The funders of a table's cell that names several (the mapping's funder separator: AidData's
        "Japan Social Development Fund; World Bank, Multilateral"), or None."""
        separator = self.spec.get("funder", {}).get("separator")
        names = [n.strip() for n in str(funder).split(separator)] if separator and not blank(funder) else []
        names = list(dict.fromkeys(n for n in names if n))
        return [(name, None, None) for name in names] if len(names) > 1 else None

    def _amount(self, raw: dict, notes: list[str], ref: str | None) -> tuple[float | None, str | None]:
        """The amount as the source gives it and its currency (ISO code, upper case), or None; a currency that is no
        ISO code is listed as unresolved on record ref (None: a rejected record's, listed nowhere)."""
        amount = parse_amount(raw.get("amount"), self.mapping.option("decimal", "."))
        currency = raw.get("currency")
        readings = self.spec.get("currency", {}).get("values", {})
        if not blank(currency) and str(currency).strip() in readings:
            currency = readings[str(currency).strip()]
        if currency == NOT_A_CURRENCY:  # the mapping says the source's currency cannot be read
            notes.append(f"currency {str(raw.get('currency')).strip()!r} names no currency")
            return amount, None
        if amount is not None and blank(currency):
            currency = self.spec.get("currency", {}).get("default", "USD")
            notes.append(f"currency: not stated, {currency}")
        elif amount is not None and not re.fullmatch(r"[A-Za-z]{3}", str(currency).strip()) and ref is not None:
            self.missing("currency", str(currency).strip(), ref, _currencies(str(currency)))
        return amount, None if blank(currency) else str(currency).strip().upper()

    def convert(self, raw: dict, amount: float | None, currency: str | None, year: int | None,
                notes: list[str]) -> Converted:
        """amount in currency → nominal US$: the source's own US$, else its own rate, else the rate tables."""
        usd = _number(raw.get("usd"), "the source's US$", notes)
        rate = _number(raw.get("usd_rate"), "the source's rate", notes)
        if amount is None and usd is None:
            return Converted(None, None)
        if usd is not None and usd >= 0:
            how = US_DOLLARS if currency == "USD" else SOURCE_USD
            converted = Converted(usd, amount / usd if amount and usd else None, None, how)
        elif currency == "USD":
            converted = Converted(amount, 1.0, None, US_DOLLARS)
        elif rate is not None and rate > 0 and amount is not None:
            converted = Converted(amount / rate, rate, None, SOURCE_RATE)
        elif currency is None:
            return Converted(None, None, "no currency")
        else:
            converted = self.rates.convert(amount, currency, year)
        if converted.reason:
            notes.append(f"amount reported, not converted to US$: {converted.reason}")
            return converted
        if converted.amount_usd is not None and converted.amount_usd < 0:  # a reduction (de-obligation) netted
            notes.append(f"amount {amount:,.0f} {currency} is negative (reductions exceed commitments in {year}): "
                         "left out")
            return Converted(None, None, NEGATIVE)
        if converted.rate not in (None, 1.0):
            notes.append(f"{currency} → US$ at {converted.rate:,.6g} per US$ ({year}, {converted.source})")
        elif converted.source == SOURCE_USD:
            notes.append(f"{currency} → US$ as the source gives it")
        return converted

    def _constant(self, raw: dict, usd: float | None, year: int | None, notes: list[str]) -> float | None:
        """Constant US$ of the source's base year (when the source gives constant prices; see finish)."""
        if not self.source_constant or usd is None:
            return None
        deflator = _number(raw.get("deflator"), "the source's deflator", notes)
        if deflator is not None and abs(deflator - 1) < 1e-9 and year is not None:
            self.base_years[year] += 1
        given = _number(raw.get("amount_constant"), "the source's constant US$", notes)
        if given is not None:
            self.ledger.constant[CONSTANT_SOURCE] += 1
            return given
        if deflator is not None and deflator > 0:
            self.ledger.constant[CONSTANT_DEFLATOR] += 1
            notes.append(f"constant US$: the source gives none here; US$ ÷ its deflator {deflator:g}")
            return usd / deflator
        return None  # deflated by the CPI to the base year once it is known (finish)

    def rejected(self, raw_rows: list[dict], year: int | None) -> None:
        """Count the money of a rejected record, by currency, with its US$ where a rate exists."""
        for raw in raw_rows:
            try:
                amount, currency = self._amount(raw, [], None)
            except Rejected:
                continue
            if amount is None or currency is None:
                continue
            row_year = parse_year(raw.get("year")) or year
            converted = self.convert(raw, amount, currency, row_year, [])
            self.ledger.rejected.setdefault(currency, Tally()).add(amount, converted.amount_usd)

    def finish(self, funding: list[dict], outcomes: dict[str, list[str]]) -> dict | None:
        """Fill the constant US$ the source does not give (CPI, rebased to the source's base year) and say what
        the constant prices are (for dataset.yaml), or None when the source gives no constant prices."""
        if not self.source_constant:
            return None
        option = self.mapping.option("constant_base_year")
        base = int(option) if option else (self.base_years.most_common(1)[0][0] if self.base_years else None)
        for row in funding:
            if row["amount_usd"] is None or row["amount_usd_constant"] is not None or row.get("joint"):
                continue
            factor = prices.factor(row["year"], base) if base else None
            if factor is not None:
                row["amount_usd_constant"] = row["amount_usd"] * factor
                self.ledger.constant[CONSTANT_CPI] += 1
                outcomes.get(row["initiative_id"], []).append(
                    f"constant US$: the source gives none here; US CPI-U {row['year']} → {base}")
        if base is None:
            return None
        return {"base_year": base, "method": "the source's own constant US$ (" + ", ".join(
            f"{n:,} {how}" for how, n in self.ledger.constant.most_common()) + ")"}

    def source_type(self, organisation: orgs.Organisation, row: dict) -> str:
        if organisation.southern_led:
            return "southern_multilateral"
        if organisation.kind != "government":
            return organisation.kind
        if organisation.iso3 in row["receivers"]:
            return "receiver_government"
        if organisation.iso3 in orgs.DAC_MEMBERS:
            return "traditional_donor"
        return "provider_government"
