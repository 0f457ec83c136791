"""The reference dataset: facts from the seed documents, nothing invented, every row sourced."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from paths import REFERENCE

from dashboard.data import reference, schema

ANNEX_TABLE = {  # IFAD REPL.IX/3/R.3, annex I: project, year, IFAD's contribution (US$)
    "IFAD-01": (2005, 150_000), "IFAD-02": (2006, 200_000), "IFAD-03": (2006, 60_000),
    "IFAD-04": (2007, 1_500_000), "IFAD-05": (2007, 609_000), "IFAD-06": (2007, 900_000),
    "IFAD-07": (2008, 200_000), "IFAD-08": (2008, 1_420_000), "IFAD-09": (2009, 200_000),
    "IFAD-10": (2009, 200_000), "IFAD-11": (2009, 45_000), "IFAD-12": (2010, 200_000),
    "IFAD-13": (2010, 500_000), "IFAD-14": (2010, 100_000), "IFAD-15": (2010, 60_000),
    "IFAD-16": (2010, 200_000),
}


@pytest.fixture(scope="module")
def frames():
    return (pq.read_table(REFERENCE / schema.INITIATIVES_FILE).to_pandas(),
            pq.read_table(REFERENCE / schema.FUNDING_FILE).to_pandas())


def test_annex_table_sums_to_its_total(frames):
    initiatives, funding = frames
    ifad = funding[(funding["funder"] == "IFAD") & funding["initiative_id"].isin(ANNEX_TABLE)]
    assert len(ifad) == 16
    assert ifad["amount_usd"].sum() == 6_544_000
    for row in ifad.itertuples():
        year, amount = ANNEX_TABLE[row.initiative_id]
        assert (row.year, row.amount_usd) == (year, amount)
    years = initiatives.set_index("initiative_id").loc[list(ANNEX_TABLE), "start_year"]
    assert list(years) == [y for y, _ in ANNEX_TABLE.values()]


def test_box_cofinancing_as_stated(frames):
    _, funding = frames
    others = funding[funding["source_type"] == "unspecified"].set_index("initiative_id")["amount_usd"]
    assert others.to_dict() == {"IFAD-05": 130_000, "IFAD-09": 142_000, "IFAD-12": 560_000, "IFAD-13": 1_500_000}


def test_every_row_cites_its_source(frames):
    initiatives, _ = frames
    assert initiatives["source"].str.len().min() > 20
    documents = ("IFAD REPL.IX/3/R.3", "CSO brief", "Overview")
    assert all(any(s.startswith(d) for d in documents) for s in initiatives["source"])
    assert not initiatives["synthetic"].any()


def test_required_initiatives_are_present(frames):
    initiatives, _ = frames
    by_pair = {(tuple(r.providers), tuple(r.receivers)) for r in initiatives.itertuples()}
    for pair in [(("IND",), ("IDN",)), (("MAR",), ("MRT",)), (("THA",), ("LAO",)), (("IND", "VNM"), ("LAO",)),
                 (("PER",), ("RWA",)), (("CHN",), ("KHM",)), (("MEX",), ("HTI",)), (("IND",), ("BGD", "KHM"))]:
        assert pair in by_pair, pair
    titles = " ".join(initiatives["title"])
    for name in ("Belt and Road", "ITEC", "seed banks", "SDI", "Terra Madre", "REAF"):
        assert name in titles


def test_unstated_facts_stay_null(frames):
    initiatives, funding = frames
    cso = initiatives[initiatives["initiative_id"].str.startswith("CSO")]
    assert cso["start_year"].isna().all()  # the brief gives no start years
    assert funding[funding["initiative_id"].str.startswith("CSO")]["amount_usd"].isna().all()
    bri = initiatives.set_index("initiative_id").loc["SSC-01"]
    assert list(bri["receivers"]) == [] and list(bri["receiver_regions"]) == ["Asia", "Africa", "Europe"]


def test_parquet_is_rebuilt_exactly_from_the_yaml(tmp_path):
    assert reference.build(REFERENCE / "initiatives.yaml", tmp_path) == []
    for name in (schema.INITIATIVES_FILE, schema.FUNDING_FILE):
        assert pq.read_table(tmp_path / name).equals(pq.read_table(REFERENCE / name)), name


def test_a_broken_source_writes_nothing(tmp_path):
    source = (REFERENCE / "initiatives.yaml").read_text().replace("themes: [ict, financial_services]",
                                                                  "themes: [telepathy]")
    (tmp_path / "broken.yaml").write_text(source)
    problems = reference.build(tmp_path / "broken.yaml", tmp_path / "out")
    assert len(problems) == 1
    assert problems[0].startswith(
        "initiatives.parquet, column 'themes', row 1 ('IFAD-01'): 'telepathy' is not a known theme code (allowed: "
        "agri_production, agri_technology, capacity_building")
    assert not (tmp_path / "out").exists()
