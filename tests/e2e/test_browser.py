"""What only a browser shows: links reproduce views, controls write the link, charts are drawn."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from conftest import SCREENSHOTS, playwright_api, screenshot
from live import running_server
from paths import REFERENCE

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import fingerprint, open_store
from dashboard.words import text

expect = playwright_api().expect
CHARTS = ".vega-embed svg, .vega-embed canvas"
PAGES = {"overview": ("/", 6), "map": ("/map", 1), "country": ("/country?country=IND", 4), "network": ("/network", 1),
         "funding": ("/funding", 5), "initiatives": ("/initiatives", 0), "about": ("/about", 2)}


def open_view(page, server: str, path: str) -> None:
    page.goto(server + path)
    page.wait_for_selector("[data-testid='stMetricValue'], [data-testid='stDataFrame'], [data-testid='stTable'], h2, "
                           "[data-testid='stExpander']", state="attached")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def with_params(path: str, params: str) -> str:
    return path + ("&" if "?" in path else "?") + params if params else path


def drawn(page, charts: int) -> None:
    """Wait until the page's charts have all drawn their marks."""
    if charts:
        page.wait_for_function(f"""() => {{
            const charts = document.querySelectorAll('.vega-embed');
            return charts.length >= {charts} && [...charts].every(c => c.querySelector('.role-mark'));
        }}""")


def kpis(page) -> list[str]:
    return page.locator("[data-testid='stMetricValue']").all_inner_texts()


def chart_marks(page) -> list[str]:
    """What the charts show: Vega labels every mark for screen readers with its data (its tooltip text)."""
    return page.eval_on_selector_all(".vega-embed [aria-label]", "ms => ms.map(m => m.getAttribute('aria-label'))")


def href(page) -> str:
    return page.evaluate("location.href")


def wait_for_href(page, contains: str | None = None, lacks: str | None = None) -> str:
    condition = " && ".join(filter(None, [
        f"location.href.includes({contains!r})" if contains else None,
        f"!location.href.includes({lacks!r})" if lacks else None,
    ]))
    page.wait_for_function(f"() => {condition}")
    return href(page)


def caption(page) -> str:
    return page.locator("[data-testid='stCaptionContainer']").first.inner_text()


def test_a_link_reproduces_its_view(page, server):
    open_view(page, server, "/?th=gender&rr=Africa&show=Funding")
    page.wait_for_selector(CHARTS)
    # The run has ended and its six KPIs are all drawn (a read mid-render once saw the fourth as the first).
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stMetricValue]').length >= 6")
    assert caption(page).endswith("Receivers: Africa · Themes: Gender · Amounts in current US$")
    expected = questions.kpis(open_store(REFERENCE), Filters(themes=("gender",), receiver_regions=("Africa",))).iloc[0]
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert values[0] == text.count(expected["initiatives"])
    assert values[4] == text.usd(expected["reported_usd"])
    assert page.get_by_role("radio", name="Funding").is_checked()
    assert page.locator("[data-testid='stException']").count() == 0


def test_controls_write_the_link_and_pages_keep_it(page, server):
    open_view(page, server, "/?th=gender")
    page.get_by_text("Include initiatives with amounts not reported").click()
    assert "unrep=exclude" in wait_for_href(page, contains="unrep=exclude")
    page.locator("[data-testid='stTopNavLink']").filter(has_text="Initiatives").click()
    url = wait_for_href(page, contains="/initiatives")
    assert "th=gender" in url and "unrep=exclude" in url
    page.wait_for_selector("[data-testid='stDataFrame']")
    assert "Themes: Gender · Only initiatives with all amounts reported" in caption(page)
    page.get_by_role("button", name="Reset filters").click()
    url = wait_for_href(page, lacks="th=")
    assert "unrep" not in url and url.endswith("/initiatives")


def test_initiative_detail_opens_and_closes(page, server):
    open_view(page, server, "/initiatives?initiative=IFAD-13")
    assert page.get_by_text("Africa-Brazil Agricultural Innovation Marketplace").first.is_visible()
    assert page.get_by_text("Africa (partners not named)").first.is_visible()
    page.get_by_role("button", name="Close").click()
    wait_for_href(page, lacks="initiative=")
    # The link changes while the rerun is still going; its old elements go when the run ends.
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    assert page.get_by_text("Africa-Brazil Agricultural Innovation Marketplace", exact=True).count() <= 1


