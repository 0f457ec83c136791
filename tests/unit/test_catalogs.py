"""The catalogs read as each language writes (issue: languages, second pass): one way to write money per language,
French typographic spaces, Brazilian Portuguese only, and each language's plural rule. Placeholders, code spans,
link targets and URLs are left out of every check: they are not prose."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from dashboard.data import schema
from dashboard.words import breakdowns
from dashboard.words import languages as i18n

LOCALES = Path(__file__).resolve().parents[2] / "locales"
NOT_PROSE = re.compile(r"`[^`]*`|\{[^}]*\}|\]\([^)]*\)|https?://\S+")
# CLDR's rule for each language: French and Brazilian Portuguese write 0 with the singular ("0 initiative").
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);",
                "pt": "nplurals=2; plural=(n > 1);"}
# Money as CLDR writes it (the formatting code's forms): the other form of the same sentence is refused.
MONEY_REFUSED = {
    "fr": (r"US\$", "the US dollar is $US in French (478 000 $US, 8,9 M $US, en $US)"),
    "es": (r"US\$[\s\u00a0]?\d", "Spanish writes the symbol after the number (0 US$)"),
    "pt": (r"\d[\s\u00a0]?US\$", "Brazilian Portuguese writes the symbol before the number (US$ 0)"),
}
# European Portuguese words and spellings whose Brazilian form differs (the catalog is pt-BR: no mix); a trailing
# "-" is a stem (recetor, recetores), else the whole word.
EUROPEAN_PORTUGUESE = ("recet-", "receção", "ficheiro-", "registo-", "registar", "por omissão", "repor", "partilh-",
                       "ecrã-", "utilizador-", "telemóve-", "equipa", "secç-", "controlo-", "detet-", "descarreg-",
                       "descarga", "em espécie", "numerário", "rácio-", "ligaç-", "género", "económic-",
                       "médio oriente", "em curso", "prevista", "diapositivo-", "grelha", "alargue", "pormenor-",
                       "governação", "alterações climáticas", "a carregar", "a importar e", "a ler")
EUROPEAN_WORD = re.compile(r"\b(" + "|".join(re.escape(w[:-1]) if w.endswith("-") else re.escape(w) + r"\b"
                                              for w in EUROPEAN_PORTUGUESE) + ")", re.IGNORECASE)
FRENCH_SPACE_MISSING = re.compile(r" [:;!?»]|« |[^\s\u00a0\u202f(]»|«[^\s\u00a0\u202f]")


@cache
def catalog(lang: str):
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def prose(lang: str) -> list[tuple[str, str]]:
    """(message id, a translation of it without placeholders, code, link targets or URLs) for every entry."""
    out = []
    for m in catalog(lang):
        if m.id:
            key = m.id if isinstance(m.id, str) else m.id[0]
            out += [(key, NOT_PROSE.sub(" ", s)) for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    return out


@pytest.mark.parametrize("lang", sorted(PLURAL_FORMS))
def test_each_catalog_has_its_language_s_plural_rule(lang):
    assert catalog(lang).plural_forms == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", sorted(MONEY_REFUSED))
def test_one_way_to_write_money(lang):
    pattern, rule = MONEY_REFUSED[lang]
    found = [s for _, s in prose(lang) if re.search(pattern, s)]
    assert not found, f"{lang}: {rule}: {found[:3]}"


def test_brazilian_portuguese_only():
    found = [(m.group(0), s) for _, s in prose("pt") for m in [EUROPEAN_WORD.search(s)] if m]
    assert not found, found[:5]


def test_french_typographic_spaces():
    """A no-break space before : ; ! ? and » and after « (U+00A0, or U+202F), never a plain one or none."""
    found = [s for _, s in prose("fr") if FRENCH_SPACE_MISSING.search(s)]
    assert not found, found[:3]


def test_the_checks_catch_what_they_should():
    assert re.search(MONEY_REFUSED["fr"][0], "Valeur (US$)")
    assert re.search(MONEY_REFUSED["es"][0], "por cada US$1")
    assert re.search(MONEY_REFUSED["pt"][0], "de 0 US$")
    assert EUROPEAN_WORD.search("O ficheiro por omissão") and not EUROPEAN_WORD.search("O arquivo padrão")
    assert FRENCH_SPACE_MISSING.search("Solde : fourni") and FRENCH_SPACE_MISSING.search("«texte»")
    assert not FRENCH_SPACE_MISSING.search("Solde\u00a0: fourni\u202f; «\u00a0texte\u00a0»")


@pytest.mark.parametrize("lang", sorted(PLURAL_FORMS))
def test_short_theme_names_are_translated_and_fit_where_english_does(lang):
    longest = max(len(name) for name in schema.THEMES.values())  # English's longest name fits an axis
    shorts = {m.id: m.string for m in catalog(lang) if m.context == schema.THEME_SHORT}
    assert set(shorts) == set(schema.THEMES_SHORT.values())
    assert all(0 < len(s) <= longest for s in shorts.values()), shorts


def test_an_axis_of_themes_shows_the_short_form_and_its_tooltip_the_full_name():
    themes = pd.DataFrame({"theme": ["natural_resources", "gender"], "initiatives": [3, 2],
                           "reported_usd": [1.0, 2.0], "unreported": [0, 0]})
    with i18n.using("es"):
        data = themes.assign(label=[schema.label("themes", c) for c in themes["theme"]])
        spec = breakdowns.themes(data).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [r["short"] for r in rows] == ["Recursos naturales", "Género"]
    assert rows[0]["label"] == "Recursos naturales (tierra, agua, energía, biodiversidad)"
    assert spec["encoding"]["y"]["field"] == "short" and spec["encoding"]["tooltip"][0]["field"] == "label"
