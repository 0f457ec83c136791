"""Reusable Streamlit pieces every page uses: the cached store and queries, the current View, the
page header, the KPI row, empty states, charts and downloads. Nothing here knows a page's layout."""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import geo, questions
from dashboard.data import prices
from dashboard.data.cache import shared
from dashboard.data.datasets import Dataset
from dashboard.data.filters import URL_FIELDS, Filters, Vocabulary
from dashboard.data.store import Store
from dashboard.pages import PAGES
from dashboard.settings import from_environment
from dashboard.words import charts, exports, text
from dashboard.words import languages as i18n
from dashboard.words.languages import LANG_KEY, LANGUAGES, N_, _, ngettext
from dashboard.words.markup import plain, verbatim

DATASET_KEY = "ds"
PRESENT_KEY = "present"  # ?present=1: presentation mode, for a screen in a meeting room
MANAGED_KEYS = (DATASET_KEY, PRESENT_KEY, LANG_KEY, *URL_FIELDS)  # the query parameters the sidebar owns
CSV_LIMIT = 100_000
EDITING_PAGES = ("upload",)
SYNTHETIC_BANNER = N_("Synthetic demonstration data, not real cooperation flows.")
EMPTY = N_("No initiatives match these filters: widen the years, clear a theme or a region, or press Reset filters.")


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_store(path: str, basis: str = prices.CURRENT) -> Store:
    return shared(path, basis)  # the same Store the API answers from


def load_store(path: str, basis: str = prices.CURRENT) -> Store:
    with st.spinner(_("Loading the dataset…"), show_time=False):
        return _load_store(path, basis)


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def run_query(path: str, name: str, f: Filters, args: tuple = (), lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """A query result, cached per dataset, Filters (its prices choose the store), arguments and language (the
    store itself is not hashed): its labels and place names are in the language."""
    return i18n.place_names(getattr(questions, name)(_load_store(path, f.prices), f, *args))


@st.cache_data(max_entries=8, show_spinner=False)
def dataset_facts(path: str, lang: str = i18n.DEFAULT) -> tuple[Vocabulary, pd.DataFrame, dict[str, str]]:
    """The dataset's vocabulary, its places (for the pickers) and its countries' names, in the language."""
    store = _load_store(path)
    names = {code: i18n.country(code, name) for code, name in questions.country_names(store).items()}
    return questions.vocabulary(store), i18n.place_names(questions.place_options(store)), names


@dataclass
class View:
    """What every page needs: the dataset, its store, the current filters and names."""

    dataset: Dataset
    store: Store
    filters: Filters
    vocabulary: Vocabulary
    names: dict[str, str]

    def query(self, name: str, *args) -> pd.DataFrame:
        return run_query(str(self.dataset.path), name, self.filters, args, i18n.current())


def navigation_mode() -> None:
    """Until some run has called st.navigation, Streamlit treats a pages/ folder as its legacy multipage mode:
    a fresh server's first run would run a requested page without app.py, and the widgets of that run get
    other ids than in every later run, so the first visitor's first click would be lost. Switch the mode off,
    as app.py's st.navigation would, and run again (once per server)."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def view() -> View:
    """The current View, set by app.py before it runs the page."""
    navigation_mode()
    if "view" not in st.session_state:  # a page run without app.py (see navigation_mode)
        st.rerun()
    return st.session_state["view"]


def filter_params() -> dict[str, str]:
    """The current link's dataset and filter parameters (not a page's own); repeated keys joined by commas."""
    return {k: ",".join(st.query_params.get_all(k)) for k in st.query_params if k in MANAGED_KEYS}


def open_country(code: str) -> None:
    """Go to a country's profile, keeping the dataset and filters."""
    st.switch_page("pages/country.py", query_params={**filter_params(), "country": code})


def open_initiative(initiative_id: str) -> None:
    """Go to one initiative's detail, keeping the dataset and filters."""
    st.switch_page("pages/initiatives.py", query_params={**filter_params(), "initiative": initiative_id})


