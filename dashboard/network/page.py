"""The Network page's pieces: its controls (in the link), the cached network, the drawing and the
tables beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.network import charts as network_charts
from dashboard.network import metrics as network
from dashboard.shell import dominance
from dashboard.shell.figures import chart, csv_button, money_table, open_pair, pair_filters
from dashboard.shell.furniture import amounts_notice, folded_tabs, value_default
from dashboard.shell.presentation import presenting
from dashboard.shell.state import View, linked_choice, linked_toggle, load_store, open_country
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _, ngettext

EDGE_CHOICES = [25, 50, 100, 200]


@dataclass(frozen=True)
class Controls:
    level: str
    by: str
    top: int
    colour: str
    facilitators: bool
    once: bool = False  # initiatives counted once (their pairs share them; see shell.dominance)


def controls(v: View) -> Controls:
    """Level, weight, edges drawn, colour and facilitators, all in the link (weight: initiatives by default when
    no amount is reported under the filters)."""
    a, b, c, d, e = st.columns([2, 2, 1, 2, 3], vertical_alignment="bottom")
    with a:
        level = linked_choice(st.radio, _("Nodes"), network.LEVELS, "level", "country", horizontal=True,
                              help=_("Countries, or M49 sub-regions (intermediate regions, such as Western Africa or "
                                   "South America, where M49 has them)."))
    with b:
        by = linked_choice(st.radio, _("Weigh edges by"), network.WEIGHTS, "weight", value_default(v, "value", "count"),
                           horizontal=True,
                           help=_("Reported value follows the allocation rule (an initiative's reported funding is "
                                "shared evenly across its provider→receiver pairs); initiatives counts them. Also "
                                "decides which edges are the largest."))
    with c:
        top = linked_choice(st.selectbox, _("Edges drawn"), {n: str(n) for n in EDGE_CHOICES}, "edges", 100,
                            help=_("Only the largest edges are drawn, so the drawing stays legible; the tables list "
                                 "every place."))
    with d:
        colour = linked_choice(st.radio, _("Colour nodes by"), network_charts.COLOUR_BY, "colour", "region",
                               horizontal=True, help=_("Communities: groups of places more tied to each other than to "
                                                     "the rest (Louvain, on the drawn edges)."))
    with e:
        facilitators = linked_toggle(_("Show facilitators"), "fac",
                                     help=_("Triangular cooperation: the organisations that broker or co-finance an "
                                          "exchange (IFAD, FAO, GIZ…), linked to the places they work with."))
        once = dominance.count_once(by == "count")
    amounts_notice(v, by == "value")
    dominance.notice(v)
    return Controls(level, by, int(top), colour, facilitators, once)


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def _network(path: str, f: Filters, level: str, by: str, top: int, facilitators: bool, lang: str,
             once: bool = False) -> network.Network:
    """The network for these filters and controls (the graph work is cached; colour is not part of it), its places
    named in the language."""
    store = load_store(path)
    edges = i18n.place_names(questions.network_edges(store, f, level, by, once=once))
    links = questions.facilitator_links(store, f, level) if facilitators else None
    return network.build(edges, by, top, links)


def build(v: View, c: Controls) -> network.Network:
    with st.spinner(_("Laying out the network…"), show_time=False):
        return _network(str(v.dataset.path), v.filters, c.level, c.by, c.top, c.facilitators, i18n.current(),
                        c.once)


def no_edges(c: Controls, net: network.Network) -> None:
    """The empty state: no initiatives at all, or none with a pair of different places."""
    if not net.loops.empty and c.level == "subregion":
        st.info(_("Every flow under these filters runs within one sub-region, so there are no edges between "
                "sub-regions: show countries instead, or widen the filters."), icon=":material/hub:")
    elif not net.loops.empty:
        st.info(_("The initiatives under these filters link only partners named by the same region, so there are no "
                "edges to draw: widen the filters."), icon=":material/hub:")
    else:
        st.info(_("No initiatives match these filters, so there is no network: widen the years, clear a theme or a "
                "region, or press Reset filters."), icon=":material/filter_alt_off:")


def summary(net: network.Network, c: Controls) -> str:
    m = net.metrics
    weight = network.weight_column(c.by)
    total = float(net.metrics["provided_usd" if c.by == "value" else "links_out"].sum())
    drawn_share = float(net.drawn[weight].sum()) / total if total else None
    named = m[m["kind"] != "region"]  # partners named only by region are not places to rank
    most = named.sort_values(["partners", "weight"], ascending=False).head(1)
    broker = named[named["betweenness"].fillna(0) > 0].sort_values(["betweenness", "weight"], ascending=False).head(1)
    return text.network_summary(
        c.level, c.by, len(m), net.all_edges, len(net.drawn), drawn_share,
        (network.display_name(most["name"].iloc[0], most["kind"].iloc[0]), int(most["partners"].iloc[0]))
        if len(most) else None,
        (network.display_name(broker["name"].iloc[0], broker["kind"].iloc[0]), float(broker["betweenness"].iloc[0]))
        if len(broker) else None,
        int((m["reciprocity"] > 0).sum()), (float(net.loops["value_usd"].sum()), len(net.loops)),
    )


DRAWINGS = {"network": N_("Network"), "matrix": N_("Matrix")}


def drawing(v: View, net: network.Network, c: Controls) -> None:
    """The node-link drawing (a click on a country opens its profile), or the same edges as a matrix."""
    shape = linked_choice(st.radio, _("Draw the edges as"), DRAWINGS, "draw", "network", horizontal=True,
                          help=_("The matrix shows the same edges as a provider × receiver grid: easier to read when "
                               "the drawing is dense."))
    # An edge's number is its initiatives; counted once (shared among an initiative's pairs), no list has it, and at
    # the sub-region level an edge is no filter: a click on an edge then opens nothing.
    edges_open = c.level == "country" and not c.once and len(net.drawn) > 0
    if shape == "matrix":
        if edges_open:
            st.caption(_("Click a cell for its initiatives."))
        event = chart(v, network_charts.matrix(net.drawn, c.by, edges_open), net.drawn, f"network-matrix-{c.level}",
                      key="network-matrix", records=records(v, net, edges_open),
                      **_picking(network_charts.EDGE_SELECTIONS[:2 if c.by == "value" else 1] if edges_open else []))
        if edges_open:  # a chart with no selection returns no event to read
            open_pair(v, _picked_edge(event))
        return
    n = len(net.drawn)
    if c.by == "value":
        title = ngettext("Provider→receiver network: its only edge by reported value",
                         "Provider→receiver network: the {n} largest edges by reported value", n)
    else:
        title = ngettext("Provider→receiver network: its only edge by initiatives",
                         "Provider→receiver network: the {n} largest edges by initiatives", n)
    title = title.format(n=text.count(n))
    subtitle = (_("Node size: weighted degree (all flows) · square: partners named only by region · diamond: "
                  "facilitator (dashed: the initiatives it brokers)") if len(net.links) else
                _("Node size: weighted degree (all flows) · square: partners named only by region"))
    if (net.nodes["kind"] == "organisation").any():
        subtitle += _(" · triangle: Southern-led multilateral")
    if c.level == "country":  # a caption, not a subtitle: the exported image cannot be clicked
        st.caption(_("Click a country for its profile, or an edge for its initiatives.") if edges_open
                   else _("Click a country for its profile."))
    # In presentation mode the page is wider: a taller drawing keeps the layout's proportions.
    drawing = network_charts.node_link(net, c.colour, title, subtitle, height=800 if presenting() else 520,
                                       edges_open=edges_open)
    event = chart(v, drawing, net.drawn, f"network-{c.level}", key="network", records=records(v, net, edges_open),
                  **_picking(["place", *(["edge"] if edges_open else [])]))
    picked = (event or {}).get("selection", {}).get("place") or []
    code = picked[0].get("code") if picked else None
    if c.level == "country" and code and code in set(net.metrics.loc[net.metrics["kind"] == "country", "code"]):
        open_country(code)
    if edges_open:
        open_pair(v, _picked_edge(event))


def records(v: View, net: network.Network, edges_open: bool) -> list[tuple[str, Filters]]:
    """The drawn edges between named places as links to their initiatives (the Records menu, for the keyboard)."""
    if not edges_open:
        return []
    ends = network_charts.edge_ends(net.drawn)
    out = []
    for row, p, r in zip(net.drawn.itertuples(index=False), ends["provider_end"], ends["receiver_end"], strict=True):
        f = pair_filters(v.filters, (p, r))
        if f is not None:
            route = f"{network.display_name(row.provider_name, row.provider_kind)} → " \
                    f"{network.display_name(row.receiver_name, row.receiver_kind)}"
            out.append((f"{route}: {text.initiatives(int(row.initiatives))}", f))
    return out


def _picking(names: Sequence[str]) -> dict:
    """What makes a chart's clicks (its selections `names`) rerun the page."""
    return {"on_select": "rerun", "selection_mode": list(names)} if names else {}


