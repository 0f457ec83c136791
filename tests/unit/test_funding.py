"""The Funding mix page's numbers on a small hand-made dataset: leverage by hand, shares that sum to
100 %, coverage and the lines that say what each chart leaves out; its charts through to_dict()."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from paths import REFERENCE

from dashboard import questions
from dashboard.data import schema, tables
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.funding import charts as funding_charts
from dashboard.funding import mix as funding


def contribution(initiative: str, source: str, amount: float | None, funder: str = "IFAD", in_kind: bool = False):
    return {"initiative_id": initiative, "source_type": source, "funder": funder, "funder_iso3": None,
            "amount_usd": amount, "in_kind": in_kind, "year": 2008}


# IFAD-01..IFAD-08 of the reference data, with this funding instead of their own.
FUNDING = [
    contribution("IFAD-01", "multilateral", 100), contribution("IFAD-01", "provider_government", 250, "Govt"),  # 2.5
    contribution("IFAD-02", "traditional_donor", 200, "GIZ"),  # GIZ facilitates IFAD-02: an anchor
    contribution("IFAD-02", "beneficiaries", 50, "Villagers", in_kind=True),  # 0.25
    contribution("IFAD-03", "multilateral", 100),  # no co-financing recorded: 0
    contribution("IFAD-04", "multilateral", None), contribution("IFAD-04", "private_sector", 100, "Firm"),
    contribution("IFAD-05", "multilateral", 100), contribution("IFAD-05", "civil_society", None, "CSOs"),
    contribution("IFAD-06", "traditional_donor", 100, "Norad"),  # Norad is no facilitator here: no anchor
    contribution("IFAD-06", "provider_government", 100, "Govt"),
    contribution("IFAD-07", "multilateral", 0), contribution("IFAD-07", "foundation_ngo", 10, "Fund"),
    # IFAD-08: no contribution recorded
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    initiatives = pq.read_table(REFERENCE / schema.INITIATIVES_FILE).to_pylist()[:8]
    initiatives[1]["facilitators"] = ["IFAD", "GIZ"]
    out = tmp_path_factory.mktemp("funding")
    tables.write_dataset(pa.Table.from_pylist(initiatives, schema=tables.INITIATIVES_SCHEMA),
                         pa.Table.from_pylist(FUNDING, schema=tables.FUNDING_SCHEMA), out)
    return open_store(out)


def test_leverage_by_hand(store):
    rows = questions.leverage_initiatives(store, Filters()).set_index("initiative_id")
    assert sorted(rows.index) == ["IFAD-01", "IFAD-02", "IFAD-03", "IFAD-04", "IFAD-05", "IFAD-07"]
    assert rows.loc["IFAD-01", "ratio"] == 2.5 and rows.loc["IFAD-02", "ratio"] == 0.25
    assert rows.loc["IFAD-03", "ratio"] == 0
    assert dict(rows["status"]) == {
        "IFAD-01": "measured", "IFAD-02": "measured", "IFAD-03": "measured", "IFAD-04": "anchor not reported",
        "IFAD-05": "co-financing not reported", "IFAD-07": "anchor of zero"}
    assert rows[["ratio"]].loc[["IFAD-04", "IFAD-05", "IFAD-07"]].isna().all().all()

    lev = funding.leverage_summary(questions.leverage(store, Filters()))
    assert (lev.anchored, lev.measured, lev.none_recorded) == (6, 3, 1)
    assert lev.not_measurable == {"anchor not reported": 1, "co-financing not reported": 1, "anchor of zero": 1}
    assert (lev.anchor_usd, lev.cofinancing_usd) == (400, 300)
    assert lev.ratio == pytest.approx(0.75)  # (250 + 50 + 0) / (100 + 200 + 100)
    assert lev.quartiles == pytest.approx((0.125, 0.25, 1.375))  # of 0, 0.25 and 2.5

    dist = funding.distribution(lev, questions.leverage(store, Filters())).set_index("bin")["initiatives"]
    assert list(dist.index[:len(funding.RATIO_BINS)]) == funding.RATIO_BINS
    assert dist["none recorded"] == 1 and dist["under 0.5"] == 1 and dist["2 to 5"] == 1 and dist["1 to 2"] == 0
    assert dist["No ratio: anchor amount not reported"] == 1
    line = funding.leverage_line(lev)
    assert "covers 3 of the 6 initiatives" in line and "1 (anchor amount not reported)" in line
    assert "median is US$0.25" in line


def test_leverage_counts_all_contributions_whatever_the_source_filter(store):
    only = Filters(source_types=("multilateral",))
    rows = questions.leverage_initiatives(store, only).set_index("initiative_id")
    assert rows.loc["IFAD-01", "ratio"] == 2.5
    assert questions.funding_mix(store, only)["source_type"].tolist() == ["multilateral"]


def test_coverage_and_mix_reconcile(store):
    cov = questions.funding_coverage(store, Filters()).iloc[0]
    assert (cov["all_reported"], cov["partly_reported"], cov["none_reported"], cov["no_funding"]) == (5, 2, 0, 1)
    mix = questions.funding_mix(store, Filters())
    assert mix["amount_usd"].sum() == cov["reported_usd"] == questions.kpis(store, Filters()).at[0, "reported_usd"]
    assert mix.set_index("source_type").loc["beneficiaries", "in_kind_usd"] == 50
    assert "5 of 8 initiatives (62%) have every amount reported" in funding.coverage_line(cov)
    assert "1 record no contribution at all" in funding.coverage_line(cov)


@pytest.mark.parametrize("by", questions.MIX_DIMENSIONS)
def test_shares_sum_to_one_hundred_percent(store, by):
    mix = funding.keyed(questions.funding_mix(store, Filters(), by), by)
    shares = funding.with_shares(mix, "contributions", "key").groupby("key")["share"].sum()
    assert shares.to_numpy() == pytest.approx([1.0] * len(shares))
    overall = funding.with_shares(questions.funding_mix(store, Filters()), "amount_usd")
    assert overall["share"].sum() == pytest.approx(1.0)


def test_shares_of_nothing_are_null_not_a_division_by_zero():
    frame = pd.DataFrame({"key": ["a", "a", "b"], "amount_usd": [0.0, 0.0, 5.0]})
    shares = funding.with_shares(frame, "amount_usd", "key")["share"]
    assert shares.isna().tolist() == [True, True, False] and shares.iloc[2] == 1.0
    assert funding.with_shares(frame.iloc[:2], "amount_usd")["share"].isna().all()


def test_keys_are_readable(store):
    types = funding.keyed(questions.funding_mix(store, Filters(), "cooperation_type"), "cooperation_type")
    assert set(types["key"]) <= set(schema.COOPERATION_TYPES.values())
    regions = funding.keyed(questions.funding_mix(store, Filters(), "receiver_region"), "receiver_region")
    assert set(regions["key"]) <= {"Africa", "Americas", "Asia", "Europe", "Oceania", funding.NOT_PLACED}


def test_left_out_lines():
    mix = pd.DataFrame({"year": [2001, None], "contributions": [3, 2], "not_reported": [1, 0]})
    assert funding.left_out(mix, "value") == ("Values cover the 4 contributions with an amount; the 1 without one "
                                              "(20%) are left out.")
    assert "Counts every contribution, 1 of them" in funding.left_out(mix, "count")
    assert "2 contributions with no year are not shown" in funding.left_out(mix, "value", "year")
    assert "each theme" in funding.left_out(mix, "count", "theme")


def test_charts(store):
    mix = questions.funding_mix(store, Filters())
    spec = funding_charts.value_by_source(mix).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    forms = {(r["source_type"], r["form"]): r["usd"] for r in rows}
    assert forms[("beneficiaries", "In kind")] == 50 and ("beneficiaries", "Cash") not in forms
    assert sum(forms.values()) == mix["amount_usd"].sum()

    by_year = funding.keyed(questions.funding_mix(store, Filters(), "year"), "year")
    spec = funding_charts.breakdown(by_year, "year", "count", percent=True).to_dict()
    assert spec["encoding"]["y"]["stack"] == "normalize" and spec["encoding"]["x"]["field"] == "key"
    domain = spec["encoding"]["color"]["scale"]["domain"]
    assert set(domain) == {schema.SOURCE_TYPES[c] for c in by_year["source_type"]}

    funders = questions.top_funders(store, Filters())
    spec = funding_charts.funders(funders, "initiatives", n=3).to_dict()
    assert len(spec["datasets"][spec["data"]["name"]]) == 3 and spec["encoding"]["x"]["field"] == "initiatives"

    bins = questions.leverage(store, Filters())
    spec = funding_charts.leverage(funding.distribution(funding.leverage_summary(bins), bins)).to_dict()
    bars = {r["bin"]: (r["initiatives"], r["kind"]) for r in spec["datasets"][spec["data"]["name"]]}
    assert bars["none recorded"] == (1, "No ratio / none recorded") and bars["2 to 5"] == (1, "Ratio measured")


@pytest.mark.parametrize("by", questions.MIX_DIMENSIONS)
@pytest.mark.parametrize(("unit", "percent"), [("value", False), ("count", True)])
def test_breakdown_chart_for_every_dimension(store, by, unit, percent):
    mix = funding.keyed(questions.funding_mix(store, Filters(), by), by)
    spec = funding_charts.breakdown(mix, by, unit, percent).to_dict()  # validates against the schema
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    field = "amount_usd" if unit == "value" else "contributions"
    assert rows[field].sum() == pytest.approx(mix.loc[mix["key"].notna(), field].sum())
    amount = spec["encoding"]["y" if by == "year" else "x"]
    assert amount["field"] == field and amount["stack"] == ("normalize" if percent else "zero")
