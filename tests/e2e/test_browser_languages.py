"""The languages in a real browser: a link with lang opens in its language in a fresh context and keeps it across
pages and in presentation mode; without lang, the browser's language; charts write numbers as the locale does;
a screenshot of every page in each language, with nothing wider than the window."""

from __future__ import annotations

import re

import pytest
from conftest import playwright_api, screenshot
from test_browser import PAGES, drawn, legends_outside, open_view, wait_for_href, with_params

expect = playwright_api().expect
TITLES = {"en": "South-South cooperation at a glance", "fr": "La coopération Sud-Sud en un coup d’œil",
          "es": "La cooperación Sur-Sur de un vistazo", "pt": "Panorama da cooperação Sul-Sul"}


def axis_labels(page) -> list[str]:
    return page.eval_on_selector_all(".vega-embed .role-axis-label text", "ts => ts.map(t => t.textContent)")


def test_a_portuguese_link_keeps_its_language_across_pages_and_in_presentation_mode(fresh, server):
    page = fresh()  # a fresh context: no session, as a colleague opening the link
    open_view(page, server, "/?lang=pt&th=gender")
    expect(page.locator("h1").first).to_have_text(TITLES["pt"])
    page.get_by_role("link", name="Composição do financiamento").locator("visible=true").first.click()
    page.wait_for_selector("h1:has-text('Composição do financiamento')")
    link = wait_for_href(page, contains="/funding")
    assert "lang=pt" in link and "th=gender" in link
    page.get_by_role("link", name="Mapa", exact=True).locator("visible=true").first.click()
    page.wait_for_selector("h1:has-text('Mapa dos fluxos de cooperação')")
    assert "lang=pt" in wait_for_href(page, contains="/map")

    present = fresh()
    open_view(present, server, "/funding?lang=pt&th=gender&present=1")
    expect(present.get_by_text("Sair do modo de apresentação")).to_be_visible()
    present.get_by_role("link", name="Rede", exact=True).locator("visible=true").first.click()
    present.wait_for_selector("h1:has-text('Rede de cooperação')")
    link = wait_for_href(present, contains="/network")
    assert "lang=pt" in link and "present=1" in link
    # The discreet language control of presentation mode switches the whole view.
    present.locator(".st-key-present-lang").click()
    present.get_by_role("option", name="Español").click()
    present.wait_for_selector("h1:has-text('Red de cooperación')")
    assert "lang=es" in wait_for_href(present, contains="lang=es")


@pytest.mark.parametrize(("locale", "lang"), [("es-419", "es"), ("fr-FR", "fr"), ("de-DE", "en")])
def test_without_lang_the_browsers_language_is_used_and_written_into_the_link(browser, server, locale, lang):
    context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 1000})
    try:
        page = context.new_page()
        open_view(page, server, "/")
        expect(page.locator("h1").first).to_have_text(TITLES[lang])
        if lang != "en":  # a link shared from here opens in the language it was shared in
            assert f"lang={lang}" in wait_for_href(page, contains="lang=")
        else:
            assert "lang=" not in page.evaluate("location.href")
    finally:
        context.close()


def test_charts_write_money_and_decimals_as_the_locale_does(page, server):
    open_view(page, server, "/?lang=fr&show=Funding")
    drawn(page, 6)
    labels = axis_labels(page)
    money = [t for t in labels if "$US" in t]
    assert money, labels
    assert not any(re.search(r"\d\.\d", t) for t in money), money  # a decimal comma, never a point
    open_view(page, server, "/?show=Funding")
    drawn(page, 6)
    assert any(t.startswith("US$") for t in axis_labels(page))


@pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
@pytest.mark.parametrize("name", [*PAGES, "upload"])
def test_every_page_in_every_language(page, server, lang, name):
    """A screenshot of each page in each language (French and Portuguese run about a quarter longer than English):
    nothing is wider than the window."""
    path, charts = PAGES.get(name, ("/upload", 0))
    open_view(page, server, with_params(path, "" if lang == "en" else f"lang={lang}"))
    drawn(page, charts)
    # Widgets show a placeholder until their code has loaded: the screenshot waits for the real ones.
    page.wait_for_function("() => !document.querySelector('[data-testid^=stSkeleton]')")
    assert page.locator("[data-testid='stException']").count() == 0
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page is {wide} px wider than the window"
    assert cut_kpis(page) == []
    assert legends_outside(page) == []
    assert page.eval_on_selector_all(".vega-embed .role-legend text", "ts => ts.map(t => t.textContent)"
                                     " .filter(t => t.endsWith('…'))") == []
    assert cut_words(page) == [], "axis labels, titles or subtitles cut short at 1440 px"
    cut_labels = page.eval_on_selector_all("[data-testid='stWidgetLabel'] [data-testid='stMarkdownContainer']",
                                           "ps => ps.filter(p => p.scrollWidth"
                                           " > p.clientWidth + 1).map(p => p.textContent)")
    assert cut_labels == [], "control labels cut short at 1440 px"
    if name == "overview":  # the six KPIs on one line at 1440 px in every language
        tops = page.eval_on_selector_all("[data-testid='stMetric']", "ms => ms.map(m => m.getBoundingClientRect().top)")
        assert len(tops) == 6 and len(set(tops)) == 1, tops
    screenshot(page, f"lang-{lang}-{name}")


