"""Organisations (funders, participating organisations) → their country and funding source type,
and the stated rule of which providers count as "South".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard.ingest.countries import CountryResolver

REGISTRY = Path(__file__).with_name("organisations.csv")
# Members of the OECD Development Assistance Committee (OECD, "DAC members", 2024; the EU, also a
# member, is an organisation). Under the default rule a provider that is one of them is not South.
DAC_MEMBERS = frozenset({
    "AUS", "AUT", "BEL", "CAN", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "ISL", "IRL",
    "ITA", "JPN", "KOR", "LTU", "LUX", "NLD", "NZL", "NOR", "POL", "PRT", "SVK", "SVN", "ESP", "SWE",
    "CHE", "GBR", "USA",
})
SOUTH_RULES = {
    "not-dac": "a provider counts as South when it is not a member of the OECD Development Assistance Committee",
    "all": "every provider country counts (no South rule applied)",
}
# IATI OrganisationType codes → the contract's source types (government depends on the side).
IATI_TYPES = {
    "10": "government", "11": "government", "15": "government", "21": "foundation_ngo", "22": "civil_society",
    "23": "foundation_ngo", "24": "civil_society", "30": "private_sector", "40": "multilateral",
    "60": "foundation_ngo", "70": "private_sector", "71": "private_sector", "72": "private_sector",
    "73": "private_sector", "80": "civil_society", "90": "unspecified",
}
# A type written after the name, as AidData's TUFF files do ("Export-Import Bank of China, Government Agency").
STATED_TYPES = {
    "government agency": "government", "state-owned company": "government", "state-owned bank": "government",
    "national ngo": "civil_society", "foundation": "foundation_ngo", "multilateral": "multilateral",
    "private sector": "private_sector", "private company": "private_sector",
}
# Words that mark an organisation's kind when no type is given (checked in this order).
KIND_WORDS = (
    ("multilateral", r"united nations|\bun\b|\bunicef\b|\bundp\b|\bunfpa\b|\bunops\b|unaids|unwomen|\bfao\b|"
                     r"\bifad\b|world bank|world food|world health|development bank|development association|"
                     r"international finance|european (union|commission|investment)|global fund|global alliance|"
                     r"global environment|\bopec\b|african union|economic community|organi[sz]ation of|"
                     r"monetary union|food and agriculture|arab bank|islamic development|nordic development|"
                     r"pan american|international "
                     r"(labour|atomic|organization|fund)|mdg achievement|trust fund|bank for economic"),
    ("beneficiaries", r"beneficiar"),
    ("foundation_ngo", r"foundation|actionaid|save the children|red cross|church|\bngo\b|snv\b|micronutrient"),
    ("private_sector", r"\bbank\b|\bs\.?p\.?a\b|\bltd\b|\bgroup\b|private|company|\binc\b|banco|banking"),
)
# Government agencies by name or acronym (a registry in a few words; the fuller one is organisations.csv).
AGENCIES = {
    r"\busaid\b|united states agency for international development": "USA", r"\bausaid\b": "AUS",
    r"\bkfw\b|kreditanstalt für wiederaufbau": "DEU", r"department for international development|\bdfid\b": "GBR",
    r"\bjica\b|japan international cooperation agency": "JPN", r"\bkoica\b|korea international cooperation": "KOR",
    r"\bcamoes\b|camões": "PRT", r"\birish aid\b": "IRL", r"\baustralian aid\b|\bdfat\b": "AUS",
}
# A country's adjective, read only inside an explicit pattern ("Chinese Agency of International Cooperation").
ADJECTIVES = {
    r"\bchinese\b": "CHN", r"\bsaudi\b": "SAU", r"\bkuwaiti\b": "KWT", r"\bemirati\b": "ARE", r"\bqatari\b": "QAT",
    r"\bturkish\b": "TUR", r"\bbrazilian\b|\bbrasileira\b": "BRA", r"\bindian\b": "IND", r"\bmexican[ao]?\b": "MEX",
    r"\bcolombian[ao]?\b": "COL", r"\bchilean[ao]?\b|\bchilena\b": "CHL", r"\bthai\b": "THA", r"\bcuban[ao]?\b": "CUB",
    r"\bsouth african\b": "ZAF", r"\begyptian\b": "EGY", r"\bindonesian\b": "IDN", r"\bmalaysian\b": "MYS",
    r"\bjapanese\b": "JPN", r"\bkorean\b": "KOR", r"\bgerman\b": "DEU", r"\bfrench\b|\bfrançaise\b": "FRA",
    r"\bspanish\b|\bespañola\b": "ESP", r"\bbritish\b": "GBR", r"\bcanadian\b": "CAN", r"\bdanish\b": "DNK",
    r"\bbelgian\b": "BEL", r"\bdutch\b": "NLD", r"\bswiss\b": "CHE", r"\bswedish\b": "SWE", r"\bnorwegian\b": "NOR",
    r"\bitalian[ao]?\b": "ITA", r"\bamerican\b": "USA", r"\brussian\b": "RUS", r"\baustralian\b": "AUS",
    r"\bportuguese\b": "PRT", r"\birish\b": "IRL", r"\bfinnish\b": "FIN", r"\baustrian\b": "AUT",
    r"\bvenezuelan[ao]?\b": "VEN", r"\bargentin(e|ian|a)\b": "ARG", r"\bperuvian[ao]?\b": "PER",
}
# Names that say in words that an organisation is a country's government (X must read as a country, or a country's
# adjective before "agency"). A country named anywhere else in a name is not evidence: "Give to Colombia", "Plan
# International Sweden", "Common Market for Eastern and Southern Africa" are organisations, not governments.
GOVERNMENT_PATTERNS = [re.compile(p, re.IGNORECASE) for p in (
    r"^(the\s+)?(royal\s+)?government\s+of\s+(the\s+)?(?P<c>[^,;()]+?)\s*$",
    r"^(gouvernement|gobierno|governo)\s+(de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|do\s+|da\s+|dos\s+)?"
    r"(?P<c>[^,;()]+?)\s*$",
    r"^(the\s+)?(republic|kingdom|state|république|república|reino|royaume)\s+(of|de|du|da|do)\s+(the\s+)?"
    r"(?P<c>[^,;()]+?)\s*$",
    r"^(the\s+)?(ministry|ministère|ministerio|ministério|embassy|ambassade|embajada|embaixada)\b.*\b"
    r"(of|de|du|da|do)\s+(the\s+)?(?P<c>[^,;()]+?)\s*$",
    r"^(?P<c>.+?)\s+(ministry|embassy)\s+(of|for)\b",
    r"^(the\s+)?(?P<c>[^,;()]+?)\s+government\s*$",
    r"^(?P<c>.+?)\s+(international\s+)?(development\s+)?(co-?operation\s+)?(agency|agence|agencia|agência)\s+"
    r"(for|of|de|pour|para)\s+(international\s+)?(development\s+)?(co-?operation|development)\b",
    r"^(?P<c>.+?)\s+international\s+(development\s+)?co-?operation\s+agency\b",
)]


@dataclass(frozen=True)
class Organisation:
    """What an organisation's name and type tell: its country (ISO3 or None), its kind, and the evidence."""

    name: str
    iso3: str | None
    kind: str  # government, multilateral, foundation_ngo, private_sector, civil_society, beneficiaries, unspecified
    how: str = "no evidence"  # what the reading rests on, for the import report
    southern_led: bool = False  # a multilateral founded and majority-owned by developing countries (registry)
    known_as: str | None = None  # the registry's name for it, when the registry knows it