def test_a_bad_link_value_shows_a_notice_not_a_crash(page, server):
    open_view(page, server, "/?yr=abc&th=astrology")
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "Ignored the year range abc" in alerts and "Ignored unknown theme astrology" in alerts
    assert page.locator("[data-testid='stException']").count() == 0
    assert "yr=" not in wait_for_href(page, lacks="yr=")  # the bad value leaves the link
    # Keys Streamlit binds to its widgets itself (it drops what they cannot use) get the same notice.
    open_view(page, server, "/initiatives?sort=%3Cscript%3E&page=abc&rows=25")
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    assert [a.split("\n")[-1] for a in alerts if "Ignored" in a] == ["Ignored <script> for sort by in the link.",
                                                                    "Ignored abc for page in the link."]
    assert "sort=" not in wait_for_href(page, lacks="sort=")
    # A link's text is quoted as typed: Markdown in it makes no link (nor emphasis, maths or colour) in the app's words.
    evil = quote("[click](https://evil.example) **now**")
    open_view(page, server, f"/?th={evil}&q={evil}")
    words = page.locator("[data-testid='stAlert'], [data-testid='stCaptionContainer']")
    assert "Ignored unknown theme [click](https://evil.example) **now** in the link." in words.all_inner_texts()[0]
    assert "Text: [click](https://evil.example) **now**" in page.locator("[data-testid='stCaptionContainer']").first \
        .inner_text()
    assert words.locator("a").count() == 0
    assert words.locator("strong").all_inner_texts() == ["Reference (seed documents)"]  # the app's own bold only


def test_share_this_view_gives_the_full_link_and_its_presentation_link(page, fresh, server):
    open_view(page, server, "/about?ds=demo&th=ict")
    page.get_by_role("button", name="Share this view").click()
    page.wait_for_selector("[data-testid='stCode'] >> nth=3")
    shared, present, frame, data = (c.strip() for c in page.locator("[data-testid='stCode']").all_inner_texts())
    assert shared == href(page) and shared.startswith(server + "/about?")
    assert present == shared + "&present=1"
    assert frame.startswith("<iframe") and "embed=true" in frame
    # The page's data by the API: each link answers with the same filters.
    for link in data.split():
        assert link.startswith(server + "/api/v1/") and "ds=demo" in link and "th=ict" in link
        assert page.request.get(link).status == 200
    other = fresh()
    open_view(other, server, present.removeprefix(server))
    other.wait_for_selector("h3:has-text('Themes: Information and communication technology')")
    expect(other.locator("[data-testid='stSidebar']")).to_be_hidden()
    assert other.locator("h1").first.inner_text() == "About the data"


