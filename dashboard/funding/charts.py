"""The Funding mix page's charts: a small DataFrame in, an Altair chart out (see dashboard.words.charts
for the shared visual language; source types keep their colours on every page)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.funding.mix import DIMENSIONS, NO_COFINANCING, RATIO_MEASURED, with_shares
from dashboard.words import colours, text
from dashboard.words.charts import (
    FIT_WIDTH,
    NO_DATA,
    fitted,
    frame,
    label_room,
    measure_axis,
    source_colour,
    year_axis,
)
from dashboard.words.languages import N_, _, ngettext

CASH, IN_KIND = N_("Cash"), N_("In kind")
SOURCE_ORDER = list(colours.SOURCE_TYPES)


def count_axis() -> alt.Axis:
    return alt.Axis(title=_("Contributions"), format=",d", tickMinStep=1)


def value_by_source(mix: pd.DataFrame) -> alt.Chart:
    """Reported value per source type, split into cash and in kind."""
    rows = mix.groupby(["source_type", "label"], as_index=False)[
        ["amount_usd", "in_kind_usd", "contributions", "not_reported", "initiatives"]].sum()
    cash, in_kind = _(CASH), _(IN_KIND)
    long = pd.concat([rows.assign(form=cash, usd=rows["amount_usd"] - rows["in_kind_usd"]),
                      rows.assign(form=in_kind, usd=rows["in_kind_usd"])])
    long = with_shares(long[long["usd"] > 0], "usd")
    long = long.assign(funding=[text.usd(v) for v in long["usd"]], total=[text.usd(v) for v in long["amount_usd"]])
    order = list(rows.sort_values(["amount_usd", "contributions"], ascending=False)["label"])
    return (
        alt.Chart(long, title=frame(_("Reported value by source type"),
                                    _("US$ (current or constant, as the page says); the lighter part of each bar is "
                                      "in kind")))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(260))),
            x=alt.X("usd:Q", axis=measure_axis(True, _("Reported value (US$)"))),
            color=source_colour(long["source_type"], legend=False),
            opacity=alt.Opacity("form:N", scale=alt.Scale(domain=[cash, in_kind], range=[1.0, 0.45]),
                                legend=alt.Legend(title=_("Form"), orient="bottom", symbolType="square",
                                                  symbolFillColor="#555555", symbolStrokeWidth=0,
                                                  **fitted(2, 260, beside_labels=True))),
            order=alt.Order("form:N"),
            tooltip=[alt.Tooltip("label:N", title=_("Source type")), alt.Tooltip("form:N", title=_("Form")),
                     alt.Tooltip("funding:N", title=_("Reported value")),
                     alt.Tooltip("share:Q", title=_("Share of all reported value"), format=".1%"),
                     alt.Tooltip("total:N", title=_("Source type, cash and in kind")),
                     alt.Tooltip("not_reported:Q", title=_("Its contributions with amount not reported"),
                                 format=","),
                     alt.Tooltip("initiatives:Q", title=_("Initiatives with this source type"), format=",")],
        )
        .properties(height=alt.Step(26), autosize=FIT_WIDTH)
    )


def breakdown(mix: pd.DataFrame, by: str, measure: str, percent: bool) -> alt.Chart:
    """The mix per key of one dimension (keyed rows), stacked by source type: reported value or
    contributions, absolute or as shares of each key (100 %)."""
    field = "amount_usd" if measure == "value" else "contributions"
    data = with_shares(mix[mix["key"].notna()], field, "key")
    # Stacked in the legend's order (the codelist's), not alphabetically.
    data = data.assign(funding=[text.usd(v) for v in data["amount_usd"]],
                       rank=[SOURCE_ORDER.index(c) for c in data["source_type"]])
    label = _(DIMENSIONS[by])
    value = measure == "value"
    subtitle = (_("Each bar is 100 %: the share of each source type") if percent
                else _("US$ (current or constant, as the page says)") if value else _("Number of contributions"))
    axis = (alt.Axis(title=_("Share of reported value") if value else _("Share of contributions"), format="%")
            if percent else measure_axis(True, _("Reported value (US$)")) if value else count_axis())
    title = (_("Reported value by {dimension} and source type") if value
             else _("Contributions by {dimension} and source type")).format(dimension=label.lower())
    share_tip = _("Share of this {dimension}'s reported value") if value else _("Share of this {dimension}'s "
                                                                                "contributions")
    amount = alt.X if by != "year" else alt.Y
    measure_channel = amount(f"{field}:Q", axis=axis, stack="normalize" if percent else "zero")
    if by == "year":
        key = year_axis(data["key"], label, "key")
        size = {"height": 260}
    else:
        totals = data.groupby("key")[field].sum().sort_values(ascending=False)
        key = alt.Y("key:N", title=None, sort=list(totals.index), axis=alt.Axis(labelLimit=label_room(300)))
        size = {"height": alt.Step(24)}
    return (
        alt.Chart(data, title=frame(title, subtitle))
        .mark_bar()
        .encode(
            key, measure_channel, color=source_colour(data["source_type"]),
            order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("key:N", title=label), alt.Tooltip("label:N", title=_("Source type")),
                     alt.Tooltip("funding:N", title=_("Reported value")),
                     alt.Tooltip("share:Q", title=share_tip.format(dimension=label.lower()), format=".1%"),
                     alt.Tooltip("contributions:Q", title=_("Contributions"), format=","),
                     alt.Tooltip("not_reported:Q", title=_("Of which amount not reported"), format=","),
                     alt.Tooltip("in_kind:Q", title=_("Of which in kind"), format=",")],
        )
        .properties(autosize=FIT_WIDTH, **size)
    )


def funders(df: pd.DataFrame, rank: str, n: int = 15) -> alt.Chart:
    """The n largest funders by reported value ('value') or by initiatives, in source-type colours."""
    field = "reported_usd" if rank == "value" else "initiatives"
    other = "initiatives" if rank == "value" else "reported_usd"
    # Ties by name and source type, and that order given to the axis (see charts.ranked).
    data = df.sort_values([field, other, "funder", "source_type"], ascending=[False, False, True, True]).head(n)
    data = data.assign(funding=[text.usd(v) for v in data["reported_usd"]],
                       name=[f"{f} ({lab.lower()})" if dup else f for f, lab, dup in
                             zip(data["funder"], data["label"], data["funder"].duplicated(keep=False), strict=True)])
    order = list(data["name"])
    title = (ngettext("Top {n} funder by reported value", "Top {n} funders by reported value", len(data))
             if rank == "value" else ngettext("Top {n} funder by initiatives", "Top {n} funders by initiatives",
                                              len(data))).format(n=len(data))
    return (
        alt.Chart(data, title=frame(title, _("Funders as the sources name them, coloured by source type")))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(280))),
            x=alt.X(f"{field}:Q", axis=measure_axis(rank == "value", _("Reported value (US$)"))),
            color=source_colour(data["source_type"]),
            tooltip=[alt.Tooltip("funder:N", title=_("Funder")), alt.Tooltip("label:N", title=_("Source type")),
                     alt.Tooltip("funding:N", title=_("Reported value")),
                     alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=","),
                     alt.Tooltip("contributions:Q", title=_("Contributions"), format=","),
                     alt.Tooltip("not_reported:Q", title=_("Of which amount not reported"), format=",")],
        )
        .properties(height=alt.Step(24), autosize=FIT_WIDTH)
    )


def leverage(dist: pd.DataFrame) -> alt.Chart:
    """Initiatives per leverage bin (co-financing per US$ of anchor contribution); in grey, the
    bins that are not a measured ratio above zero."""
    measured, other = _(RATIO_MEASURED), _("No ratio / none recorded")
    data = dist.assign(kind=[measured if m and b != _(NO_COFINANCING) else other
                             for m, b in zip(dist["measured"], dist["bin"], strict=True)])
    return (
        alt.Chart(data, title=frame(_("Co-financing per US$ of multilateral or facilitator contribution"),
                                    _("Initiatives per ratio band; grey: none recorded, or no ratio because an "
                                      "amount is not reported")))
        .mark_bar()
        .encode(
            y=alt.Y("bin:N", sort=list(data["bin"]), title=_("US$ per US$1"),
                    axis=alt.Axis(labelLimit=label_room(320))),
            x=alt.X("initiatives:Q", axis=measure_axis(False)),
            color=alt.Color("kind:N", scale=alt.Scale(domain=[measured, other],
                                                      range=[colours.MEASURE, NO_DATA]), legend=None),
            tooltip=[alt.Tooltip("bin:N", title=_("Co-financing per US$1 of anchor")),
                     alt.Tooltip("initiatives:Q", title=_("Initiatives"), format=",")],
        )
        .properties(height=alt.Step(24), autosize=FIT_WIDTH)
    )
