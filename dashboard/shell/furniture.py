"""Page furniture every page uses: the header, the KPI row, the notices on amounts not reported, folded
sections and tabs, the empty state, the Overview's plain summary. Nothing here knows a page's layout."""

from __future__ import annotations

import streamlit as st

from dashboard.shell.language import language_menu
from dashboard.shell.links import PRESENT_KEY
from dashboard.shell.navigation import PAGES
from dashboard.shell.presentation import leave_presentation, presenting
from dashboard.shell.state import EDITING_PAGES, View, filter_params, link_value
from dashboard.words import text
from dashboard.words.languages import N_, _, ngettext
from dashboard.words.markup import plain

SYNTHETIC_BANNER = N_("Synthetic demonstration data, not real cooperation flows.")


EMPTY = N_("No initiatives match these filters: widen the years, clear a theme or a region, or press Reset filters.")


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
    row = st.container(horizontal=True, gap="small", key=f"kpis-{key}")  # cells grow to fill the row anyway
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
        start = shown[labels.index(raw)] if raw is not None and raw in labels else shown[0]
        tabs = st.tabs(shown, default=start, key=f"table-{raw}", on_change="rerun")
        chosen = next((label for label, tab in zip(labels, tabs, strict=True) if tab.open), raw)
        if chosen == labels[0] and "table" in st.query_params:
            del st.query_params["table"]
        elif chosen is not None and chosen != labels[0] and chosen != raw:
            st.query_params["table"] = chosen
        return tabs


def empty_state() -> None:
    st.info(_(EMPTY), icon=":material/filter_alt_off:")


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
