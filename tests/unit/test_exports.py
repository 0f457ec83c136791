"""Exports carry their provenance: captioned PNG and SVG drawn on the server, CSV with a header comment."""

from __future__ import annotations

import io
import json

import altair as alt
import pandas as pd
import pytest
from paths import COUNTRIES
from test_maps import FLOWS, PLACES
from test_network import FIXTURE

from dashboard.map import charts as maps
from dashboard.map import geo
from dashboard.network import charts as network_charts
from dashboard.network import metrics as network
from dashboard.words import charts, exports

PROVENANCE = exports.Provenance(
    dataset="Reference (seed documents)", version="5372b89fd517", filters="Themes: Gender · 2008–2012",
    link="http://127.0.0.1:8501/?th=gender&yr=2008-2012", date="2026-11-23", sources="IFAD REPL.IX/3/R.3")
ROWS = pd.DataFrame({"year": [2008, 2009, None], "initiatives": [3, 1, 2], "value_usd": [1.5e6, None, 0.0]})


def bar() -> dict:
    spec = alt.Chart(ROWS.fillna({"year": 0})).mark_bar().encode(x="year:O", y="initiatives:Q").properties(
        title="Initiatives per start year", autosize=charts.FIT_WIDTH)
    return spec.to_dict()


def test_the_caption_names_filters_dataset_version_date_and_citation():
    lines = PROVENANCE.lines()
    assert lines[0] == "Filters: Themes: Gender · 2008–2012"
    assert "Reference (seed documents), version 5372b89fd517" in lines[1] and "IFAD REPL.IX/3/R.3" in lines[1]
    assert lines[-1] == ("Cite as: SSC Flows, South-South cooperation dashboard, "
                         "http://127.0.0.1:8501/?th=gender&yr=2008-2012 (accessed 2026-11-23).")
    assert not any("Synthetic" in line for line in lines)
    synthetic = exports.Provenance(**{**PROVENANCE.__dict__, "synthetic": True})
    assert "Synthetic demonstration data, not real cooperation flows." in synthetic.lines()


def test_captioned_puts_the_chart_above_its_caption_at_a_fixed_width():
    spec = bar()
    before = json.dumps(spec, sort_keys=True)
    figure = exports.captioned(spec, PROVENANCE)
    assert json.dumps(spec, sort_keys=True) == before  # the drawn chart is not touched
    (inner,) = figure["vconcat"]
    assert inner["title"] == "Initiatives per start year" and inner["width"] == exports.EXPORT_WIDTH
    assert "autosize" not in figure and "autosize" not in inner  # a concatenation cannot "fit"
    assert figure["datasets"] == spec["datasets"] and figure["config"] == spec["config"]
    assert figure["title"]["orient"] == "bottom" and figure["title"]["text"] == PROVENANCE.lines()
    alt.VConcatChart.from_dict(figure)  # a valid Vega-Lite figure


def test_long_caption_lines_wrap():
    long = exports.Provenance(**{**PROVENANCE.__dict__, "filters": " · ".join(["Countries: Brazil"] * 30)})
    caption = exports.captioned(bar(), long)["title"]["text"]
    assert len(caption) > len(long.lines()) and max(map(len, caption)) <= exports.CAPTION_CHARS
    assert " ".join(caption).count("Countries: Brazil") == 30


def test_png_and_svg_are_drawn_with_their_caption():
    figure = exports.captioned(bar(), PROVENANCE)
    png = exports.png(figure)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 2 * exports.EXPORT_WIDTH  # twice the pixels
    svg = exports.svg(figure).decode("utf-8")
    assert svg.startswith("<svg")
    for text in ("Initiatives per start year", "Filters: Themes: Gender · 2008–2012", "version 5372b89fd517",
                 "(accessed 2026-11-23)"):
        assert text in svg.replace("&amp;", "&")


def test_the_map_is_exported_with_its_outlines_inlined():
    points = geo.points(COUNTRIES)
    table = maps.mapped_values(points, PLACES, "provided")
    spec = charts.lean(maps.flow_map(table, maps.flow_ribbons(FLOWS.head(3), points, "value"), "provided",
                                     "subtitle")).to_dict()
    figure = exports.captioned(spec, PROVENANCE, {exports.OUTLINES_URL: exports.OUTLINES})
    assert exports.OUTLINES_URL not in json.dumps(figure) and exports.OUTLINES_URL in json.dumps(spec)
    svg = exports.svg(figure).decode("utf-8")
    assert svg.count('aria-roledescription="geoshape"') > 150  # every outline drawn, offline
    assert "Country: Brazil;" in svg
    assert "Flow: Brazil → Mozambique;" in svg  # and the flows' ribbons


def test_the_network_is_exported():
    net = network.build(FIXTURE, "value", top=10)
    spec = charts.lean(network_charts.node_link(net, "region", "Network", "Subtitle")).to_dict()
    svg = exports.svg(exports.captioned(spec, PROVENANCE)).decode("utf-8")
    assert "Aland" in svg and "Filters: Themes: Gender" in svg


@pytest.mark.parametrize("synthetic", [False, True])
def test_csv_has_the_provenance_as_a_header_comment(synthetic):
    p = exports.Provenance(**{**PROVENANCE.__dict__, "synthetic": synthetic})
    lines = exports.csv(ROWS, p).decode("utf-8").splitlines()
    head = [line for line in lines if line.startswith("# ")]
    assert head == ["# SSC Flows export", *(f"# {line}" for line in p.lines())]
    assert lines[: len(head)] == head  # the comment comes first
    back = pd.read_csv(io.StringIO("\n".join(lines)), skiprows=len(head))
    pd.testing.assert_frame_equal(back, ROWS, check_dtype=False)


def test_the_licence_of_the_dataset_follows_its_sources():
    from dataclasses import replace

    lines = replace(PROVENANCE, licence="CC BY 4.0").lines()
    assert lines[1].endswith("Licence: CC BY 4.0.")
    assert "Licence" not in "".join(PROVENANCE.lines())


def test_text_a_spreadsheet_would_run_as_a_formula_is_made_inert():
    rows = pd.DataFrame({"title": ['=HYPERLINK("http://x")', "@SUM(A1)", "Plain", "-cmd"],
                         "usd": [1.0, -2.0, 3.0, 4.0]})
    body = exports.csv(rows, PROVENANCE).decode()
    assert "'=HYPERLINK" in body and "'@SUM" in body and "'-cmd" in body and "\nPlain," in body
    assert "'@SUM(A1),-2.0" in body  # numbers stay numbers
