"""Money that is true: the shipped rates convert the world's currencies by default (checked against the IMF file
itself), joint funding is never credited to one funder, constant prices, and unknown is never 0 in an answer."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from endpoints import REQUIRED
from paths import REFERENCE, shared

from dashboard import api, questions
from dashboard.data import prices, schema
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.ingest import run
from dashboard.ingest.money import SOURCE_IMF
from dashboard.questions.registry import ENDPOINTS

GULF = [("SAR", 2010, 4_000_000), ("PKR", 2011, 85_000_000), ("EGP", 2012, 60_000_000), ("JOD", 2013, 710_000),
        ("QAR", 2014, 3_640_000), ("XOF", 2015, 500_000_000), ("KWD", 2012, 300_000)]
MAPPING = {"fields": {"initiative_id": {"column": "id"}, "title": {"column": "title"},
                      "providers": {"column": "donor"}, "receivers": {"column": "recipient"},
                      "start_year": {"column": "year"}},
           "funding": {"amount": {"column": "amount"}, "currency": {"column": "currency"}, "year": {"column": "year"}}}


def imf_rates() -> dict[tuple[str, int], float]:
    """The IMF file itself (../shared/reference), read here with plain csv: units per US$ by currency and year."""
    found: dict = defaultdict(list)
    with shared("reference", "exchange-rates", "imf_exchangerates_A_ENDA_USD.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found[row["Currency"], int(row["Date"][:4])].append(float(row["Rate"]))
    return {key: statistics.median(values) for key, values in found.items()}


def test_the_default_import_converts_gulf_and_african_currencies_at_the_imf_rate(tmp_path):
    from dashboard.ingest import mapping

    rows = [["id", "title", "donor", "recipient", "amount", "currency", "year"]]
    rows += [[f"G{i}", f"Project {i}", "Saudi Arabia", "Pakistan", amount, code, year]
             for i, (code, year, amount) in enumerate(GULF)]
    source = tmp_path / "gulf.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    result = run([source], tmp_path / "out", mapping.from_dict(MAPPING, "t"))  # no --rates
    assert result.written, result.problems
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE).set_index("initiative_id")
    table = imf_rates()
    for i, (code, year, amount) in enumerate(GULF):
        assert funding.at[f"G{i}", "amount_usd"] == pytest.approx(amount / table[code, year], rel=1e-9), code
        assert funding.at[f"G{i}", "currency"] == code and funding.at[f"G{i}", "amount_original"] == amount
    assert result.ledger.conversions[SOURCE_IMF] == len(GULF) and not result.ledger.not_converted
    assert f"amounts in US$: {len(GULF)} by {SOURCE_IMF}" in result.summary()


def test_the_ecb_average_cross_checks_the_imf_table():
    """The euro's IMF period average and the ECB's yearly average (the fallback) agree within 1 %."""
    from dashboard.ingest.money import Rates

    rates = Rates()
    table = imf_rates()
    for year in range(2000, 2024, 3):
        assert rates._ecb_average("EUR", year) == pytest.approx(table["EUR", year], rel=0.01), year


def test_the_cpi_deflator_is_the_bls_annual_average():
    monthly = pd.read_csv(shared("reference", "deflators", "us_cpi_u_monthly.csv"))
    monthly["year"] = monthly["Date"].str[:4].astype(int)
    counts = monthly.groupby("year")["Index"].count()
    annual = monthly.groupby("year")["Index"].mean()[counts == 12]
    assert prices.latest_year() == annual.index.max()
    for year in (1990, 2010, 2012, 2020):
        assert prices.factor(year, 2012) == pytest.approx(annual[2012] / annual[year], rel=1e-6)
    assert prices.factor(prices.latest_year() + 1, 2012) is None  # a year the deflator does not reach


JOINT_IATI = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>J-1</iati-identifier>
  <title><narrative>Irrigation, jointly funded</narrative></title>
  <participating-org role="1" type="10" ref="IN-GOV-1"><narrative>Government of India</narrative></participating-org>
  <participating-org role="1" type="10" ref="FR-6"><narrative>Agence Française de Développement</narrative>
  </participating-org>
  <participating-org role="1" type="40" ref="XM-DAC-41108"><narrative>IFAD</narrative></participating-org>
  <recipient-country code="SN"/>
  <activity-date type="2" iso-date="2015-01-01"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2015-02-01"/><value>1000</value></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2016-02-01"/><value>2000</value></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2016-03-01"/><value>500</value>
   <provider-org ref="IN-GOV-1"><narrative>Government of India</narrative></provider-org></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2016-04-01"/><value>n/a</value></transaction>
 </iati-activity>
</iati-activities>"""


@pytest.fixture(scope="module")
def joint_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("joint")
    (folder / "j.xml").write_text(JOINT_IATI, encoding="utf-8")
    result = run([folder / "j.xml"], folder / "out")
    assert result.written, result.problems
    return open_store(folder / "out"), result, folder / "out"


