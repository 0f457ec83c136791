"""The app's languages: the current one, gettext catalogs, and the locale's way of writing numbers and places.

One language is in effect per session run: app.py calls `use` first thing, from the link's `lang` (or the
browser's language), and every function here reads it. The catalogs are `locales/<lang>/LC_MESSAGES/messages.po`
(managed with pybabel, see the README), compiled in memory the first time a language is used. Library code marks
its words with `_` (and `ngettext` for plurals); a module-level constant is marked with `N_` and translated
where it is shown. English is the source language: its words are the catalogs' message ids.
"""

from __future__ import annotations

import datetime
import gettext
import io
import math
import threading
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent

# Each language in its own words, in the order the selector lists them. `pt` is Brazilian Portuguese, as Babel's
# `pt` (CLDR's pt is Brazil's) formats numbers, money and names; a European Portuguese catalog would be `pt_PT`
# (locales/pt_PT, and an entry here), which `pick` then gives a browser asking for pt-PT.
LANGUAGES = {"en": "English", "fr": "Français", "es": "Español", "pt": "Português (Brasil)"}
DEFAULT = "en"
LANG_KEY = "lang"  # the link's key: ?lang=fr
LOCALES = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"

_state = threading.local()  # each session's script run has its thread; the API's threads stay in English


def use(lang: str) -> None:
    """Make lang the language of this thread's run (an unknown code means English)."""
    _state.lang = lang if lang in LANGUAGES else DEFAULT


def current() -> str:
    return getattr(_state, "lang", DEFAULT)


@contextmanager
def using(lang: str):
    """lang for the block (work done after a run, e.g. an export made when its button is clicked)."""
    before = current()
    use(lang)
    try:
        yield
    finally:
        use(before)


def pick(wanted: str | None) -> str | None:
    """One of LANGUAGES from a browser's language tag ('pt-BR', 'fr', 'es_419'): the regional one when there is
    one (a `pt_PT` beside `pt`), else the language's; None when neither is offered."""
    parts = (wanted or "").replace("_", "-").split("-")
    code = parts[0].lower()
    regional = f"{code}_{parts[1].upper()}" if len(parts) > 1 else ""
    return regional if regional in LANGUAGES else code if code in LANGUAGES else None


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The language's translations, compiled from its .po file (English: the message ids themselves)."""
    path = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        po = read_po(f, locale=lang, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, po)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