@dataclass(frozen=True)
class Entry:
    """One organisation of the registry (organisations.csv)."""

    name: str
    iso3: str | None
    kind: str
    southern_led: bool


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


@lru_cache(maxsize=1)
def registry() -> dict[str, Entry]:
    """Every name and alias of organisations.csv → its entry (compared case- and space-insensitively)."""
    out: dict[str, Entry] = {}
    with REGISTRY.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = Entry(row["name"], row["iso3"] or None, row["kind"], row["southern_led"] == "yes")
            for name in [row["name"], *row["aliases"].split("|")]:
                if name.strip():
                    out[_key(name)] = entry
    return out


def registry_table() -> pd.DataFrame:
    """organisations.csv as it is (name, aliases, iso3, kind, southern_led, source), for About."""
    return pd.read_csv(REGISTRY, keep_default_na=False, dtype=str)


def in_registry(name: str) -> Entry | None:
    """The registry's entry for a name as sources write it: the name itself, without a stated type after a comma
    ("…, Government Agency"), without or within a parenthesised acronym ("Kuwait Fund (KFAED)")."""
    table = registry()
    bare = name.rsplit(",", 1)[0] if name.rsplit(",", 1)[-1].strip().casefold() in STATED_TYPES else name
    candidates = [name, bare, re.sub(r"\s*\([^)]*\)", "", bare), *re.findall(r"\(([^)]+)\)", bare)]
    return next((table[_key(c)] for c in candidates if _key(c) in table), None)