def test_joint_funding_credits_no_funder_more_than_the_source_supports(joint_store):
    store, result, out = joint_store
    kpis = questions.kpis(store, Filters()).iloc[0]
    assert kpis["reported_usd"] == 3500  # the activity's total stays in the Overview
    funders = questions.top_funders(store, Filters()).set_index("funder")
    # Only India's own transaction is India's; France and IFAD are listed, with no amount of their own.
    assert funders.at["Government of India", "reported_usd"] == 500
    assert funders.at["Government of India", "in_joint"] == 1
    assert funders.loc[["Agence Française de Développement", "IFAD"], "reported_usd"].isna().all()
    joint = funders.loc["Government of India; Agence Française de Développement; IFAD"]
    assert joint["source_type"] == "joint" and joint["reported_usd"] == 3000
    types = dict(zip(funders.index, funders["source_type"], strict=True))
    assert types["Agence Française de Développement"] == "traditional_donor" and types["IFAD"] == "multilateral"
    mix = questions.funding_mix(store, Filters()).set_index("source_type")
    assert mix.at["joint", "amount_usd"] == 3000 and mix.at["provider_government", "amount_usd"] == 500
    assert "traditional_donor" not in mix.index and "multilateral" not in mix.index  # named, but no money of theirs
    assert mix["amount_usd"].sum() == kpis["reported_usd"]
    leverage = questions.leverage(store, Filters())
    assert list(leverage["status"]) == ["joint funding, not split"]  # not 'US$0 co-financing'
    # A funder-type filter still finds the activity (IFAD takes part) but credits IFAD nothing.
    multilateral = questions.funding_mix(store, Filters(source_types=("multilateral",)))
    assert questions.kpis(store, Filters(source_types=("multilateral",))).at[0, "initiatives"] == 1
    assert multilateral.empty
    report = pd.read_csv(out / "import-report.csv", keep_default_na=False)
    assert "'n/a'" in report.at[0, "notes"] and "left out" in report.at[0, "notes"]  # nothing dropped in silence
    assert result.ledger.joint == 2  # 2015 and 2016: one joint row per year


def no_amounts(folder: Path) -> Path:
    """The reference data with every amount removed (as many real project lists are)."""
    pq.write_table(pq.read_table(REFERENCE / schema.INITIATIVES_FILE), folder / schema.INITIATIVES_FILE)
    funding = pq.read_table(REFERENCE / schema.FUNDING_FILE)
    column = funding.schema.get_field_index("amount_usd")
    pq.write_table(funding.set_column(column, "amount_usd", pa.nulls(funding.num_rows, pa.float64())),
                   folder / schema.FUNDING_FILE)
    return folder


# A zero is true only where nothing of its kind exists: a country with no initiative in that role, no contribution
# in kind. Anywhere else an amount with nothing reported must be null.
TRUE_ZERO = {"provided_usd": ["initiatives_as_provider"], "received_usd": ["initiatives_as_receiver"],
             "net_usd": ["initiatives_as_provider", "initiatives_as_receiver"], "in_kind_usd": ["in_kind"],
             "cofinancing_usd": ["with_cofinancing", "cofinancing_rows"],
             # Two periods: a change is 0 for sure only where the role is missing from both periods.
             "change_provided_usd": ["initiatives_as_provider_1", "initiatives_as_provider_2"],
             "change_received_usd": ["initiatives_as_receiver_1", "initiatives_as_receiver_2"],
             "change_net_usd": ["initiatives_as_provider_1", "initiatives_as_provider_2", "initiatives_as_receiver_1",
                                "initiatives_as_receiver_2"]}


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_no_answer_writes_0_where_nothing_is_reported(tmp_path, name):
    store = open_store(no_amounts(tmp_path))
    args = {p.name: p.default for p in ENDPOINTS[name].params} | REQUIRED.get(name, ("", {}))[1]
    for f in (Filters(), Filters(receiver_regions=("Africa",)), Filters(themes=("gender",))):
        frame = ENDPOINTS[name].run(store, f, args)
        money = [c for c in frame.columns if c.endswith("_usd") or c in ("q1", "median", "q3", "ratio")]
        for column in money:
            zero = frame[column].fillna(-1) == 0
            if column in TRUE_ZERO:
                counts = [c for c in TRUE_ZERO[column] if c in frame]
                justified = pd.concat([frame[c] == 0 for c in counts], axis=1).all(axis=1)
                zero &= ~justified
            assert not zero.any(), (name, column, frame.loc[zero].head(3).to_dict("records"))
        body = api.body("csv", frame, {}, api.provenance(api.Dataset("t", "t", tmp_path, "", ""), store, f, ""))
        data = pd.read_csv(pd.io.common.StringIO(body.decode()), comment="#")
        for column in money:
            assert not (data[column].fillna(-1) == 0).sum() > (frame[column].fillna(-1) == 0).sum(), column


def test_constant_prices_of_the_reference_data_are_cpi_deflated():
    current, constant = open_store(REFERENCE), open_store(REFERENCE, basis=prices.CONSTANT)
    funding = pd.read_parquet(REFERENCE / schema.FUNDING_FILE)
    base = prices.latest_year()
    expected = sum(a * prices.factor(int(y), base) for a, y in zip(funding["amount_usd"], funding["year"],
                                                                  strict=True) if a == a)
    assert questions.kpis(constant, Filters()).at[0, "reported_usd"] == pytest.approx(expected, rel=1e-9)
    assert questions.kpis(current, Filters()).at[0, "reported_usd"] == pytest.approx(funding["amount_usd"].sum())
    assert constant.prices.words() == f"constant {base} US$" and current.prices.words() == "current US$"
