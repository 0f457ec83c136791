"""Chart functions, checked through their Vega-Lite specs."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from dashboard import questions
from dashboard.country import charts as country_charts
from dashboard.data.filters import Filters
from dashboard.words import breakdowns, charts, colours


@pytest.fixture(scope="module")
def countries(reference_store):
    return questions.per_country(reference_store, Filters())


def rows(chart) -> list[dict]:
    spec = chart.to_dict()
    return next(iter(spec["datasets"].values()))


def test_per_year_shows_unknown_years_in_grey(reference_store):
    chart = breakdowns.per_year(questions.per_year(reference_store, Filters()))
    spec = chart.to_dict()
    labels = [r["year_label"] for r in rows(chart)]
    assert labels[-1] == charts.NOT_REPORTED and labels[0] == "2005"
    assert spec["encoding"]["x"]["type"] == "ordinal" and spec["encoding"]["y"]["type"] == "quantitative"
    assert spec["encoding"]["color"]["condition"]["value"] == charts.NO_DATA
    assert "Grey" in spec["title"]["subtitle"]
    money = breakdowns.per_year(questions.per_year(reference_store, Filters()), "value")
    assert charts.NOT_REPORTED not in [r["year_label"] for r in rows(money)]
    assert "US$" in money.to_dict()["encoding"]["y"]["axis"]["labelExpr"]


def test_top_places_set_unnamed_partners_apart_and_keep_region_colours(countries):
    chart = breakdowns.top_places(countries, "receiver", "initiatives", n=5)
    data = rows(chart)
    assert len(data) == 5
    assert all(r["kind"] == "country" for r in data)  # "Asia (partners not named)" is the most frequent: not a place
    unnamed = countries[(countries["kind"] == "region") & (countries["initiatives_as_receiver"] > 0)]
    assert chart.to_dict()["title"]["subtitle"][1] == (
        f"Not ranked: partners named only by region ({unnamed['initiatives_as_receiver'].sum()} initiatives)")
    assert [r["initiatives_as_receiver"] for r in data] == sorted((r["initiatives_as_receiver"] for r in data),
                                                                  reverse=True)
    scale = chart.to_dict()["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == colours.REGIONS
    by_value = rows(breakdowns.top_places(countries, "provider", "value", n=3))
    assert [r["name"] for r in by_value] == ["Brazil", "China", "Peru"]  # "World" (second by value) is set apart
    assert by_value[0]["funding"] == "US$2.3M"


@pytest.mark.parametrize("column", ["cooperation_type", "lead_actor"])
def test_categories_are_named_on_the_axis_and_follow_the_measure(reference_store, column):
    """The codes are on the axis, so the bars take the measure colour (no hue that means another codelist's
    category elsewhere); "Show: Funding" sums reported funding."""
    data = questions.per_code(reference_store, Filters(), column)
    counted = breakdowns.categories(data, column, "Kind").to_dict()
    assert counted["mark"]["color"] == colours.MEASURE and "color" not in counted["encoding"]
    assert counted["encoding"]["x"]["field"] == "initiatives"
    summed = breakdowns.categories(data, column, "Kind", "value").to_dict()
    assert summed["encoding"]["x"]["field"] == "reported_usd" and "US$" in summed["encoding"]["x"]["axis"]["labelExpr"]
    assert [r["label"] for r in summed["datasets"][summed["data"]["name"]]] == summed["encoding"]["y"]["sort"]


def test_themes_show_every_theme(reference_store):
    data = questions.per_theme(reference_store, Filters())
    themes = breakdowns.themes(data)
    labels = [r["label"] for r in rows(themes)]
    assert len(labels) == len(data) and {"Food security and sovereignty",
                                          "Climate change adaptation and mitigation"} <= set(labels)
    assert themes.to_dict()["title"]["text"] == f"All {len(data)} themes"
    money = breakdowns.themes(data, "value").to_dict()
    assert money["encoding"]["x"]["field"] == "reported_usd"
    ranked = data.sort_values(["reported_usd", "initiatives", "label"], ascending=[False, False, True])
    assert money["encoding"]["y"]["sort"] == list(ranked["label"])


def test_year_axes_keep_a_slot_for_every_year():
    per_year = pd.DataFrame({"year": [2005, 2009, None], "initiatives": [2, 1, 3], "reported_usd": [1.0, 2.0, 0.0],
                             "unreported": [0, 0, 3]})
    x = breakdowns.per_year(per_year).to_dict()["encoding"]["x"]
    assert x["scale"]["domain"] == ["2005", "2006", "2007", "2008", "2009", charts.NOT_REPORTED]
    roles = pd.DataFrame({"year": [2001, 2003], "role": ["provider", "both"], "initiatives": [1, 2]})
    x = country_charts.roles_per_year(roles).to_dict()["encoding"]["x"]
    assert x["scale"]["domain"] == ["2001", "2002", "2003"]


def test_coverage(reference_store):
    by_year = breakdowns.coverage(questions.coverage(reference_store, Filters(), "year"), "year")
    subtitle = by_year.to_dict()["title"]["subtitle"]  # wrapped at words into lines
    assert "15 initiatives with no start year are not shown" in " ".join(subtitle)
    types = questions.coverage(reference_store, Filters(), "cooperation_type")
    by_type = breakdowns.coverage(types, "cooperation_type")
    assert by_type.to_dict()["encoding"]["x"]["scale"]["domain"] == [0, 1]


def test_charts_cope_with_empty_frames():
    empty = pd.DataFrame({"year": [], "initiatives": [], "reported_usd": [], "unreported": []})
    assert rows(breakdowns.per_year(empty)) == []


def test_lean_sends_only_the_columns_a_chart_uses():
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1.0, float("nan")], "unused": [object(), object()]})
    chart = alt.Chart(frame).mark_bar().encode(x="sum(b):Q", y=alt.Y("a:N", sort=alt.EncodingSortField("b")))
    spec = charts.lean(chart).to_dict()
    assert spec["datasets"][spec["data"]["name"]] == [{"a": "x", "b": 1.0}, {"a": "y", "b": None}]
    # A condition's expression may name any column: such a chart is left as it is.
    conditional = chart.encode(color=alt.condition(alt.datum.unused == 1, alt.value("red"), alt.value("blue")))
    assert charts.lean(conditional) is conditional
    assert charts.lean(chart.transform_filter("datum.b > 0")).data is frame


def test_lean_keeps_the_fields_a_selection_returns():
    frame = pd.DataFrame({"a": ["x"], "b": [1.0], "code": ["BRA"], "unused": [0]})
    chart = alt.Chart(frame).mark_point().encode(x="b:Q", y="a:N").add_params(
        alt.selection_point(name="pick", fields=["code"]))
    spec = charts.lean(chart).to_dict()
    assert spec["datasets"][spec["data"]["name"]] == [{"a": "x", "b": 1.0, "code": "BRA"}]


def test_ranked_bars_have_one_order_whatever_order_their_rows_come_in(countries):
    """Vega orders tied bars by row arrival, which differs when a chart's data changes in place: the order is
    given explicitly, by value and then by name, so a shared link draws the same bars in the same order."""
    themes = pd.DataFrame({"theme": ["a", "b", "c", "d"], "label": ["Delta", "Alpha", "Gamma", "Beta"],
                           "initiatives": [2, 5, 2, 2], "reported_usd": [0.0] * 4, "unreported": [0] * 4})
    for frame in (themes, themes.iloc[::-1]):
        assert breakdowns.themes(frame).to_dict()["encoding"]["y"]["sort"] == ["Alpha", "Beta", "Delta", "Gamma"]
    order = breakdowns.top_places(countries, "provider", "initiatives").to_dict()["encoding"]["y"]["sort"]
    shuffled = breakdowns.top_places(countries.sample(frac=1, random_state=3), "provider", "initiatives")
    assert shuffled.to_dict()["encoding"]["y"]["sort"] == order


def test_presentation_mode_scales_type_bars_and_labels(reference_store):
    themes = charts.lean(breakdowns.themes(questions.per_theme(reference_store, Filters()))).to_dict()
    big = charts.for_screen(themes)
    assert big["height"]["step"] > themes["height"]["step"] and big["config"]["axis"]["labelFontSize"] == 16
    layered = {"layer": [{"mark": {"type": "text", "fontSize": 12}}, {"mark": {"type": "point"}}]}
    assert [layer["mark"].get("fontSize") for layer in charts.for_screen(layered)["layer"]] == [17, None]
    limit = themes["encoding"]["y"]["axis"]["labelLimit"]["expr"]
    assert "containerSize()[0] * 0.55" in limit and limit.endswith(": 260")  # an export keeps the desktop width


def test_presentation_mode_leaves_legends_beside_labels_more_room():
    """Larger type and symbols: a legend under labelled bars gets its labels cut shorter on the screen."""
    chart = alt.Chart(pd.DataFrame({"code": ["multilateral"], "label": ["Multilateral"], "n": [1]})).mark_bar().encode(
        y="label:N", x="n:Q", color=charts.source_colour(["multilateral"]))
    spec = chart.to_dict()
    before = spec["encoding"]["color"]["legend"]["labelLimit"]["expr"]
    after = charts.for_screen(spec)["encoding"]["color"]["legend"]["labelLimit"]["expr"]
    assert f"- {charts.BESIDE_PAD})" in before and f"- {charts.BESIDE_PAD_ON_SCREEN})" in after
    assert charts.for_screen(charts.stacked_legends({"mark": "bar"}))["config"]["legend"]["layout"]  # kept


def test_a_long_subtitle_wraps_at_words_and_a_short_one_stays_one_line():
    long = "Part avec tous les montants déclarés, et avec des preuves de résultats au-delà de « aucune »"
    lines = charts.frame("T", long).to_dict()["subtitle"]
    assert len(lines) == 2 and " ".join(lines) == long and all(len(line) <= charts.SUBTITLE_CHARS for line in lines)
    assert charts.frame("T", "Short").to_dict()["subtitle"] == "Short"
    assert charts.frame("T", ["One", "Two"]).to_dict()["subtitle"] == ["One", "Two"]

