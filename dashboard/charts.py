"""Chart functions: a small DataFrame in, an Altair chart out. No Streamlit, no queries.

One visual language (dashboard.colours): a category keeps its colour on every page, measures
take a single blue, "not reported" a light neutral grey named as such.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from dashboard import colours, text
from dashboard.data import schema
from dashboard.words import languages as i18n
from dashboard.words.languages import N_, _, ngettext

NO_DATA = colours.NO_DATA
NOT_REPORTED = N_("Not reported")
# Fit the width to the page; the height is the plot's own, so titles and legends never squeeze it.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def scale(colours: dict[str, str], name=None) -> alt.Scale:
    """A fixed colour per category: colours' keys, shown as name(key) (the language's label), in that order."""
    return alt.Scale(domain=[name(k) for k in colours] if name else list(colours), range=list(colours.values()))


def measure_axis(money: bool, money_title: str | None = None) -> alt.Axis:
    """A US$ axis (labels like US$1.5M, as the language writes them), or whole numbers of initiatives."""
    if money:
        return alt.Axis(title=money_title or _("Reported funding (US$)"), labelExpr=i18n.usd_axis())
    return alt.Axis(title=_("Initiatives"), format=",d", tickMinStep=1)


def lean(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The same chart, cheaper to serialise: its frame cut to the columns its encodings name (and the
    fields a selection returns) and handed over as plain JSON records (Altair's to_dict() otherwise
    spends most of its time cleaning every column with pandas). Charts with transforms or conditions,
    whose expressions may name any column, and charts of other kinds are returned as they are."""
    if not isinstance(chart, alt.Chart) or not isinstance(chart.data, pd.DataFrame) or \
            chart.transform is not alt.Undefined:
        return chart
    used: set[str] = set()

    def collect(node) -> bool:  # False if a condition makes the fields unknowable
        if isinstance(node, dict):
            if "test" in node or "param" in node:
                return False
            if isinstance(node.get("field"), str):
                used.add(node["field"])
            return all(collect(v) for v in node.values())
        return all(collect(v) for v in node) if isinstance(node, list) else True

    if not collect(chart.encoding.to_dict(validate=False)) or not used <= set(chart.data.columns):
        return chart
    for param in chart.params if chart.params is not alt.Undefined else []:  # a selection's fields travel too
        fields = param.to_dict(validate=False).get("select", {}).get("fields", [])
        used.update(f for f in fields if f in chart.data.columns)
    rows = chart.data[[c for c in chart.data.columns if c in used]].to_dict("records")
    for row in rows:
        for key, value in row.items():
            if value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
                row[key] = None  # JSON has no NaN: Vega reads null as missing
    return chart.properties(data=alt.InlineData(values=rows))


def _larger_text(layer: dict) -> dict:
    mark = layer.get("mark")
    if isinstance(mark, dict) and mark.get("type") == "text" and "fontSize" in mark:
        return {**layer, "mark": {**mark, "fontSize": round(mark["fontSize"] * 1.4)}}
    return layer


def stacked_legends(spec: dict) -> dict:
    """The same chart with the legends under it one above the other, not side by side: in a row, the network's
    three ran off a phone's width (Vega's legend layout, set on the dict: Altair's schema types it as an
    expression)."""
    config = spec.get("config", {})
    layout = {"bottom": {"direction": "vertical", "anchor": "start"}}
    return {**spec, "config": {**config, "legend": {**config.get("legend", {}), "layout": layout}}}