@pytest.mark.parametrize("dataset", ["reference", "demo"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_draws_on_both_datasets(page, server, dataset, name):
    path, charts = PAGES[name]
    open_view(page, server, with_params(path, "ds=demo" if dataset == "demo" else ""))
    drawn(page, charts)
    assert page.locator("[data-testid='stException']").count() == 0
    banner = page.get_by_text("Synthetic demonstration data, not real cooperation flows.")
    assert (banner.count() > 0) == (dataset == "demo")
    screenshot(page, f"{dataset}-{name}")


@pytest.mark.parametrize("name", list(PAGES))
def test_presentation_mode_in_a_browser(page, server, name):
    path, charts = PAGES[name]
    open_view(page, server, with_params(path, "th=gender&present=1"))
    drawn(page, charts)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    expect(page.get_by_role("heading", name="Themes: Gender")).to_be_visible()  # the filters as the subtitle
    visible_controls = page.locator("[data-testid='stMain'] :is(.stRadio, .stSelectbox, .stCheckbox, .stButtonGroup, "
                                    ".stNumberInput, .stTextInput, .stDownloadButton, .stButton):visible")
    expect(visible_controls).to_have_count(2)  # leaving presentation mode, and the discreet language control
    expect(page.locator(".st-key-present-lang [role=combobox]")).to_have_value("English")
    expect(visible_controls.last).to_contain_text("Leave presentation mode")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, f"presentation-{name}")


def test_a_changed_filter_reproduces_in_a_fresh_context_and_follows_the_pages(page, fresh, server):
    open_view(page, server, "/")
    themes = page.locator("[data-testid='stSidebar'] .stMultiSelect").filter(has_text="Themes")
    themes.locator("input").fill("Gender")
    page.get_by_role("option", name="Gender", exact=True).click()
    page.keyboard.press("Escape")
    link = wait_for_href(page, contains="th=gender")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_function("() => document.querySelector('[data-testid=stCaptionContainer]').innerText"
                           ".endsWith('Themes: Gender · Amounts in current US$')")
    drawn(page, 6)
    mine = kpis(page), chart_marks(page)
    expected = questions.kpis(open_store(REFERENCE), Filters(themes=("gender",))).iloc[0]
    assert mine[0][0] == text.count(expected["initiatives"]) and len(mine[1]) > 20

    other = fresh()  # someone else opens the link
    open_view(other, server, link.removeprefix(server))
    drawn(other, 6)
    assert (kpis(other), chart_marks(other)) == mine  # the same numbers, and the same marks in the same order

    page.locator("[data-testid='stTopNavLink']").filter(has_text="Network").click()
    network = wait_for_href(page, contains="/network")
    assert "th=gender" in network
    page.wait_for_selector("svg text:has-text('Provider→receiver network')")
    drawn(page, 1)
    assert caption(page).endswith("Themes: Gender · Amounts in current US$")
    marks = chart_marks(page)
    elsewhere = fresh()
    open_view(elsewhere, server, network.removeprefix(server))
    elsewhere.wait_for_selector("svg text:has-text('Provider→receiver network')")
    drawn(elsewhere, 1)
    assert chart_marks(elsewhere) == marks  # the same network, drawn in the same places


def download(page, export: str, kind: str) -> bytes:
    buttons = page.locator(f".st-key-export-{export} button:visible").filter(has_text=kind)
    with page.expect_download() as event:
        buttons.click()
    return Path(event.value.path()).read_bytes()


def test_chart_exports_carry_their_provenance(page, server):
    open_view(page, server, "/?th=gender&show=Funding")
    drawn(page, 6)
    link = href(page)
    svg = download(page, "per-year", "SVG").decode("utf-8").replace("&amp;", "&")
    assert "per start year" in svg
    for line in ("Filters: Themes: Gender", f"Reference (seed documents), version {fingerprint(REFERENCE)}",
                 f"{link} (accessed {date.today().isoformat()})"):
        assert line in svg
    png = download(page, "per-year", "PNG")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    csv = download(page, "per-year", "CSV").decode("utf-8")
    head = [line for line in csv.splitlines() if line.startswith("# ")]
    assert head[1] == "# Filters: Themes: Gender · Amounts in current US$" and link in head[-1]
    rows = pd.read_csv(io.StringIO(csv), skiprows=len(head))
    expected = questions.per_year(open_store(REFERENCE), Filters(themes=("gender",)))
    assert rows["initiatives"].tolist() == expected["initiatives"].tolist()
    assert rows["reported_usd"].tolist() == pytest.approx(expected["reported_usd"].tolist(), nan_ok=True)


def test_a_fresh_servers_first_request_can_be_a_page_link(page):
    """Streamlit's legacy pages/ mode would run the page without app.py; the app must still work."""
    with running_server() as fresh:
        open_view(page, fresh, "/about?ds=demo&th=gender")
        assert page.locator("h1").first.inner_text() == "About the data"
        assert caption(page).endswith("Themes: Gender · Amounts in current US$")
        assert page.locator("[data-testid='stException']").count() == 0
        page.goto("about:blank")  # leave before the server stops, or the page logs its reconnection attempts


def test_a_fresh_servers_first_visitor_keeps_their_first_click(page):
    """In the legacy mode's first run widgets get other ids than later, which lost the first click."""
    with running_server() as fresh:
        open_view(page, fresh, "/")
        page.get_by_text("Include initiatives with amounts not reported").click()
        assert "unrep=exclude" in wait_for_href(page, contains="unrep=exclude")
        page.goto("about:blank")


def test_the_map_draws_its_outlines_and_a_click_opens_the_country(page, server):
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url) if "countries.geojson" in r.url else None)
    open_view(page, server, "/map?th=gender&measure=received")
    page.wait_for_selector(CHARTS)
    # The outlines come from static/ by URL: Vega draws one path per country once they have arrived.
    page.wait_for_function("() => document.querySelectorAll('.vega-embed path[aria-label*=\"Country:\"]').length > 150")
    assert not failed
    assert page.locator(".vega-embed path[aria-label*='Flow:']").count() > 0  # the flows' ribbons, over the outlines
    # Vega labels every outline for screen readers with its tooltip text; click Australia (no lines cross it).
    page.locator(".vega-embed path[aria-label*='Country: Australia;']").click()
    url = wait_for_href(page, contains="/country?")
    assert "/country?" in url and "th=gender" in url
    page.wait_for_selector("h3:has-text('Australia')")
    page.wait_for_selector("text=Australia takes part in no initiative under these filters")
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_country_link_opens_its_profile(page, server):
    open_view(page, server, "/country?country=BRA&ds=demo")
    page.wait_for_selector("h3:has-text('Brazil')")
    # The KPI rows come after the heading, once the country's numbers are computed: wait for them.
    page.wait_for_selector("[data-testid='stMetricLabel']:has-text('Initiatives as provider')")
    page.goto(server + "/country?country=XXX")
    page.wait_for_selector("text=There is no country XXX")
    assert page.locator("[data-testid='stException']").count() == 0