def _picked_edge(event) -> tuple[str, str] | None:
    """The two ends of the edge (or matrix cell) a click selected, if any."""
    selection = (event or {}).get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {})
    for name in network_charts.EDGE_SELECTIONS:
        picked = selection.get(name) or []
        if picked and all(picked[0].get(end) for end in network_charts.ENDS):
            return str(picked[0][network_charts.ENDS[0]]), str(picked[0][network_charts.ENDS[1]])
    return None


TABLES = (N_("Places"), N_("Corridors"), N_("Facilitators"))


def tables(v: View, net: network.Network, c: Controls) -> None:
    """Beside the drawing: the places' metrics, the corridors and the facilitators. Only the open tab
    runs (the corridors need a query of their own). Folded, in the link (see folded_tabs)."""
    labels = TABLES if c.facilitators else TABLES[:2]
    tabs = folded_tabs(_("The tables behind the drawing: {tables}").format(
        tables=", ".join(_(t).lower() for t in labels)), labels)
    if tabs is None:
        return
    if tabs[0].open:
        with tabs[0]:
            _places(v, net, c)
    if tabs[1].open:
        with tabs[1]:
            _corridors(v, net, c)
    if c.facilitators and tabs[2].open:
        with tabs[2]:
            _facilitators(v, net, c)