def link_value(param: str, label: str, valid: Callable[[str], bool]) -> str | None:
    """The link's value for param, with a notice if valid rejects it. Call it before the widget: a widget bound
    to the link (bind="query-params") drops a value it cannot use from the link without a word.

    A value is judged once per session, as the link brings it: a page number that a narrower search later puts
    past the end is the app's doing, not the link's."""
    raw = st.query_params.get(param)
    judged = st.session_state.setdefault("link-values-judged", {})
    if raw is not None and judged.get(param) != raw:
        judged[param] = raw
        if not valid(raw):
            st.warning(_("Ignored {value} for {what} in the link.").format(value=verbatim(raw), what=label.lower()),
                       icon=":material/link_off:")
    return raw


def linked_choice(widget, label: str, options: dict, param: str, default, **kwargs):
    """A selectbox or radio whose choice lives in the link as ?param=<option key> (the default is
    not written; the key, never the label, so a link opens the same view in every language); an unknown value in
    the link gets a notice and the default. options: key → English label (translated here)."""
    keys = list(options)
    raw = link_value(param, label, lambda r: r in map(str, keys))
    wanted = next((k for k in keys if str(k) == raw), None)
    start = default if wanted is None else wanted
    # The key follows the link's value, so a changed link (or the back button) re-seeds the widget.
    chosen = widget(label, keys, index=keys.index(start), format_func=lambda k: _(options[k]), key=f"{param}-{raw}",
                    **kwargs)
    if chosen == default and param in st.query_params:
        del st.query_params[param]
    elif chosen != default and raw != str(chosen):
        st.query_params[param] = str(chosen)
    return chosen


def linked_toggle(label: str, param: str, **kwargs) -> bool:
    """A toggle that is off by default and on with ?param=1 in the link; another value gets a notice."""
    raw = link_value(param, label, lambda r: r == "1")
    on = st.toggle(label, value=raw == "1", key=f"{param}-{raw}", **kwargs)
    if not on and param in st.query_params:
        del st.query_params[param]
    elif on and raw != "1":
        st.query_params[param] = "1"
    return on


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


def choose_language() -> str:
    """The language of this run: the link's (?lang=), else the one this session chose, else the browser's when it
    is one of the app's, else English. Every later word of the run is in it."""
    browser = i18n.pick(st.context.locale) or i18n.DEFAULT
    raw = st.query_params.get(LANG_KEY)
    lang = raw if raw in LANGUAGES else st.session_state.get(LANG_KEY, browser)
    st.session_state[LANG_KEY] = lang
    i18n.use(lang)
    link_value(LANG_KEY, _("Language"), lambda r: r in LANGUAGES)
    return lang


def language_param() -> dict[str, str]:
    """The link's ?lang=: written unless the language is English and the browser's is too (a link then opens in
    the language it was shared in, whoever opens it)."""
    lang = i18n.current()
    written = lang != i18n.DEFAULT or (i18n.pick(st.context.locale) or i18n.DEFAULT) != i18n.DEFAULT
    return {LANG_KEY: lang} if written else {}


def _chosen_language(key: str) -> None:
    lang = st.session_state[key]
    st.session_state[LANG_KEY] = lang
    i18n.use(lang)
    written = {k: v for k, v in st.session_state.get("url_written", {}).items() if k != LANG_KEY}
    params = language_param()
    if params:
        st.query_params[LANG_KEY] = lang
    elif LANG_KEY in st.query_params:
        del st.query_params[LANG_KEY]
    st.session_state["url_written"] = {**written, **params}  # the app's own change, not a new link