def _named_country(text: str, countries: CountryResolver) -> str | None:
    """A country a pattern's X names: a country's name, code or alias exactly, else a country's adjective."""
    found = countries.exact(text.strip(" .")) if text.strip(" .") else None
    if found:
        return found
    hits = {iso3 for pattern, iso3 in ADJECTIVES.items() if re.search(pattern, text, re.IGNORECASE)}
    return hits.pop() if len(hits) == 1 and len(text.split()) <= 3 else None


def government_of(name: str, countries: CountryResolver) -> tuple[str | None, str]:
    """The country whose government a name says it is, and how that was read; (None, '') without evidence."""
    whole = countries.exact(name)
    if whole:
        return whole, "the name is a country's"
    for agency, code in AGENCIES.items():
        if re.search(agency, name, re.IGNORECASE):
            return code, "a known government agency"
    for pattern in GOVERNMENT_PATTERNS:
        match = pattern.search(name)
        if match and (iso3 := _named_country(match.group("c"), countries)):
            return iso3, "the name says it is a government's"
    return None, ""


@lru_cache(maxsize=8192)
def classify(name: str, countries: CountryResolver, iati_type: str | None = None,
             ref: str | None = None) -> Organisation:
    """An organisation's country and kind, from evidence in this order: its IATI type and the prefix of its IATI
    ref ('GB-GOV-1' is British; 'XM-DAC-41114' is multilateral), the registry (organisations.csv), a name that says
    it is a government ("Government of X", "Ministry of … of X", "X Agency for International Cooperation"), a type
    written after the name (AidData's ", Government Agency"), then words of its kind ("foundation", "bank"). A
    country named anywhere else in a name is not evidence of a government: such an organisation is of the kind
    its words say, or of unknown kind (unspecified)."""
    lowered = name.casefold()
    kind = IATI_TYPES.get(iati_type or "")
    how = "its IATI type" if kind else ""
    prefix = (ref or "").split("-")[0].upper()
    if prefix in ("XM", "XI") and kind is None:
        kind, how = "multilateral", f"its IATI identifier ({ref})"
    elif len(prefix) == 2 and prefix in countries.alpha2 and kind in (None, "government"):
        return Organisation(name, countries.alpha2[prefix], "government", f"its IATI identifier ({ref})")
    entry = in_registry(name)
    if entry is not None and kind in (None, entry.kind, "government" if entry.iso3 else "multilateral"):
        return Organisation(name, entry.iso3, entry.kind, f"the registry ({entry.name})", entry.southern_led,
                            entry.name)
    if kind is None and "," in lowered:
        kind = STATED_TYPES.get(lowered.rsplit(",", 1)[1].strip())
        how = "its stated type" if kind else how
    iso3, said = (None, "") if kind not in (None, "government") else government_of(name, countries)
    if iso3:
        return Organisation(name, iso3, "government", said)
    if kind is None:
        kind = next((k for k, pattern in KIND_WORDS if re.search(pattern, lowered)), None)
        how = "words of its name" if kind else "no evidence"
    if kind == "government":  # a stated or IATI government type: the one country its name names, if any
        iso3 = countries.in_text(name)
        return Organisation(name, iso3, kind, how + (" and the country its name names" if iso3 else ""))
    return Organisation(name, None, kind or "unspecified", how)


def is_south(iso3: str, rule: str) -> bool:
    """Whether a provider country counts as South under the rule (see SOUTH_RULES)."""
    return rule == "all" or iso3 not in DAC_MEMBERS