def test_funding_controls_live_in_the_link(page, server):
    open_view(page, server, "/funding?by=theme&unit=count")
    page.wait_for_selector("svg text:has-text('Contributions by theme and source type')")
    page.get_by_text("100 %").click()
    assert "stack=percent" in wait_for_href(page, contains="stack=percent")
    page.wait_for_selector("svg text:has-text('Share of contributions')")
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_network_draws_its_places_and_a_click_opens_the_country(page, server):
    open_view(page, server, "/network?th=gender&edges=25")
    page.wait_for_selector("svg text:has-text('the 25 largest edges')")
    # Vega labels every mark for screen readers with its tooltip text: the nodes say "Place: …".
    page.locator(".vega-embed path[aria-label*='Place: Brazil;']").first.click()
    url = wait_for_href(page, contains="/country?")
    assert "country=BRA" in url and "th=gender" in url
    page.wait_for_selector("h3:has-text('Brazil')")
    assert page.locator("[data-testid='stException']").count() == 0


def test_network_controls_live_in_the_link(page, server):
    open_view(page, server, "/network?level=subregion")
    page.wait_for_selector("svg text:has-text('Provider→receiver network')")
    page.get_by_text("Matrix", exact=True).click()
    assert "draw=matrix" in wait_for_href(page, contains="draw=matrix")
    page.wait_for_selector("svg text:has-text('Who provides to whom')")
    page.get_by_text("The tables behind the drawing").click()  # folded: opening it runs and draws them
    assert "tables=true" in wait_for_href(page, contains="tables=true")
    page.get_by_role("tab", name="Corridors").click()
    assert "table=Corridors" in wait_for_href(page, contains="table=Corridors")
    page.wait_for_selector("[data-testid='stDataFrame']")
    assert page.locator("[data-testid='stException']").count() == 0


def legends_outside(page) -> list[str]:
    """Legend words drawn past their chart's right edge (cut off by the page)."""
    return page.evaluate("""() => [...document.querySelectorAll('.vega-embed')].flatMap(chart => {
        const right = chart.getBoundingClientRect().right;
        return [...chart.querySelectorAll('.role-legend text')]
            .filter(t => t.getBoundingClientRect().right > right + 1).map(t => t.textContent);
    })""")


SCREENS = {"desktop": (1440, 900, ""), "meeting-room": (1920, 1080, "present=1"), "phone": (390, 844, "present=1")}
MAIN_VISUAL = ".vega-embed, [data-testid='stDataFrame'], [data-testid='stMetric']"


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("name", [n for n in PAGES if n != "about"])  # About opens on words, not a visual
def test_the_screens_people_use(page, server, screen, name):
    """At 1440×900 and in presentation mode at 1920×1080 each page's main visual starts above the fold; on a
    phone, presentation mode keeps a way to every page. A screenshot of each, to look at."""
    width, height, params = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    path, charts = PAGES[name]
    open_view(page, server, with_params(path, params))
    drawn(page, charts)
    page.wait_for_selector(MAIN_VISUAL)
    assert page.locator("[data-testid='stException']").count() == 0
    assert legends_outside(page) == []
    if screen == "phone":
        links = page.locator(".st-key-present-pages [data-testid='stPageLink-NavLink']")
        expect(links).to_have_count(len(PAGES))
        expect(links.first).to_be_visible()
    else:
        expect(page.locator(".st-key-present-pages")).to_be_hidden()  # the top navigation is there
        top = page.evaluate(f"() => Math.min(...[...document.querySelectorAll({MAIN_VISUAL!r})]"
                            ".map(e => e.getBoundingClientRect().top))")
        assert top < height, f"{name}: the main visual starts at {top} px, below the fold of {height}"
    screenshot(page, f"{screen}-{name}")