def language_menu(presentation: bool = False) -> None:
    """The language selector: at the top of the sidebar, or a discreet one in presentation mode's header."""
    key = "present-lang" if presentation else "language"
    st.session_state[key] = i18n.current()
    (st if presentation else st.sidebar).selectbox(
        _("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key=key,
        on_change=_chosen_language, args=(key,), label_visibility="collapsed" if presentation else "visible",
        width=150 if presentation else "stretch")


def presenting() -> bool:
    """Presentation mode (?present=1, kept across pages): no sidebar, no controls, larger type."""
    return bool(st.session_state.get(PRESENT_KEY))


def leave_presentation() -> None:
    st.session_state[PRESENT_KEY] = False


# Every chart's images come from its PNG and SVG buttons, which caption them with the filters, the dataset and a
# citation: Streamlit's own "Download as PNG" in the chart's toolbar would bypass the caption, so it goes.
# A KPI row (kpi_cells) wraps rather than cut a label or a value: each KPI is as wide as its full text at least.
APP_CSS = """<style>
[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as PNG"]) { display: none; }
[class*="st-key-kpis-"] > [data-testid="stLayoutWrapper"] { min-width: max-content; }
</style>"""
# In presentation mode: the sidebar and every control in the page go (the page's settings stay as the link has
# them), the type grows by a quarter and the page starts higher, so its main visual is above the fold. On a phone,
# where Streamlit moves the navigation into the hidden sidebar, the page links below the title take its place.
# Charts are scaled by charts.for_screen.
PRESENTATION_CSS = APP_CSS.removesuffix("</style>") + """
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
[data-testid="stMainBlockContainer"] :is(h1, h3) { padding-top: 0; padding-bottom: 0; }
.st-key-present-pages { display: none; }
@media (max-width: 767px) { .st-key-present-pages { display: flex; } }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none; }
[data-testid="stMain"] [data-testid="stElementContainer"]:not(.st-key-leave-presentation, .st-key-present-lang,
  [class*="st-key-pager-"]):has(> :is(.stRadio,
  .stSelectbox, .stMultiSelect, .stCheckbox, .stSlider, .stTextInput, .stNumberInput, .stButtonGroup, .stDownloadButton,
  .stPopover, .stButton)) { display: none; }
[data-testid="stMain"] [class*="st-key-export-"] { display: none; }
</style>"""
# A chart alone, for an iframe (?embed=true&chart=NAME): only the block ui.chart puts that chart in shows; the
# sidebar, the navigation and every other element go, and the chart takes the page's width. `embed=true` is
# Streamlit's own chrome-less mode (Streamlit keeps the `embed` key to itself: the page cannot read it, so the
# chart key alone asks for the chart).
EMBED_KEY, CHART_KEY = "embed", "chart"
EMBED_CSS = APP_CSS.removesuffix("</style>") + """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], header { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem; max-width: none; }
[data-testid="stMain"] :is([data-testid="stElementContainer"], [data-testid="stHorizontalBlock"],
  [data-testid="stColumn"], [data-testid="stExpander"], [data-testid="stTabs"], [data-testid="stLayoutWrapper"]
  ):not(.st-key-embed-chart *):not(:has(.st-key-embed-chart)) { display: none; }
[data-testid="stMain"] [data-testid="stColumn"]:has(.st-key-embed-chart) { flex: 1 1 100%; width: 100%; }
</style>"""


def streamlit_words() -> str:
    """CSS putting the language's words where Streamlit writes its own English ones ("" in English): the top
    navigation's "N more" (its pages that do not fit on the line) becomes "More", the file uploader's button
    "Choose files", and the uploader's line of limits goes (the caption above the uploader gives them)."""
    if i18n.current() == i18n.DEFAULT:
        return ""
    more, choose = (json.dumps(word, ensure_ascii=False) for word in (_("More"), _("Choose files")))
    return f"""<style>
.rc-overflow-item-rest [data-testid="stTopNavSection"] [data-testid="stMarkdownContainer"] p {{ display: none; }}
.rc-overflow-item-rest [data-testid="stTopNavSection"] [data-testid="stMarkdownContainer"]::after {{
  content: {more}; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: {choose}; }}
</style>"""


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


# --- Page furniture ----------------------------------------------------------------------------


def header(title: str, v: View) -> None:
    """The page title, the synthetic banner, link notices and the one-line filter summary (in presentation
    mode, the filters are the subtitle and a button leads back to the full view)."""
    if v.store.synthetic:
        st.warning(_(SYNTHETIC_BANNER), icon=":material/science:")
    for notice in st.session_state.get("notices", []):
        st.warning(notice, icon=":material/link_off:")
    st.title(title)
    line = text.view_line(v.filters, v.names, v.store.prices, markdown=True)
    if not presenting():
        st.caption(f"**{plain(_(v.dataset.label))}** · {line}")
        return
    with st.container(horizontal=True, key="present-pages", gap="small"):
        for script, label, icon, path in PAGES:
            if path in EDITING_PAGES:
                continue  # a meeting room's screen shows the data, not the upload form
            st.page_link(script, label=_(label), icon=icon, query_params={**filter_params(), PRESENT_KEY: "1"})
    st.subheader(line, anchor=False)
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(_("{dataset} · version {version} · SSC Flows").format(dataset=plain(_(v.dataset.label)),
                                                                        version=v.store.version))
    with right.container(horizontal=True, horizontal_alignment="right"):
        language_menu(presentation=True)
        st.button(_("Leave presentation mode"), on_click=leave_presentation, type="tertiary",
                  icon=":material/close_fullscreen:", key="leave-presentation")


def kpi_cells(n: int, key: str) -> list:
    """n KPI cells side by side, in a row that wraps to another line rather than cut a label or a value (French,
    Spanish and Portuguese run a quarter longer than English; a narrow window takes fewer per line)."""
    row = st.container(horizontal=True, gap="medium", key=f"kpis-{key}")
    return [row.container() for _cell in range(n)]


def kpi_row(v: View) -> dict:
    """The KPI row; returns the KPIs as a dict."""
    k = v.query("kpis").iloc[0].to_dict()
    cells = kpi_cells(6, "overview")
    cells[0].metric(_("Initiatives"), text.count(k["initiatives"]), help=_("Initiatives matching the filters."))
    cells[1].metric(_("Providing countries"), text.count(k["providers"]),
                    help=_("Countries named as provider in at least one initiative."))
    cells[2].metric(_("Receiving countries"), text.count(k["receivers"]),
                    help=_("Countries named as receiver in at least one initiative."))
    cells[3].metric(_("Countries involved"), text.count(k["countries"]), help=_("Countries in either role."))
    cells[4].metric(_("Reported funding"), text.reported_usd(k["reported_usd"], k["with_amounts"] > 0),
                    help=_("Sum of the amounts the sources report, in the US$ the page states (current or constant). "
                         "Amounts not reported are not counted as zero: they are left out, and counted on the right."))
    cells[5].metric(_("Not reported"), text.count(k["unreported"]),
                    delta=_("{share} of initiatives").format(share=text.share(int(k["unreported"]),
                                                                               int(k["initiatives"])))
                    if k["initiatives"] else None, delta_color="off", delta_arrow="off",
                    help=_("Initiatives with no amount, or with a contribution whose amount is not reported, and "
                         "their share of all initiatives. Their unknown amounts are not in Reported funding."))
    if k["unconverted"]:
        st.caption(unconverted_line(int(k["unconverted"])))
    return k


def unconverted_line(n: int) -> str:
    """Why some 'not reported' amounts are in fact reported: a currency or year these prices cannot state."""
    return ngettext("Of these, {n} initiative reports an amount that could not be converted to these prices (a "
                    "currency with no exchange rate, or a year the deflator does not reach): reported, not converted; "
                    "the import report lists it.",
                    "Of these, {n} initiatives report an amount that could not be converted to these prices (a "
                    "currency with no exchange rate, or a year the deflator does not reach): reported, not converted; "
                    "the import report lists them.", n).format(n=text.count(n))


# Below this share of initiatives reporting an amount, a value view says how much of the data it covers.
VALUE_COVERAGE_MIN = 0.5


def amounts(v: View) -> tuple[int, int]:
    """(initiatives, of which report at least one amount) under the filters."""
    k = v.query("kpis").iloc[0]
    return int(k["initiatives"]), int(k["with_amounts"])


def value_default(v: View, value, count):
    """A value control's default: value, or count when no amount is reported under the filters."""
    n, known = amounts(v)
    return count if n and not known else value


def amounts_notice(v: View, showing_value: bool) -> None:
    """Say when values rest on nothing (no amount reported) or on little (under VALUE_COVERAGE_MIN); the others
    report no amount, or (unconverted) one that could not be converted (the KPI row's note says how many)."""
    k = v.query("kpis").iloc[0]
    n, known, unconverted = int(k["initiatives"]), int(k["with_amounts"]), int(k["unconverted"])
    if not n:
        return
    if not known and showing_value:
        st.warning(_("No amounts are reported under these filters: every value here is unknown, not zero. Count "
                     "initiatives instead."), icon=":material/money_off:")
    elif not known:
        st.caption(_("No amounts are reported under these filters, so this page counts initiatives."))
    elif showing_value and known / n < VALUE_COVERAGE_MIN:
        line = ngettext("Values rest on {known} of the {n} initiative ({share}): the others report no amount, or "
                        "one that could not be converted. Counting initiatives covers them all.",
                        "Values rest on {known} of the {n} initiatives ({share}): the others report no amount, or "
                        "one that could not be converted. Counting initiatives covers them all.", n) if unconverted \
            else ngettext("Values rest on {known} of the {n} initiative ({share}): the others report no amount. "
                          "Counting initiatives covers them all.",
                          "Values rest on {known} of the {n} initiatives ({share}): the others report no amount. "
                          "Counting initiatives covers them all.", n)
        st.caption(line.format(known=text.count(known), n=text.count(n), share=text.share(known, n)))


def folded(label: str, key: str, expanded: bool = False, linked: bool = False):
    """An expander whose content runs, and is sent to the browser, only while it is open: the
    expander when open, else None. A closed table costs nothing to draw; opening it reruns the page.
    linked: its state is in the link too, as ?key=true."""
    if linked:
        link_value(key, label.split(":")[0], lambda r: r.lower() in ("true", "false"))
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun",
                      bind="query-params" if linked else None)
    return box if box.open else None


