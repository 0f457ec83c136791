"""AppTest for the Funding mix page on both datasets: numbers equal to the query layer's (and to the
Overview's), its controls in the link, bad link values, and filters that match no funding rows."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest
from test_app import DATASETS, app, metric, texts

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.funding import mix as funding
from dashboard.words import text
from dashboard.words.markup import no_maths

PAGE = "pages/funding.py"


def chart_rows(at, title: str) -> pd.DataFrame:
    """The data of the Altair chart whose title is title."""
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        if spec.get("title", {}).get("text") == title:
            data = element.proto.datasets[0].data.data
            return pa.ipc.open_stream(data).read_all().to_pandas()
    raise AssertionError(f"no chart titled {title!r}")


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_totals_reconcile_with_the_overview(dataset):
    params = {"rr": "Africa,Asia"} | ({"ds": "demo", "yr": "2000-2020"} if dataset == "demo" else {})
    at = app(params, PAGE)
    assert not at.exception, at.exception
    store = open_store(DATASETS[dataset])
    f = Filters(receiver_regions=("Africa", "Asia"), years=(2000, 2020) if dataset == "demo" else None)
    kpis = questions.kpis(store, f).iloc[0]
    assert metric(at, "Reported funding") == text.usd(kpis["reported_usd"])
    overview = app(params)
    assert metric(overview, "Reported funding") == metric(at, "Reported funding")
    mix = questions.funding_mix(store, f)
    assert metric(at, "Contributions") == text.count(mix["contributions"].sum())
    assert metric(at, "Amount not reported") == text.count(mix["not_reported"].sum())
    value = chart_rows(at, "Reported value by source type")
    assert value["usd"].sum() == pytest.approx(kpis["reported_usd"])
    lev = funding.leverage_summary(questions.leverage(store, f))
    assert metric(at, "Initiatives measured") == f"{text.count(lev.measured)} of {text.count(lev.anchored)}"
    body = texts(at)
    assert f"of {text.initiatives(int(kpis['initiatives']))}" in body and "have every amount reported" in body


def test_controls_follow_the_link():
    at = app({"by": "provider_region", "unit": "count", "stack": "percent", "funders": "initiatives"}, PAGE)
    assert not at.exception, at.exception
    assert next(s for s in at.selectbox if s.label == "Break down by").value == "provider_region"
    assert [r.value for r in at.radio if r.label in ("Measure", "Bars", "Rank funders by")] == [
        "count", "percent", "initiatives"]
    rows = chart_rows(at, "Contributions by provider region and source type")
    expected = questions.funding_mix(open_store(DATASETS["reference"]), Filters(), "provider_region")
    assert rows["contributions"].sum() == expected["contributions"].sum()
    assert rows.groupby("key")["share"].sum().to_numpy() == pytest.approx(1.0)
    assert "Top 6 funders by initiatives" in [json.loads(c.proto.spec)["title"]["text"]
                                              for c in at.get("vega_lite_chart")]
    # Choosing another breakdown writes it into the link.
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Break down by")).set_value("theme").run()
    assert at.query_params["by"] == "theme"


def test_bad_link_values_get_a_notice():
    at = app({"by": "colour", "stack": "'; DROP TABLE funding; --"}, PAGE)
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert "Ignored `colour` for break down by in the link." in warnings
    assert any("DROP TABLE" in w for w in warnings)
    assert next(s for s in at.selectbox if s.label == "Break down by").value == "year"


def test_initiatives_without_funding_rows_get_an_empty_state():
    at = app({"q": "belt and road"}, PAGE)  # one initiative, which records no contribution
    assert not at.exception, at.exception
    body = texts(at)
    assert "None of these initiatives records a funding contribution" in body
    assert "1 record no contribution at all" in body
    assert not at.get("vega_lite_chart")


def test_no_initiatives_at_all():
    at = app({"fs": "private_sector"}, PAGE)  # no reference initiative has private funding
    assert not at.exception, at.exception
    assert "No initiatives match these filters" in texts(at)


def test_a_source_filter_explains_the_difference_from_the_overview():
    at = app({"fs": "unspecified"}, PAGE)
    assert not at.exception, at.exception
    body = texts(at)
    # (the notice's $ are escaped for Markdown, where two would delimit a formula)
    assert r"Funding source filter: this page counts only those sources' contributions (US\$2.3M)" in body
    store = open_store(DATASETS["reference"])
    overview_total = questions.kpis(store, Filters(source_types=("unspecified",))).at[0, "reported_usd"]
    assert f"The Overview's reported funding, {no_maths(text.usd(overview_total))}" in body


def test_tables_behind_the_charts_are_sent_only_when_opened():
    """A closed expander's table is neither computed nor drawn; opening it reruns the page with the table,
    whose numbers are the query layer's."""
    at = app({}, PAGE)
    assert not at.exception and len(at.dataframe) == 0
    at.session_state["funders-table"] = True
    at.run()
    assert not at.exception and len(at.dataframe) == 1
    table = at.dataframe[0].value
    funders = questions.top_funders(open_store(DATASETS["reference"]), Filters())
    assert list(table["Funder"]) == list(funders["funder"])
    assert table["Reported value (US$)"].sum() == pytest.approx(funders["reported_usd"].sum())
