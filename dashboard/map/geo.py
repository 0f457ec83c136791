"""Shapes for maps: country outlines as GeoJSON (and projected for SVG), label points and flow ribbons (value
classes are dashboard.words.classes).

Pure functions on small frames, except points() and outlines(), which read the countries file.
The outlines are plain GeoJSON (never a GeoDataFrame), rounded to 0.01° so the whole world
weighs under 200 KB, written once to static/ (`python -m dashboard.map.geo`): the browser fetches
them by URL and caches them, and the map's messages carry only values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq

PRECISION = 0.01  # degrees; about 1 km, far below a pixel on a world map


# Antarctica takes no part in cooperation; leaving it out gives the inhabited world more room.
LEFT_OUT = ("ATA",)


def points(path: Path) -> pd.DataFrame:
    """Every country's label point: iso3, name, lon, lat (null where unknown), has_shape (an outline
    in the outlines file; the map draws the others as dots). No geometry is parsed."""
    table = pq.read_table(path, columns=["iso3", "name", "lon", "lat", "geometry"])
    frame = table.drop(["geometry"]).to_pandas().assign(has_shape=pc.is_valid(table["geometry"]).to_numpy())
    return frame[~frame["iso3"].isin(LEFT_OUT)].reset_index(drop=True)


def outlines(path: Path) -> list[dict]:
    """The outlines as GeoJSON features (properties: iso3), rounded and with rings as d3 wants them."""
    import geopandas  # only the outlines file needs it (python -m dashboard.map.geo), not the app
    import shapely

    frame = geopandas.read_parquet(path, columns=["iso3", "geometry"])
    shaped = frame[frame.geometry.notna() & ~frame["iso3"].isin(LEFT_OUT)]
    # d3 (Vega's projections) wants exterior rings clockwise; otherwise a country fills the rest of the sphere.
    geometry = shapely.orient_polygons(shapely.set_precision(shaped.geometry.values, PRECISION), exterior_cw=True)
    return [{"type": "Feature", "geometry": shapely.geometry.mapping(g), "properties": {"iso3": code}}
            for code, g in zip(shaped["iso3"], geometry, strict=True)]


@dataclass(frozen=True)
class Projected:
    """The world drawn flat for SVG (Equal Earth, as the Altair map; y down): the sphere's outline, each country's
    outline as path data and each other country's label point, in a width × height box."""

    width: int
    height: int
    sphere: str
    shapes: dict[str, str]  # iso3 → SVG path data
    dots: dict[str, tuple[float, float]]  # iso3 → (x, y): countries with a label point and no outline


