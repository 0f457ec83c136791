"""Charts of one breakdown several pages draw: per year, per theme, per category, the top places, how much
of each breakdown is reported, and the mix of funding sources."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.data import schema
from dashboard.words import colours, text
from dashboard.words import languages as i18n
from dashboard.words.charts import (
    FIT_WIDTH,
    NO_DATA,
    NOT_REPORTED,
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
from dashboard.words.languages import _, ngettext


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
    lines = [subtitle, aside] if aside else subtitle
    axis = measure_axis(measure == "value")
    return (
        alt.Chart(data, title=frame(title, lines))
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
    shorts = [schema.short_theme(code, full) for code, full in zip(df["theme"], df["label"], strict=True)]
    shown = df.assign(funding=[text.usd(v) for v in df["reported_usd"]], short=shorts)
    data, order = ranked(shown, [field, "initiatives"], "short")
    subtitle = (_("Reported funding of the initiatives with each theme (US$); an initiative counts in each of its "
                  "themes") if measure == "value" else
                _("Initiatives per theme; an initiative can have several themes"))
    title = ngettext("The one theme", "All {n} themes", len(data)).format(n=i18n.number(len(data)))
    return (
        alt.Chart(data, title=frame(title, subtitle))
        .mark_bar(color=colours.MEASURE)
        .encode(
            y=alt.Y("short:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(260))),
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


def source_mix(df: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Contributions per funding source type, split into amount reported and amount not reported;
    the tooltip adds the reported value and the initiatives with a contribution of the type (funding_mix's)."""
    rows = df.groupby(["source_type", "label"], as_index=False)[
        ["amount_usd", "contributions", "not_reported", "initiatives"]].sum()
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
                     alt.Tooltip("funding:N", title=_("Reported value of this source type")),
                     alt.Tooltip("initiatives:Q", title=_("Initiatives with this source type"), format=",")],
        )
        .properties(height=alt.Step(26), autosize=FIT_WIDTH)
    )


def change_bars(change: pd.DataFrame, column: str, money: bool, what: str, first: str, second: str, n: int = 15
                ) -> alt.Chart:
    """The places whose measure changed most between two periods (change_<column> of questions.period_change),
    as bars either side of zero: an increase to the right, a decrease to the left; places whose change is unknown
    (amounts not reported in either period) are left out, and the subtitle says how many."""
    named = change[change["kind"] == "country"]
    known = named[named[f"change_{column}"].notna() & (named[f"change_{column}"] != 0)]
    unknown = int(named[f"change_{column}"].isna().sum())
    data = known.assign(place=[i18n.country(c, name) for c, name in zip(known["code"], known["name"], strict=True)],
                        size=known[f"change_{column}"].abs(),
                        direction=[_("Increase") if x > 0 else _("Decrease") for x in known[f"change_{column}"]],
                        before=[text.usd(x) if money else text.count(x) for x in known[f"{column}_1"]],
                        after=[text.usd(x) if money else text.count(x) for x in known[f"{column}_2"]])
    data, order = ranked(data, ["size"], "place", n)
    data = data.sort_values(f"change_{column}", ascending=False)
    order = list(data["place"])
    lines = [_("{what}: change from {first} to {second}").format(what=what, first=first, second=second)]
    if unknown:
        lines.append(ngettext("Left out: {n} country whose amounts are not reported in one of the periods",
                              "Left out: {n} countries whose amounts are not reported in one of the periods",
                              unknown).format(n=text.count(unknown)))
    title = _("Largest changes by country")
    axis = measure_axis(money)
    axis.title = _("Change: {what}").format(what=what)
    return (
        alt.Chart(data, title=frame(title, lines))
        .mark_bar()
        .encode(
            y=alt.Y("place:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_room(220))),
            x=alt.X(f"change_{column}:Q", axis=axis, scale=alt.Scale(domainMid=0)),
            color=alt.Color("direction:N", title=None, scale=scale({_(k): v for k, v in colours.CHANGE.items()}),
                            legend=alt.Legend(orient="bottom", **fitted(2, 200))),
            tooltip=[alt.Tooltip("place:N", title=_("Place")),
                     alt.Tooltip("before:N", title=first), alt.Tooltip("after:N", title=second),
                     alt.Tooltip("direction:N", title=_("Change"))],
        )
        .properties(height=alt.Step(26), autosize=FIT_WIDTH)
    )
