"""Country names and codes, in English, French, Spanish and Portuguese, resolved to ISO3.

The names come from maintained sources, not from a table of ours: the app's countries reference,
pycountry (ISO 3166 names, official and common), Babel's CLDR territory names in the four
languages, and country_converter's regular expressions for English variants ("Korea, Rep.",
"Congo, Dem. Rep.", "Ivory Coast"). `ALIASES` is the short list they miss.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pycountry
from babel import Locale
from rapidfuzz import fuzz, process

from dashboard.data import schema

COUNTRIES = Path(__file__).resolve().parent.parent.parent / "data" / schema.COUNTRIES_FILE
LANGUAGES = ("en", "fr", "es", "pt")
# What the sources above do not know, each seen in a real list (tests/unit/test_ingest_countries.py).
ALIASES = {
    "casaquistao": "KAZ",  # Brazilian spelling; CLDR's Portuguese writes "Cazaquistão"
    "republica dos camaroes": "CMR",  # the long form, in the Brazilian agency's reports
}


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing folded away: 'Côte d’Ivoire' → 'cote d ivoire'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@dataclass(frozen=True)
class Resolution:
    """What a name resolved to (ISO3, or None) and how: 'code', 'name', 'variant', 'alias'."""

    iso3: str | None
    how: str
    suggestions: tuple[str, ...] = ()


class CountryResolver:
    """Resolve codes and names to the ISO3 codes of the countries reference."""

    def __init__(self, countries: Path = COUNTRIES):
        table = pq.read_table(countries, columns=["iso3", "iso_numeric", "name", "official_name"]).to_pandas()
        self.known = frozenset(table["iso3"])
        self.names = dict(zip(table["iso3"], table["name"], strict=True))
        self.numeric = {int(n): i for i, n in zip(table["iso3"], table["iso_numeric"], strict=True)}
        self.alpha2: dict[str, str] = {}
        index: dict[str, str] = {}

        def add(name: str | None, iso3: str) -> None:
            key = normalise(name) if name else ""
            if key and iso3 in self.known:
                index.setdefault(key, iso3)

        for iso3, name, official in table[["iso3", "name", "official_name"]].itertuples(index=False):
            add(name, iso3)
            add(official, iso3)
        for country in pycountry.countries:
            self.alpha2[country.alpha_2] = country.alpha_3
            for attr in ("name", "official_name", "common_name"):
                add(getattr(country, attr, None), country.alpha_3)
        self.alpha2["XK"] = "XKX"
        for language in LANGUAGES:
            for alpha2, name in Locale(language).territories.items():
                if alpha2 in self.alpha2:
                    add(name, self.alpha2[alpha2])
                    add(re.sub(r"\s*\(.*\)$", "", name), self.alpha2[alpha2])
        self.aliases = dict(ALIASES)
        for alias, iso3 in self.aliases.items():
            index.setdefault(alias, iso3)
        self.index = index
        self.patterns = _variant_patterns(self.known)
        self._seen: dict[str, Resolution] = {}  # lists repeat their names: each is resolved once

    def resolve(self, value: object) -> Resolution:
        """One code or name → ISO3 ('how' says which rule matched), or None with suggestions."""
        text = str(value).strip()
        if text not in self._seen:
            self._seen[text] = self._resolve(text)
        return self._seen[text]

    def exact(self, text: str) -> str | None:
        """A country's ISO3 when text is exactly its code, name or alias (no variant search, no suggestions)."""
        code = text.strip().upper()
        if code in self.known:
            return code
        if len(code) == 2 and code in self.alpha2:
            return self.alpha2[code]
        return self.index.get(normalise(text))

    def _resolve(self, text: str) -> Resolution:
        code = text.upper()
        if code in self.known:
            return Resolution(code, "code")
        if len(code) == 2 and code in self.alpha2:
            return Resolution(self.alpha2[code], "code")
        if code.isdigit() and int(code) in self.numeric:
            return Resolution(self.numeric[int(code)], "code")
        key = normalise(text)
        if key in self.index:
            return Resolution(self.index[key], "alias" if key in self.aliases else "name")
        found = {iso3 for pattern, iso3 in self.patterns if pattern.search(text)}
        if len(found) == 1:
            return Resolution(found.pop(), "variant")
        return Resolution(None, "unresolved", self.suggest(text))

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Up to three close names ('Brazil (BRA)'), for a person fixing a value."""
        matches = process.extract(normalise(text), list(self.index), scorer=fuzz.WRatio, limit=limit * 4)
        out: list[str] = []
        for key, score, _ in matches:
            label = f"{self.names.get(self.index[key], key)} ({self.index[key]})"
            if score >= 60 and label not in out:
                out.append(label)
        return tuple(out[:limit])

    @lru_cache(maxsize=4096)  # noqa: B019 (one resolver per process)
    def in_text(self, text: str) -> str | None:
        """The one country an organisation's name names ('Government of Taiwan' → TWN), else None."""
        found = {iso3 for pattern, iso3 in self.patterns if pattern.search(text)}
        return found.pop() if len(found) == 1 else None


def _variant_patterns(known: frozenset[str]) -> list[tuple[re.Pattern[str], str]]:
    """country_converter's regular expressions (English names and their variants), by ISO3."""
    import country_converter

    data = Path(country_converter.__file__).parent / "country_data.tsv"
    table = pd.read_csv(data, sep="\t", dtype=str, keep_default_na=False, usecols=["regex", "ISO3"])
    return [(re.compile(regex, re.IGNORECASE), iso3) for regex, iso3 in table.itertuples(index=False)
            if regex and iso3 in known]


@cache
def resolver() -> CountryResolver:
    """The resolver for the app's countries reference (built once per process)."""
    return CountryResolver()
