"""A real server and a real browser (Debian's Chromium, driven by Playwright).

Every test's page fails the test on a browser console error or an uncaught script error, except the one
Streamlit itself makes on every direct link to a page other than the main one (see streamlit_probe).
Screenshots go to SSC_SCREENSHOTS (default: artifacts/screenshots), a folder CI keeps.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from live import running_server
from paths import ROOT

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("SSC_SCREENSHOTS") or ROOT / "artifacts" / "screenshots")
# Opened directly at /network, Streamlit's front end first tries /network/_stcore/health and host-config (is
# "network" a base path?), gets 404 and falls back to /_stcore/...: streamlit/streamlit#7074, open.
PROBE = re.compile(r"https?://[^/]+/[\w-]+/_stcore/(health|host-config)")


def playwright_api():
    """Playwright's sync API; without it the browser tests are skipped, unless SSC_REQUIRE_BROWSER (CI) is set."""
    if os.environ.get("SSC_REQUIRE_BROWSER"):
        import playwright.sync_api

        return playwright.sync_api
    return pytest.importorskip("playwright.sync_api", reason="browser tests skipped: Playwright is not installed "
                                                             "(pip install -r requirements-dev.txt)")


def streamlit_probe(message) -> bool:
    return "404" in message.text and bool(PROBE.fullmatch(message.location.get("url", "")))


@pytest.fixture(scope="session")
def server() -> str:
    with running_server() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("SSC_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required (SSC_REQUIRE_BROWSER) but {CHROMIUM} does not exist")
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    with playwright_api().sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


def new_page(browser):
    """A page in a fresh context (no cookies, no session) and the list its console errors go to."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} at {m.location.get('url')}")
            if m.type == "error" and not streamlit_probe(m) else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    return context, page, errors


def close(context, errors: list[str]) -> None:
    context.close()
    if errors:
        pytest.fail("browser console errors:\n" + "\n".join(errors))


@pytest.fixture
def page(browser):
    context, page, errors = new_page(browser)
    yield page
    close(context, errors)


@pytest.fixture
def fresh(browser):
    """Opens pages in new contexts, as someone else opening a shared link would; checks their consoles too."""
    opened = []

    def open_page():
        opened.append(new_page(browser))
        return opened[-1][1]

    yield open_page
    for context, _, errors in opened:
        close(context, errors)


def screenshot(page, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main area, so the window grows to the content's height."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 8000)})
    page.wait_for_function("() => document.querySelector('[data-testid=stMain]').scrollTop === 0")
    page.screenshot(path=path)
    page.set_viewport_size(size)
    return path
