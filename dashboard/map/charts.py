"""The map: what it measures, the table it draws, and the layered Altair chart.

No Streamlit and no queries: small frames in (per-country values, flows, top partners), a
table or a chart out.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard.map import geo
from dashboard.words import charts, colours, exports, text
from dashboard.words import classes as value_classes
from dashboard.words.charts import fitted, frame, scale
from dashboard.words.languages import N_, _


@dataclass(frozen=True)
class Measure:
    column: str
    title: str
    kind: str  # 'usd', 'count' or 'net'
    role: str | None = None  # the role whose amounts a money measure sums


MEASURES = {
    "provided": Measure("provided_usd", N_("Value provided (US$)"), "usd", "provider"),
    "received": Measure("received_usd", N_("Value received (US$)"), "usd", "receiver"),
    "net": Measure("net_usd", N_("Net: provided − received (US$)"), "net"),
    "as_provider": Measure("initiatives_as_provider", N_("Initiatives as provider"), "count"),
    "as_receiver": Measure("initiatives_as_receiver", N_("Initiatives as receiver"), "count"),
    "initiatives": Measure("initiatives", N_("Initiatives, either role"), "count"),
    "partners": Measure("partners", N_("Distinct partners"), "count"),
}
# A measure's title as a chart's: "Value provided by country" (m.title without its unit would not translate well).
MAP_TITLES = {"provided": N_("Value provided by country"), "received": N_("Value received by country"),
              "net": N_("Net: provided − received by country"), "as_provider": N_("Initiatives as provider by country"),
              "as_receiver": N_("Initiatives as receiver by country"),
              "initiatives": N_("Initiatives, either role, by country"), "partners": N_("Distinct partners by country")}
WIDTH_BY = {"value": N_("Reported value"), "count": N_("Number of initiatives")}
OCEAN = "#eef4f8"
RIBBONS = "flow-ribbons"
TAPER = "M-1,-0.45L1,-0.1L1,0.1L-1,0.45Z"  # the legend's symbol: a ribbon, wide at the provider (SVG path)


def class_cuts(basis: pd.DataFrame, measure: str) -> list[float]:
    """The class bounds of a measure, from per_country of the whole dataset (basis), so that the classes are
    the same under every filter and two shared links are comparable."""
    m = MEASURES[measure]
    countries = basis[(basis["kind"] == "country") & (basis["initiatives"] > 0)]
    return value_classes.class_bounds(countries[m.column], m.kind)


def mapped_values(points: pd.DataFrame, places: pd.DataFrame, measure: str, cuts: list[float] | None = None
                  ) -> pd.DataFrame:
    """One row per country with a label point or an outline: its measure, its class and what a
    tooltip shows. Countries with no initiative under the filters get the 'no data' class. cuts: the class
    bounds (class_cuts of the whole dataset); by default, those of the values mapped."""
    m = MEASURES[measure]
    countries = places[places["kind"] == "country"].drop(columns=["name", "kind"])
    table = points.merge(countries, left_on="iso3", right_on="code", how="left").drop(columns="code")
    active = table["initiatives"].fillna(0) > 0
    values = table.loc[active, m.column]
    if cuts is None:
        cuts = value_classes.class_bounds(values, m.kind)
    if m.kind == "net":
        reported = (table.loc[active, "provided_usd"] > 0) | (table.loc[active, "received_usd"] > 0)
        classes = value_classes.classify_net(values, table.loc[active, "unreported"], reported, cuts)
    else:
        unreported = table.loc[active, f"unreported_as_{m.role}"] if m.role else table.loc[active, "unreported"]
        classes = value_classes.classify(values, unreported, money=m.kind == "usd", cuts=cuts)
    table["class"] = _(value_classes.NO_INITIATIVES)
    table.loc[active, "class"] = classes.labels
    table["value"] = table[m.column]
    none = _("no initiatives")
    table["shown"] = [_show(v, m.kind) if a else none for v, a in zip(table["value"], active, strict=True)]
    for column in ("initiatives_as_provider", "initiatives_as_receiver", "initiatives", "partners", "unreported"):
        table[column] = table[column].fillna(0).astype(int)
    table["top_partners"] = table["top_partners"].fillna(_("none"))
    table.attrs["classes"] = classes
    return table


def change_values(points: pd.DataFrame, change: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One row per country with a point or an outline: the change of a measure between two periods
    (questions.period_change), its diverging class, and both periods' values for the tooltip."""
    m = MEASURES[measure]
    countries = change[change["kind"] == "country"].drop(columns=["name", "kind"])
    table = points.merge(countries, left_on="iso3", right_on="code", how="left").drop(columns="code")
    active = table["initiatives_1"].fillna(0) + table["initiatives_2"].fillna(0) > 0
    delta = table.loc[active, f"change_{m.column}"]
    classes = value_classes.classify_change(delta, delta.notna(), money=m.kind != "count")
    table["class"] = _(value_classes.IN_NEITHER)
    table.loc[active, "class"] = classes.labels
    table["value"] = table[f"change_{m.column}"]
    unknown, none = _(text.NOT_REPORTED), _("no initiatives")

    def shown(value: float, on: bool) -> str:
        if not on:
            return none
        if pd.isna(value):
            return unknown
        return ("+" if value >= 0 else "−") + _show(abs(value), "count" if m.kind == "count" else "usd")

    table["shown"] = [shown(v, a) for v, a in zip(table["value"], active, strict=True)]
    for period in (1, 2):
        table[f"in_{period}"] = [shown(v, a).lstrip("+") for v, a in zip(table[f"{m.column}_{period}"], active,
                                                                         strict=True)]
    table["initiatives_as_provider"] = table["initiatives_as_provider_2"].fillna(0).astype(int)
    table["initiatives_as_receiver"] = table["initiatives_as_receiver_2"].fillna(0).astype(int)
    table["top_partners"] = ""
    table.attrs["classes"] = classes
    return table


