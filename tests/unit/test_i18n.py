"""The languages: catalogs complete and consistent with the code, no word bypassing translation, numbers,
money, country and region names as each locale writes them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dashboard.data.reading import DEFAULT_COUNTRIES
from dashboard.words import languages as i18n
from dashboard.words import text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import i18n_scan  # noqa: E402

OTHERS = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "NC_": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.use(i18n.DEFAULT)


def extracted() -> dict[str, tuple[str, ...]]:
    """Every message the code marks, as pybabel extract finds it with babel.cfg's files and the README's keywords:
    msgid → (msgid,) or (singular, plural)."""
    method_map = [("app.py", "python"), ("pages/**.py", "python"), ("dashboard/**.py", "python")]
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, keywords=KEYWORDS):
        forms = message if isinstance(message, tuple) else (message,)
        found[forms[0]] = forms
    return found


def catalog(lang: str):
    with (i18n.LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def messages() -> dict[str, tuple[str, ...]]:
    return extracted()


@pytest.mark.parametrize("lang", OTHERS)
def test_every_message_is_translated_and_no_entry_is_fuzzy_or_unused(lang, messages):
    po = catalog(lang)
    entries = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in po if m.id}
    missing = sorted(set(messages) - set(entries))
    unused = sorted(set(entries) - set(messages))
    assert not missing, f"{lang}: {len(missing)} messages not in the catalog (run scripts/update_catalogs.sh): " \
                        f"{missing[:5]}"
    assert not unused, f"{lang}: {len(unused)} catalog entries no code uses: {unused[:5]}"
    assert po.num_plurals == 2
    for key, m in entries.items():
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(s.strip() for s in strings), f"{lang}: untranslated: {key!r}"
        assert not m.fuzzy, f"{lang}: fuzzy: {key!r}"
        assert isinstance(m.id, tuple) == (len(messages[key]) == 2), f"{lang}: plural forms differ: {key!r}"


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_keep_placeholders_units_and_markup(lang):
    for m in catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for i, s in enumerate(strings):
            wanted = set(PLACEHOLDER.findall(ids[min(i, len(ids) - 1)]))
            got = set(PLACEHOLDER.findall(s))
            # A singular may leave out the count ("The one theme"); nothing else may go, and nothing may be added.
            assert got <= wanted and wanted - got <= {"n"}, f"{lang}: placeholders {got} vs {wanted} in {s!r}"
            assert s.count("**") == ids[0].count("**"), f"{lang}: bold markup differs in {s!r}"
            assert s.count("`") == ids[0].count("`"), f"{lang}: code markup differs in {s!r}"
            # money_table formats the columns whose header names the unit, "(US$" ("($US" in French): the
            # translation must name it too.
            unit = "($US)" if lang == "fr" else "(US$)"
            assert (unit in s) == ("(US$)" in ids[0]), f"{lang}: unit lost in {s!r}"
            assert s.startswith(" ") or not ids[0].startswith(" "), f"{lang}: leading space lost in {s!r}"


def test_no_user_facing_literal_bypasses_translation():
    found = [f for path in i18n_scan.user_facing_files() for f in i18n_scan.findings(path)]
    assert not found, "wrap these in _() or ngettext():\n" + "\n".join(found)
    hidden = [f for path in i18n_scan.catalogued_files() for f in i18n_scan.hidden_messages(path)]
    assert not hidden, "translate these outside the f-string (pybabel does not extract them):\n" + "\n".join(hidden)


def test_the_scanner_finds_what_it_should(tmp_path, monkeypatch):
    """The rule itself: a literal label, help text or f-string is found; translated ones, keys and codes are not."""
    source = tmp_path / "page.py"
    source.write_text(
        'import streamlit as st\nfrom dashboard.words.languages import _\n'
        'st.button("Save now")\nst.radio(_("Show"), ["a"], help="Counts things.")\nst.caption(f"{n} rows shown")\n'
        'st.markdown(_("Fine"))\nst.selectbox(_("Sort"), ["x"], key="sort-by")\nst.metric(_("A"), "42")\n'
        'st.markdown(f"**{_(\'Hidden\')}** {x}")\nst.markdown(f"**{_(label)}**")\n',
        encoding="utf-8")
    monkeypatch.setattr(i18n_scan, "ROOT", tmp_path)
    lines = [f.split(":")[1] for f in i18n_scan.findings(source)]
    assert lines == ["3", "4", "5"], lines
    assert [f.split(":")[1] for f in i18n_scan.hidden_messages(source)] == ["9"]


@pytest.mark.parametrize(("lang", "count", "money", "share", "small"), [
    ("en", "1,234,567", "US$1.5M", "33%", "under 1%"),
    ("fr", "1\u202f234\u202f567", "1,5\u00a0M\u00a0$US", "33\u00a0%", "moins de 1\u00a0%"),
    ("es", "1.234.567", "1,5\u00a0M\u00a0US$", "33\u00a0%", "menos de 1\u00a0%"),
    ("pt", "1.234.567", "US$\u00a01,5\u00a0mi", "33%", "menos de 1%"),
])
def test_numbers_and_money_follow_the_locale(lang, count, money, share, small):
    i18n.use(lang)
    assert text.count(1_234_567) == count
    assert text.usd(1_500_000) == money
    assert text.share(1, 3) == share
    assert text.share(1, 1000) == small
    assert text.usd(None) == i18n._("not reported")
    assert text.usd(-1_500_000) == "−" + money


def test_vega_number_locale():
    assert i18n.vega_locale("fr")["number"]["decimal"] == ","
    assert i18n.vega_locale("pt")["number"]["thousands"] == "."
    i18n.use("fr")
    spec = i18n.localise_chart({"mark": "bar", "config": {"view": {"stroke": None}}})
    assert spec["config"]["locale"]["number"]["decimal"] == "," and spec["config"]["view"] == {"stroke": None}
    i18n.use("en")
    assert "locale" not in i18n.localise_chart({"config": {}})["config"]


@pytest.mark.parametrize(("lang", "brazil", "ivory_coast", "east_africa", "lac"), [
    ("fr", "Brésil", "Côte d’Ivoire", "Afrique orientale", "Amérique latine et Caraïbes"),
    ("es", "Brasil", "Côte d’Ivoire", "África oriental", "América Latina y el Caribe"),
    ("pt", "Brasil", "Costa do Marfim", "África Oriental", "América Latina e Caribe"),
])
def test_country_and_region_names(lang, brazil, ivory_coast, east_africa, lac):
    i18n.use(lang)
    assert i18n.country("BRA", "Brazil") == brazil
    assert i18n.country("CIV", "Côte d'Ivoire") == ivory_coast
    assert i18n.region("Eastern Africa") == east_africa
    assert i18n.region("Latin America and the Caribbean") == lac


@pytest.mark.parametrize("lang", OTHERS)
def test_every_reference_country_and_area_has_a_name_in_each_language(lang):
    """CLDR names every country of the reference table (Kosovo included), and every M49 area it uses has a
    CLDR name or one kept in i18n.REGION_NAMES."""
    countries = pq.read_table(DEFAULT_COUNTRIES).to_pandas()
    i18n.use(lang)
    unnamed = [code for code in countries["iso3"] if i18n.country(code, "?") == "?"]
    assert not unnamed, unnamed
    areas = set(countries[["region", "subregion", "intermediate_region"]].stack().dropna()) | {"World"}
    untranslated = [a for a in areas if a not in i18n.M49_CODES and a not in i18n.REGION_NAMES]
    assert not untranslated, untranslated


def test_place_names_relabel_query_results():
    frame = pd.DataFrame({"code": ["BRA", "Africa", "World"], "kind": ["country", "region", "region"],
                          "name": ["Brazil", "Africa", "World"],
                          "top_partner_keys": ["country:MOZ|region:World", None, "region:Africa"],
                          "top_partners": ["Mozambique, partners not named", None, "partners in Africa not named"]})
    assert i18n.place_names(frame) is frame  # English: as the query gave it
    i18n.use("fr")
    out = i18n.place_names(frame)
    assert list(out["name"]) == ["Brésil", "Afrique", "Monde"]
    assert out["top_partners"].iloc[0] == "Mozambique, partenaires non nommés"
    assert out["top_partners"].iloc[2] == "partenaires en Afrique non nommés"
    assert list(frame["name"]) == ["Brazil", "Africa", "World"]  # the cached frame is not changed


@pytest.mark.parametrize(("tag", "lang"), [("pt-BR", "pt"), ("fr", "fr"), ("es_419", "es"), ("en-GB", "en"),
                                           ("de-DE", None), ("", None), (None, None)])
def test_browser_language(tag, lang):
    assert i18n.pick(tag) == lang


def test_a_regional_catalog_is_picked_for_its_region(monkeypatch):
    monkeypatch.setattr(i18n, "LANGUAGES", {**i18n.LANGUAGES, "pt_PT": "Português (Portugal)"})
    picked = [i18n.pick(tag) for tag in ("pt-PT", "pt_pt", "pt-BR", "pt")]
    assert picked == ["pt_PT", "pt_PT", "pt", "pt"]


def test_french_writes_thousands_in_full():
    i18n.use("fr")
    shown = [text.usd(v) for v in (478_123, 1_500, 950)]
    assert shown == ["478\u202f000\u00a0$US", "1\u202f500\u00a0$US", "950\u00a0$US"]
    assert i18n.usd_unit() == "$US"


def test_plural_forms_and_lists():
    i18n.use("fr")
    assert text.initiatives(1) == "1 initiative" and text.initiatives(2) == "2 initiatives"
    assert text.names_list(["Brésil", "Chine", "Inde"]) == "Brésil, Chine et Inde"
    i18n.use("es")
    assert text.names_list(["Brasil", "China"]) == "Brasil y China"
    assert "ningún monto" in text.country_summary("Brasil", {
        "initiatives": 1, "initiatives_as_provider": 1, "initiatives_as_receiver": 0, "provided_usd": 0.0,
        "received_usd": 0.0, "unreported": 1, "unreported_as_provider": 1, "unreported_as_receiver": 0}, [], [], 0)


def test_a_language_is_per_thread():
    """The API's threads stay in English while a session's run is in French."""
    import threading

    seen = []
    i18n.use("fr")
    thread = threading.Thread(target=lambda: seen.append(i18n.current()))
    thread.start()
    thread.join()
    assert seen == ["en"] and i18n.current() == "fr"
    with i18n.using("pt"):
        assert i18n._("Overview") == "Visão geral"
    assert i18n.current() == "fr"


def test_dates_follow_the_locale():
    from dashboard.words.exports import Provenance

    p = Provenance(dataset="D", version="v", filters="F", link="L", date="2026-12-02", sources="S", lang="pt")
    assert p.lines()[-1].endswith("(consultado em 2 de dezembro de 2026).")
    assert Provenance(dataset="D", version="v", filters="F", link="L", date="2026-12-02",
                      sources="S").lines()[-1].endswith("(accessed 2026-12-02).")
    i18n.use("fr")
    assert i18n.day("2026-12-02") == "2 décembre 2026"
