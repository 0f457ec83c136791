"""The importer on small files of our own: formats, mapping, money, organisations, the report, safety."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from paths import REFERENCE, shared

from dashboard import questions
from dashboard.data import schema
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.data.validate import validate_dataset
from dashboard.ingest import Provenance, guessing, mapping, run, sectors
from dashboard.ingest.__main__ import main
from dashboard.ingest.readers import SourceError

RATES = "Date,Rate,Currency,Frequency,Source,Country code,Country\n2015-12-31,0.8,EUR,A,IMF,U2,Euro area\n" \
        "2015-12-31,600,XOF,A,IMF,SN,Senegal\n"
CSV_ROWS = [
    ["Code", "Título", "País oferente", "País receptor", "Setor", "Valor", "Moeda", "Ano", "ODS"],
    ["A1", "Bancos de leite humano", "Brasil", "Moçambique", "12220", "1.000,50", "EUR", "2015", "SDG 3; 2"],
    ["A2", "Sementes crioulas", "Brasil", "Sénégal;Cabo Verde", "311", "600.000", "XOF", "2015", ""],
    ["A3", "Cooperação sem valor", "Brasil", "LAC", "998", "", "", "2016", "18"],
]
MAPPING = {
    "decimal": ",",
    "fields": {
        "initiative_id": {"column": "Code"}, "title": {"column": "Título"},
        "providers": {"column": "País oferente"}, "receivers": {"column": "País receptor"},
        "themes": {"column": "Setor", "codes": "dac"}, "start_year": {"column": "Ano"}, "sdgs": {"column": "ODS"},
        "lead_actor": {"default": "government"},
    },
    "funding": {"amount": {"column": "Valor"}, "currency": {"column": "Moeda"}, "year": {"column": "Ano"}},
}


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


@pytest.fixture
def rates(tmp_path) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text(RATES)
    return path


def report(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "import-report.csv", keep_default_na=False)


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", "\t")])
def test_a_csv_in_any_encoding_and_delimiter_imports_with_every_number_right(tmp_path, rates, encoding, delimiter):
    source = write_csv(tmp_path / "list.csv", CSV_ROWS, encoding, delimiter)
    result = run([source], tmp_path / "out", mapping.from_dict(MAPPING, "test"), rates, Provenance(title="Test"))
    assert result.written, result.problems
    assert result.rows_in == 3 == result.imported + result.with_defaults + result.rejected
    detected = result.detected["list.csv"]
    assert detected["encoding"] == {"utf-8-sig": "utf-8-sig", "cp1252": "cp1252", "utf-8": "utf-8"}[encoding]
    assert detected["delimiter"] == {";": ";", "\t": "tab"}[delimiter]
    assert validate_dataset(tmp_path / "out") == []
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("initiative_id")
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE).set_index("initiative_id")
    assert initiatives.loc["A1", "title"] == "Bancos de leite humano"
    assert list(initiatives.loc["A1", "receivers"]) == ["MOZ"] and list(initiatives.loc["A1", "providers"]) == ["BRA"]
    assert list(initiatives.loc["A2", "receivers"]) == ["SEN", "CPV"]
    assert list(initiatives.loc["A3", "receiver_regions"]) == ["Latin America and the Caribbean"]
    assert list(initiatives.loc["A1", "themes"]) == ["health"] and list(initiatives.loc["A3", "themes"]) == [
        "unspecified"]
    assert list(initiatives.loc["A1", "sdgs"]) == [3, 2] and list(initiatives.loc["A3", "sdgs"]) == []
    assert initiatives.loc["A2", "cooperation_type"] == "regional"  # derived: two receivers
    assert initiatives.loc["A3", "cooperation_type"] == "regional"  # derived: a receiver named only by region
    assert initiatives.loc["A1", "cooperation_type"] == "bilateral"
    # Money: the original kept, US$ at the rate of its year, nothing invented where nothing is stated.
    assert funding.loc["A1", "amount_original"] == 1000.5 and funding.loc["A1", "currency"] == "EUR"
    assert funding.loc["A1", "usd_rate"] == 0.8 and funding.loc["A1", "amount_usd"] == pytest.approx(1000.5 / 0.8)
    assert funding.loc["A2", "amount_usd"] == pytest.approx(1000.0)
    assert pd.isna(funding.loc["A3", "amount_usd"])
    assert funding.loc["A1", "source_type"] == "provider_government" and funding.loc["A1", "funder"] == "Brazil"
    notes = report(tmp_path / "out").set_index("record")["notes"]
    assert "sdgs: '18' is not an SDG" in notes["line 4"]
    meta = yaml.safe_load((tmp_path / "out" / "dataset.yaml").read_text())
    assert meta["title"] == "Test" and meta["rows"] == {"in": 3, "imported": 3, "with_defaults": 3, "rejected": 0}
    assert len(meta["inputs"][0]["sha256"]) == 64 and meta["mapping"]["decimal"] == ","


def test_no_rate_means_no_amount_with_the_reason(tmp_path):
    """A currency no table has a rate for (the South Sudanese pound before South Sudan): reported, not converted,
    and said so in the summary, dataset.yaml and the store's counts (never 'no amount')."""
    rows = [CSV_ROWS[0], ["B1", "Test", "Brasil", "Angola", "311", "5000", "SSP", "1990", ""],
            ["B2", "Other", "Brasil", "Angola", "311", "", "", "1990", ""]]
    result = run([write_csv(tmp_path / "l.csv", rows)], tmp_path / "out", mapping.from_dict(MAPPING, "t"))
    assert result.written
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE)
    assert pd.isna(funding.loc[0, "amount_usd"]) and funding.loc[0, "amount_original"] == 5000
    assert "no SSP rate for 1990" in report(tmp_path / "out").loc[0, "notes"]
    assert "1 amount(s) reported, not converted (no rate): 1 in SSP (5,000 SSP)" in result.summary()
    meta = yaml.safe_load((tmp_path / "out" / "dataset.yaml").read_text())
    assert meta["money"]["not_converted"] == [{"currency": "SSP", "amounts": 1, "total": 5000.0,
                                               "reasons": {"no SSP rate for 1990": 1}}]
    kpis = questions.kpis(open_store(tmp_path / "out"), Filters()).iloc[0]
    assert kpis["unreported"] == 2 and kpis["unconverted"] == 1 and pd.isna(kpis["reported_usd"])