def folded_tabs(title: str, labels: list[str] | tuple[str, ...]):
    """The tables behind a drawing, folded (a grid costs the browser more than the drawing): one tab per table,
    of which only the open one should run. The fold and the open tab are in the link (?tables=true, ?table=, by
    the tab's English label, so a link opens the same tab in every language); a link with only ?table= opens the
    fold. title: the fold's (translated); labels: the tabs' (N_-marked). The tabs, or None while folded."""
    box = folded(title, "tables", expanded="table" in st.query_params, linked=True)
    if box is None:
        return None
    with box:
        raw = link_value("table", _("the open table"), lambda r: r in labels)
        shown = [_(label) for label in labels]
        start = shown[labels.index(raw)] if raw in labels else shown[0]
        tabs = st.tabs(shown, default=start, key=f"table-{raw}", on_change="rerun")
        chosen = next((label for label, tab in zip(labels, tabs, strict=True) if tab.open), raw)
        if chosen == labels[0] and "table" in st.query_params:
            del st.query_params["table"]
        elif chosen != labels[0] and chosen != raw:
            st.query_params["table"] = chosen
        return tabs


def empty_state() -> None:
    st.info(_(EMPTY), icon=":material/filter_alt_off:")


def chart(v: View, spec: alt.TopLevelMixin, data: pd.DataFrame, name: str, **kwargs):
    """Draw a chart, with PNG, SVG and CSV downloads of it under it (see exports).

    The chart skips Altair's run-time schema pass (tens of ms a chart; about 0.1 s for the map): every chart
    function's spec is validated by its tests, where to_dict() validates. data is the table the chart draws,
    for the CSV; name (unique on the page) names the files."""
    wanted = embedded_chart()
    if wanted is not None and wanted != name:
        return None  # an iframe of another chart of this page: nothing else is drawn
    drawn = i18n.localise_chart(charts.stacked_legends(charts.lean(spec).to_dict(validate=False)))
    if wanted == name:
        with st.container(key="embed-chart"):
            st.vega_lite_chart(drawn, width="stretch")
            st.caption(_("{filters} · {dataset}, version {version} · [Open the full view in SSC Flows]({link})").format(
                filters=text.view_line(v.filters, v.names, v.store.prices, markdown=True),
                dataset=plain(_(v.dataset.label)), version=v.store.version, link=full_view_link()))
        st.session_state["embed_found"] = True
        st.stop()
    event = st.vega_lite_chart(charts.for_screen(drawn) if presenting() else drawn, width="stretch", **kwargs)
    export_buttons(v, drawn, data, name)
    return event