def _show(value: float, kind: str) -> str:
    if kind == "count":
        return text.count(value)
    shown = text.usd(abs(value)) if kind == "net" and value < 0 else text.usd(value)
    return f"−{shown}" if kind == "net" and value < 0 else shown


def table_for_people(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The mapped values as a table to read and download: countries with initiatives, largest first."""
    m = MEASURES[measure]
    rows = table[table["class"] != _(value_classes.NO_INITIATIVES)].sort_values(["value", "initiatives"],
                                                                              ascending=False)
    return pd.DataFrame({
        _("Country"): rows["name"], "ISO3": rows["iso3"], _(m.title): rows["value"], _("Class"): rows["class"],
        _("Value provided (US$)"): rows["provided_usd"], _("Value received (US$)"): rows["received_usd"],
        _("Initiatives as provider"): rows["initiatives_as_provider"],
        _("Initiatives as receiver"): rows["initiatives_as_receiver"],
        _("Distinct partners"): rows["partners"], _("Initiatives with amounts not reported"): rows["unreported"],
        _("Top partners"): rows["top_partners"],
    })


def flows_for_people(flows: pd.DataFrame) -> pd.DataFrame:
    """The drawn (top N) flows as a table to read and download."""
    return pd.DataFrame({
        _("Provider"): flows["provider_name"], _("Receiver"): flows["receiver_name"],
        _("Value (US$)"): flows["value_usd"], _("Initiatives"): flows["initiatives"],
        _("Return flow exists"): flows["reverse"], _("Two-way initiatives"): flows["two_way_initiatives"],
        _("Initiatives with amounts not reported"): flows["unreported"],
    })


def flow_ribbons(flows: pd.DataFrame, points: pd.DataFrame, by: str) -> list[dict]:
    """The drawable flows as GeoJSON features: a ribbon tapering to the receiver (width by value or
    count), and what its tooltip says as properties."""
    widths = charts.line_widths(flows["value_usd"] if by == "value" else flows["initiatives"])
    drawn, rings = geo.ribbons(flows, points, widths)
    direction = colours.directions(flows["reverse"] | (flows["two_way_initiatives"] > 0))
    return [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {
        "route": f"{flows['provider_name'].iat[i]} → {flows['receiver_name'].iat[i]}",
        "funding": text.usd(flows["value_usd"].iat[i]),
        "initiatives": int(flows["initiatives"].iat[i]),
        "unreported": int(flows["unreported"].iat[i]),
        "direction": direction[i],
        # Its two ends as data.filters.drilled reads them (a click on the ribbon opens its initiatives).
        "p": f"{flows['provider_kind'].iat[i]}:{flows['provider'].iat[i]}",
        "r": f"{flows['receiver_kind'].iat[i]}:{flows['receiver'].iat[i]}",
    }} for i, ring in zip(drawn.tolist(), rings.tolist(), strict=True)]


TOOLTIP_FIELDS = ["iso3", "name", "class", "shown", "initiatives_as_provider", "initiatives_as_receiver",
                  "top_partners"]


def flow_map(table: pd.DataFrame, ribbons: list[dict], measure: str, subtitle: str | list[str] = "",
             outlines: str = exports.OUTLINES_URL, height: int = 620, title: str | None = None,
             tips: list[tuple[str, str]] | None = None, legend: tuple[int, int] = (3, 260)) -> alt.LayerChart:
    """The choropleth (outlines fetched from a URL, values joined by ISO3; dots for states too small
    for an outline) and the flow ribbons on top. height: the whole chart's, title and legends included (the
    world, about twice as wide as tall, fills the width of a 1440 px screen's page at 620 px). title, tips
    (field, title) and legend (columns, label width): another title, tooltip and legend (the change map's)."""
    m = MEASURES[measure]
    classes: value_classes.Classes = table.attrs["classes"]
    colour = alt.Color("class:N", title=_(m.title), scale=alt.Scale(domain=classes.domain, range=classes.colours),
                       legend=alt.Legend(orient="bottom", symbolType="square", symbolStrokeColor="#999",
                                         symbolStrokeWidth=0.5, **fitted(*legend)))
    tooltip = [
        alt.Tooltip("name:N", title=_("Country")),
        alt.Tooltip("shown:N", title=_(m.title)),
        alt.Tooltip("initiatives_as_provider:Q", title=_("Initiatives as provider"), format=","),
        alt.Tooltip("initiatives_as_receiver:Q", title=_("Initiatives as receiver"), format=","),
        alt.Tooltip("top_partners:N", title=_("Top partners")),
    ]
    fields = TOOLTIP_FIELDS
    if tips:
        tooltip = [alt.Tooltip("name:N", title=_("Country")), *(alt.Tooltip(f"{f}:N", title=t) for f, t in tips)]
        fields = ["iso3", "name", "class", *(f for f, _t in tips)]
    values = pd.DataFrame(table[fields])
    # Dots for the states too small for an outline that take part under the filters (the rest would be noise).
    shown = ~table["has_shape"] & table["lon"].notna() & ~table["class"].isin([_(value_classes.NO_INITIATIVES),
                                                                               _(value_classes.IN_NEITHER)])
    dots = pd.DataFrame(table.loc[shown, [*fields, "lon", "lat"]])
    pick = alt.selection_point(name="country", fields=["iso3"], on="click")
    pick_dot = alt.selection_point(name="dot", fields=["iso3"], on="click")

    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill=OCEAN, stroke="#c9d6df", strokeWidth=0.5)
    countries = (
        alt.Chart(alt.UrlData(outlines, format=alt.DataFormat(property="features", type="json")))
        .transform_lookup(lookup="properties.iso3",
                          from_=alt.LookupData(values, key="iso3", fields=fields))
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4, cursor="pointer")
        .encode(color=colour, tooltip=tooltip)
        .add_params(pick)
    )
    small = (
        alt.Chart(dots)
        .mark_circle(size=28, stroke="#666666", strokeWidth=0.5, opacity=1, cursor="pointer")
        .encode(alt.Longitude("lon:Q"), alt.Latitude("lat:Q"), color=colour.legend(None), tooltip=tooltip)
        .add_params(pick_dot)
    )
    layers = [sphere, countries, small]
    if ribbons:
        data = alt.NamedData(name=RIBBONS)  # the features join last: Altair copies a chart's data at every step
        # A white halo under each ribbon (its fill and an outline 1.5 px wide) keeps it legible over any colour.
        halo = alt.Chart(data).mark_geoshape(fill="#ffffff", stroke="#ffffff", strokeWidth=1.5, opacity=0.8)
        pick_flow = alt.selection_point(name="flow", fields=["p", "r"], on="click", clear="dblclick")
        lines = alt.Chart(data).transform_calculate(p="datum.properties.p", r="datum.properties.r").mark_geoshape(
            strokeWidth=0, opacity=0.85, cursor="pointer").add_params(pick_flow).encode(
            color=alt.Color("properties.direction:N", title=_("Flows (wide at the provider, narrow at the receiver)"),
                            scale=scale(colours.flow_scale(f["properties"]["direction"] for f in ribbons)),
                            # Above the map: beside the classes' legend it would not fit a phone's width.
                            legend=alt.Legend(orient="top", direction="vertical", symbolType=TAPER, symbolSize=180,
                                              **fitted(1, 640))),
            tooltip=[
                alt.Tooltip("properties.route:N", title=_("Flow")),
                alt.Tooltip("properties.funding:N", title=_("Reported value")),
                alt.Tooltip("properties.initiatives:Q", title=_("Initiatives"), format=",.2~f"),
                alt.Tooltip("properties.direction:N", title=_("Direction")),
                alt.Tooltip("properties.unreported:Q", title=_("Initiatives with amounts not reported"), format=","),
            ],
        )
        layers += [halo, lines]
    chart = (
        alt.layer(*layers, title=frame(title or _(MAP_TITLES[measure]), subtitle))
        .project(type="equalEarth")
        .resolve_scale(color="independent")
        .properties(height=height, width="container", autosize=alt.AutoSizeParams(type="fit", contains="padding"))
        .configure_view(stroke=None)
    )
    if ribbons:
        chart.datasets = {RIBBONS: ribbons}
    return chart


def selected_country(event) -> str | None:
    """The ISO3 a click on the map selected (an outline or a dot), if any."""
    if not event:
        return None
    selection = event.get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {})
    for name in ("country", "dot"):
        picked = selection.get(name) or []
        if picked and picked[0].get("iso3"):
            return str(picked[0]["iso3"])
    return None


def selected_flow(event) -> tuple[str, str] | None:
    """The two ends ('country:BRA', 'country:MOZ') of the flow a click on the map selected, if any."""
    if not event:
        return None
    selection = event.get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {})
    picked = selection.get("flow") or []
    if picked and picked[0].get("p") and picked[0].get("r"):
        return str(picked[0]["p"]), str(picked[0]["r"])
    return None
