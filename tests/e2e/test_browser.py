"""What only a browser shows: links reproduce views, controls write the link, charts are drawn."""

from __future__ import annotations

import pytest
from live import running_server
from paths import REFERENCE

from dashboard import queries, text
from dashboard.filters import Filters
from dashboard.store import open_store

CHARTS = ".vega-embed svg, .vega-embed canvas"


def open_view(page, server: str, path: str) -> None:
    page.goto(server + path)
    page.wait_for_selector("[data-testid='stMetricValue'], [data-testid='stDataFrame'], h2", state="attached")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


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
    assert caption(page).endswith("Receivers: Africa · Themes: Gender")
    expected = queries.kpis(open_store(REFERENCE), Filters(themes=("gender",), receiver_regions=("Africa",))).iloc[0]
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert values[0] == text.count(expected["initiatives"])
    assert values[4] == text.usd(expected["reported_usd"])
    assert page.get_by_role("radio", name="Funding").is_checked()
    assert page.locator("[data-testid='stException']").count() == 0


def test_controls_write_the_link_and_pages_keep_it(page, server):
    open_view(page, server, "/?th=gender")
    page.get_by_role("checkbox", name="Include initiatives with").click(force=True)
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
    assert "Ignored the year range 'abc'" in alerts and "Ignored unknown theme 'astrology'" in alerts
    assert page.locator("[data-testid='stException']").count() == 0
    assert "yr=" not in wait_for_href(page, lacks="yr=")  # the bad value leaves the link


def test_share_this_view_gives_the_full_link(page, server):
    open_view(page, server, "/about?ds=demo&th=ict")
    page.get_by_role("button", name="Share this view").click()
    shared = page.locator("[data-testid='stCode']").inner_text().strip()
    assert shared == href(page) and shared.startswith(server + "/about?")


@pytest.mark.parametrize("dataset", ["reference", "demo"])
@pytest.mark.parametrize(("path", "charts"), [("/", 6), ("/map", 1), ("/country?country=IND", 4),
                                             ("/network", 1), ("/funding", 5), ("/initiatives", 0), ("/about", 2)])
def test_every_page_draws_on_both_datasets(page, server, dataset, path, charts):
    open_view(page, server, path + (("&" if "?" in path else "?") + "ds=demo" if dataset == "demo" else ""))
    if charts:
        page.wait_for_function(f"() => document.querySelectorAll('.vega-embed').length >= {charts}")
        page.wait_for_selector(CHARTS)
    assert page.locator("[data-testid='stException']").count() == 0
    banner = page.get_by_text("Synthetic demonstration data, not real cooperation flows.")
    assert (banner.count() > 0) == (dataset == "demo")


def test_a_fresh_servers_first_request_can_be_a_page_link(page):
    """Streamlit's legacy pages/ mode would run the page without app.py; the app must still work."""
    with running_server() as fresh:
        open_view(page, fresh, "/about?ds=demo&th=gender")
        assert page.locator("h1").first.inner_text() == "About the data"
        assert caption(page).endswith("Themes: Gender")
        assert page.locator("[data-testid='stException']").count() == 0


def test_the_map_draws_its_outlines_and_a_click_opens_the_country(page, server):
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url) if "countries.geojson" in r.url else None)
    open_view(page, server, "/map?th=gender&measure=received")
    page.wait_for_selector(CHARTS)
    # The outlines come from static/ by URL: Vega draws one path per country once they have arrived.
    page.wait_for_function("() => document.querySelectorAll('.vega-embed path[aria-label*=\"Country:\"]').length > 150")
    assert not failed
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
    page.wait_for_selector("text=There is no country 'XXX'")
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
    page.get_by_role("tab", name="Corridors").click()
    assert "table=Corridors" in wait_for_href(page, contains="table=Corridors")
    assert page.locator("[data-testid='stException']").count() == 0