def provenance(v: View) -> exports.Provenance:
    """What an export from this view says about where it comes from."""
    return exports.Provenance(
        dataset=_(v.dataset.label), version=v.store.version,
        filters=text.view_line(v.filters, v.names, v.store.prices),
        link=share_link(), date=date.today().isoformat(), sources=v.dataset.sources, synthetic=v.store.synthetic,
        licence=v.dataset.meta.get("licence", ""), lang=i18n.current())


def export_buttons(v: View, spec: dict, data: pd.DataFrame, name: str) -> None:
    """PNG, SVG and CSV of one chart, made only when clicked, each carrying the view's provenance."""
    p = provenance(v)
    stem = f"ssc-flows-{v.dataset.key}-{name}"
    local = {geo.OUTLINES_URL: geo.OUTLINES}  # the map's outlines, which the browser fetches by URL

    def figure() -> dict:
        return exports.captioned(spec, p, local)

    row = st.container(horizontal=True, horizontal_alignment="right", gap="small", key=f"export-{name}")
    for label, make, mime in (("PNG", lambda: exports.png(figure()), "image/png"),
                              ("SVG", lambda: exports.svg(figure()), "image/svg+xml"),
                              ("CSV", lambda: exports.csv(data, p), "text/csv")):
        row.download_button(label, data=make, file_name=f"{stem}.{label.lower()}", mime=mime, on_click="ignore",
                            icon=":material/download:", type="tertiary", key=f"{label}-{name}")
    with row.popover(_("Embed"), icon=":material/code:", type="tertiary", key=f"embed-{name}",
                     help=_("The HTML that shows this chart, live, in an intranet page, a report or a slide.")):
        st.caption(_("Paste this HTML where the chart should appear; it shows the chart under these filters, with a "
                   "link back to this view:"))
        st.code(embed_code(name), language="html", wrap_lines=True)


