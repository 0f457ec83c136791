"""Organisations (funders, participating organisations) → their country and funding source type,
and the stated rule of which providers count as "South".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.ingest.countries import CountryResolver

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
# Agencies and adjectives that name a country in words country_converter does not read (seen in
# the IATI samples: "Chinese Agency of International Cooperation", "Saudi Fund", "KfW"…).
COUNTRY_WORDS = {
    r"\busaid\b|\bu\.s\.": "USA", r"\bausaid\b": "AUS", r"\bkfw\b|kreditanstalt|deutsche|\bgerman\b": "DEU",
    r"department for international development|\bdfid\b": "GBR", r"\bjica\b": "JPN", r"\bkoica\b|\bkorean?\b": "KOR",
    r"\bcamoes\b|camões": "PRT", r"irish aid": "IRL", r"agência brasileira": "BRA", r"\bchinese\b": "CHN",
    r"\bcanadian\b": "CAN", r"\bdanish\b": "DNK", r"\bfrench\b": "FRA", r"\bspanish\b|\bandalusian\b": "ESP",
    r"\bbelgian\b": "BEL", r"\bnetherlands?\b|\bdutch\b": "NLD", r"\bsaudi\b": "SAU",
}


@dataclass(frozen=True)
class Organisation:
    """What an organisation's name and type tell: its country (ISO3 or None) and source type."""

    name: str
    iso3: str | None
    kind: str  # government, multilateral, foundation_ngo, private_sector, civil_society, beneficiaries, unspecified


@lru_cache(maxsize=8192)
def classify(name: str, countries: CountryResolver, iati_type: str | None = None,
             ref: str | None = None) -> Organisation:
    """An organisation's country and kind: from its IATI type and the prefix of its IATI ref when given
    ('GB-GOV-1' is British; 'XM-DAC-41114' is multilateral), else from its name."""
    lowered = name.casefold()
    kind = IATI_TYPES.get(iati_type or "")
    prefix = (ref or "").split("-")[0].upper()
    if prefix in ("XM", "XI") and kind is None:
        kind = "multilateral"
    elif len(prefix) == 2 and prefix in countries.alpha2 and kind in (None, "government"):
        return Organisation(name, countries.alpha2[prefix], "government")
    if kind is None and "," in lowered:
        kind = STATED_TYPES.get(lowered.rsplit(",", 1)[1].strip())
    if kind is None:
        kind = next((k for k, pattern in KIND_WORDS if re.search(pattern, lowered)), None)
    iso3 = None
    if kind != "multilateral":
        iso3 = next((c for p, c in COUNTRY_WORDS.items() if re.search(p, lowered)), None)
        iso3 = iso3 or countries.in_text(name)
    if kind is None:
        kind = "government" if iso3 else "unspecified"
    return Organisation(name, iso3, kind)


def is_south(iso3: str, rule: str) -> bool:
    """Whether a provider country counts as South under the rule (see SOUTH_RULES)."""
    return rule == "all" or iso3 not in DAC_MEMBERS
