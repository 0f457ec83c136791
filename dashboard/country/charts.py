"""The Country profile's charts: its partners either way and its roles per year."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.words import colours, text
from dashboard.words.breakdowns import unnamed_line
from dashboard.words.charts import (
    FIT_WIDTH,
    fitted,
    frame,
    label_room,
    measure_axis,
    ranked,
    region_colour,
    regions,
    scale,
    year_axis,
    year_labels,
)
from dashboard.words.languages import _

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
    data = df.assign(year_label=year_labels(df["year"]), role_label=[_(ROLE_LABELS[r]) for r in df["role"]],
                     year_total=df.groupby("year", dropna=False)["initiatives"].transform("sum"))
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
                     alt.Tooltip("sum(initiatives):Q", title=_("Initiatives"), format=","),
                     alt.Tooltip("max(year_total):Q", title=_("Initiatives that year, all roles"), format=",")],
        )
        .properties(height=220, autosize=FIT_WIDTH)
    )
