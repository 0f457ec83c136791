"""A protocol-level client of a running SSC Flows: it opens a link as a browser does, without a browser (a websocket
to /_stcore/stream, one rerun message with the link's page and query string, then the server's messages until the
script finishes). The capacity benchmark (bench/bench_capacity.py) and the serving tests use it; an operator can
check a deployment with it:

    python -m dashboard.serve.client http://127.0.0.1:8080/ "/map?rs=Africa" [--header "X-Forwarded-Email: a@b.org"]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from dashboard.serve.haproxy import COOKIE


@dataclass
class Opened:
    """What opening a link (or a click) gave: how long until its script finished, what travelled, what it showed."""

    link: str
    seconds: float = 0.0
    bytes: int = 0
    messages: int = 0
    finished: bool = False  # the script ran to its end
    errors: list[str] = field(default_factory=list)  # exceptions, error boxes, "page not found"
    texts: list[str] = field(default_factory=list)  # headings, markdown, alerts, widget labels, in order
    widgets: dict[str, str] = field(default_factory=dict)  # a widget's label → its id (to click it)
    replica: str | None = None  # the proxy's sticky cookie, when there is a proxy
    failure: str | None = None  # why the link could not be opened at all (refused, closed, timed out)


def rerun(link: str, base: str, locale: str, widgets: WidgetStates | None = None) -> bytes:
    """The BackMsg a browser sends when it opens `link` (a path and query string) on `base`, or reruns it with
    its widgets' states."""
    parts = urlsplit(link)
    message = BackMsg()
    state = message.rerun_script
    state.query_string = parts.query
    state.page_name = parts.path.strip("/")
    state.page_script_hash = ""
    state.context_info.url = base.rstrip("/") + link
    state.context_info.locale = locale
    state.context_info.timezone = "UTC"
    if widgets is not None:
        state.widget_states.CopyFrom(widgets)
    return message.SerializeToString()


def read(message: ForwardMsg, opened: Opened) -> None:
    """Note an element's words (and whether it is an error) and a widget's id."""
    if message.WhichOneof("type") == "page_not_found":
        opened.errors.append(f"page not found: {message.page_not_found.page_name}")
        return
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        opened.errors.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert":
        opened.texts.append(element.alert.body)
        if element.alert.format == Alert.ERROR:
            opened.errors.append(element.alert.body)
    elif kind in ("markdown", "heading", "text"):
        opened.texts.append(getattr(element, kind).body)
    elif kind in ("button", "download_button", "page_link", "text_input"):
        widget = getattr(element, kind)
        opened.texts.append(widget.label)
        if getattr(widget, "id", ""):
            opened.widgets.setdefault(widget.label, widget.id)


def _ws_url(base: str) -> str:
    parts = urlsplit(base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


class Session:
    """One browser tab's session: `async with Session(base) as s: await s.open(link); await s.click(...)`."""

    def __init__(self, base: str, headers: dict[str, str] | None = None, locale: str = "en-US",
                 timeout: float = 60.0):
        self.base, self.headers, self.locale, self.timeout = base, headers or {}, locale, timeout
        self.link = "/"
        self.ws: ClientConnection | None = None
        self.replica: str | None = None

    async def __aenter__(self) -> Session:
        self.ws = await connect(_ws_url(self.base), subprotocols=[Subprotocol("streamlit")],
                                additional_headers=self.headers, max_size=None, compression=None,
                                open_timeout=self.timeout)
        if self.ws.response is not None:
            cookie = SimpleCookie(self.ws.response.headers.get("set-cookie", ""))
            self.replica = cookie[COOKIE].value if COOKIE in cookie else None
        return self

    async def __aexit__(self, *exc) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def _run(self, payload: bytes, opened: Opened) -> Opened:
        assert self.ws is not None, "use the session in `async with`"
        start = time.perf_counter()
        opened.replica = self.replica
        async with asyncio.timeout(self.timeout):
            await self.ws.send(payload)
            async for raw in self.ws:
                opened.bytes += len(raw)
                opened.messages += 1
                message = ForwardMsg.FromString(raw if isinstance(raw, bytes) else raw.encode())
                read(message, opened)
                if (message.WhichOneof("type") == "script_finished"
                        and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY):
                    opened.finished = True
                    break
        opened.seconds = time.perf_counter() - start
        return opened

    async def open(self, link: str) -> Opened:
        """Open a link (a path and query string), as a browser's first visit does."""
        self.link = link
        return await self._run(rerun(link, self.base, self.locale), Opened(link))

    async def click(self, button: str, text: dict[str, str] | None = None) -> Opened:
        """Click the button whose id is `button`, with text inputs (id → value) filled in."""
        states = WidgetStates()
        for ident, value in (text or {}).items():
            states.widgets.add(id=ident, string_value=value)
        states.widgets.add(id=button, trigger_value=True)
        return await self._run(rerun(self.link, self.base, self.locale, states), Opened(self.link))


async def open_link(base: str, link: str, headers: dict[str, str] | None = None, timeout: float = 60.0,
                    locale: str = "en-US", hold: asyncio.Event | None = None) -> Opened:
    """Open `link` (e.g. "/map?rs=Africa") on the server at `base` in a new session, as a browser's first visit;
    keep the session open until `hold` is set, when given (to count what open sessions cost). A link that cannot
    be opened says why in `failure`, never raises."""
    start = time.perf_counter()
    try:
        async with Session(base, headers, locale, timeout) as session:
            opened = await session.open(link)
            if hold is not None:
                await hold.wait()
            return opened
    except TimeoutError:
        failure = "timed out"
    except Exception as error:  # noqa: BLE001 - a refused, closed or broken websocket: said, not raised
        failure = f"{type(error).__name__}: {error}"
    return Opened(link, seconds=time.perf_counter() - start, failure=failure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.serve.client", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8080/")
    parser.add_argument("link", nargs="?", default="/", help="a path and query string, e.g. '/map?rs=Africa'")
    parser.add_argument("--header", action="append", default=[], help="'Name: value', sent with the websocket")
    args = parser.parse_args(argv)
    headers = dict(h.split(":", 1) for h in args.header)
    opened = asyncio.run(open_link(args.base, args.link, {k.strip(): v.strip() for k, v in headers.items()}))
    print(f"{args.link}: {'drawn' if opened.finished else 'NOT drawn'} in {opened.seconds:.2f} s, "
          f"{opened.messages} messages, {opened.bytes:,} bytes, replica {opened.replica or '-'}")
    for line in opened.errors:
        print(f"  error: {line[:300]}")
    if opened.failure:
        print(f"  failure: {opened.failure}")
    return 0 if opened.finished and not opened.errors and not opened.failure else 1


if __name__ == "__main__":
    sys.exit(main())