def _roomier_legends(node):
    """node with the limits of legends under labelled bars (fitted's beside_labels) set for the larger type."""
    if isinstance(node, list):
        return [_roomier_legends(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _roomier_legends(v) for k, v in node.items()}
    beside, on_screen = f"{BESIDE_ROOM} - {BESIDE_PAD})", f"{BESIDE_ROOM} - {BESIDE_PAD_ON_SCREEN})"
    for key in ("labelLimit", "titleLimit"):
        expr = node[key].get("expr", "") if isinstance(node.get(key), dict) else ""
        if beside in expr:
            out[key] = {"expr": expr.replace(beside, on_screen)}
    return out


def for_screen(spec: dict) -> dict:
    """The same chart with larger type, for presentation mode on a meeting room's screen."""
    config = dict(spec.get("config", {}))
    for part in ("axis", "legend", "header"):
        config[part] = {**config.get(part, {}), "labelFontSize": 16, "titleFontSize": 17}
    out = _roomier_legends({**spec, "config": config})
    if isinstance(spec.get("height"), dict) and "step" in spec["height"]:  # bars as tall as their larger labels
        out["height"] = {"step": round(spec["height"]["step"] * 1.35)}
    if "layer" in spec:  # text marks (the network's labels) grow with the type
        out["layer"] = [_larger_text(layer) for layer in spec["layer"]]
    if isinstance(spec.get("title"), dict):
        out["title"] = {**spec["title"], "fontSize": 24, "subtitleFontSize": 17}
    return out


def ranked(data: pd.DataFrame, by: list[str], label: str, n: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The n first rows from largest to smallest by the columns `by`, ties by label, and that order for an
    axis: explicit, because Vega orders ties by the order its rows arrive in, which differs between a chart
    drawn afresh and one whose data changed in place (a shared link would not look the same)."""
    data = data.sort_values([*by, label], ascending=[False] * len(by) + [True]).head(n)
    return data, list(data[label])


def year_axis(labels, title: str, field: str = "year_label") -> alt.X:
    """An ordinal axis of year labels ('2005', and NOT_REPORTED last if present) on which every year from the
    first to the last has its slot, so a year with nothing shows as an empty slot, not a missing one."""
    labels = set(labels)
    missing = _(NOT_REPORTED)
    years = [int(y) for y in labels if y != missing]
    slots = [str(y) for y in range(min(years), max(years) + 1)] if years else []
    domain = slots + ([missing] if missing in labels else [])
    return alt.X(f"{field}:O", title=title, scale=alt.Scale(domain=domain),
                 axis=alt.Axis(labelAngle=0 if len(domain) <= 16 else -90, labelOverlap="greedy"))


def frame(title: str, subtitle: str | list[str] | None = None) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=subtitle or "", anchor="start", fontSize=15, subtitleColor="#555")


def label_room(limit: int) -> alt.ExprRef:
    """An axis' label width: about half the container's width, from limit on a laptop to half as much again on a
    meeting room's screen (larger type), and less on a phone, where the bars keep room; an export, drawn with no
    container, keeps limit."""
    return alt.ExprRef(f"containerSize()[0] ? min({round(limit * 1.5)}, containerSize()[0] * 0.55) : {limit}")


# What a legend under labelled bars leaves of the room right of the labels for its symbol and padding: more in
# presentation mode, where the type and the symbols are larger (for_screen).
BESIDE_PAD, BESIDE_PAD_ON_SCREEN = 42, 90
BESIDE_ROOM = "(containerSize()[0] * 0.45)"  # a y axis of labels takes up to 55 % of the width (label_room)


def fitted(columns: int, label_limit: int, title_limit: int = 640, beside_labels: bool = False) -> dict:
    """Legend columns, label and title widths that fit the chart's container: one column, and labels and title
    cut to the width, on a phone (Vega's containerSize(); an export, drawn with no container, keeps the desktop
    layout). The limits leave room for French and Portuguese, which run a quarter longer than English.
    beside_labels: the chart has a y axis of labels (label_room: up to 55 % of the width), and a legend under it
    starts where the plot does, so it has the rest."""
    width = "containerSize()[0]"
    room, pad = (BESIDE_ROOM, BESIDE_PAD) if beside_labels else (width, 80)

    def limit(most: int) -> alt.ExprRef:
        return alt.ExprRef(f"{width} ? min({most}, max(60, {room} - {pad})) : {most}")

    return {"columns": alt.ExprRef(f"{width} && {room} < 600 ? 1 : {width} && {room} < 1100 ? {min(columns, 2)} "
                                   f": {columns}"),
            "labelLimit": limit(label_limit), "titleLimit": limit(title_limit)}


def region_colour() -> alt.Color:
    """Places coloured by their M49 region (the data's region column holds the language's names: regions())."""
    return alt.Color("region:N", scale=scale(colours.REGIONS, i18n.region),
                     legend=alt.Legend(title=_("Region"), orient="bottom", **fitted(3, 200)))


def regions(column: pd.Series) -> list[str]:
    """M49 region names in the language; no region (a partner the source does not place) is World."""
    return [i18n.region(r) for r in column.fillna("World")]


def year_labels(years: pd.Series) -> list[str]:
    """'2005', or 'Not reported' (in the language) for no year."""
    missing = _(NOT_REPORTED)
    return [missing if pd.isna(y) else str(int(y)) for y in years]


def source_colour(codes, legend: bool = True) -> alt.Color:
    """The funding source types present (codes; charted by their label field) in their fixed colours."""
    codes = set(codes)
    present = {c: colour for c, colour in colours.SOURCE_TYPES.items() if c in codes}
    return alt.Color("label:N", scale=scale(present, lambda c: schema.label("source_type", c)), legend=alt.Legend(
        title=_("Source type"), orient="bottom", **fitted(3, 260, beside_labels=True)) if legend else None)


def per_year(df: pd.DataFrame, measure: str = "initiatives") -> alt.Chart:
    """Initiatives (or reported funding) per start year; initiatives with no year as their own grey bar."""
    data = df.assign(year_label=year_labels(df["year"]), funding=[text.usd(v) for v in df["reported_usd"]])
    missing = _(NOT_REPORTED)
    if measure == "value":
        data = data[data["year_label"] != missing]  # no year, no place on a time axis for money
    field = "initiatives" if measure == "initiatives" else "reported_usd"
    axis = measure_axis(measure != "initiatives")
    title = _("Initiatives per start year") if measure == "initiatives" else _("Reported funding per start year")
    subtitle = (_("Grey: initiatives whose start year is not reported") if measure == "initiatives"
                else _("Amounts not reported are not counted; see the tooltip for how many"))
    return (
        alt.Chart(data, title=frame(title, subtitle))
        .mark_bar()
        .encode(
            x=year_axis(data["year_label"], _("Start year")),
            y=alt.Y(f"{field}:Q", axis=axis),
            color=alt.condition(alt.datum.year_label == missing, alt.value(NO_DATA), alt.value(colours.MEASURE)),
            tooltip=[
                alt.Tooltip("year_label:N", title=_("Start year")),
                alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=","),
                alt.Tooltip("funding:N", title=_("Reported funding")),
                alt.Tooltip("unreported:Q", title=_("With amounts not reported"), format=","),
            ],
        )
        .properties(height=220, autosize=FIT_WIDTH)
    )


def unnamed_line(values: pd.Series, counts: pd.Series, money: bool) -> str:
    """What partners named only by region hold, set apart from a ranking: '' if nothing."""
    if not counts.sum():
        return ""
    held = text.usd(float(values.sum())) if money else text.initiatives(int(counts.sum()))
    return _("Not ranked: partners named only by region ({held})").format(held=held)


def top_places(df: pd.DataFrame, role: str, measure: str = "value", n: int = 10) -> alt.Chart:
    """The countries that provide (role 'provider') or receive most, by reported value or initiatives; partners
    the sources name only by region are not places to rank: the subtitle says what they hold."""
    value_col = "provided_usd" if role == "provider" else "received_usd"
    count_col = f"initiatives_as_{role}"
    field = value_col if measure == "value" else count_col
    active = df[df[count_col] > 0]
    unnamed = active[active["kind"] == "region"]
    data = active[active["kind"] != "region"]
    data = data.assign(place=data["name"], funding=[text.usd(v) for v in data[value_col]],
                       region=regions(data["region"]))
    data, order = ranked(data, [field, count_col], "place", n)
    n_shown = len(data)
    if role == "provider":
        title = (ngettext("Top {n} provider by reported funding", "Top {n} providers by reported funding", n_shown)
                 if measure == "value" else
                 ngettext("Top {n} provider by initiatives", "Top {n} providers by initiatives", n_shown))
        subtitle = (_("US$ each country provides, shared evenly across each initiative's pairs") if measure == "value"
                    else _("Initiatives in which each country provides"))
        tips = _("Reported funding provided"), _("Initiatives as provider")
    else:
        title = (ngettext("Top {n} receiver by reported funding", "Top {n} receivers by reported funding", n_shown)
                 if measure == "value" else
                 ngettext("Top {n} receiver by initiatives", "Top {n} receivers by initiatives", n_shown))
        subtitle = (_("US$ each country receives, shared evenly across each initiative's pairs") if measure == "value"
                    else _("Initiatives in which each country receives"))
        tips = _("Reported funding received"), _("Initiatives as receiver")
    title = title.format(n=n_shown)
    aside = unnamed_line(unnamed[value_col], unnamed[count_col], measure == "value")
    subtitle = [subtitle, aside] if aside else subtitle
    axis = measure_axis(measure == "value")
    return (
        alt.Chart(data, title=frame(title, subtitle))
        .mark_bar()
        .encode(
            y=alt.Y("place:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(220))),
            x=alt.X(f"{field}:Q", axis=axis),
            color=region_colour(),
            tooltip=[
                alt.Tooltip("place:N", title=_("Place")),
                alt.Tooltip("region:N", title=_("Region")),
                alt.Tooltip("funding:N", title=tips[0]),
                alt.Tooltip(f"{count_col}:Q", title=tips[1], format=","),
                alt.Tooltip("partners:Q", title=_("Distinct partners"), format=","),
                alt.Tooltip("unreported:Q", title=_("Initiatives with amounts not reported"), format=","),
            ],
        )
        .properties(height=alt.Step(26), autosize=FIT_WIDTH)
    )


def _bar_measure(measure: str) -> tuple[str, alt.Axis]:
    """The field and axis of a bar chart that counts initiatives or sums their reported funding."""
    return ("reported_usd", measure_axis(True)) if measure == "value" else ("initiatives", measure_axis(False))


def themes(df: pd.DataFrame, measure: str = "initiatives") -> alt.Chart:
    """Every theme of the filtered initiatives, by initiatives or reported funding (an initiative counts
    once in each of its themes, so the bars add up to more than the total)."""
    field, axis = _bar_measure(measure)
    data, order = ranked(df.assign(funding=[text.usd(v) for v in df["reported_usd"]]), [field, "initiatives"],
                         "label")
    subtitle = (_("Reported funding of the initiatives with each theme (US$); an initiative counts in each of its "
                  "themes") if measure == "value" else
                _("Initiatives per theme; an initiative can have several themes"))
    title = ngettext("The one theme", "All {n} themes", len(data)).format(n=i18n.number(len(data)))
    return (
        alt.Chart(data, title=frame(title, subtitle))
        .mark_bar(color=colours.MEASURE)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(260))),
            x=alt.X(f"{field}:Q", axis=axis),
            tooltip=[
                alt.Tooltip("label:N", title=_("Theme")),
                alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=","),
                alt.Tooltip("funding:N", title=_("Reported funding of these initiatives")),
                alt.Tooltip("unreported:Q", title=_("With amounts not reported"), format=","),
            ],
        )
        .properties(height=alt.Step(20), autosize=FIT_WIDTH)
    )


def categories(df: pd.DataFrame, column: str, title: str, measure: str = "initiatives") -> alt.Chart:
    """Initiatives (or their reported funding) per code of a categorical column (cooperation type, lead
    actor); the codes are named on the axis, so the bars take the measure colour."""
    field, axis = _bar_measure(measure)
    data, order = ranked(df.assign(label=[schema.label(column, c) for c in df[column]],
                                   funding=[text.usd(v) for v in df["reported_usd"]]), [field, "initiatives"], "label")
    subtitle = _("Reported funding of each kind (US$)") if measure == "value" else _("Initiatives of each kind")
    return (
        alt.Chart(data, title=frame(title, subtitle))
        .mark_bar(color=colours.MEASURE)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(300))),
            x=alt.X(f"{field}:Q", axis=axis),
            tooltip=[
                alt.Tooltip("label:N", title=title),
                alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=","),
                alt.Tooltip("funding:N", title=_("Reported funding")),
                alt.Tooltip("unreported:Q", title=_("With amounts not reported"), format=","),
            ],
        )
        .properties(height=alt.Step(30), autosize=FIT_WIDTH)
    )


def coverage(df: pd.DataFrame, by: str) -> alt.Chart:
    """Share of initiatives with all amounts reported and with evidence of results, per year or type."""
    keys = year_labels(df["year"]) if by == "year" else [schema.label("cooperation_type", c) for c in df[by]]
    amounts, evidence = colours.COVERAGE
    long = pd.concat([
        pd.DataFrame({"key": keys, "measure": _(amounts), "share": df["amounts_share"],
                      "initiatives": df["initiatives"]}),
        pd.DataFrame({"key": keys, "measure": _(evidence), "share": df["evidence_share"],
                      "initiatives": df["initiatives"]}),
    ])
    label = _("Start year") if by == "year" else _("Cooperation type")
    title = _("Coverage by start year") if by == "year" else _("Coverage by cooperation type")
    tooltip = [alt.Tooltip("key:N", title=label), alt.Tooltip("measure:N", title=_("Measure")),
               alt.Tooltip("share:Q", title=_("Share"), format=".0%"),
               alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=",")]
    share = alt.X("share:Q", title=_("Share of initiatives"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    colour = alt.Color("measure:N", scale=scale(colours.COVERAGE, _),
                       legend=alt.Legend(title=None, orient="bottom", **fitted(1, 400, beside_labels=True)))
    subtitle = _("Share with all amounts reported, and with evidence of results above 'none'")
    if by == "year":
        dated = long[long["key"] != _(NOT_REPORTED)]
        undated = int(df.loc[df["year"].isna(), "initiatives"].sum())
        if undated:
            subtitle = ngettext("Share with all amounts reported, and with evidence of results above 'none'; {n} "
                                "initiative with no start year is not shown",
                                "Share with all amounts reported, and with evidence of results above 'none'; {n} "
                                "initiatives with no start year are not shown", undated).format(n=text.count(undated))
        return (
            alt.Chart(dated, title=frame(title, subtitle))
            .mark_line(point=True)
            .encode(x=alt.X("key:O", title=label, axis=alt.Axis(labelAngle=0)),
                    y=alt.Y("share:Q", title=_("Share of initiatives"), axis=alt.Axis(format="%"),
                            scale=alt.Scale(domain=[0, 1])),
                    color=colour, tooltip=tooltip)
            .properties(height=220, autosize=FIT_WIDTH)
        )
    return (
        alt.Chart(long, title=frame(title, subtitle))
        .mark_bar()
        .encode(y=alt.Y("key:N", title=None, sort=keys, axis=alt.Axis(labelLimit=label_room(320))), yOffset="measure:N",
                x=share, color=colour, tooltip=tooltip)
        .properties(height=alt.Step(14), autosize=FIT_WIDTH)
    )


ROLE_LABELS = dict(zip(("provider", "receiver", "both"), colours.ROLES, strict=True))  # English, N_-marked


def partners(df: pd.DataFrame, direction: str, measure: str = "value", n: int = 10) -> alt.Chart:
    """One country's largest partners in one direction ('to': receivers of its cooperation, 'from':
    providers to it), by reported value or initiatives; region-named partners marked as such."""
    value, count_col = (f"{direction}_usd", f"{direction}_initiatives")
    field = value if measure == "value" else count_col
    active = df[df[count_col] > 0]
    unnamed = active[active["kind"] == "region"]
    mine = active[active["kind"] != "region"]
    data, order = ranked(mine.assign(funding=[text.usd(v) for v in mine[value]], region=regions(mine["region"])),
                         [field, count_col], "label", n)
    title = _("Top receivers of its cooperation") if direction == "to" else _("Top providers to it")
    axis = measure_axis(measure == "value", _("Reported value (US$)"))
    subtitle = (_("By reported value, shared evenly across each initiative's pairs") if measure == "value"
                else _("By number of initiatives"))
    aside = unnamed_line(unnamed[value], unnamed[count_col], measure == "value")
    return (
        alt.Chart(data, title=frame(title, [subtitle, aside] if aside else subtitle))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(220))),
            x=alt.X(f"{field}:Q", axis=axis),
            color=region_colour(),
            tooltip=[alt.Tooltip("label:N", title=_("Partner")), alt.Tooltip("funding:N", title=_("Reported value")),
                     alt.Tooltip(f"{count_col}:Q", title=_("Initiatives"), format=",")],
        )
        .properties(height=alt.Step(24), autosize=FIT_WIDTH)
    )


def roles_per_year(df: pd.DataFrame) -> alt.Chart:
    """One country's initiatives per start year, stacked by its role; no start year as its own bar."""
    data = df.assign(year_label=year_labels(df["year"]), role_label=[_(ROLE_LABELS[r]) for r in df["role"]])
    return (
        alt.Chart(data, title=frame(_("Its initiatives per start year"), _("Stacked by the country's role")))
        .mark_bar()
        .encode(
            x=year_axis(data["year_label"], _("Start year")),
            y=alt.Y("sum(initiatives):Q", title=_("Initiatives"), axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color("role_label:N", title=_("Role"), scale=scale(colours.ROLES, _),
                            legend=alt.Legend(orient="bottom", **fitted(3, 260))),
            order=alt.Order("role_label:N"),
            tooltip=[alt.Tooltip("year_label:N", title=_("Start year")), alt.Tooltip("role_label:N", title=_("Role")),
                     alt.Tooltip("sum(initiatives):Q", title=_("Initiatives"), format=",")],
        )
        .properties(height=220, autosize=FIT_WIDTH)
    )


def source_mix(df: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Contributions per funding source type, split into amount reported and amount not reported;
    the tooltip adds the reported value."""
    rows = df.groupby(["source_type", "label"], as_index=False)[["amount_usd", "contributions", "not_reported"]].sum()
    reported, missing = colours.AMOUNT_STATUS
    long = pd.concat([
        rows.assign(status=_(reported), n=rows["contributions"] - rows["not_reported"]),
        rows.assign(status=_(missing), n=rows["not_reported"]),
    ])
    long = long[long["n"] > 0]
    long = long.assign(funding=[text.usd(v) for v in long["amount_usd"]])
    order = list(rows.sort_values("contributions", ascending=False)["label"])
    return (
        alt.Chart(long, title=frame(title or _("Funding mix"), _("Contributions by source type; grey: amount not "
                                                                 "reported")))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(260))),
            x=alt.X("n:Q", title=_("Contributions"), axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color("status:N", title=None, scale=scale(colours.AMOUNT_STATUS, _),
                            legend=alt.Legend(orient="bottom", **fitted(3, 260, beside_labels=True))),
            order=alt.Order("status:N"),
            tooltip=[alt.Tooltip("label:N", title=_("Source type")), alt.Tooltip("status:N", title=_("Contributions")),
                     alt.Tooltip("n:Q", title=_("Number"), format=","),
                     alt.Tooltip("funding:N", title=_("Reported value of this source type"))],
        )
        .properties(height=alt.Step(26), autosize=FIT_WIDTH)
    )