def test_ecb_rates_ship_offline(tmp_path):
    rows = [CSV_ROWS[0], ["B1", "Test", "Brasil", "Angola", "311", "1000", "EUR", "2010", ""]]
    result = run([write_csv(tmp_path / "l.csv", rows)], tmp_path / "out", mapping.from_dict(MAPPING, "t"))
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE)
    assert result.written and 1250 < funding.loc[0, "amount_usd"] < 1400  # the euro averaged ~1.33 US$ in 2010


def test_unresolved_names_fail_the_import_with_rows_and_suggestions_unless_skipped(tmp_path, capsys):
    rows = [CSV_ROWS[0], CSV_ROWS[1], ["A9", "Test", "Brasil", "Moçambiqe", "311", "", "", "2015", ""]]
    source = write_csv(tmp_path / "l.csv", rows)
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(MAPPING))
    code = main([str(source), "--mapping", str(tmp_path / "m.yaml"), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr().out
    assert code == 1 and "receivers 'Moçambiqe' (line 3); did you mean Mozambique (MOZ)" in printed
    assert not (tmp_path / "out" / schema.INITIATIVES_FILE).exists()
    code = main([str(source), "--mapping", str(tmp_path / "m.yaml"), "--out", str(tmp_path / "out"),
                 "--skip-unresolved"])
    printed = capsys.readouterr().out
    assert code == 0 and "rows in 2 = imported 1 (1 with defaults) + rejected 1" in printed
    assert "no provider" not in printed
    assert report(tmp_path / "out").set_index("record").loc["line 3", "outcome"] == "rejected"


def test_an_excel_sheet_with_a_title_above_its_header_merged_cells_and_a_formula(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Projects"
    sheet["A1"] = "Report of projects, 2016"
    sheet.append([])
    sheet.append(["Code", "Title", "Country", "Amount", "Year"])
    sheet.append(["P1", "Water", "Brasil", 1000, 2015])
    sheet.append(["P2", "Roads", "Moçambique", "=D4*2", 2016])
    sheet.append([None, "Schools", "Sénégal", 5, 2017])
    sheet.merge_cells("A5:A6")
    book.save(tmp_path / "p.xlsx")
    given = mapping.from_dict({"fields": {"providers": {"default": "India"}, "receivers": {"column": "Country"}},
                               "duplicates": "merge"}, "t")
    result = run([tmp_path / "p.xlsx"], tmp_path / "out", given)
    assert result.detected["p.xlsx"]["header_row"] == 3 and result.detected["p.xlsx"]["sheet"] == "Projects"
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("initiative_id")
    # The merged code P2 covers two rows with different titles: the second is refused, not merged.
    assert list(initiatives.index) == ["P1", "P2"] and result.rejected == 1
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE).set_index("initiative_id")
    assert pd.isna(funding.loc["P2", "amount_usd"])  # a formula is never evaluated; its cell had no stored value


def test_sections_layout_fills_the_section_and_rejects_subtotals(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Moçambique"], [], ["Projeto", "Título", "Orçamento"], ["BRA/1", "Leite", 100], ["", "TOTAL", 100],
                [], ["Haiti"], ["Projeto", "Título", "Orçamento"], ["BRA/2", "Escolas", 50],
                ["BRA/1", "Leite", 100]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    given = mapping.from_dict({"layout": "sections", "duplicates": "merge", "fields": {
        "initiative_id": {"column": "Projeto"}, "title": {"column": "Título"}, "receivers": {"column": "section"},
        "providers": {"default": ["BRA"]}}, "funding": {"amount": {"column": "Orçamento"}}}, "t")
    result = run([tmp_path / "s.xlsx"], tmp_path / "out", given)
    assert result.written, result.problems
    assert result.rows_in == 4 and result.rejected == 1  # three data rows and one subtotal
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("initiative_id")
    assert list(initiatives.loc["BRA/1", "receivers"]) == ["MOZ", "HTI"]  # one project listed under two countries
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE)
    assert funding["amount_usd"].sum() == 150  # the repeated project's money counted once


def test_a_sheet_of_sections_read_without_the_option_is_refused_with_the_option_to_use(tmp_path):
    book = openpyxl.Workbook()
    for country in ("Angola", "Haiti", "Peru"):
        for row in ([country], ["Projeto", "Título"], [f"BRA/{country}", "Leite"], []):
            book.active.append(row)
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(SourceError, match="is not one table.*layout: sections"):
        run([tmp_path / "s.xlsx"], tmp_path / "out")


def test_a_sheet_without_sections_is_refused_with_the_layout_it_expects(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.save(tmp_path / "flat.xlsx")
    with pytest.raises(SourceError, match="expects a title row"):
        run([tmp_path / "flat.xlsx"], tmp_path / "out", mapping.from_dict({"layout": "sections"}, "t"))


IATI_2 = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR">
  <iati-identifier>XM-1</iati-identifier>
  <title><narrative xml:lang="fr">Titre</narrative><narrative xml:lang="en">Rice value chains</narrative></title>
  <participating-org role="1" type="10"><narrative>Government of India</narrative></participating-org>
  <participating-org role="1" type="40"><narrative>IFAD</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2015-03-01"/>
  <recipient-country code="MZ"/><recipient-country code="TZ"/>
  <sector code="31120" vocabulary="1"/><tag vocabulary="2" code="2"/><sector vocabulary="7" code="1"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2015-05-01"/><value>800</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2015-06-01"/><value>400</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XM-2</iati-identifier>
  <title><narrative>Roads</narrative></title>
  <participating-org role="1"><narrative>Japan International Cooperation Agency</narrative></participating-org>
  <recipient-country code="HN"/>
  <budget><period-start iso-date="2016-01-01"/><value>10</value></budget>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-3</iati-identifier>
  <title><narrative>Cancelled project</narrative></title>
  <participating-org role="1"><narrative>Brazil</narrative></participating-org>
  <activity-status code="5"/>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XM-4</iati-identifier>
  <title><narrative>Budget only</narrative></title>
  <participating-org role="3"><narrative>Agência Brasileira de Cooperação</narrative></participating-org>
  <recipient-region code="289" vocabulary="1"><narrative>South of Sahara, regional</narrative></recipient-region>
  <budget><period-start iso-date="2016-01-01"/><value>10</value></budget>
 </iati-activity>
</iati-activities>"""
IATI_1 = """<?xml version="1.0"?>
<iati-activities version="1.04">
 <iati-activity default-currency="USD">
  <iati-identifier> OLD-1 </iati-identifier>
  <title> Solar power </title>
  <activity-status>Implementation</activity-status>
  <participating-org role="Funding">Chinese Agency of International Cooperation</participating-org>
  <transaction><value currency="USD" value-date="2010-01-01"> 700 </value><transaction-type code="C"/>
   <transaction-date iso-date="2010-01-01"/></transaction>
  <transaction><value currency="USD" value-date="2011-01-01"> 300 </value><transaction-type code="D"/>
   <transaction-date iso-date="2011-01-01"/></transaction>
  <sector code="140" vocabulary="DAC-3"/>
  <recipient-country code="NP"/>
 </iati-activity>
</iati-activities>"""


def test_iati_2_organisations_the_south_rule_transactions_and_budgets(tmp_path, rates):
    (tmp_path / "a.xml").write_text(IATI_2)
    result = run([tmp_path / "a.xml"], tmp_path / "out", None, rates)
    assert result.detected["a.xml"]["format"] == "IATI 2.03"
    assert result.rows_in == 4 and result.written, result.problems
    outcomes = report(tmp_path / "out").set_index("initiative_id")
    assert "DAC" in outcomes.loc["XM-2", "notes"] and outcomes.loc["XM-2", "outcome"] == "rejected"  # Japan
    assert outcomes.loc["XM-3", "notes"] == "status '5' is mapped to reject"
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("initiative_id")
    one = initiatives.loc["XM-1"]
    assert one["title"] == "Rice value chains" and list(one["providers"]) == ["IND"]
    assert list(one["receivers"]) == ["MOZ", "TZA"] and list(one["facilitators"]) == ["IFAD"]
    assert one["cooperation_type"] == "triangular" and one["status"] == "ongoing" and one["start_year"] == 2015
    assert list(one["themes"]) == ["rural_development"] and sorted(one["sdgs"]) == [1, 2]
    assert list(initiatives.loc["XM-4", "receiver_regions"]) == ["Sub-Saharan Africa"]
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE).set_index("initiative_id")
    # Joint: two funders, no provider-org: one joint row holds the commitment (EUR 800 at 0.8), each funder is listed
    # with its own type and no amount of its own.
    one = funding.loc["XM-1"].set_index("funder")
    assert one.loc["Government of India; IFAD", "source_type"] == "joint" and not one.loc[
        "Government of India; IFAD", "joint"]
    assert one.loc["Government of India; IFAD", "amount_usd"] == pytest.approx(1000.0)
    assert one.loc["Government of India", "source_type"] == "provider_government" and one.loc["IFAD", "source_type"] \
        == "multilateral"
    assert one.loc[["Government of India", "IFAD"], "joint"].all() and one.loc[["Government of India", "IFAD"],
                                                                                "amount_usd"].isna().all()
    assert "budgets" in outcomes.loc["XM-4", "notes"] and funding.loc["XM-4", "amount_usd"] == 10
    disbursed = run([tmp_path / "a.xml"], tmp_path / "d", mapping.from_dict({"transactions": "disbursements"}, "t"),
                    rates)
    assert disbursed.written
    assert pd.read_parquet(tmp_path / "d" / schema.FUNDING_FILE).set_index("initiative_id").loc[
        "XM-1", "amount_usd"].sum() == pytest.approx(500.0)
    everyone = run([tmp_path / "a.xml"], tmp_path / "all", mapping.from_dict({"south": "all"}, "t"), rates)
    assert everyone.rejected == 1  # only the cancelled one: Japan counts under south: all


def test_iati_1_uses_words_and_letters(tmp_path):
    (tmp_path / "old.xml").write_text(IATI_1)
    result = run([tmp_path / "old.xml"], tmp_path / "out")
    assert result.written and result.detected["old.xml"]["format"] == "IATI 1.04"
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE)
    row = initiatives.iloc[0]
    assert (row["initiative_id"], row["title"], row["status"]) == ("OLD-1", "Solar power", "ongoing")
    assert list(row["providers"]) == ["CHN"] and list(row["receivers"]) == ["NPL"]
    assert list(row["themes"]) == ["infrastructure"]
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE)
    assert funding["amount_usd"].tolist() == [700.0] and funding["year"].tolist() == [2010]


def test_an_xpath_in_the_mapping_overrides_a_field(tmp_path):
    (tmp_path / "a.xml").write_text(IATI_2)
    given = mapping.from_dict({"fields": {"title": {"xpath": "title/narrative[@xml:lang='fr']"}}}, "t")
    run([tmp_path / "a.xml"], tmp_path / "out", given)
    titles = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("initiative_id")["title"]
    assert titles["XM-1"] == "Titre"


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<iati-activities version="2.03"><iati-activity><title>&lol3;</title></iati-activity></iati-activities>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><title><narrative>&xxe;</narrative></title></iati-activity>
</iati-activities>"""


@pytest.mark.parametrize("text", [BOMB, XXE], ids=["billion laughs", "external entity"])
def test_hostile_xml_is_refused_with_a_clear_message(tmp_path, text):
    (tmp_path / "evil.xml").write_text(text)
    with pytest.raises(SourceError, match="declares a DTD or entities"):
        run([tmp_path / "evil.xml"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name, data, message", [
    ("empty.csv", b"", "is empty"),
    ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old Excel"),
    ("broken.xml", b"<iati-activities version='2.03'><iati-activity>", "not well-formed"),
    ("other.xml", b"<html><body>hi</body></html>", "not an IATI activity file"),
    ("bad.xlsx", b"PK\x03\x04 not really", "cannot be read as an Excel workbook"),
])
def test_broken_files_get_a_message_not_a_trace(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(SourceError, match=message):
        run([tmp_path / name], tmp_path / "out")


def test_a_zip_of_contract_parquet_is_taken_as_it_is_and_a_path_escape_is_refused(tmp_path):
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        for name in (schema.INITIATIVES_FILE, schema.FUNDING_FILE):
            archive.write(REFERENCE / name, name)
    result = run([good], tmp_path / "out")
    assert result.written and validate_dataset(tmp_path / "out") == []
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../initiatives.parquet", b"x")
    with pytest.raises(SourceError, match="unexpected member"):
        run([evil], tmp_path / "out2")
    assert not (tmp_path / "initiatives.parquet").exists()


def test_init_writes_a_mapping_with_the_guesses_and_every_column(tmp_path, capsys):
    rows = [["id", "title", "donor", "recipient", "amount"], ["1", "A", "BR", "MZ", "5"]]
    source = write_csv(tmp_path / "l.csv", rows)
    assert main([str(source), "--init", str(tmp_path / "m.yaml")]) == 0
    text = (tmp_path / "m.yaml").read_text()
    assert "#   'recipient': 'MZ'" in text and "# Fields not mapped yet:" in text
    loaded = mapping.load(tmp_path / "m.yaml")
    assert loaded.fields["providers"] == {"column": "donor"} and loaded.funding["amount"] == {"column": "amount"}
    assert main([str(source), "--mapping", str(tmp_path / "m.yaml"), "--out", str(tmp_path / "out")]) == 0


def test_a_mapping_with_an_unknown_key_is_refused_by_name(tmp_path):
    with pytest.raises(mapping.MappingError, match="no field 'colour'"):
        mapping.from_dict({"fields": {"colour": {"column": "x"}}}, "m.yaml")
    with pytest.raises(mapping.MappingError, match="unknown option 'shet'"):
        mapping.from_dict({"shet": "x"}, "m.yaml")


def test_every_dac_category_maps_to_a_theme():
    codes = shared("reference", "iati-codelists")
    categories = pd.read_csv(codes / "SectorCategory.csv", dtype=str)["code"]
    purposes = pd.read_csv(codes / "Sector.csv", dtype=str)["code"]
    assert all(sectors.theme_of(c) in schema.THEMES for c in categories)
    assert all(sectors.theme_of(c) in schema.THEMES for c in purposes)
    assert set(sectors.table().values()) <= set(schema.THEMES)


def test_a_negative_net_commitment_is_not_reported_not_negative(tmp_path):
    text = IATI_1.replace("> 700 <", "> -700 <")
    (tmp_path / "old.xml").write_text(text)
    result = run([tmp_path / "old.xml"], tmp_path / "out")
    assert result.written, result.problems
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE)
    assert pd.isna(funding.loc[0, "amount_usd"]) and funding.loc[0, "amount_original"] == -700
    assert "is negative" in report(tmp_path / "out").loc[0, "notes"]


def test_the_readme_mapping_reference_is_the_code_s():
    from paths import ROOT

    readme = (ROOT / "README.md").read_text()
    begin, end = "<!-- mapping reference: begin -->\n", "<!-- mapping reference: end -->"
    assert readme[readme.index(begin) + len(begin):readme.index(end)] == mapping.reference_markdown()


def test_an_iati_ref_prefix_names_the_country_and_a_multilateral_implementer_facilitates(tmp_path):
    text = IATI_1.replace('<participating-org role="Funding">Chinese Agency of International Cooperation',
                          '<participating-org role="Funding" ref="MX-SRE-1">Agencia de Cooperación</participating-org>'
                          '<participating-org role="Implementing">United Nations Development Programme')
    (tmp_path / "a.xml").write_text(text)
    assert run([tmp_path / "a.xml"], tmp_path / "out").written
    row = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).iloc[0]
    assert list(row["providers"]) == ["MEX"]
    assert list(row["facilitators"]) == ["United Nations Development Programme"]
    assert row["cooperation_type"] == "triangular"


def test_the_mapping_can_read_a_name_no_rule_reads(tmp_path):
    rows = [CSV_ROWS[0], ["A9", "Test", "Brasil", "Moçambiqe", "311", "", "", "2015", ""],
            ["B9", "Test", "Brasil", "Nordeste africano", "311", "", "", "2015", ""]]
    given = {**MAPPING, "fields": {**MAPPING["fields"], "receivers": {
        "column": "País receptor", "values": {"Moçambiqe": "MOZ", "Nordeste africano": "Northern Africa"}}}}
    result = run([write_csv(tmp_path / "l.csv", rows)], tmp_path / "out", mapping.from_dict(given, "t"))
    assert result.written and not result.unresolved
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("initiative_id")
    assert list(initiatives.loc["A9", "receivers"]) == ["MOZ"]
    assert list(initiatives.loc["B9", "receiver_regions"]) == ["Northern Africa"]


def test_a_currency_that_is_no_code_is_listed_with_suggestions_and_a_reading_fixes_it(tmp_path, rates):
    rows = [CSV_ROWS[0], ["C1", "Test", "Brasil", "Angola", "311", "1000", "euros", "2015", ""]]
    source = write_csv(tmp_path / "l.csv", rows)
    result = run([source], tmp_path / "out", mapping.from_dict(MAPPING, "t"), rates)
    [missing] = result.unresolved
    assert (missing.field, missing.value, missing.refs) == ("currency", "euros", ["line 2"])
    assert "EUR" in missing.suggestions and not result.written
    given = {**MAPPING, "funding": {**MAPPING["funding"], "currency": {"column": "Moeda", "values": {"euros": "EUR"}}}}
    fixed = run([source], tmp_path / "out", mapping.from_dict(given, "t"), rates)
    assert fixed.written
    assert pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE).loc[0, "amount_usd"] == pytest.approx(1250.0)


def test_a_file_with_nothing_to_import_writes_no_dataset(tmp_path):
    header_only = write_csv(tmp_path / "h.csv", [["Code", "Title", "Donor", "Recipient"]])
    result = run([header_only], tmp_path / "a")
    assert not result.written and "holds no records" in result.problems[0]
    all_rejected = write_csv(tmp_path / "r.csv", [["Code", "Title", "Donor", "Recipient"], ["A1", "", "BR", "AO"]])
    result = run([all_rejected], tmp_path / "b")
    assert not result.written and "no record could be imported" in result.problems[0]
    assert (tmp_path / "b" / "import-report.csv").exists()  # the reasons are written all the same


UN_ROWS = [["Project Name", "Provider", "Host Country", "Start", "End", "Multilateral"],
           ["Solar villages", "India", "Kenya", "2019", "Present", "YES"],
           ["Seed banks", "Brazil", "Angola", "2015", "2018", "NO"],
           ["Fisheries", "Chile", "Peru", "2020", "en curso", "no"]]


def test_yes_keys_are_text_and_present_means_ongoing(tmp_path):
    """An unquoted YES in a mapping file is the source's text, not YAML 1.1's boolean; an end year 'Present' or
    'en curso' means ongoing, said on the record."""
    (tmp_path / "m.yaml").write_text(
        "fields:\n  title: {column: Project Name}\n  providers: {column: Provider}\n"
        "  receivers: {column: Host Country}\n  start_year: {column: Start}\n  end_year: {column: End}\n"
        "  lead_actor: {column: Multilateral, values: {YES: multilateral, NO: government, no: government}}\n",
        encoding="utf-8")
    given = mapping.load(tmp_path / "m.yaml")
    result = run([write_csv(tmp_path / "un.csv", UN_ROWS)], tmp_path / "out", given)
    assert result.written, result.problems
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("title")
    assert list(initiatives["lead_actor"]) == ["multilateral", "government", "government"]
    assert initiatives.at["Solar villages", "status"] == "ongoing" and pd.isna(initiatives.at["Solar villages",
                                                                                               "end_year"])
    assert initiatives.at["Fisheries", "status"] == "ongoing" and initiatives.at["Seed banks", "end_year"] == 2018
    notes = report(tmp_path / "out").set_index("record")["notes"]
    assert "end_year 'Present': ongoing" in notes["line 2"] and "end_year 'en curso': ongoing" in notes["line 4"]


def test_a_boolean_values_key_is_refused_with_the_reason():
    with pytest.raises(mapping.MappingError, match="must be quoted"):
        mapping.from_dict({"fields": {"lead_actor": {"values": {True: "multilateral"}}}}, "m")


def test_triangular_only_with_a_third_party(tmp_path):
    """An implementing entity that is the provider's own government does not make an exchange triangular (OECD: a
    facilitating partner that is neither provider nor beneficiary); a multilateral does."""
    rows = [["Project", "Provider", "Receiver", "Year", "Implementing"],
            ["Rice", "India", "Kenya", "2019", "Ministry of Agriculture of India"],
            ["Maize", "India", "Kenya", "2019", "FAO"]]
    given = mapping.from_dict({"fields": {"title": {"column": "Project"}, "providers": {"column": "Provider"},
                                          "receivers": {"column": "Receiver"}, "start_year": {"column": "Year"},
                                          "facilitators": {"column": "Implementing"}}}, "t")
    assert run([write_csv(tmp_path / "t.csv", rows)], tmp_path / "out", given).written
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("title")
    assert initiatives.at["Rice", "cooperation_type"] == "bilateral"
    assert initiatives.at["Maize", "cooperation_type"] == "triangular"
    notes = report(tmp_path / "out").set_index("record")["notes"]
    assert "is the government of IND, a partner, not a third party" in notes["line 2"]


ORGS_IATI = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>O-1</iati-identifier><title><narrative>Schools</narrative></title>
  <participating-org role="1"><narrative>Give to Colombia</narrative></participating-org>
  <recipient-country code="CO"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2015-01-01"/><value>100</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>O-2</iati-identifier><title><narrative>Roads</narrative></title>
  <participating-org role="1"><narrative>Kuwait Fund</narrative></participating-org>
  <recipient-country code="SN"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2015-01-01"/><value>200</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>O-3</iati-identifier><title><narrative>Wells</narrative></title>
  <participating-org role="1"><narrative>Plan International Sweden</narrative></participating-org>
  <participating-org role="1"><narrative>Fundo Nacional de Cooperação</narrative></participating-org>
  <recipient-country code="SN"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2015-01-01"/><value>300</value></transaction>
 </iati-activity>
</iati-activities>"""


def test_organisations_are_read_on_evidence_and_a_mapping_can_correct_them_in_iati(tmp_path):
    (tmp_path / "o.xml").write_text(ORGS_IATI, encoding="utf-8")
    result = run([tmp_path / "o.xml"], tmp_path / "out")
    outcomes = report(tmp_path / "out").set_index("initiative_id")
    # An NGO named after the country it serves is no government: no provider country, so not South-South.
    assert outcomes.at["O-1", "outcome"] == "rejected" and "no provider country named" in outcomes.at["O-1", "notes"]
    assert "organisation 'Kuwait Fund' read as the government of KWT (the registry" in outcomes.at["O-2", "notes"]
    assert outcomes.at["O-3", "outcome"] == "rejected"  # Plan International Sweden is not Sweden's government
    assert result.imported + result.with_defaults == 1
    # A mapping's reading of a funder's name now works for IATI too.
    given = mapping.from_dict({"fields": {"providers": {"values": {"Fundo Nacional de Cooperação": "BRA"}}}}, "t")
    corrected = run([tmp_path / "o.xml"], tmp_path / "fixed", given)
    assert corrected.written
    fixed = pd.read_parquet(tmp_path / "fixed" / schema.INITIATIVES_FILE).set_index("initiative_id")
    assert list(fixed.at["O-3", "providers"]) == ["BRA"]
    notes = report(tmp_path / "fixed").set_index("initiative_id")["notes"]
    assert "organisation 'Fundo Nacional de Cooperação' read as BRA (the mapping)" in notes["O-3"]
    assert "organisation 'Plan International Sweden' read as an organisation of unknown kind" in notes["O-3"]


def aims_file(recipients: list[str | None]) -> str:
    """An aid-management export: Brazil's projects, each in the country named (or none)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">']
    for i, code in enumerate(recipients):
        where = f'<recipient-country code="{code}"/>' if code else ""
        parts.append(f'<iati-activity default-currency="USD"><iati-identifier>A-{i}</iati-identifier>'
                     f'<title><narrative>Project {i}</narrative></title>'
                     f'<participating-org role="1"><narrative>Government of Brazil</narrative></participating-org>'
                     f'{where}</iati-activity>')
    return "\n".join(parts + ["</iati-activities>"])


