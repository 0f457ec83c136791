"""data/countries.parquet: every reference entry, shapes for the map, points for small states."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from paths import COUNTRIES, ROOT

REFERENCE_CODES = ROOT.parent / "shared" / "reference" / "country-codes.csv"


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return gpd.read_parquet(COUNTRIES)


def test_one_row_per_reference_entry(countries):
    assert len(countries) == 250
    assert countries["iso3"].is_unique
    if REFERENCE_CODES.exists():
        codes = pd.read_csv(REFERENCE_CODES, keep_default_na=False)
        assert set(countries["iso3"]) == set(codes["ISO3166-1-Alpha-3"]) | {"XKX"}


def test_kosovo_and_every_territory_have_a_place_on_the_map(countries):
    c = countries.set_index("iso3")
    assert c.loc["XKX", ["name", "region", "subregion"]].tolist() == ["Kosovo", "Europe", "Southern Europe"]
    assert c.loc["XKX", "geometry"] is not None
    assert countries["lon"].notna().all() and countries["lat"].notna().all()
    assert c.loc["REU", ["lon", "lat"]].tolist() == [55.45, -20.88]  # Saint-Denis, not France's centre


def test_classifications(countries):
    c = countries.set_index("iso3")
    assert c.loc["BRA", ["region", "subregion", "intermediate_region"]].tolist() == [
        "Americas", "Latin America and the Caribbean", "South America"]
    assert c.loc["MOZ", "ldc"] and c.loc["BOL", "lldc"] and c.loc["HTI", "sids"]
    assert set(countries["income_group"].dropna()) == {"L", "LM", "UM", "H"}
    assert c.loc["IND", "income_group"] == "LM" and c.loc["USA", "income_group"] == "H"
    assert c.loc["USA", "name"] == "United States" and c.loc["COD", "name"] == "DR Congo"


def test_shapes_and_points(countries):
    assert countries.crs.to_epsg() == 4326
    with_shape = countries[countries.geometry.notna()]
    assert 150 < len(with_shape) < 200  # Natural Earth 1:110m
    assert with_shape.geometry.is_valid.all()
    small = countries.set_index("iso3").loc[["MDV", "SGP", "TUV"]]
    assert small.geometry.isna().all() and small["lon"].notna().all()  # drawn as dots
    # A label point lies inside its own country.
    brazil = countries.set_index("iso3").loc["BRA"]
    assert brazil.geometry.contains(gpd.points_from_xy([brazil["lon"]], [brazil["lat"]])[0])
    assert len(countries.to_json()) < 1_000_000  # light enough to send to a browser