def _places(v: View, net: network.Network, c: Controls) -> None:
    people = network.metrics_for_people(net.metrics)
    st.caption(_("The {n} places under these filters. Partners, values and reciprocity (the share of its partners it "
                 "has flows with in both directions) count all flows; betweenness and community are computed on the "
                 "drawn edges. Initiative links count an initiative once per partner.").format(
        n=text.count(len(people))))
    money_table(people, height=380, column_config={
        _("Reciprocity"): st.column_config.NumberColumn(format="percent"),
        _("Betweenness (drawn network)"): st.column_config.NumberColumn(format="%.3f"),
    })
    csv_button(v, people, f"network-places-{c.level}", _("Download the places' metrics (CSV)"))


def _corridors(v: View, net: network.Network, c: Controls) -> None:
    corridors = network.corridors_for_people(v.query("corridors", c.level, c.top, c.by, c.once))
    st.caption(_("The {n} drawn provider→receiver pairs: years are the first and last start year of their "
                 "initiatives; main themes are the three most frequent.").format(n=text.count(len(corridors))))
    money_table(corridors, height=380)
    csv_button(v, corridors, f"network-corridors-{c.level}", _("Download the corridors (CSV)"))


def _facilitators(v: View, net: network.Network, c: Controls) -> None:
    if net.facilitators.empty:
        st.caption(_("None of these initiatives names a facilitator."))
        return
    people = net.facilitators.rename(columns={
        "facilitator": _("Facilitator"), "facilitated": _("Initiatives facilitated"),
        "places": _("Places it works with"), "places_drawn": _("Of which drawn")})
    st.caption(_("Organisations the initiatives name as brokering or co-financing them. The drawing links them to "
                 "drawn places: the {n} links with most initiatives.").format(n=text.count(len(net.links))))
    st.dataframe(people, hide_index=True, width="stretch")
    csv_button(v, people, f"network-facilitators-{c.level}", "Download the facilitators (CSV)")