def test_a_phone_in_presentation_mode_moves_between_pages(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    open_view(page, server, "/?th=gender&present=1")
    page.locator(".st-key-present-pages").get_by_text("Funding mix").click()
    page.wait_for_selector("h1:has-text('Funding mix')")
    link = wait_for_href(page, contains="/funding")
    assert "th=gender" in link and "present=1" in link
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()


def test_streamlit_chart_toolbar_offers_no_uncaptioned_png(page, server):
    """Every image export carries its caption (the PNG and SVG buttons): the toolbar's own PNG is gone."""
    open_view(page, server, "/")
    drawn(page, 6)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.hover()
    expect(page.get_by_role("button", name="Fullscreen").first).to_be_visible()  # the toolbar is open
    pngs = page.locator("button[aria-label='Download as PNG']")
    assert pngs.count() and all(not button.is_visible() for button in pngs.all())


def test_an_iati_file_uploads_saves_and_opens_by_its_link_in_a_fresh_browser(browser, server):
    """Upload one of the IATI samples through the file input, check it, save it, and open the saved dataset in a
    fresh browser context through its link: the same numbers. A screenshot of each step."""
    from conftest import close, new_page
    from paths import shared

    sample = shared("samples", "iati", "iati_2.03_HondurasAIMS_GeocodedResearchRelease.xml")
    context, page, errors = new_page(browser)
    open_view(page, server, "/upload")
    screenshot(page, "upload-1-start")
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(sample))
    expect(page.get_by_text("Records in")).to_be_visible(timeout=60_000)
    page.get_by_text("3. Map", exact=True).scroll_into_view_if_needed()
    screenshot(page, "upload-2-detected-and-map")
    page.get_by_text("4. Check", exact=True).scroll_into_view_if_needed()
    screenshot(page, "upload-3-check")
    page.get_by_role("button", name="Save on this server and open").click()
    expect(page.get_by_text("is open: every page now shows it")).to_be_visible(timeout=60_000)
    screenshot(page, "upload-4-opened")
    page.get_by_role("link", name="Go to the Overview").click()
    link = wait_for_href(page, contains="ds=")
    page.wait_for_selector("h1:has-text('South-South cooperation at a glance')")
    drawn(page, 6)
    numbers = kpis(page)
    # The Honduras file's activities with a Southern provider: 60 a country, 57 CABEI or the OPEC Fund.
    assert numbers[0] == "117"
    close(context, errors)
    fresh, other, other_errors = new_page(browser)
    open_view(other, server, "/?" + link.split("?", 1)[1])
    drawn(other, 6)
    assert kpis(other) == numbers
    screenshot(other, "upload-5-saved-link-in-a-fresh-browser")
    close(fresh, other_errors)


def test_an_embedded_chart_draws_inside_another_sites_page(page, server, tmp_path):
    """An intranet page (served from another origin) iframes a chart's embed link: the chart draws, alone."""
    import http.server
    import threading

    (tmp_path / "report.html").write_text(
        '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><h1>Quarterly report</h1>'
        f'<iframe src="{server}/?embed=true&chart=per-year&th=gender" width="900" height="520" '
        'style="border:0"></iframe></body></html>', encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/report.html")
        frame = page.frame_locator("iframe")
        expect(frame.locator(".st-key-embed-chart .vega-embed .role-mark").first).to_be_attached(timeout=60_000)
        expect(frame.get_by_text("Open the full view in SSC Flows")).to_be_visible()
        expect(frame.locator("[data-testid='stSidebar']")).to_be_hidden()
        assert frame.locator(".vega-embed").count() == 1
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "embed-in-another-page.png")
    finally:
        site.shutdown()