def download_buttons(v: View, total: int) -> None:
    """CSV of the filtered list up to CSV_LIMIT rows; beyond that, a message and Parquet instead."""
    stamp = f"ssc-flows-{v.dataset.key}"
    p = provenance(v)
    if total <= CSV_LIMIT:
        st.download_button(
            _("Download {initiatives} (CSV)").format(initiatives=text.initiatives(total)),
            data=lambda: exports.csv(questions.export_rows(v.store, v.filters, CSV_LIMIT), p),
            file_name=f"{stamp}.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
        )
        return
    st.info(_("{n} initiatives match: more than the {limit} a CSV file holds comfortably. Download them as Parquet "
              "(opens in Python, R, DuckDB or Excel's Power Query), or narrow the filters.").format(
        n=text.count(total), limit=text.count(CSV_LIMIT)), icon=":material/table_view:")
    st.download_button(_("Download {initiatives} (Parquet)").format(initiatives=text.initiatives(total)),
                       data=lambda: _parquet(v),
                       file_name=f"{stamp}.parquet", mime="application/vnd.apache.parquet", on_click="ignore",
                       icon=":material/download:")


def money_table(frame: pd.DataFrame, **kwargs):
    """st.dataframe with every "(US$)" column written as money reads everywhere ("US$2.3M"; "not reported" for an
    unknown amount), the numbers kept underneath, so a click on its header still sorts by value."""
    money = [c for c in frame.columns if "(US$" in str(c)]
    shown = frame.style.format(text.usd, subset=money, na_rep=_(text.NOT_REPORTED)) if money else frame
    return st.dataframe(shown, hide_index=True, width="stretch", **kwargs)


def csv_button(v: View, rows: pd.DataFrame, stem: str, label: str) -> None:
    """Download a small table as CSV, its first lines naming the filters, the dataset, the link and the date."""
    p = provenance(v)
    st.download_button(label, data=lambda: exports.csv(rows, p), file_name=f"ssc-flows-{v.dataset.key}-{stem}.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:", key=f"csv-{stem}")


def _parquet(v: View) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.parquet"
        questions.export_parquet(v.store, v.filters, str(path))
        return path.read_bytes()


# --- Overview ----------------------------------------------------------------------------------


def overview_summary(v: View, kpis: dict) -> str:
    """The plain-language summary of the filtered data."""
    places = v.query("per_country")
    countries = places[places["kind"] == "country"]

    def top(role: str) -> list[str]:
        value, count = ("provided_usd", "initiatives_as_provider") if role == "provider" else (
            "received_usd", "initiatives_as_receiver")
        ranked = countries[countries[count] > 0].sort_values([value, count], ascending=False)
        return list(ranked["name"].head(3))

    years = v.query("per_year")["year"].dropna()
    span = (int(years.min()), int(years.max())) if len(years) else None
    return text.overview_summary(kpis, span, top("provider"), top("receiver"))


def initiative_count(v: View) -> int:
    return int(v.query("kpis").at[0, "initiatives"])