def _(message: str) -> str:
    """message in the current language."""
    return catalog(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a sentence for n, in the current language (format its {placeholders} afterwards)."""
    return catalog(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a constant for the catalogs; it is translated (with _) where it is shown."""
    return message


def NC_(context: str, message: str) -> str:
    """Marks a constant for the catalogs under a context (another translation of the same English, e.g. a short
    form); it is translated (with pgettext and that context) where it is shown."""
    return message


def pgettext(context: str, message: str) -> str:
    """message in the current language, as its translation under context reads."""
    return catalog(current()).pgettext(context, message)


# --- Numbers, money and places as the locale writes them ---------------------------------------


def number(value: float, digits: int = 0) -> str:
    """1,234 · 1 234 · 1.234 (with digits: exactly that many decimals, 0.50 · 0,50)."""
    return _number(current(), round(value, digits) if digits else int(round(value)), digits)


@lru_cache(maxsize=65536)
def _number(lang: str, value: float, digits: int) -> str:
    # Babel takes some microseconds a number, and a page writes hundreds (tooltips): the same number, once.
    return format_decimal(value, locale=lang, format="#,##0" + ("." + "0" * digits if digits else ""))


def day(iso: str) -> str:
    """A date as the language writes it: 2 décembre 2026 · 2 de diciembre de 2026; English keeps ISO 8601
    (2026-12-02), as the app's citations always have."""
    if current() == DEFAULT:
        return iso
    return format_date(datetime.date.fromisoformat(iso), format="long", locale=current())


def percent(ratio: float) -> str:
    """12% · 12 % (rounded to a whole per cent)."""
    return _percent(current(), round(ratio, 2))


@lru_cache(maxsize=4096)
def _percent(lang: str, ratio: float) -> str:
    return format_percent(ratio, locale=lang)


USD_UNITS = {"fr": "$US"}  # the US dollar's symbol where it is not US$ (CLDR's): every string and axis writes it


def usd_unit() -> str:
    """US$, or $US in French: the unit a column header or an axis title names."""
    return USD_UNITS.get(current(), "US$")


def usd(value: float) -> str:
    """A positive amount in US$, short: US$1.5M · 1,5 M $US · 1,5 M US$ · US$ 1,5 mi (CLDR's compact forms); English
    keeps the form the app has always shown (CLDR's English writes $1.5M, which hides the currency), and French
    writes thousands in full (478 000 $US, as French ministries do: "478 k $US" is not written)."""
    lang = current()
    if lang == DEFAULT:
        for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if value >= size:
                scaled = value / size
                shown = f"{scaled:.0f}" if scaled >= 100 else f"{scaled:.1f}".rstrip("0").rstrip(".")
                return f"US${shown}{suffix}"
        return f"US${value:,.0f}"
    return _usd(lang, value)


@lru_cache(maxsize=65536)
def _usd(lang: str, value: float) -> str:
    # One decimal below a hundred of the unit (1,5 M), none above (488 mil), as the English form does. The value is
    # rounded to what is shown first, so the many amounts of a page share a few cached forms.
    if value < 1000:
        return _compact_usd(lang, float(round(value)), 0)
    group = 1000 ** math.floor(math.log10(value) / 3)
    mantissa = value / group
    digits = 0 if mantissa >= 100 else 1
    return _compact_usd(lang, round(mantissa, digits) * group, digits)


@lru_cache(maxsize=65536)
def _compact_usd(lang: str, value: float, digits: int) -> str:
    if lang == "fr" and value < 1e6:
        return format_currency(round(value), "USD", locale=lang, format="#,##0\u00a0¤", currency_digits=False)
    return format_compact_currency(value, "USD", locale=lang, fraction_digits=digits)


def and_list(items: list[str]) -> str:
    """'Brazil, China and India' · 'Brésil, Chine et Inde' (no serial comma in English, as the app writes)."""
    if current() == DEFAULT:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return format_list(items, locale=current())


# A Vega expression for a US$ axis label from datum.value, per language: d3's SI prefixes (k, M, G) written as
# the locale's compact forms (CLDR's), the currency where the locale puts it. The decimal mark comes from the
# chart's config.locale (vega_locale).
USD_AXIS = {
    "en": "'US$' + replace(format(datum.value, '.2~s'), 'G', 'B')",
    "fr": "(abs(datum.value) < 1e6 ? format(datum.value, ',.0f') : replace(replace(format(datum.value, '.2~s'), 'M',"
          " '\u00a0M'), 'G', '\u00a0Md')) + '\u00a0$US'",
    "es": "replace(replace(replace(format(datum.value, '.2~s'), 'k', '\u00a0mil'), 'M', '\u00a0M'), 'G',"
          " '\u00a0mil\u00a0M') + '\u00a0US$'",
    "pt": "'US$\u00a0' + replace(replace(replace(format(datum.value, '.2~s'), 'k', '\u00a0mil'), 'M', '\u00a0mi'),"
          " 'G', '\u00a0bi')",
}


def usd_axis() -> str:
    return USD_AXIS[current()]


@cache
def vega_locale(lang: str) -> dict:
    """Vega-Lite's config.locale for a language: its decimal mark and grouping, so axis labels, tooltips and
    legends write 1 234,5 in French as the text does."""
    symbols = Locale.parse(lang).number_symbols["latn"]
    group = symbols["group"]
    return {"number": {"decimal": symbols["decimal"], "thousands": group, "grouping": [3],
                       "currency": ["US$", ""], "percent": "\u202f%" if lang == "fr" else "%"}}


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(lang).territories)


@cache
def _iso2() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries} | {"XKX": "XK"}


def country(iso3: str, english: str) -> str:
    """A country's name in the current language (CLDR's), or english when CLDR has none."""
    lang = current()
    if lang == DEFAULT:
        return english
    return _territories(lang).get(_iso2().get(iso3, ""), english)


