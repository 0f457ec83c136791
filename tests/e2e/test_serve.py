"""Serving for an organisation: `python -m dashboard.serve` with two replicas behind Debian's HAProxy. Links are opened
through the proxy by the protocol client (dashboard.serve.client) and by Chromium; a replica is killed and the view
survives; saving needs an editor's sign-in (identity headers from an authenticating proxy, as an intranet has)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from conftest import close, new_page, playwright_api, screenshot
from live import running_topology
from paths import DEMO

from dashboard.data import datasets
from dashboard.serve import haproxy
from dashboard.serve.client import Session, open_link
from dashboard.settings import from_environment

EDITOR = {"X-Forwarded-Email": "editor@ministry.gov"}
PROMPT = "needs an editor's sign-in"


def need_haproxy() -> None:
    if shutil.which("haproxy"):
        return
    if os.environ.get("SSC_REQUIRE_BROWSER"):
        pytest.fail("HAProxy is required (SSC_REQUIRE_BROWSER): apt-get install haproxy")
    pytest.skip("serving tests skipped: HAProxy is not installed (apt-get install haproxy)")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("saved")
    copy = tmp_path_factory.mktemp("upload") / "demo"
    shutil.copytree(DEMO, copy)
    (copy / "dataset.yaml").write_text("title: Ministry upload\n", encoding="utf-8")
    key = datasets.save(copy, from_environment({"SSC_SAVED_DIR": str(folder)}))
    return folder, key


@pytest.fixture(scope="module")
def topology(saved):
    need_haproxy()
    env = {"SSC_SAVED_DIR": str(saved[0]), "SSC_SAVING": "on", "SSC_SIGN_IN": "headers",
           "SSC_EDITORS": "editor@ministry.gov",
           "STREAMLIT_SERVER_TRUSTED_USER_HEADERS": json.dumps({"X-Forwarded-Email": "email"})}
    with running_topology(2, env) as running:
        yield running


def run(coroutine):
    """Run the protocol client's coroutine on a thread of its own: Playwright's sync API keeps an event loop
    running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": f"{haproxy.COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, answer.headers, answer.read()


def test_every_process_is_announced_and_ready(topology, saved):
    assert sorted(topology.replicas) == [1, 2] and topology.proxy_pid
    assert topology.lines[-1] == f"ready {topology.base}/"
    for _pid, port in topology.replicas.values():
        status, _, body = get(f"http://127.0.0.1:{port}/api/v1/ready")
        assert status == 200 and json.loads(body)["ready"] is True
    status, headers, body = get(f"{topology.base}/api/v1/ready")
    versions = json.loads(body)["datasets"]
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert {"reference", "demo", saved[1]} <= set(versions) and versions["demo"] == versions[saved[1]]


def test_the_sticky_cookie_keeps_a_browser_on_its_replica(topology):
    _, headers, _ = get(f"{topology.base}/")
    first = headers["X-SSC-Replica"]
    assert f"{haproxy.COOKIE}={first}" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    for replica in ("r1", "r2"):
        answered = {get(f"{topology.base}/api/v1/kpis.json", cookie=replica)[1]["X-SSC-Replica"] for _ in range(6)}
        assert answered == {replica}


def test_links_open_through_the_proxy_on_both_replicas(topology):
    links = ["/", "/map?rr=Africa&yr=2000-2010", "/country?country=BRA", "/network?th=agri_production",
             "/funding?lang=fr", "/initiatives?q=water", "/about", "/?ds=demo&present=1"]

    async def both():
        replies = []
        for replica in ("r1", "r2"):
            cookie = {"Cookie": f"{haproxy.COOKIE}={replica}"}
            replies += await asyncio.gather(*(open_link(topology.base, link, cookie) for link in links))
        return replies

    for opened in run(both()):
        assert opened.finished and not opened.errors and opened.failure is None, opened
        assert not any("Ignored" in t for t in opened.texts), opened.texts  # every key of the links was used


def test_too_big_a_request_is_refused_at_the_proxy(topology):
    request = urllib.request.Request(f"{topology.base}/_stcore/upload_file/x/y", method="PUT", data=b"",
                                     headers={"Content-Length": str(60 * 1024 * 1024)})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 413


def test_saving_renaming_and_deleting_need_an_editor_s_sign_in(topology, saved):
    folder, key = saved

    async def visit(headers):
        async with Session(topology.base, headers) as session:
            return await session.open("/upload")

    anonymous = run(visit({}))
    outsider = run(visit({"X-Forwarded-Email": "visitor@elsewhere.org"}))
    for refused in (anonymous, outsider):
        assert refused.finished and not refused.errors
        assert any(PROMPT in t for t in refused.texts) and "Rename" not in refused.widgets
    assert any("visitor@elsewhere" in t and "not among" in t for t in outsider.texts)

    async def rename():
        async with Session(topology.base, EDITOR) as session:
            page = await session.open("/upload")
            assert page.finished and not any(PROMPT in t for t in page.texts), page.texts
            assert any("editor@ministry" in t for t in page.texts)  # "Signed in as …" in the sidebar
            return await session.click(page.widgets["Rename"], {page.widgets["New title"]: "Renamed by an editor"})

    done = run(rename())
    assert done.finished and not done.errors, done
    meta = yaml.safe_load((folder / key / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "Renamed by an editor"


def test_a_replica_that_dies_loses_no_view(topology, browser):
    """Chromium opens a filtered link in French and in presentation mode through the proxy; the replica holding
    its session is killed; the browser reconnects through the proxy and draws the same view, with no error."""
    expect = playwright_api().expect
    context, page, errors = new_page(browser)
    sockets: list = []
    page.on("websocket", lambda ws: sockets.append(ws))
    link = "/map?rr=Africa&th=gender&lang=fr&present=1"
    page.goto(topology.base + link)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Carte des flux de coopération", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    subtitle = page.locator("[data-testid='stMain'] h3").first.inner_text()
    assert "Afrique" in subtitle
    replica = next(c["value"] for c in context.cookies() if c["name"] == haproxy.COOKIE)
    n = int(replica.removeprefix("r"))
    pid = topology.replicas[n][0]
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 90
    while len(sockets) < 2 and time.monotonic() < deadline:  # the front end's new websocket, to another replica
        page.wait_for_timeout(250)
    assert len(sockets) >= 2, "the browser did not reconnect"
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    expect(heading).to_have_text("Carte des flux de coopération")
    expect(page.locator("[data-testid='stMain'] h3").first).to_have_text(subtitle)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()  # still presenting
    assert page.evaluate("location.href") == topology.base + link
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0
    screenshot(page, "serve-after-a-replica-died")
    deadline = time.monotonic() + 60
    while topology.replicas[n][0] == pid and time.monotonic() < deadline:
        time.sleep(0.2)
    assert topology.replicas[n][0] != pid  # dashboard.serve started it again
    # The outage itself: the dropped websocket and any request in flight to the killed replica (a 502/503 from the
    # proxy, a refused connection) are what killing it means; any other console error fails the test.
    outage = ("WebSocket", "_stcore", "Failed to load resource", "net::ERR_")
    close(context, [e for e in errors if not any(mark in e for mark in outage)])