def projected(path: Path, width: int = 1000) -> Projected:
    """The countries file projected for SVG (simplified to about half a pixel), Antarctica left out."""
    import geopandas
    import shapely
    from pyproj import Transformer

    crs = "+proj=eqearth +datum=WGS84"
    to_plane = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    edge = np.linspace(-90, 90, 91)
    sx, sy = to_plane.transform(np.r_[np.full(91, -180.0), np.full(91, 180.0)], np.r_[edge, edge[::-1]])
    half_width, top = float(np.max(sx)), float(np.max(sy))
    frame = geopandas.read_parquet(path, columns=["iso3", "geometry"])
    frame = frame[frame.geometry.notna() & ~frame["iso3"].isin(LEFT_OUT)].set_crs(4326, allow_override=True)
    flat = frame.to_crs(crs)
    scale = width / (2 * half_width)
    bottom = float(flat.total_bounds[1]) - 2 / scale
    height = round((top - bottom) * scale)
    geometry = shapely.simplify(flat.geometry.values, 0.5 / scale)

    def place(x, y) -> tuple[np.ndarray, np.ndarray]:
        return (np.asarray(x) + half_width) * scale, (top - np.asarray(y)) * scale

    def data(g) -> str:
        rings = []
        for polygon in getattr(g, "geoms", [g]):
            for ring in [polygon.exterior, *polygon.interiors]:
                x, y = place(*ring.xy)
                if len(x) >= 4:
                    rings.append("M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True)) + "Z")
        return "".join(rings)

    shapes = {code: data(g) for code, g in zip(frame["iso3"], geometry, strict=True) if not g.is_empty}
    x, y = place(sx, sy)
    sphere = "M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True)) + "Z"
    labels = points(path)
    alone = labels[~labels["iso3"].isin(list(shapes)) & labels["lon"].notna()]
    px, py = place(*to_plane.transform(alone["lon"].to_numpy(), alone["lat"].to_numpy()))
    dots = {code: (round(float(a), 1), round(float(b), 1)) for code, a, b in zip(alone["iso3"], px, py, strict=True)}
    return Projected(width, height, sphere, shapes, dots)


def outlines_json(features: list[dict]) -> str:
    """The outlines as one GeoJSON FeatureCollection, compact."""
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


# --- Flow ribbons --------------------------------------------------------------------------


# The map's usual scale: about 810 px for 360° of longitude (Equal Earth, fitted to the page). Ribbons are
# drawn in degrees, so their widths follow the map when it is larger (presentation mode) or smaller.
PX_PER_DEGREE = 2.25


def ribbons(flows: pd.DataFrame, points: pd.DataFrame, widths: pd.Series, steps: int = 16,
            bend: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """Each drawable flow as one curved ribbon that tapers from the provider to the receiver.

    A ribbon is a polygon (one map item, where a line of varying width is one item per point): the
    curve bends to the left of its direction, so A→B and B→A are two separate ribbons; its width falls
    from widths (pixels at the map's usual scale) at the provider to a fifth of it at the receiver,
    showing the direction. Flows whose ends have no label point (regions, unplaced territories) are
    left out; the caller lists them. Returns the drawn flows' positions in flows, and their rings
    (flows × points × lon/lat), closed and clockwise, as d3's projections want exterior rings.
    """
    where = points.dropna(subset=["lon", "lat"]).set_index("iso3")[["lon", "lat"]]
    drawable = (flows["provider"].isin(where.index) & flows["receiver"].isin(where.index)).to_numpy()
    chosen = flows[drawable]
    if chosen.empty:
        return np.flatnonzero(drawable), np.empty((0, 2 * steps + 1, 2))
    a = where.loc[chosen["provider"]].to_numpy()
    b = where.loc[chosen["receiver"]].to_numpy()
    along = b - a
    control = (a + b) / 2 + bend * np.column_stack([-along[:, 1], along[:, 0]])  # a quarter turn to the left
    t = np.linspace(0, 1, steps)[:, None, None]
    curve = (1 - t) ** 2 * a + 2 * (1 - t) * t * control + t**2 * b  # quadratic Bézier: steps × flows × 2
    tangent = np.gradient(curve, axis=0)
    normal = np.stack([-tangent[..., 1], tangent[..., 0]], axis=-1)
    normal /= np.maximum(np.linalg.norm(normal, axis=-1, keepdims=True), 1e-9)
    half = np.asarray(widths, dtype=float)[drawable][None, :, None] * (1 - 0.8 * t) / 2 / PX_PER_DEGREE
    left, right = curve + normal * half, curve - normal * half
    rings = np.concatenate([left, right[::-1], left[:1]]).transpose(1, 0, 2)
    x, y = rings[..., 0], rings[..., 1]
    anticlockwise = np.sum(x[:, :-1] * y[:, 1:] - x[:, 1:] * y[:, :-1], axis=1) > 0  # shoelace: lat grows north
    rings[anticlockwise] = rings[anticlockwise, ::-1]
    rings[..., 0] = rings[..., 0].clip(-180, 180)
    rings[..., 1] = rings[..., 1].clip(-90, 90)
    return np.flatnonzero(drawable), rings.round(2)


if __name__ == "__main__":
    from dashboard.data.reading import DEFAULT_COUNTRIES
    from dashboard.words.exports import OUTLINES

    OUTLINES.parent.mkdir(exist_ok=True)
    OUTLINES.write_text(outlines_json(outlines(DEFAULT_COUNTRIES)))
    print(f"wrote {OUTLINES} ({OUTLINES.stat().st_size:,} bytes)")
