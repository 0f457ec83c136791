"""The Network page's charts: the node-link drawing and the adjacency matrix (see dashboard.words.charts
for the shared visual language; regions keep their colours on every page)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.network.metrics import FACILITATOR, Network, display_name
from dashboard.words import colours, text
from dashboard.words import languages as i18n
from dashboard.words.charts import NO_DATA, fitted, frame, lean, scale
from dashboard.words.languages import N_, _

COLOUR_BY = {"region": N_("Region"), "community": N_("Community")}
KIND_LABELS = {"country": N_("Country"), "subregion": N_("Sub-region"), "region": N_("Partners named only by region"),
               "organisation": N_("Southern-led multilateral"), FACILITATOR: N_("Facilitator")}
KIND_SHAPES = {"country": "circle", "subregion": "circle", "region": "square", "organisation": "triangle-up",
               FACILITATOR: "diamond"}
FACILITATOR_COLOUR = "#555555"
OTHER_COMMUNITIES = N_("Smaller communities")
LABELLED = 15  # the largest places get a label; the rest, a tooltip
REGION_ORDER = list(colours.REGIONS)


def _place_frame(places: pd.DataFrame, colour_by: str) -> tuple[pd.DataFrame, alt.Scale]:
    """The drawn places with what their marks and tooltips show, and the colour scale in use."""
    if colour_by == "community":
        numbers = sorted({int(c) for c in places["community"] if int(c) <= len(colours.OKABE_ITO)})
        names = {c: _("Community {n}").format(n=c) for c in numbers}
        group = [names.get(int(c), _(OTHER_COMMUNITIES)) for c in places["community"]]
        used = {names[c]: colour for c, colour in zip(numbers, colours.OKABE_ITO, strict=False)}
        if _(OTHER_COMMUNITIES) in group:
            used[_(OTHER_COMMUNITIES)] = "#999999"
    else:
        present = set(places["region"])
        group = [i18n.region(r) for r in places["region"]]
        used = {i18n.region(r): c for r, c in colours.REGIONS.items() if r in present}
    data = places.assign(
        group=group,
        kind_label=[_(KIND_LABELS[k]) for k in places["kind"]],
        provided=[text.usd(v) for v in places["provided_usd"]],
        received=[text.usd(v) for v in places["received_usd"]],
        both_ways=[i18n.percent(r) for r in places["reciprocity"]],
        broker=[None if pd.isna(b) else round(float(b), 3) for b in places["betweenness"]],
        community_label=[None if pd.isna(c) else f"{int(c)}" for c in places["community"]],
    )
    return data, scale(used)


def node_link(net: Network, colour_by: str, title: str, subtitle: str, height: int = 520, edges_open: bool = False
              ) -> alt.LayerChart:
    """The drawn network: tapering edges (wide at the provider, narrow at the receiver), places sized by
    their weighted degree, coloured by region or community, facilitators linked by dashed lines. height is the
    drawing's: the title and the legends under it add to it (fit-x), so legends stacked on a phone take no
    room from the drawing. edges_open: a click on an edge selects its ENDS (selection "edge")."""
    is_facilitator = net.nodes["kind"] == FACILITATOR
    places, place_colours = _place_frame(net.nodes[~is_facilitator], colour_by)
    facilitators = net.nodes[is_facilitator].assign(kind_label=_(KIND_LABELS[FACILITATOR]))
    present = [k for k in KIND_LABELS if k in set(net.nodes["kind"])]
    axis = {"axis": None, "scale": alt.Scale(domain=[-1.12, 1.12], nice=False, zero=False)}
    layers = []
    if len(net.links):
        names = dict(zip(places["code"], places["label"], strict=True))
        links = net.links.assign(partner=net.links["code"].map(names))
        layers.append(
            alt.Chart(links).mark_rule(strokeDash=[4, 3], color=FACILITATOR_COLOUR, opacity=0.55, strokeWidth=1)
            .encode(x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q",
                    tooltip=[alt.Tooltip("facilitator:N", title=_("Facilitator")),
                             alt.Tooltip("partner:N", title=_("With")),
                             alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=",")])
        )
    edges = net.edges.merge(_edge_info(net.drawn), on="edge")
    trails = alt.Chart(edges).mark_trail(opacity=0.7, cursor="pointer" if edges_open else "default")
    if edges_open:
        trails = trails.add_params(alt.selection_point(name="edge", fields=ENDS, on="click", clear="dblclick"))
    layers.append(
        trails
        .encode(
            x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), detail=alt.Detail("edge:N"), order=alt.Order("step:Q"),
            size=alt.Size("size:Q", scale=None, legend=None),
            color=alt.Color("direction:N",
                            scale=scale(colours.flow_scale(edges["direction"])),
                            legend=alt.Legend(title=_("Flows (wide at the provider, narrow at the receiver)"),
                                              orient="bottom", direction="vertical", symbolType="stroke",
                                              symbolStrokeWidth=4, **fitted(1, 640))),
            tooltip=[alt.Tooltip("route:N", title=_("Flow")), alt.Tooltip("funding:N", title=_("Reported value")),
                     alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=",.2~f"),
                     alt.Tooltip("direction:N", title=_("Direction")),
                     alt.Tooltip("unreported:Q", title=_("Initiatives with amounts not reported"), format=",")],
        )
    )
    shape = alt.Shape("kind_label:N", scale=alt.Scale(domain=[_(KIND_LABELS[k]) for k in present],
                                                     range=[KIND_SHAPES[k] for k in present]),
                      legend=alt.Legend(title=_("Node"), orient="bottom", **fitted(2, 360)))
    pick = alt.selection_point(name="place", fields=["code"], on="click")
    layers.append(
        alt.Chart(places)
        .mark_point(filled=True, opacity=1, stroke="#ffffff", strokeWidth=1, cursor="pointer")
        .encode(
            x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis),
            size=alt.Size("weight:Q", scale=alt.Scale(range=[40, 1400], zero=True), legend=None),
            color=alt.Color("group:N", scale=place_colours, legend=alt.Legend(
                title=_(COLOUR_BY[colour_by]), orient="bottom", **fitted(3, 220))),
            shape=shape, tooltip=_node_tooltip(),
        )
        .add_params(pick)
    )
    if len(facilitators):  # one size and colour: a facilitator's weight is not in the places' unit
        layers.append(
            alt.Chart(facilitators).mark_point(filled=True, opacity=1, size=170, color=FACILITATOR_COLOUR)
            .encode(x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), shape=shape,
                    tooltip=[alt.Tooltip("label:N", title=_("Facilitator")),
                             alt.Tooltip("facilitated:Q", title=_("Initiatives facilitated"), format=","),
                             alt.Tooltip("partners_out:Q", title=_("Drawn places it is linked to"), format=",")])
        )
    labelled = pd.concat([places.head(LABELLED), facilitators.sort_values("weight", ascending=False).head(6)])
    text_layer = alt.Chart(labelled[["x", "y", "label"]]).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="label:N")
    layers += [text_layer.mark_text(dy=-14, fontSize=12, stroke="#ffffff", strokeWidth=3, strokeOpacity=0.9),
               text_layer.mark_text(dy=-14, fontSize=12, color="#222222")]
    # Everything in one constructor: each chained call would copy every layer again.
    return alt.layer(
        *(lean(layer) for layer in layers), title=frame(title, subtitle), height=height, width="container",
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", size="independent")),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        config=alt.Config(view=alt.ViewConfig(stroke=None)),
    )


def _edge_info(drawn: pd.DataFrame) -> pd.DataFrame:
    """One row per drawn edge: what its tooltip says."""
    both = drawn["reverse"] | (drawn["two_way_initiatives"] > 0)
    names = [(display_name(pn, pk), display_name(rn, rk)) for pn, pk, rn, rk in zip(
        drawn["provider_name"], drawn["provider_kind"], drawn["receiver_name"], drawn["receiver_kind"], strict=True)]
    return pd.DataFrame({
        "edge": range(len(drawn)),
        "route": [f"{p} → {r}" for p, r in names],
        "funding": [text.usd(v) for v in drawn["value_usd"]],
        "initiatives": drawn["initiatives"].to_numpy(),
        "unreported": drawn["unreported"].to_numpy(),
        "direction": colours.directions(both),
        **edge_ends(drawn),
    })


# A pair's two ends as data.filters.drilled reads them ('country:BRA'): a click on an edge opens its initiatives.
ENDS = ["provider_end", "receiver_end"]
EDGE_SELECTIONS = ("edge", "edge_unreported")  # a layer's selection must have a name of its own


def edge_ends(drawn: pd.DataFrame) -> dict[str, list[str]]:
    return {f"{side}_end": [f"{k}:{c}" for k, c in zip(drawn[f"{side}_kind"], drawn[side], strict=True)]
            for side in ("provider", "receiver")}


def _node_tooltip() -> list[alt.Tooltip]:
    return [alt.Tooltip("label:N", title=_("Place")), alt.Tooltip("kind_label:N", title=_("Kind")),
            alt.Tooltip("provided:N", title=_("Provided (reported US$)")),
            alt.Tooltip("received:N", title=_("Received (reported US$)")),
            alt.Tooltip("partners_out:Q", title=_("Partners it provides to"), format=","),
            alt.Tooltip("partners_in:Q", title=_("Partners it receives from"), format=","),
            alt.Tooltip("both_ways:N", title=_("Partners with flows both ways")),
            alt.Tooltip("broker:Q", title=_("Betweenness (drawn network)")),
            alt.Tooltip("community_label:N", title=_("Community"))]


def _order(drawn: pd.DataFrame, side: str, weight: str) -> list[str]:
    """The places of one side, by region (in the palette's order) then by their total on that side."""
    totals = drawn.groupby([f"{side}_label", f"{side}_region"], as_index=False)[weight].sum()
    totals["rank"] = [REGION_ORDER.index(r) if r in REGION_ORDER else len(REGION_ORDER)
                      for r in totals[f"{side}_region"]]
    return list(totals.sort_values(["rank", weight, f"{side}_label"], ascending=[True, False, True])[f"{side}_label"])


def matrix(drawn: pd.DataFrame, by: str, edges_open: bool = False) -> alt.LayerChart:
    """The drawn edges as a provider × receiver heatmap (rows and columns ordered by region, then by
    volume); a cell with initiatives but no reported value is grey, named as such. edges_open: a click on a cell
    selects its ENDS (selection "edge")."""
    weight = "value_usd" if by == "value" else "initiatives"
    data = drawn.assign(**{f"{side}_label": [display_name(n, k) for n, k in zip(
        drawn[f"{side}_name"], drawn[f"{side}_kind"], strict=True)] for side in ("provider", "receiver")})
    data["funding"] = [text.usd(v) for v in drawn["value_usd"]]
    data = data.assign(**edge_ends(drawn))
    cursor = "pointer" if edges_open else "default"
    rows, columns = _order(data, "provider", weight), _order(data, "receiver", weight)
    base = alt.Chart(data).encode(
        y=alt.Y("provider_label:N", sort=rows, title=_("Provider"), axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        x=alt.X("receiver_label:N", sort=columns, title=_("Receiver"),
                axis=alt.Axis(labelAngle=-60, labelLimit=180, orient="top", labelOverlap=False)),
        tooltip=[alt.Tooltip("provider_label:N", title=_("Provider")),
                 alt.Tooltip("receiver_label:N", title=_("Receiver")),
                 alt.Tooltip("funding:N", title=_("Reported value")),
                 alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=",.2~f"),
                 alt.Tooltip("unreported:Q", title=_("Initiatives with amounts not reported"), format=",")],
    )
    if by == "value":
        colour = alt.Color("value_usd:Q", scale=alt.Scale(type="log", scheme="viridis"),
                           legend=alt.Legend(title=_("Reported value"), orient="right", tickCount=4,
                                             labelExpr=i18n.usd_axis()))
        known = data["value_usd"] > 0
        cells = base.properties(data=data[known]).mark_rect(cursor=cursor).encode(color=colour)
        unknown = (base.properties(data=data[~known].assign(none=_("No reported value"))).mark_rect(color=NO_DATA,
                                                                                                  cursor=cursor)
                   .encode(opacity=alt.Opacity("none:N", scale=alt.Scale(range=[1]), legend=alt.Legend(
                       title=None, orient="right", symbolType="square", symbolFillColor=NO_DATA))))
        layers = [cells, unknown]
    else:
        layers = [base.mark_rect(cursor=cursor).encode(color=alt.Color(
            "initiatives:Q", scale=alt.Scale(scheme="viridis"),
            legend=alt.Legend(title=_("Initiatives"), orient="right", format=",d")))]
    if edges_open:
        layers = [layer.add_params(alt.selection_point(name=name, fields=ENDS, on="click", clear="dblclick"))
                  for name, layer in zip(EDGE_SELECTIONS, layers, strict=False)]
    return alt.layer(
        *(lean(layer) for layer in layers),
        title=frame(_("Who provides to whom: the {n} largest edges").format(n=i18n.number(len(drawn))),
                    _("Rows: providers · columns: receivers · ordered by region, then by volume; empty: no flow among "
                      "the drawn edges · colour: US$, log scale; grey: no reported value") if by == "value" else
                    _("Rows: providers · columns: receivers · ordered by region, then by volume; empty: no flow among "
                      "the drawn edges")),
        height=max(16 * len(rows), 120), width="container",
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        config=alt.Config(view=alt.ViewConfig(stroke="#dddddd")),
    )
