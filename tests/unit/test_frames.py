"""The years played on the Map (map.frames): frames on classes fixed across a mode, an SVG per frame whose places the
player recolours, and the exports for a slide (a GIF with one frame per year, the frames as PNG), each frame with the
provenance caption."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from PIL import Image

from dashboard.data.filters import Filters
from dashboard.data.reading import DEFAULT_COUNTRIES
from dashboard.map import frames, geo
from dashboard.questions.activity import activity, activity_totals
from dashboard.words import classes as value_classes
from dashboard.words import frames as played

YEARS = (2005, 2010)
CAPTION = ["Filters: none", "Data: Reference (seed documents), version x. Sources: IFAD."]


@pytest.fixture(scope="module")
def world() -> geo.Projected:
    return geo.projected(DEFAULT_COUNTRIES)


@pytest.fixture(scope="module")
def played_map(reference_store, world) -> played.Frames:
    a = activity(reference_store, Filters(), YEARS)
    codes = [*world.shapes, *(c for c in world.dots if c in set(a["code"]))]
    return frames.frames(a, activity_totals(reference_store, Filters(), YEARS), "initiatives", codes, codes)


def test_the_world_is_projected_into_its_box(world):
    assert len(world.shapes) > 150 and world.width == 1000 and 380 < world.height < 520
    for data in list(world.shapes.values())[:20]:
        numbers = [float(n) for part in data.replace("M", " ").replace("L", " ").replace("Z", " ").split()
                   for n in part.split(",")]
        assert all(-1 <= n <= world.width + 1 for n in numbers[0::2])
        assert all(-1 <= n <= world.height + 1 for n in numbers[1::2])
    assert "BRA" in world.shapes and "ATA" not in world.shapes


def test_classes_are_fixed_across_a_mode_s_frames(played_map):
    for mode in played.MODES:
        m = played_map.modes[mode]
        seen: dict[int, int] = {}
        for values, classes in zip(m.values, m.classes, strict=True):
            for value, cls in zip(values, classes, strict=True):
                if value > 0:
                    assert seen.setdefault(value, cls) == cls
                    assert m.colours[cls] not in (value_classes.ZERO, value_classes.NO_DATA_GREY)
        assert len(m.labels) == len(m.colours)
    cumulative = played_map.modes["cumulative"].values
    assert all(b >= a for earlier, later in zip(cumulative, cumulative[1:], strict=False)
               for a, b in zip(earlier, later, strict=True))


def test_every_place_is_an_element_of_the_svg_with_its_colour_and_tooltip(world, played_map):
    k = played_map.years.index(2007)
    svg = frames.svg(world, played_map, "each", k, "Colour: initiatives", CAPTION)
    tree = etree.fromstring(svg.encode())
    marks = tree.xpath("//*[@data-i]")
    assert len(marks) == len(played_map.keys)
    m = played_map.modes["each"]
    for mark in marks:
        i = int(mark.get("data-i"))
        assert mark.get("fill") == m.colours[m.classes[k][i]]
    texts = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert m.titles[k] in texts and CAPTION[1] in texts and all(label in texts for label in m.labels)


def test_text_in_the_svg_is_escaped(world, played_map):
    svg = frames.svg(world, played_map, "each", 0, '<script>alert(1)</script> & "x"', ['</svg><img src=x>'])
    tree = etree.fromstring(svg.encode())  # still one well-formed document
    assert not tree.xpath("//*[local-name()='script' or local-name()='img']")


def test_the_gif_has_one_frame_per_year_with_the_caption(world, played_map):
    import vl_convert

    pngs = [vl_convert.svg_to_png(frames.svg(world, played_map, "cumulative", k, "s", CAPTION), scale=0.5)
            for k in range(len(played_map.years))]
    gif = Image.open(io.BytesIO(played.gif(pngs)))
    assert gif.format == "GIF" and gif.n_frames == len(played_map.years) == 6
    # The caption's band at the bottom of every frame is not blank.
    for k in range(gif.n_frames):
        gif.seek(k)
        band = gif.convert("L").crop((0, gif.height - 30, gif.width // 2, gif.height))
        assert band.getextrema()[0] < 128
    with zipfile.ZipFile(io.BytesIO(played.png_zip(pngs, played_map.years, "map"))) as z:
        assert z.namelist() == [f"map-{y}.png" for y in played_map.years]


def test_the_network_s_frames_are_its_drawn_edges_years(reference_store):
    from dashboard import questions
    from dashboard.network import frames as network_frames
    from dashboard.network import metrics as network

    net = network.build(questions.network_edges(reference_store, Filters(), "country", "value"), "value", 30)
    pairs = questions.pair_activity(reference_store, Filters(), YEARS)
    f = network_frames.frames(pairs, activity_totals(reference_store, Filters(), YEARS), net)
    assert len(f.keys) == len(net.drawn) and f.years == list(range(YEARS[0], YEARS[1] + 1))
    for k, (p, r) in enumerate(zip(net.drawn["p"], net.drawn["r"], strict=True)):
        rows = pairs[(pairs["p"] == p) & (pairs["r"] == r)].set_index("year")
        for at, year in enumerate(f.years):
            want = (int(rows.loc[year, "active"]) if year in rows.index else 0,
                    int(rows.loc[year, "started"]) if year in rows.index else 0)
            assert (f.modes["each"].values[at][k], f.modes["cumulative"].values[at][k]) == want
    assert value_classes.NO_INITIATIVES not in f.modes["each"].labels  # every drawn edge takes part some year
    tree = etree.fromstring(network_frames.svg(net, f, "each", 2, "s", CAPTION).encode())
    assert len(tree.xpath("//*[@data-i]")) == len(net.drawn)
    assert tree.xpath("//*[local-name()='text' and text()='China']")  # the largest places are named


def test_the_years_bars_play_along_with_the_query_layer_s_totals(reference_store, played_map):
    totals = activity_totals(reference_store, Filters(), YEARS)
    tree = etree.fromstring(played.timeline(played_map, totals, 1000).encode())
    for mode, column in (("each", "active"), ("cumulative", "started")):
        bars = tree.xpath(f"//*[local-name()='g'][@data-mode='{mode}']/*[local-name()='rect']")
        assert [int(b.get("data-year")) for b in bars] == played_map.years
        heights = [float(b.get("height")) for b in bars]
        counts = totals[column].tolist()
        assert heights.index(max(heights)) == counts.index(max(counts))  # the tallest bar is the largest number
        assert [b[0].text for b in bars] == played_map.modes[mode].titles