# UN M49 areas by their English name (the names the data holds) → M49 code, for CLDR's names of them.
M49_CODES = {
    "World": "001", "Africa": "002", "Americas": "019", "Asia": "142", "Europe": "150", "Oceania": "009",
    "Northern Africa": "015", "Sub-Saharan Africa": "202", "Eastern Africa": "014", "Middle Africa": "017",
    "Southern Africa": "018", "Western Africa": "011", "Caribbean": "029", "Central America": "013",
    "South America": "005", "Northern America": "021", "Central Asia": "143", "Eastern Asia": "030",
    "South-eastern Asia": "035", "Southern Asia": "034", "Western Asia": "145", "Eastern Europe": "151",
    "Northern Europe": "154", "Southern Europe": "039", "Western Europe": "155", "Melanesia": "054",
    "Polynesia": "061",
}
# Areas whose CLDR name is another area's (419 is Latin America without the Caribbean), or which CLDR names
# differently from the UN, and the project's two groupings: the UN's official French and Spanish names (M49
# page), and Portuguese as the Community of Portuguese Language Countries writes them.
REGION_NAMES = {
    "Latin America and the Caribbean": {"fr": "Amérique latine et Caraïbes", "es": "América Latina y el Caribe",
                                        "pt": "América Latina e Caribe"},
    "Australia and New Zealand": {"fr": "Australie et Nouvelle-Zélande", "es": "Australia y Nueva Zelandia",
                                  "pt": "Austrália e Nova Zelândia"},
    "Micronesia": {"fr": "Micronésie", "es": "Micronesia", "pt": "Micronésia"},
    "Middle East and North Africa": {"fr": "Moyen-Orient et Afrique du Nord", "es": "Oriente Medio y Norte de África",
                                     "pt": "Oriente Médio e Norte da África"},
    "Asia and the Pacific": {"fr": "Asie et Pacifique", "es": "Asia y el Pacífico", "pt": "Ásia e Pacífico"},
    # Not an area: what stands for a region beside a Southern-led multilateral provider (schema.SOUTHERN_MULTILATERAL).
    "Southern-led multilateral": {"fr": "Institution multilatérale du Sud", "es": "Institución multilateral del Sur",
                                  "pt": "Instituição multilateral do Sul"},
}


def region(english: str) -> str:
    """An M49 area's name (or a grouping's) in the current language; english when neither CLDR nor the table
    above has it."""
    lang = current()
    if lang == DEFAULT:
        return english
    if english in REGION_NAMES:
        return REGION_NAMES[english][lang]
    code = M49_CODES.get(english)
    return _territories(lang).get(code, english) if code else english


def place_names(frame):
    """A query's result with its places' names (columns name, provider_name, receiver_name, beside their code and
    kind) in the current language; anything else as it is."""
    if current() == DEFAULT or not isinstance(frame, pd.DataFrame):
        return frame
    out = frame
    for code, kind, name in (("code", "kind", "name"), ("provider", "provider_kind", "provider_name"),
                             ("receiver", "receiver_kind", "receiver_name")):
        if {code, kind, name} <= set(frame.columns):
            out = out.copy() if out is frame else out
            out[name] = [country(c, n) if k == "country" else region(n) if k in ("region", "subregion") else n
                         for c, k, n in zip(out[code], out[kind], out[name], strict=True)]
    for side, areas in (("providers", "provider_regions"), ("receivers", "receiver_regions")):
        if {side, areas, f"{side}_names"} <= set(frame.columns):
            out = out.copy() if out is frame else out
            orgs = out["provider_orgs"] if side == "providers" and "provider_orgs" in out else [[]] * len(out)
            out[f"{side}_names"] = [", ".join([country(c, c) for c in codes] + [region(a) for a in named] + list(o))
                                    for codes, named, o in zip(out[side], out[areas], orgs, strict=True)]
    if "top_partner_keys" in frame.columns:
        out = out.copy() if out is frame else out
        out["top_partners"] = [None if pd.isna(keys) else ", ".join(_partner(key) for key in keys.split("|"))
                               for keys in out["top_partner_keys"]]
    return out


def _partner(key: str) -> str:
    """A top partner (kind:code) as the map's tooltip names it."""
    kind, code = key.split(":", 1)
    if kind == "country":
        return country(code, code)
    if kind == "organisation":  # its name (see questions.per_country)
        return code
    if code == "World":
        return _("partners not named")
    return _("partners in {region} not named").format(region=region(code))


def localise_chart(spec: dict) -> dict:
    """A Vega-Lite spec with the current language's number format (config.locale); English's is Vega's own."""
    lang = current()
    if lang == DEFAULT:
        return spec
    return {**spec, "config": {**spec.get("config", {}), "locale": vega_locale(lang)}}
