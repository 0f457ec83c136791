"""Map shapes: outlines ready for d3, value classes with a no-data class, and directed flow ribbons."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely
from paths import COUNTRIES

from dashboard.map import geo
from dashboard.words import charts
from dashboard.words import classes as value_classes


@pytest.fixture(scope="module")
def outlines():
    return geo.outlines(COUNTRIES)


def test_world_outlines_are_light_and_drawable(outlines):
    codes = [f["properties"]["iso3"] for f in outlines]
    assert len(codes) == len(set(codes)) == 174 and "ATA" not in codes and "BRA" in codes
    assert len(json.dumps(outlines)) < 200_000
    for feature in outlines:
        shape = shapely.geometry.shape(feature["geometry"])
        parts = getattr(shape, "geoms", [shape])
        # d3 reads a counter-clockwise ring as "everything but this country"; and no part may wrap the globe.
        assert all(not shapely.is_ccw(p.exterior) for p in parts), feature["properties"]["iso3"]
        assert all(p.bounds[2] - p.bounds[0] < 180 for p in parts), feature["properties"]["iso3"]
    points = geo.points(COUNTRIES).set_index("iso3")
    fiji = points.loc["FJI"]
    assert 170 < fiji["lon"] <= 180 and -20 < fiji["lat"] < -15  # not the antimeridian artefact at lon 0
    assert not points.loc["MDV", "has_shape"]  # a dot, drawn at its point
    assert set(points.index[points["has_shape"]]) == set(codes)  # every outline, and only those, drawn as a shape


def test_nice_and_breaks():
    assert [value_classes.nice(v) for v in (0, 0.3, 1, 1.2, 3, 7, 120_000)] == [0, 0.5, 1, 2, 5, 10, 200_000]
    values = pd.Series([0, 0, 5e3, 2e4, 1e5, 3e5, 1e6, 2.5e6, 9e6, 4e7])
    cuts = value_classes.breaks(values)
    assert cuts == sorted(set(cuts)) and all(c < 4e7 for c in cuts) and len(cuts) <= 4
    assert value_classes.breaks(pd.Series([0.0, 0.0])) == []


def test_money_classes_keep_zero_unknown_and_no_data_apart():
    values = pd.Series([0.0, 0.0, 5e3, 2e4, 1e5, 3e5, 1e6, 2.5e6, 9e6, 4e7])
    unreported = pd.Series([0, 2, 0, 0, 0, 0, 0, 0, 0, 0])
    c = value_classes.classify(values, unreported, money=True)
    assert list(c.labels[:2]) == ["None", value_classes.AMOUNT_NOT_REPORTED]
    assert c.domain[0] == "None" and c.domain[-2:] == [value_classes.AMOUNT_NOT_REPORTED, value_classes.NO_INITIATIVES]
    assert c.colours[-1] == value_classes.NO_DATA_GREY and value_classes.NO_DATA_GREY not in c.colours[:-1]
    assert len(c.domain) == len(c.colours)
    assert set(c.labels) <= set(c.domain)
    # classes follow the values: a larger value never falls in an earlier class
    order = [c.domain.index(label) for label in c.labels[2:]]
    assert order == sorted(order) and c.labels.iloc[-1].endswith("and more")


def test_count_classes_read_as_whole_number_ranges():
    c = value_classes.classify(pd.Series([1, 1, 2, 3, 4, 7, 12, 30, 55, 100]), pd.Series([0] * 10), money=False)
    assert c.labels.iloc[0] == "1" and c.labels.iloc[-1] == "50 and more"
    assert value_classes.AMOUNT_NOT_REPORTED not in c.domain
    assert list(c.labels[[2, 3, 4]]) == ["2–4"] * 3


def test_net_classes_diverge_around_balanced():
    net = pd.Series([-4e6, -2e5, 0.0, 0.0, 3e3, 5e5, 8e6])
    c = value_classes.classify_net(net, pd.Series([0, 0, 1, 0, 0, 0, 0]),
                                   pd.Series([True, True, False, True, True, True, True]))
    assert list(c.labels[[2, 3]]) == [value_classes.AMOUNT_NOT_REPORTED, value_classes.BALANCED_LABEL]
    assert c.labels[0].startswith("Net receiver") and c.labels[6].startswith("Net provider")
    middle = c.domain.index(value_classes.BALANCED_LABEL)
    assert all(d.startswith("Net receiver") for d in c.domain[:middle])
    assert all(d.startswith("Net provider") for d in c.domain[middle + 1:middle + 4])
    assert c.colours[middle] == value_classes.BALANCED


def test_ribbons_taper_towards_the_receiver_and_separate_two_ways():
    points = pd.DataFrame({"iso3": ["BRA", "MOZ", "FRA"], "lon": [-50.0, 35.0, None], "lat": [-10.0, -18.0, None]})
    flows = pd.DataFrame({"provider": ["BRA", "MOZ", "BRA", "BRA"], "receiver": ["MOZ", "BRA", "Africa", "FRA"],
                          "value_usd": [3.0, 1.0, 5.0, 1.0]})
    widths = charts.line_widths(flows["value_usd"])
    drawn, rings = geo.ribbons(flows, points, widths, steps=8)
    assert list(drawn) == [0, 1]  # region and point-less partners are not drawn
    assert rings.shape == (2, 17, 2)
    out, back = (shapely.Polygon(ring) for ring in rings)
    for ring, shape in zip(rings, (out, back), strict=True):
        assert (ring[0] == ring[-1]).all() and shape.is_valid
        assert not shapely.is_ccw(shape.exterior)  # clockwise: d3 would otherwise fill the rest of the sphere
    bra, moz = shapely.Point(-50, -10), shapely.Point(35, -18)
    assert out.distance(bra) < 0.01 and out.distance(moz) < 0.01  # from one label point to the other

    def width_at(ring, place):  # the two corners nearest an end are the two sides of the ribbon there
        near = ring[np.argsort(np.hypot(*(ring[:-1] - [place.x, place.y]).T))[:2]]
        return float(np.hypot(*(near[0] - near[1]))) * geo.PX_PER_DEGREE

    assert width_at(rings[0], bra) == pytest.approx(widths[0], abs=0.05)  # full width at the provider
    assert width_at(rings[0], moz) == pytest.approx(widths[0] / 5, abs=0.05)  # a fifth at the receiver
    assert width_at(rings[1], moz) == pytest.approx(widths[1], abs=0.05)
    assert out.intersection(back).area < 0.05 * min(out.area, back.area)  # each bends to its own left


def test_ribbons_of_no_drawable_flow():
    points = pd.DataFrame({"iso3": ["BRA"], "lon": [-50.0], "lat": [-10.0]})
    flows = pd.DataFrame({"provider": ["BRA"], "receiver": ["Africa"], "value_usd": [1.0]})
    drawn, rings = geo.ribbons(flows, points, charts.line_widths(flows["value_usd"]))
    assert len(drawn) == 0 and len(rings) == 0


def test_line_widths_scale_with_the_square_root():
    w = charts.line_widths(pd.Series([100.0, 25.0, 0.0]), thickest=9, thinnest=1)
    assert list(w) == [9.0, 5.0, 1.0]
    assert list(charts.line_widths(pd.Series([0.0, 0.0]))) == [1.2, 1.2]


def test_a_value_not_reported_draws_at_the_thinnest_width():
    w = charts.line_widths(pd.Series([100.0, float("nan")]), thickest=9, thinnest=1)
    assert list(w) == [9.0, 1.0]
    assert list(charts.line_widths(pd.Series([float("nan")] * 2))) == [1.2, 1.2]
