"""The years played on the Map, in Chromium: Play runs through the years in the browser with no message to the server
(no script run per frame), a pause keeps the frame in the link and a reload opens it again, the mode follows, the
button's name is translated, presentation mode shows the player large, and the GIF export has a frame per year."""

from __future__ import annotations

import io

from conftest import screenshot
from PIL import Image
from test_browser import open_view, wait_for_href

PLAYER = ".ssc-player"


def frame(page) -> tuple[str | None, str | None]:
    player = page.locator(PLAYER)
    return player.get_attribute("data-year"), player.get_attribute("data-mode")


def test_play_runs_in_the_browser_and_a_pause_keeps_the_frame_in_the_link(page, server):
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    open_view(page, server, "/map?year=2005")
    page.wait_for_selector(f"{PLAYER}[data-year='2005']")
    page.wait_for_timeout(1500)  # the first run's messages are over
    before = len(sent)
    page.get_by_role("button", name="Play", exact=True).click()
    seen = set()
    for _ in range(40):
        seen.add(frame(page)[0])
        if page.locator(f"{PLAYER}[data-year='2009']").count():
            break
        page.wait_for_timeout(150)
    assert {"2006", "2007", "2008"} <= seen and len(sent) == before  # frames drawn, nothing sent
    shown = frame(page)[0]  # the years' bars play along: the year shown is the highlighted bar
    assert page.locator(f"{PLAYER} .ssc-timeline g[data-mode='each'] rect[data-current]").get_attribute(
        "data-year") in {shown, str(int(shown) + 1)}
    page.get_by_role("button", name="Pause", exact=True).click()
    paused = frame(page)[0]
    assert paused in ("2009", "2010")
    link = wait_for_href(page, f"year={paused}")
    page.get_by_role("button", name="Previous year").click()
    wait_for_href(page, f"year={int(paused) - 1}")
    page.get_by_role("radio", name="Cumulative").click()
    link = wait_for_href(page, "yrmode=cumulative")
    # Someone opening the shared link sees the same frame.
    page.goto(link)
    page.wait_for_selector(f"{PLAYER}[data-year='{int(paused) - 1}'][data-mode='cumulative']")
    title = page.locator(f"{PLAYER} .ssc-frame-title").inner_text()
    assert title.startswith(f"2005–{int(paused) - 1}: ") and "started" in title
    page.locator(f"{PLAYER} .ssc-timeline g[data-mode='cumulative'] rect[data-year='2006']").click()
    wait_for_href(page, "year=2006")  # a click on a year's bar shows that year, in the link
    screenshot(page, "map-years-played")


def test_the_player_speaks_the_language_and_presents_large(page, server):
    open_view(page, server, "/map?year=2007&lang=fr&present=1")
    page.wait_for_selector(f"{PLAYER}[data-year='2007']")
    play = page.get_by_role("button", name="Lecture", exact=True)
    assert play.is_visible()
    assert page.locator(f"{PLAYER}.ssc-large").count() == 1
    assert float(play.evaluate("b => getComputedStyle(b).fontSize").removesuffix("px")) >= 20
    assert not page.get_by_role("switch", name="Faire défiler les années").count()  # no controls when presenting
    screenshot(page, "map-years-presenting")


def test_the_gif_has_one_frame_per_year(page, server):
    open_view(page, server, "/map?yr=2006-2009&year=2006")
    page.wait_for_selector(f"{PLAYER}[data-year='2006']")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Animation (GIF)").click()
    gif = Image.open(io.BytesIO(download.value.path().read_bytes()))
    assert gif.format == "GIF" and gif.n_frames == 4


def test_the_network_plays_in_the_browser_too(page, server):
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    open_view(page, server, "/network?year=2005")
    page.wait_for_selector(f"{PLAYER}[data-year='2005']")
    page.wait_for_timeout(1500)
    before = len(sent)
    fills = page.locator(f"{PLAYER} [data-i]").evaluate_all("els => els.map(e => e.getAttribute('fill')).join()")
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_selector(f"{PLAYER}[data-year='2008']", timeout=10_000)
    assert len(sent) == before  # frames drawn in the browser, nothing sent
    later = page.locator(f"{PLAYER} [data-i]").evaluate_all("els => els.map(e => e.getAttribute('fill')).join()")
    assert later != fills  # the edges' colours follow the years
    page.get_by_role("button", name="Pause", exact=True).click()
    wait_for_href(page, "year=20")
    screenshot(page, "network-years-played")
