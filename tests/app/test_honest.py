"""What the pages say on data with no amounts, and about partners the sources name only by region."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from paths import REFERENCE
from test_app import PAGES, app, metric, texts

from dashboard.data import schema

NOTHING_KNOWN = "No amounts are reported under these filters: every value here is unknown, not zero"


@pytest.fixture
def no_amounts(tmp_path, monkeypatch):
    """The reference data with every amount not reported (as many real project lists are)."""
    pq.write_table(pq.read_table(REFERENCE / schema.INITIATIVES_FILE), tmp_path / schema.INITIATIVES_FILE)
    funding = pq.read_table(REFERENCE / schema.FUNDING_FILE)
    column = funding.schema.get_field_index("amount_usd")
    funding = funding.set_column(column, "amount_usd", pa.nulls(funding.num_rows, pa.float64()))
    pq.write_table(funding, tmp_path / schema.FUNDING_FILE)
    monkeypatch.setenv("SSC_DATA_DIR", str(tmp_path))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_no_amounts(no_amounts, page):
    at = app({}, page)
    assert not at.exception, at.exception
    if page != "pages/about.py":  # About's method text names US$0 as a rule, not as a total
        assert "US$0" not in texts(at)


def test_with_no_amounts_values_default_to_counts_and_say_why(no_amounts):
    overview = app({}, "pages/overview.py")
    assert metric(overview, "Reported funding") == "not reported"
    assert "None of the initiatives reports an amount of funding." in texts(overview)
    chosen = app({"show": "Funding"}, "pages/overview.py")
    assert any(NOTHING_KNOWN in w.value for w in chosen.warning)

    drawn = app({}, "pages/map.py")
    assert [s.value for s in drawn.selectbox if s.label == "Colour countries by"] == ["initiatives"]
    assert next(r for r in drawn.radio if r.label == "Line width by").value == "count"
    assert "so this page counts initiatives" in texts(drawn)
    asked = app({"measure": "provided"}, "pages/map.py")  # a value measure chosen in the link still works
    assert [s.value for s in asked.selectbox if s.label == "Colour countries by"] == ["provided"]
    assert any(NOTHING_KNOWN in w.value for w in asked.warning)

    net = app({}, "pages/network.py")
    assert next(r for r in net.radio if r.label == "Weigh edges by").value == "count"
    money = app({}, "pages/funding.py")
    assert metric(money, "Reported funding") == "not reported"
    assert next(r for r in money.radio if r.label == "Measure").value == "count"
    assert next(r for r in money.radio if r.label == "Rank funders by").value == "initiatives"


def test_on_reported_data_values_stay_the_default():
    drawn = app({}, "pages/map.py")
    assert [s.value for s in drawn.selectbox if s.label == "Colour countries by"] == ["provided"]
    assert not any(NOTHING_KNOWN in w.value for w in drawn.warning)


@pytest.mark.parametrize("params", [{}, {"width": "value", "weight": "value"}])
def test_partners_not_named_are_never_the_largest_flow_or_the_most_connected(no_amounts, params):
    """With no amounts, World → World (partners not named on both sides) was 'the largest flow'."""
    body = texts(app(params, "pages/map.py"))
    largest = body.split("the largest is ")[1].split(")")[0]
    assert "World" not in largest and "not named" not in largest
    network = texts(app(params, "pages/network.py"))
    most = network.split(" has the most partners")[0].rsplit(". ", 1)[-1]
    assert "not named" not in most and "World" not in most


def test_a_researchers_filters_give_one_total_on_every_page():
    """One receiving region, one theme, one provider: the Overview, the Funding mix and the Country profile of
    the provider show the same reported funding, the matching pairs' value (not the initiatives' whole funding)."""
    from dashboard import questions
    from dashboard.data.filters import Filters
    from dashboard.data.store import open_store
    from dashboard.words import text

    params = {"rs": "Sub-Saharan Africa", "th": "rural_policy", "pc": "BRA"}
    f = Filters(receiver_subregions=("Sub-Saharan Africa",), themes=("rural_policy",), provider_countries=("BRA",))
    store = open_store(REFERENCE)
    total = float(questions.kpis(store, f).at[0, "reported_usd"])
    whole = float(questions.kpis(store, Filters(themes=("rural_policy",), provider_countries=("BRA",))).at[
        0, "reported_usd"])
    assert 0 < total < whole  # the filters cut flows, so the money shrinks too
    shown = text.usd(total)
    assert metric(app(params, "pages/overview.py"), "Reported funding") == shown
    assert metric(app(params, "pages/funding.py"), "Reported funding") == shown
    country = app({**params, "country": "BRA"}, "pages/country.py")
    assert metric(country, "Value provided") == shown
    assert metric(country, "Value received") in ("US$0", "not reported")  # Brazil is in no receiving side here


def test_the_initiatives_grid_does_not_sort_only_its_page():
    """The grid's header sorting would reorder the 25 rows on screen, not the list: column selection turns it off
    (the Sort control sorts on the server), and selecting a row still opens the initiative."""
    from streamlit.proto.Dataframe_pb2 import Dataframe

    at = app({}, "pages/initiatives.py")
    grid = at.dataframe[0].proto
    assert Dataframe.SelectionMode.SINGLE_COLUMN in grid.selection_mode
    assert Dataframe.SelectionMode.SINGLE_ROW in grid.selection_mode
    previous, following = (b for b in at.button if b.key in ("pager-previous", "pager-next"))
    assert previous.disabled and not following.disabled
    following.click().run()
    assert at.query_params["page"] in (["2"], "2")


def test_tables_write_money_as_the_charts_do():
    """"US$2.3M", not "2.3M": the grid shows money as text while the numbers stay underneath (sortable)."""
    import pyarrow as pa

    at = app({"tables": "true", "table": "Drawn flows"}, "pages/map.py")
    grid = at.dataframe[0]
    shown = pa.ipc.open_stream(grid.proto.arrow_data.styler.display_values).read_all().to_pandas()
    values = grid.value["Value (US$)"]
    assert values.dtype.kind == "f"  # sorted as numbers
    assert all(str(s).startswith("US$") or s == "not reported" for s in shown["Value (US$)"])


def test_about_states_the_place_rule():
    body = texts(app({}, "pages/about.py"))
    assert "Place filters select flows." in body and "the share of its pairs that match" in body
    assert str(REFERENCE) not in body and str(REFERENCE.parent.parent) not in body  # no server paths
