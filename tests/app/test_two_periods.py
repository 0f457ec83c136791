"""Two periods compared (?yr2=) on the Overview and the Map, in AppTest on both datasets: the numbers are the
query layer's, a bad second period gets the app's notice and no comparison, the toggle writes the link."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from test_app import DATASETS, app, metric, texts

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.words import text

VIEWS = {"reference": ({"yr": "2005-2007", "yr2": "2008-2010"}, (2005, 2007), (2008, 2010)),
         "demo": ({"ds": "demo", "yr": "1995-2004", "yr2": "2015-2024"}, (1995, 2004), (2015, 2024))}


@pytest.mark.parametrize("dataset", list(VIEWS))
@pytest.mark.parametrize("page", ["pages/overview.py", "pages/map.py"])
def test_two_periods_side_by_side_with_the_query_layer_s_numbers(dataset, page):
    params, first, second = VIEWS[dataset]
    at = app(params, page)
    assert not at.exception, at.exception
    assert not [w for w in at.warning if "Ignored" in w.value]
    words = f"{first[0]}–{first[1]}", f"{second[0]}–{second[1]}"
    assert f"Two periods compared: {words[0]} and {words[1]}" in [s.value for s in at.subheader]
    store = open_store(DATASETS[dataset])
    change = questions.period_change(store, Filters(years=first), second)
    countries = change[change["kind"] == "country"]
    joined = int(countries["new"].sum())
    assert f"From {words[0]} to {words[1]}:" in texts(at) and f"{text.count(joined)} " in texts(at)
    if page == "pages/overview.py":
        later = questions.kpis(store, Filters(years=second)).iloc[0]
        assert metric(at, f"Initiatives, {words[1]}") == text.count(later["initiatives"])
        element = next(c for c in at.get("vega_lite_chart")
                       if "Largest changes" in json.dumps(json.loads(c.proto.spec).get("title")))
        bars = json.loads(element.proto.spec)
        rows = pa.ipc.open_stream(element.proto.datasets[0].data.data).read_all()
        moved = countries["change_initiatives"].notna() & (countries["change_initiatives"] != 0)
        assert bars["encoding"]["x"]["scale"]["domainMid"] == 0 and rows.num_rows == min(15, int(moved.sum()))
    else:
        specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
        assert len(specs) == 3  # both periods, and the change
        assert "Change from" in json.dumps(specs[2]["title"])


@pytest.mark.parametrize("value", ["abc", "2010-2005", "1990-1995", "2005-2999", "<script>", "2008-2010-2012"])
@pytest.mark.parametrize("page", ["pages/overview.py", "pages/map.py"])
def test_a_second_period_the_data_cannot_have_gets_a_notice_and_no_comparison(value, page):
    at = app({"yr2": value}, page)
    assert not at.exception
    assert any(w.value.startswith("Ignored") and "for the second period" in w.value for w in at.warning)
    assert not [s for s in at.subheader if "Two periods" in s.value]


def test_the_toggle_writes_the_second_period_into_the_link_and_off_removes_it():
    at = app({}, "pages/overview.py")
    toggle = next(t for t in at.toggle if t.label == "Compare with another period")
    toggle.set_value(True).run()
    assert not at.exception and at.query_params["yr2"] == "2006-2010"  # the data's last five years
    next(s for s in at.slider if s.label == "Second period (start years)").set_range(2007, 2009).run()
    assert at.query_params["yr2"] == "2007-2009"
    assert "Two periods compared: 2005–2010 and 2007–2009" in [s.value for s in at.subheader]
    next(t for t in at.toggle if t.label == "Compare with another period").set_value(False).run()
    assert "yr2" not in at.query_params and not [s for s in at.subheader if "Two periods" in s.value]
