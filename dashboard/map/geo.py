"""Shapes for maps: country outlines as GeoJSON, label points, value classes and flow ribbons.

Pure functions on small frames, except points() and outlines(), which read the countries file.
The outlines are plain GeoJSON (never a GeoDataFrame), rounded to 0.01° so the whole world
weighs under 200 KB, written once to static/ (`python -m dashboard.map.geo`): the browser fetches
them by URL and caches them, and the map's messages carry only values.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.words import colours, text
from dashboard.words import languages as i18n
from dashboard.words.languages import N_, _

PRECISION = 0.01  # degrees; about 1 km, far below a pixel on a world map
# Class labels (English, N_-marked): a map's classes are written in the language of the run (_() of these).
NO_INITIATIVES = N_("No initiatives under these filters")
AMOUNT_NOT_REPORTED = N_("Amounts not reported")
NO_VALUE = N_("None")


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


# --- Value classes -------------------------------------------------------------------------


def nice(value: float) -> float:
    """The nearest 'round' number at or above value: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value * (1 - 1e-9))


def breaks(values: pd.Series, k: int = 5) -> list[float]:
    """Up to k-1 round upper bounds splitting the positive values into classes of similar size."""
    positive = np.sort(values[values > 0].to_numpy(dtype=float))
    if positive.size == 0:
        return []
    cuts = sorted({nice(q) for q in np.quantile(positive, [i / k for i in range(1, k)])})
    return [c for c in cuts if c < positive[-1]]


def _bounds_labels(cuts: list[float], money: bool, prefix: str = "") -> list[str]:
    """One label per class that _assign gives: 'under US$1M', 'US$1M–5M', 'US$5M and more'; for
    counts (whole numbers from 1) '1–4', '5–9', '10 and more'."""
    if not cuts:
        labels = [_("any amount") if money else _("any number")]
    elif money:
        # US$1M–5M in English; other languages write the currency on both bounds (1 M $US–5 M $US).
        english = i18n.current() == i18n.DEFAULT
        inner = [f"{text.usd(a)}–{text.usd(b).removeprefix('US$') if english else text.usd(b)}"
                 for a, b in zip(cuts, cuts[1:], strict=False)]
        labels = [_("under {amount}").format(amount=text.usd(cuts[0])), *inner,
                  _("{amount} and more").format(amount=text.usd(cuts[-1]))]
    else:
        def span(low: float, high: float) -> str:
            return text.count(low) if low == high else f"{text.count(low)}–{text.count(high)}"

        lows = [1, *cuts[:-1]]
        labels = [*(span(low, high - 1) for low, high in zip(lows, cuts, strict=True)),
                  _("{amount} and more").format(amount=text.count(cuts[-1]))]
    return [prefix.format(label=label) if prefix else label for label in labels]


@dataclass(frozen=True)
class Classes:
    """A map legend: class labels in order and their colours, plus each place's class."""

    domain: list[str]
    colours: list[str]
    labels: pd.Series  # one per place, aligned with the values given


# Sequential (viridis, light to dark) and diverging (ColorBrewer PuOr) schemes, both colour-blind safe.
SEQUENTIAL = ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"]
DIVERGING_RECEIVES = ["#542788", "#998ec3", "#d8daeb"]  # most received first
DIVERGING_PROVIDES = ["#fee0b6", "#f1a340", "#b35806"]  # least provided first
ZERO = "#ffffff"
BALANCED = "#f7f7f7"
BALANCED_LABEL = N_("Balanced (net zero)")
NOT_REPORTED_GREY = "#969696"
NO_DATA_GREY = colours.NO_DATA


def _assign(values: np.ndarray, cuts: list[float]) -> np.ndarray:
    """The class index of each positive value: 0 below cuts[0], …, len(cuts) at or above the last."""
    return np.searchsorted(np.asarray(cuts, dtype=float), values, side="right" if cuts else "left")


