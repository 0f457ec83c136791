"""Sharing a view: its link, the API's links for it, the embed codes of the page and of each chart, and the
notice an embedded chart gives when the page draws no chart of its name."""

from __future__ import annotations

import html
import os
from urllib.parse import urlencode, urlsplit

import streamlit as st

from dashboard.settings import from_environment
from dashboard.shell.links import CHART_KEY, EMBED_KEY, PRESENT_KEY
from dashboard.words.languages import _
from dashboard.words.markup import verbatim


def origin() -> str:
    """The server's address for links: the operator's SSC_PUBLIC_URL when set, else the address in this visitor's
    own browser (what they see; behind a proxy, set SSC_PUBLIC_URL)."""
    public = from_environment(os.environ).public_url
    if public:
        return public
    base = urlsplit(st.context.url or "")
    return f"{base.scheme}://{base.netloc}" if base.netloc else ""


def view_link(drop: tuple[str, ...] = (), add: dict[str, str] | None = None) -> str:
    """The full link of the current view (page path plus its query parameters), without the keys in drop and
    with those in add."""
    base = urlsplit(st.context.url or "")
    params = {k: st.query_params.get_all(k)[-1] for k in st.query_params if k not in drop}
    query = urlencode({**params, **(add or {})})
    public = from_environment(os.environ).public_url
    page = (public + "/" + (base.path or "/").strip("/").split("/")[-1]) if public else (
        origin() + (base.path or "/"))
    return page + (f"?{query}" if query else "")


def share_link(present: bool = False) -> str:
    """The full link of the current view, in presentation mode or not."""
    return view_link((PRESENT_KEY,), {PRESENT_KEY: "1"} if present else None)


def api_links(params: dict[str, str]) -> list[str]:
    """The data API's links for the current page's view (its endpoints, as CSV, with the view's filters)."""
    from dashboard.questions.registry import PAGE_ENDPOINTS

    base = urlsplit(st.context.url or "")
    page = (base.path or "/").strip("/").split("/")[-1]
    query = urlencode({k: v for k, v in params.items() if k != PRESENT_KEY})
    return [f"{origin()}/api/v1/{name}.csv" + (f"?{query}" if query else "") for name in PAGE_ENDPOINTS.get(page, ())]


def export_link(params: dict[str, str]) -> str:
    """The data API's zip of the current view's records (/api/v1/export.zip with the view's keys)."""
    query = urlencode({k: v for k, v in params.items() if k != PRESENT_KEY})
    return f"{origin()}/api/v1/export.zip" + (f"?{query}" if query else "")


def embedded_chart() -> str | None:
    """The chart an iframe asks for (?embed=true&chart=NAME), or None for the full view."""
    return st.query_params.get(CHART_KEY)


def full_view_link() -> str:
    """The view's link without the embedding keys: where an embedded chart sends its reader."""
    return view_link((EMBED_KEY, CHART_KEY))


def embed_code(name: str | None = None) -> str:
    """The iframe of this view (Streamlit's chrome-less embed mode), or of one of its charts alone."""
    src = view_link((EMBED_KEY, CHART_KEY), {EMBED_KEY: "true", **({CHART_KEY: name} if name else {})})
    return (f'<iframe src="{html.escape(src)}" title="SSC Flows{": " + html.escape(name) if name else ""}" '
            f'width="100%" height="{560 if name else 900}" style="border:0" loading="lazy"></iframe>')


def embedded_chart_missing(wanted: str) -> None:
    """After the page ran: say so when it drew no chart of the name an iframe asked for."""
    if not st.session_state.pop("embed_found", False):
        with st.container(key="embed-chart"):
            st.warning(_("This page draws no chart named {name} under these filters. In the full view, the Embed "
                         "button under each chart gives its code.").format(name=verbatim(wanted)),
                       icon=":material/code_off:")
            st.markdown("[" + _("Open the full view in SSC Flows") + f"]({full_view_link()})")