def cut_words(page) -> list[str]:
    """Chart words Vega cut with an ellipsis: axis labels, titles and subtitles (at 1440 px every one fits: long
    theme names have a short form per language, and subtitles wrap at words)."""
    return page.eval_on_selector_all(".vega-embed .role-axis-label text, .vega-embed [class*='role-title'] text",
                                     "ts => ts.map(t => t.textContent).filter(t => t.endsWith('…'))")


def cut_kpis(page) -> list[str]:
    """The KPI labels and values the page cuts short (an ellipsis, or text running out of its box)."""
    return page.eval_on_selector_all("[data-testid='stMetric'] *",
                                     "es => es.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")


@pytest.mark.parametrize("lang", ["fr", "es", "pt"])
def test_a_narrower_window_wraps_the_kpis_and_says_more_in_the_language(page, server, lang):
    """At 1280 px the demo's KPIs (Spanish writes 8700 M US$) take two lines rather than cut a word, and the top
    navigation's overflow, which Streamlit labels "1 more", says it in the language."""
    page.set_viewport_size({"width": 1280, "height": 900})
    open_view(page, server, f"/?ds=demo&lang={lang}")
    assert cut_kpis(page) == []
    more = page.locator(".rc-overflow-item-rest [data-testid='stTopNavSection']")
    expect(more).to_be_visible()
    expect(more.locator("p")).to_be_hidden()  # Streamlit's "2 more"
    page.wait_for_function("""word => {
        const box = document.querySelector('.rc-overflow-item-rest [data-testid=stTopNavSection] '
                                           + '[data-testid=stMarkdownContainer]');
        return box && getComputedStyle(box, '::after').content === JSON.stringify(word);
    }""", arg={"fr": "Plus", "es": "Más", "pt": "Mais"}[lang])


def test_switching_the_language_keeps_the_pages_controls_and_open_table(page, server):
    open_view(page, server, "/network?level=subregion&draw=matrix&tables=true&table=Corridors")
    page.wait_for_selector("[data-testid='stDataFrame']")
    page.locator(".st-key-language").click()
    page.get_by_role("option", name="Français").click()
    page.wait_for_selector("h1:has-text('Réseau de coopération')")
    url = wait_for_href(page, contains="lang=fr")
    for part in ("level=subregion", "draw=matrix", "table=Corridors"):  # (table= alone keeps the fold open)
        assert part in url, (part, url)
    expect(page.get_by_role("tab", name="Corridors")).to_have_attribute("aria-selected", "true")
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"relient \d+ sous-régions")).first).to_be_visible()  # still by sub-region
    page.wait_for_selector("svg text:has-text('Qui fournit à qui')")  # the matrix, drawn again in French
    page.get_by_role("tab", name="Lieux").click()  # the first tab: the default, so it leaves the link
    page.wait_for_function("() => !location.href.includes('table=')")
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("lang", ["fr", "pt"])
@pytest.mark.parametrize("name", ["country", "funding", "about"])
def test_on_a_phone_legends_stay_on_the_screen(page, server, lang, name):
    """Legends under a chart of labelled bars start where the bars do: on a phone their words are cut to the
    room left, never drawn past the screen's edge."""
    page.set_viewport_size({"width": 390, "height": 844})
    path, charts = PAGES[name]
    open_view(page, server, with_params(path, f"lang={lang}"))
    drawn(page, charts)
    assert legends_outside(page) == []
    subtitles = page.eval_on_selector_all(".vega-embed .role-title-subtitle text", "ts => ts.map(t => t.textContent)")
    assert subtitles and not [s for s in subtitles if s.endswith("…")], "a subtitle cut on a phone"
