"""Every page in French, Spanish and Portuguese on both datasets: no exception, and no English word of the app left
(every element's text is checked against the English catalogue: the messages whose translation differs)."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest
from test_app import DATASETS, PAGES, app

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.words import languages as i18n
from dashboard.words import text

OTHERS = ["fr", "es", "pt"]


@pytest.fixture(autouse=True)
def english_after():
    """AppTest formats a widget's options again in the test's own thread when the test sets it: the test works
    in the page's language (i18n.use), and leaves English behind."""
    yield
    i18n.use(i18n.DEFAULT)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def english(lang: str) -> tuple[set[str], list[str]]:
    """The English messages this language translates differently: (whole texts, long ones to look for inside
    longer texts). Templates are cut at their placeholders, so '{n} initiatives match: more than…' is found too."""
    with (i18n.LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        po = read_po(f)
    whole, parts = set(), []
    for m in po:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for msgid in ids:
            if msgid in strings:
                continue  # the same word in both languages ("Code", "Initiatives", "100 %")
            whole.add(msgid.strip())
            parts += [p.strip() for p in PLACEHOLDER.split(msgid) if len(p.strip()) >= 30]
    return whole, parts


def spec_texts(node) -> list[str]:
    """The words of a Vega-Lite spec: titles, subtitles, axis, legend and tooltip titles."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "subtitle", "text") and isinstance(value, str):
                out.append(value)
            elif key in ("title", "subtitle", "text") and isinstance(value, list):
                out += [v for v in value if isinstance(v, str)]
            elif key not in ("data", "datasets", "values"):
                out += spec_texts(value)
    elif isinstance(node, list):
        for value in node:
            out += spec_texts(value)
    return out


def words(at: AppTest) -> list[str]:
    """What the page writes: text elements, labels, options, help, column headers and chart words."""
    out = [str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                                     "error", "success") for e in getattr(at, kind)]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    for kind in ("button", "selectbox", "radio", "multiselect", "checkbox", "toggle", "text_input", "slider",
                 "number_input", "expander", "tabs"):
        for widget in getattr(at, kind):
            out.append(str(widget.label))
            out += [str(o) for o in getattr(widget, "options", []) or []]
            for field in ("help", "placeholder"):
                out.append(str(getattr(getattr(widget, "proto", None), field, "") or ""))
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns]
    out += [button.proto.label for button in at.get("download_button")]
    for chart in at.get("vega_lite_chart"):
        out += spec_texts(json.loads(chart.proto.spec))
    out += [block.proto.popover.label for block in blocks(at._tree) if block.type == "popover"]
    return [w for w in out if w]


def blocks(node):
    """Every block under node (popovers are blocks, which AppTest does not list)."""
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ in ("Block", "SpecialBlock"):
            yield child
        yield from blocks(child)


def english_left(at: AppTest, lang: str) -> list[str]:
    whole, parts = english(lang)
    left = []
    for w in words(at):
        w = w.strip()
        if w in whole:
            left.append(w)
        else:
            left += [p for p in parts if p in w]
    return sorted(set(left))


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_every_language(page, dataset, lang):
    at = app({"lang": lang, **({"ds": dataset} if dataset != "reference" else {})}, page)
    assert not at.exception, at.exception
    assert not english_left(at, lang)
    assert at.sidebar.selectbox[0].value == lang  # the language selector shows the link's language


def test_open_tables_and_controls_are_translated_too():
    """The folded tables and the detail of one initiative, opened by their link keys, in French."""
    for page, params in (("pages/map.py", {"tables": "true", "table": "Drawn flows"}),
                         ("pages/map.py", {"tables": "true", "table": "Partners not on the map"}),
                         ("pages/network.py", {"tables": "true", "table": "Corridors", "fac": "1"}),
                         ("pages/network.py", {"tables": "true", "table": "Facilitators", "fac": "1"}),
                         ("pages/country.py", {"country": "BRA", "list": "true"}),
                         ("pages/initiatives.py", {"initiative": "IFAD-01"})):
        at = app({"lang": "fr", **params}, page)
        assert not at.exception, (page, at.exception)
        assert not english_left(at, "fr"), (page, english_left(at, "fr"))


def test_kpis_in_french_are_the_query_layers_numbers_as_french_writes_them():
    at = app({"lang": "fr", "ds": "demo", "rr": "Africa"})
    f = Filters(receiver_regions=("Africa",))
    k = questions.kpis(open_store(DATASETS["demo"]), f).iloc[0]
    with i18n.using("fr"):
        assert next(m.value for m in at.metric if m.label == "Initiatives") == text.count(k["initiatives"])
        assert next(m.value for m in at.metric if m.label == "Financement déclaré") == text.usd(k["reported_usd"])
        assert "\u202f" in text.count(k["initiatives"])  # French groups thousands with a narrow space
    assert "Bénéficiaires\u00a0: Afrique" in at.caption[0].value  # the filter line names the region in French


def test_the_language_stays_in_the_link_and_across_pages():
    at = app({"lang": "pt"})
    assert at.query_params["lang"] == ["pt"] or at.query_params["lang"] == "pt"
    i18n.use("pt")
    at.switch_page("pages/funding.py").run()
    assert not at.exception
    assert at.title[0].value == "Composição do financiamento"


def test_changing_the_language_rewrites_the_link_and_keeps_the_filters():
    at = app({"th": "gender"})
    at.sidebar.selectbox(key="language").select("es").run()
    assert not at.exception
    assert at.title[0].value == "La cooperación Sur-Sur de un vistazo"
    assert str(at.query_params.get("lang")).strip("[]'") == "es"
    assert "gender" in str(at.query_params.get("th"))  # link values stay codes
    i18n.use("es")
    at.sidebar.selectbox(key="language").select("en").run()
    assert at.title[0].value == "South-South cooperation at a glance"
    assert "lang" not in at.query_params


@pytest.mark.parametrize("value", ["de", "FR", "<script>", "fr,es"])
def test_an_unknown_language_in_the_link_gets_a_notice_and_english(value):
    at = app({"lang": value})
    assert not at.exception
    assert at.title[0].value == "South-South cooperation at a glance"
    assert any("for language in the link" in w.value for w in at.warning)


def test_the_check_finds_english_where_it_is():
    """The check above is no formality: the English Overview is full of words the French catalogue translates,
    in its text, its controls and its charts."""
    left = english_left(app(), "fr")
    assert {"South-South cooperation at a glance", "Reported funding", "Initiatives per start year",
            "Reset filters"} <= set(left), left


def formulas(at: AppTest) -> list[str]:
    """The Markdown texts in which two unescaped $ could open and close a formula (Streamlit renders what lies
    between them as maths: "2,3 M $US de cofinancement pour 6,5 M $US" lost its spaces and its words)."""
    texts = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)] + [m.label for m in at.metric]
    return [t for t in texts if len(re.findall(r"(?<!\\)\$", t)) >= 2]


@pytest.mark.parametrize("lang", ["en", *OTHERS])
@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("page", PAGES)
def test_no_sentence_with_amounts_turns_into_maths(page, dataset, lang):
    at = app({"lang": lang, "show": "Funding", **({"ds": dataset} if dataset != "reference" else {})}, page)
    assert not at.exception, at.exception
    assert formulas(at) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_funding_source_notice_with_two_amounts_is_no_formula(lang):
    at = app({"lang": lang, "ds": "demo", "fs": "multilateral"}, "pages/funding.py")
    assert not at.exception, at.exception
    assert len(at.info) and formulas(at) == []
