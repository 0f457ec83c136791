"""Build data/countries.parquet (GeoParquet) from ../shared/reference and Natural Earth shapes.

Inputs:
- country-codes.csv (datasets/country-codes, ODC-PDDL): ISO codes, UN M49 regions, LDC/LLDC/SIDS.
- CLASS_FY2026.xlsx (World Bank, CC BY 4.0): income group per ISO3 code.
- world-atlas 2.0.2 (npm, Natural Earth, public domain): countries-110m.json for polygons,
  countries-50m.json and countries-10m.json for label points of states too small for 110m.

Rebuild (needs the dev requirements and npm):
    python scripts/build_countries.py --reference ../shared/reference --out data/countries.parquet
The world-atlas package is fetched with `npm pack` unless --world-atlas DIR points at an
unpacked copy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon

WORLD_ATLAS = "world-atlas@2.0.2"
SIMPLIFY_DEGREES = 0.05  # 110m shapes are already coarse; this trims the map payload further
# CLDR short names read well in charts; these few are abbreviations or disambiguations a reader
# of a ministry dashboard should not have to decode.
NAME_OVERRIDES = {
    "COD": "DR Congo",
    "COG": "Congo",
    "GBR": "United Kingdom",
    "USA": "United States",
    "MMR": "Myanmar",
    "HKG": "Hong Kong, China",
    "MAC": "Macao, China",
    "PSE": "Palestine",
}
# Kosovo has no ISO 3166 code: XK/XKX is the user-assigned code the World Bank, the EU and CLDR use, and
# 900-999 is the range ISO 3166-1 leaves to users for numeric codes. Region as M49 places Serbia.
KOSOVO = {"ISO3166-1-Alpha-3": "XKX", "ISO3166-1-numeric": "983", "CLDR display name": "Kosovo",
          "UNTERM English Short": "Kosovo", "official_name_en": "Kosovo", "Region Name": "Europe",
          "Sub-region Name": "Southern Europe", "Intermediate Region Name": "",
          "Least Developed Countries (LDC)": "", "Land Locked Developing Countries (LLDC)": "",
          "Small Island Developing States (SIDS)": ""}
NAMED_FEATURES = {"Kosovo": 983}  # world-atlas features with a name and no numeric id
# Territories Natural Earth draws inside another country (Réunion inside France…) or not at all:
# their map position is the capital's (GeoNames coordinates, rounded), so a dot can be drawn.
TERRITORY_POINTS = {
    "BES": (-68.27, 12.15),    # Kralendijk
    "BVT": (3.41, -54.42),     # Bouvet Island (uninhabited; the island's centre)
    "CCK": (96.83, -12.12),    # West Island
    "CXR": (105.68, -10.42),   # Flying Fish Cove
    "GLP": (-61.73, 15.99),    # Basse-Terre
    "GUF": (-52.33, 4.94),     # Cayenne
    "MTQ": (-61.07, 14.61),    # Fort-de-France
    "MYT": (45.23, -12.78),    # Mamoudzou
    "REU": (55.45, -20.88),    # Saint-Denis
    "SJM": (15.64, 78.22),     # Longyearbyen
    "TKL": (-171.85, -9.2),    # Fakaofo
}
INCOME_CODES = {
    "Low income": "L",
    "Lower middle income": "LM",
    "Upper middle income": "UM",
    "High income": "H",
}


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode quantized, delta-encoded TopoJSON arcs into absolute lon/lat coordinates."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    """Join the arcs of one ring; a negative index (~i) means arc i reversed.

    Longitudes are unwrapped (a step of more than 180° is taken the short way round, past ±180°),
    so a ring that crosses the antimeridian is a proper planar ring; _split_antimeridian cuts it back.
    """
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    unwrapped: list[tuple[float, float]] = []
    for x, y in points:
        if unwrapped:
            while x - unwrapped[-1][0] > 180:
                x -= 360
            while x - unwrapped[-1][0] < -180:
                x += 360
        unwrapped.append((x, y))
    return unwrapped


def _split_antimeridian(shape):
    """Cut a shape whose unwrapped longitudes run past ±180° into parts inside [-180°, 180°]."""
    parts = [shape.intersection(shapely.box(-180, -90, 180, 90))]
    for shift, window in ((360, shapely.box(-540, -90, -180, 90)), (-360, shapely.box(180, -90, 540, 90))):
        outside = shape.intersection(window)
        if not outside.is_empty:
            parts.append(shapely.affinity.translate(outside, xoff=shift))
    polygons = [p for part in parts for p in getattr(part, "geoms", [part]) if p.geom_type == "Polygon"]
    return MultiPolygon(polygons)


def topojson_shapes(path: Path) -> dict[int, MultiPolygon]:
    """Return {ISO numeric code: geometry} for every feature with an id in a world-atlas file."""
    topology = json.loads(path.read_text())
    arcs = _decode_arcs(topology)
    shapes: dict[int, MultiPolygon] = {}
    for geom in topology["objects"]["countries"]["geometries"]:
        key = geom.get("id") or NAMED_FEATURES.get(geom.get("properties", {}).get("name"))
        if key is None or geom["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        parts = [
            Polygon(_ring(arcs, rings[0]), [h for h in (_ring(arcs, r) for r in rings[1:]) if len(h) >= 4])
            for rings in polygons
            if len(_ring(arcs, rings[0])) >= 4  # islands quantized to a point at this scale
        ]
        if parts:
            shapes[int(key)] = _split_antimeridian(shapely.make_valid(MultiPolygon(parts)))
    return shapes


def label_point(geometry) -> tuple[float, float]:
    """A point inside the largest part of a shape, where a name or a dot is drawn."""
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda g: g.area)
    point = largest.representative_point()
    return round(point.x, 3), round(point.y, 3)


def fetch_world_atlas(workdir: Path) -> Path:
    """Download and unpack the world-atlas npm package; return its folder."""
    subprocess.run(["npm", "pack", WORLD_ATLAS, "--silent"], cwd=workdir, check=True, capture_output=True)
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def income_groups(xlsx: Path) -> dict[str, str]:
    """Map ISO3 → World Bank FY2026 income code (L, LM, UM, H); unclassified economies are absent."""
    table = pd.read_excel(xlsx, sheet_name="List of economies")
    table = table[table["Income group"].isin(INCOME_CODES)]
    return dict(zip(table["Code"], table["Income group"].map(INCOME_CODES), strict=False))


def build(reference: Path, atlas: Path) -> gpd.GeoDataFrame:
    """Assemble the countries table: one row per entry of country-codes.csv."""
    codes = pd.read_csv(reference / "country-codes.csv", keep_default_na=False, dtype=str)
    codes = pd.concat([codes, pd.DataFrame([KOSOVO])], ignore_index=True).fillna("")
    income = income_groups(reference / "CLASS_FY2026.xlsx")
    polygons = topojson_shapes(atlas / "countries-110m.json")
    finer = {**topojson_shapes(atlas / "countries-10m.json"), **topojson_shapes(atlas / "countries-50m.json")}

    rows = []
    for _, c in codes.iterrows():
        numeric = int(c["ISO3166-1-numeric"])
        shape = polygons.get(numeric)
        point_source = shape if shape is not None else finer.get(numeric)
        lon, lat = label_point(point_source) if point_source is not None else (None, None)
        lon, lat = TERRITORY_POINTS.get(c["ISO3166-1-Alpha-3"], (lon, lat))
        if shape is not None:
            shape = shapely.set_precision(shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True), 0.001)
        rows.append(
            {
                "iso3": c["ISO3166-1-Alpha-3"],
                "iso_numeric": numeric,
                "name": NAME_OVERRIDES.get(c["ISO3166-1-Alpha-3"], c["CLDR display name"]),
                "official_name": c["UNTERM English Short"] or c["official_name_en"] or c["CLDR display name"],
                "region": c["Region Name"] or None,
                "subregion": c["Sub-region Name"] or None,
                "intermediate_region": c["Intermediate Region Name"] or None,
                "income_group": income.get(c["ISO3166-1-Alpha-3"]),
                "ldc": c["Least Developed Countries (LDC)"] == "x",
                "lldc": c["Land Locked Developing Countries (LLDC)"] == "x",
                "sids": c["Small Island Developing States (SIDS)"] == "x",
                "lon": lon,
                "lat": lat,
                "geometry": shape,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    frame["iso_numeric"] = frame["iso_numeric"].astype("int16")
    return frame.sort_values("iso3").reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=Path("../shared/reference"))
    parser.add_argument("--world-atlas", type=Path, help="an unpacked world-atlas package folder")
    parser.add_argument("--out", type=Path, default=Path("data/countries.parquet"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        atlas = args.world_atlas or fetch_world_atlas(Path(tmp))
        frame = build(args.reference, atlas)
    frame.to_parquet(args.out, index=False)
    missing = frame["lon"].isna().sum()
    print(f"wrote {args.out}: {len(frame)} rows, {frame.geometry.notna().sum()} polygons, {missing} without a point")


if __name__ == "__main__":
    main()