def _spread(colours: list[str], n: int) -> list[str]:
    """n colours spread evenly over a scheme, so two classes do not both look pale."""
    if n <= 1:
        return colours[len(colours) // 2:][:n]
    return [colours[round(i)] for i in np.linspace(0, len(colours) - 1, n)]


def class_bounds(values: pd.Series, kind: str) -> list[float]:
    """The class bounds of a measure's values: kind 'usd' (money), 'count' (whole numbers) or 'net'."""
    if kind == "net":
        return breaks(values.abs(), 3)[:2]
    return breaks(values) if kind == "usd" else [c for c in breaks(values) if c > 1]


def classify(values: pd.Series, unreported: pd.Series, money: bool, cuts: list[float] | None = None) -> Classes:
    """Sequential classes of non-negative values: 'None' for zero, up to 5 round-bounded classes (bounds
    cuts, by default those of the values), and (for money) 'Amounts not reported' where the value is zero
    but some amounts are unknown."""
    if cuts is None:
        cuts = class_bounds(values, "usd" if money else "count")
    labels = [label[0].upper() + label[1:] for label in _bounds_labels(cuts, money)]
    out = pd.Series(_(NO_VALUE), index=values.index, dtype=object)
    positive = values > 0
    out[positive] = [labels[i] for i in _assign(values[positive].to_numpy(dtype=float), cuts)]
    if money:
        out[~positive & (unreported > 0)] = _(AMOUNT_NOT_REPORTED)
    domain = [_(NO_VALUE), *labels] + ([_(AMOUNT_NOT_REPORTED)] if money else []) + [_(NO_INITIATIVES)]
    colours = [ZERO, *_spread(SEQUENTIAL, len(labels))] + ([NOT_REPORTED_GREY] if money else []) + [NO_DATA_GREY]
    return Classes(domain=domain, colours=colours, labels=out)


def classify_net(net: pd.Series, unreported: pd.Series, reported: pd.Series, cuts: list[float] | None = None
                 ) -> Classes:
    """Diverging classes of net value: net receivers (purple) ← balanced → net providers (orange).

    reported: whether the place has any reported amount either way; one with none but some
    amounts not reported is 'Amounts not reported', not 'Balanced'. cuts: as class_bounds(net, 'net') gives."""
    if cuts is None:
        cuts = class_bounds(net, "net")
    provides = _bounds_labels(cuts, money=True, prefix=_("Net provider: {label}"))
    receives = _bounds_labels(cuts, money=True, prefix=_("Net receiver: {label}"))
    out = pd.Series(_(BALANCED_LABEL), index=net.index, dtype=object)
    for sign, names in ((1, provides), (-1, receives)):
        side = (net * sign) > 0
        out[side] = [names[i] for i in _assign((net[side] * sign).to_numpy(dtype=float), cuts)]
    out[(net == 0) & ~reported & (unreported > 0)] = _(AMOUNT_NOT_REPORTED)
    n = len(provides)
    domain = [*receives[::-1], _(BALANCED_LABEL), *provides, _(AMOUNT_NOT_REPORTED), _(NO_INITIATIVES)]
    colours = [*DIVERGING_RECEIVES[3 - n:], BALANCED, *DIVERGING_PROVIDES[:n], NOT_REPORTED_GREY, NO_DATA_GREY]
    return Classes(domain=domain, colours=colours, labels=out)


NO_CHANGE = N_("No change")
CHANGE_NOT_KNOWN = N_("Change not known (amounts not reported)")
IN_NEITHER = N_("No initiatives in either period")


def classify_change(change: pd.Series, known: pd.Series, money: bool) -> Classes:
    """Diverging classes of a change between two periods: decreases (browns) ← no change → increases (blue-greens),
    bounds from the changes' sizes; 'Change not known' where either period's amount is unknown (known False)."""
    sizes = change[known & (change != 0)].abs()
    cuts = class_bounds(sizes, "net")
    ups = _bounds_labels(cuts, money, prefix=_("Increase: {label}"))
    downs = _bounds_labels(cuts, money, prefix=_("Decrease: {label}"))
    out = pd.Series(_(NO_CHANGE), index=change.index, dtype=object)
    for sign, names in ((1, ups), (-1, downs)):
        side = known & (change * sign > 0)
        out[side] = [names[i] for i in _assign((change[side] * sign).to_numpy(dtype=float), cuts)]
    out[~known] = _(CHANGE_NOT_KNOWN)
    n = len(ups)
    domain = [*downs[::-1], _(NO_CHANGE), *ups, _(CHANGE_NOT_KNOWN), _(IN_NEITHER)]
    palette = [*colours.CHANGE_DOWN[3 - n:], colours.UNCHANGED, *colours.CHANGE_UP[:n], NOT_REPORTED_GREY,
               NO_DATA_GREY]
    return Classes(domain=domain, colours=palette, labels=out)


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