def test_an_aims_export_places_its_unplaced_activities_in_its_country(tmp_path):
    (tmp_path / "sn.xml").write_text(aims_file(["SN"] * 20 + [None]), encoding="utf-8")
    result = run([tmp_path / "sn.xml"], tmp_path / "sn")
    assert result.written and result.detected["sn.xml"]["recipient"] == "SEN"
    initiatives = pd.read_parquet(tmp_path / "sn" / schema.INITIATIVES_FILE).set_index("initiative_id")
    assert list(initiatives.at["A-20", "receivers"]) == ["SEN"]
    assert list(initiatives.at["A-20", "receiver_regions"]) == []
    assert initiatives.at["A-20", "cooperation_type"] == "bilateral"
    notes = report(tmp_path / "sn").set_index("initiative_id")["notes"]
    assert "receivers: none named; SEN, the country 20 of the 20 activities that name a recipient name" in notes["A-20"]
    # A file of many recipients is no country's system: an activity with no recipient is 'not stated', and no
    # region makes it regional.
    (tmp_path / "mixed.xml").write_text(aims_file(["SN", "KE", "PE", None]), encoding="utf-8")
    assert run([tmp_path / "mixed.xml"], tmp_path / "mixed").written
    mixed = pd.read_parquet(tmp_path / "mixed" / schema.INITIATIVES_FILE).set_index("initiative_id")
    assert list(mixed.at["A-3", "receiver_regions"]) == [schema.WORLD] and mixed.at["A-3", "cooperation_type"] == \
        "bilateral"
    # A mapping's default overrides the inference.
    given = mapping.from_dict({"fields": {"receivers": {"default": "GMB"}}}, "t")
    assert run([tmp_path / "sn.xml"], tmp_path / "gm", given).written
    overridden = pd.read_parquet(tmp_path / "gm" / schema.INITIATIVES_FILE).set_index("initiative_id")
    assert list(overridden.at["A-20", "receivers"]) == ["GMB"]


