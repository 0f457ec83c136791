"""Chart functions: a small DataFrame in, an Altair chart out. No Streamlit, no queries.

One visual language (dashboard.words.colours): a category keeps its colour on every page, measures
take a single blue, "not reported" a light neutral grey named as such.
"""

from __future__ import annotations

import math
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.words import colours
from dashboard.words import languages as i18n
from dashboard.words.languages import N_, _

NO_DATA = colours.NO_DATA
NOT_REPORTED = N_("Not reported")
# Fit the width to the page; the height is the plot's own, so titles and legends never squeeze it.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


PICK = "pick"  # the selection a click on a bar makes (shell.figures.chart then opens its records)


def pickable(chart: alt.Chart, fields: list[str]) -> alt.Chart:
    """The chart with a click on a mark selecting its `fields`, and a pointer over the marks that says so."""
    picked = chart.add_params(alt.selection_point(name=PICK, fields=fields, on="click", clear="dblclick"))
    mark = picked.mark
    picked.mark = (alt.MarkDef(type=mark, cursor="pointer") if isinstance(mark, str)
                   else alt.MarkDef(**{**mark.to_dict(validate=False), "cursor": "pointer"}))
    return picked


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


SUBTITLE_CHARS = 60  # a subtitle wraps here, at a word: a phone's screen (390 px) holds about this many characters


def frame(title: str, subtitle: str | list[str] | None = None) -> alt.TitleParams:
    """A chart's title, with its subtitle wrapped at words (Vega cuts a long line mid-word, and French and Spanish
    run a quarter longer than English)."""
    given = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    lines = [part for line in given for part in textwrap.wrap(line, SUBTITLE_CHARS) or [line]]
    shown = lines[0] if len(lines) == 1 else lines or ""
    return alt.TitleParams(title, subtitle=shown, anchor="start", fontSize=15, subtitleColor="#555")


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


def line_widths(values: pd.Series, thickest: float = 9.0, thinnest: float = 1.2) -> pd.Series:
    """Pixel widths proportional to the square root of values (areas, not lengths, carry weight); a value not
    reported (NaN) draws at the thinnest width."""
    top = float(values.max()) if values.notna().any() else 0.0
    if top <= 0:
        return pd.Series(thinnest, index=values.index)
    return thinnest + (thickest - thinnest) * np.sqrt(values.clip(lower=0).fillna(0) / top)