def test_the_map_says_not_stated_apart_from_regions():
    from dashboard.words import text

    line = text.map_summary("value provided", [], 2, 0, 0, 0.0, 0.0, None, (1000.0, 0.0), 0, not_stated=500.0)
    assert "US$1k went to partners that the sources name only by region" in line
    assert "US$500 went to or came from partners the sources do not state" in line


SOUTHERN_IATI = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>S-1</iati-identifier><title><narrative>Irrigation</narrative></title>
  <participating-org role="1"><narrative>Islamic Development Bank</narrative></participating-org>
  <recipient-country code="SN"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2016-01-01"/><value>900</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>S-2</iati-identifier><title><narrative>Clinics</narrative></title>
  <participating-org role="1"><narrative>BADEA</narrative></participating-org>
  <participating-org role="1"><narrative>Government of India</narrative></participating-org>
  <recipient-country code="SN"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2016-01-01"/><value>400</value>
   <provider-org><narrative>BADEA</narrative></provider-org></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>S-3</iati-identifier><title><narrative>Bridges</narrative></title>
  <participating-org role="1"><narrative>World Bank</narrative></participating-org>
  <recipient-country code="SN"/>
 </iati-activity>
</iati-activities>"""


def test_a_southern_led_multilateral_is_a_provider_of_its_own_kind(tmp_path):
    """By name and by acronym (IATI) and in a table's provider column: a provider of its own kind (provider_orgs,
    funding of type southern_multilateral), while the World Bank stays a facilitator (so its activity, with no
    Southern provider, is rejected)."""
    (tmp_path / "s.xml").write_text(SOUTHERN_IATI, encoding="utf-8")
    assert run([tmp_path / "s.xml"], tmp_path / "out").written
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("initiative_id")
    funding = pd.read_parquet(tmp_path / "out" / schema.FUNDING_FILE)
    assert list(initiatives.at["S-1", "provider_orgs"]) == ["Islamic Development Bank"]
    assert list(initiatives.at["S-1", "providers"]) == [] and initiatives.at["S-1", "lead_actor"] == "multilateral"
    assert list(initiatives.at["S-2", "provider_orgs"]) == ["Arab Bank for Economic Development in Africa"]
    assert list(initiatives.at["S-2", "providers"]) == ["IND"] and initiatives.at["S-2", "lead_actor"] == "government"
    assert "S-3" not in initiatives.index
    typed = funding.set_index("funder")["source_type"]
    assert typed["Islamic Development Bank"] == typed["BADEA"] == "southern_multilateral"
    assert validate_dataset(tmp_path / "out") == []
    rows = [["Project", "Provider", "Receiver", "Year"], ["Ports", "Corporación Andina de Fomento", "Peru", "2018"],
            ["Roads", "Kuwait Fund", "Peru", "2018"]]
    given = mapping.from_dict({"fields": {"title": {"column": "Project"}, "providers": {"column": "Provider"},
                                          "receivers": {"column": "Receiver"}, "start_year": {"column": "Year"}}}, "t")
    assert run([write_csv(tmp_path / "t.csv", rows)], tmp_path / "csv", given).written
    table = pd.read_parquet(tmp_path / "csv" / schema.INITIATIVES_FILE).set_index("title")
    assert list(table.at["Ports", "provider_orgs"]) == ["CAF Development Bank of Latin America and the Caribbean"]
    assert list(table.at["Roads", "providers"]) == ["KWT"] and list(table.at["Roads", "provider_orgs"]) == []


def test_a_southern_led_provider_is_a_place_the_queries_filters_and_api_know(tmp_path):
    from dashboard.data.filters import Filters
    from dashboard.data.store import open_store
    from dashboard.shell.links import from_query

    (tmp_path / "s.xml").write_text(SOUTHERN_IATI, encoding="utf-8")
    run([tmp_path / "s.xml"], tmp_path / "out")
    store = open_store(tmp_path / "out")
    places = questions.per_country(store, Filters()).set_index("code")
    isdb = places.loc["islamic-development-bank"]
    assert (isdb["kind"], isdb["name"], isdb["region"]) == ("organisation", "Islamic Development Bank",
                                                            schema.SOUTHERN_MULTILATERAL)
    assert isdb["provided_usd"] == 900 and isdb["initiatives_as_provider"] == 1
    badea = places.loc["arab-bank-for-economic-development-in-africa"]
    assert badea["provided_usd"] == 200 and places.at["IND", "provided_usd"] == 200  # two providers share S-2
    assert questions.kpis(store, Filters()).at[0, "countries"] == 2  # India and Senegal: an organisation is no country
    vocab = questions.vocabulary(store)
    chosen, notices = from_query({"po": "islamic-development-bank,nowhere"}, vocab)
    assert chosen.provider_orgs == ("islamic-development-bank",) and "nowhere" in notices[0]
    assert questions.kpis(store, chosen).at[0, "initiatives"] == 1
    assert questions.kpis(store, chosen).at[0, "reported_usd"] == 900
    edges = questions.network_edges(store, chosen)
    assert list(zip(edges["provider_kind"], edges["receiver"], strict=True)) == [("organisation", "SEN")]


UN_HEADER = ["Project Name", "Provider Country/ies", "Host/Recipient Country/ies", "Thematic Areas",
             "Primary SDG Contribution", "Secondary SDG Contributions", "Implementing Entities", "Start Date",
             "End Date", "Status", "Budget (USD)"]


def test_init_guesses_every_field_of_the_un_list_and_proposes_theme_codes(tmp_path):
    """The UN's list of South-South projects: every field guessed from the words of its header, the two SDG columns
    combined, theme codes proposed for the values found; the mapping imports the file as it is."""
    rows = [UN_HEADER,
            ["Rice seeds", "India", "Kenya; Uganda", "Agriculture; Food security", "SDG 2", "SDG 1; SDG 5",
             "FAO", "2018", "Present", "Ongoing", "250000"],
            ["Solar schools", "China", "Nepal", "Climate change; Education", "7", "", "", "2019", "2021", "Completed",
             ""]]
    source = write_csv(tmp_path / "un.csv", rows)
    assert main([str(source), "--init", str(tmp_path / "m.yaml")]) == 0
    loaded = mapping.load(tmp_path / "m.yaml")
    columns = {name: spec.get("column") for name, spec in loaded.fields.items()}
    assert columns == {"title": "Project Name", "providers": "Provider Country/ies",
                       "receivers": "Host/Recipient Country/ies", "themes": "Thematic Areas",
                       "sdgs": ["Primary SDG Contribution", "Secondary SDG Contributions"],
                       "facilitators": "Implementing Entities", "start_year": "Start Date", "end_year": "End Date",
                       "status": "Status"}
    assert loaded.fields["sdgs"]["combine"] is True and loaded.funding["amount"] == {"column": "Budget (USD)"}
    proposed = loaded.fields["themes"]["values"]
    assert proposed["Food security"] == "food_security" and proposed["Climate change"] == "climate_change"
    assert proposed["Education"] == "education" and "# themes.values: codes PROPOSED" in (tmp_path / "m.yaml") \
        .read_text()
    status = {"status": {"column": "Status", "values": {"Ongoing": "ongoing", "Completed": "completed"}}}
    fixed = mapping.merge(loaded, mapping.from_dict({"fields": {
        **status, "themes": {**loaded.fields["themes"], "values": {**proposed, "Agriculture": "agri_production"}}}},
        "t"))
    assert run([source], tmp_path / "out", fixed).written
    initiatives = pd.read_parquet(tmp_path / "out" / schema.INITIATIVES_FILE).set_index("title")
    assert list(initiatives.at["Rice seeds", "sdgs"]) == [2, 1, 5]  # primary, then secondary: combined
    assert list(initiatives.at["Solar schools", "sdgs"]) == [7]
    assert initiatives.at["Rice seeds", "status"] == "ongoing" and pd.isna(initiatives.at["Rice seeds", "end_year"])


def test_one_initiative_of_many_countries_is_named_and_can_be_counted_once(tmp_path):
    """The UN list's case: one record naming eight countries on each side makes most provider→receiver pairs; the
    query layer names it, and counting each initiative once makes every initiative weigh one. A facilitator cell
    that is a sentence's piece is reported."""
    from dashboard.data.filters import Filters
    from dashboard.data.store import open_store

    many = "; ".join(["Brazil", "India", "China", "Mexico", "Chile", "Peru", "Kenya", "Ghana"])
    rows = [["Project Name", "Provider Country/ies", "Host/Recipient Country/ies", "Implementing Entities"],
            ["Everything", many, many, "FAO; the Ministry of Interior"]]
    rows += [[f"Pair {i}", "India", country, ""] for i, country in enumerate(["Nepal", "Laos", "Benin", "Togo"])]
    source = write_csv(tmp_path / "un.csv", rows)
    assert run([source], tmp_path / "out", guessing.guess(rows[0])).written
    notes = report(tmp_path / "out").set_index("record")["notes"]
    assert "'the Ministry of Interior' does not read as an organisation's name" in notes["line 2"]
    assert "'FAO' does not read" not in notes["line 2"]
    store = open_store(tmp_path / "out")
    top = questions.dominance(store, Filters())
    assert top.at[0, "title"] == "Everything" and (top.at[0, "providers"], top.at[0, "receivers"]) == (8, 8)
    assert top.at[0, "pairs"] == 56 and top.at[0, "all_pairs"] == 60 and top.at[0, "all_initiatives"] == 5
    every = questions.network_edges(store, Filters(), by="count")
    once = questions.network_edges(store, Filters(), by="count", once=True)
    assert every["initiatives"].sum() == 60 and once["initiatives"].sum() == pytest.approx(5)
    assert once.iloc[0]["receiver"] in {"NPL", "LAO", "BEN", "TGO"}  # a whole initiative outweighs 1/56 of one
    flows = questions.flows(store, Filters(), by="count", once=True)
    assert flows["initiatives"].sum() == pytest.approx(5)
