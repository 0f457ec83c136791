"""What leaves the app carries its context: a chart as PNG or SVG (drawn on the server by
vl-convert) with a caption, a table as CSV with the same lines as a header comment.

Pure functions: a Vega-Lite spec or a DataFrame and a Provenance in, bytes out. No Streamlit.
"""

from __future__ import annotations

import copy
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.words import languages as i18n
from dashboard.words.languages import _
from dashboard.words.markup import inert

# The map's outlines, which the browser fetches by URL and an export inlines (a file is not a URL on the server).
OUTLINES = Path(__file__).resolve().parents[2] / "static" / "countries.geojson"
OUTLINES_URL = "/app/static/countries.geojson"  # where Streamlit's static serving puts it
EXPORT_WIDTH = 900  # px of plot width for charts that fit their page's width
CAPTION_CHARS = 150  # a caption line wraps here (about 900 px at 11 px type)
# Properties that belong to the whole exported figure, not to the chart inside it.
TOP_LEVEL = ("$schema", "config", "datasets", "params", "background", "padding", "autosize")


@dataclass(frozen=True)
class Provenance:
    """Where an export comes from: enough to find the view again and to cite it."""

    dataset: str  # the dataset's label
    version: str  # a fingerprint of the dataset's files
    filters: str  # the one-line filter summary
    link: str  # the full link of the view
    date: str  # the export date, ISO 8601
    sources: str  # what the data is compiled from
    synthetic: bool = False
    licence: str = ""  # the dataset's licence, from its dataset.yaml
    lang: str = i18n.DEFAULT  # the language of the view (an export may be made after its run, on another thread)

    def lines(self) -> list[str]:
        with i18n.using(self.lang):
            licence = _(" Licence: {licence}.").format(licence=self.licence) if self.licence else ""
            lines = [_("Filters: {filters}").format(filters=self.filters),
                     _("Data: {dataset}, version {version}. Sources: {sources}").format(
                         dataset=self.dataset, version=self.version, sources=self.sources) + licence]
            if self.synthetic:
                lines.append(_("Synthetic demonstration data, not real cooperation flows."))
            lines.append(_("Cite as: SSC Flows, South-South cooperation dashboard, {link} (accessed {date}).").format(
                link=self.link, date=i18n.day(self.date)))
        return lines


def captioned(spec: dict, provenance: Provenance, url_data: dict[str, Path] | None = None) -> dict:
    """The chart with the provenance lines under it, at a fixed width; data the browser would fetch by URL
    (url_data: URL → local JSON file) is put inline, so the server draws it offline."""
    spec = copy.deepcopy(spec)
    for url, path in (url_data or {}).items():
        _inline(spec, url, json.loads(Path(path).read_text(encoding="utf-8")))
    inner = {k: v for k, v in spec.items() if k not in TOP_LEVEL}
    if inner.get("width", "container") == "container":
        inner["width"] = EXPORT_WIDTH
    lines = [part for line in provenance.lines() for part in textwrap.wrap(line, CAPTION_CHARS)]
    figure = {k: spec[k] for k in TOP_LEVEL if k in spec and k != "autosize"}
    figure.update(vconcat=[inner], background="white", padding=16, title={
        "text": lines, "orient": "bottom", "anchor": "start", "fontSize": 11, "fontWeight": "normal",
        "color": "#444444", "lineHeight": 15, "offset": 18})
    return figure


def _inline(node, url: str, values) -> None:
    """Replace every {"url": url, ...} data reference under node with the values themselves."""
    if isinstance(node, dict):
        if node.get("url") == url:
            del node["url"]
            node["values"] = values
        for child in node.values():
            _inline(child, url, values)
    elif isinstance(node, list):
        for child in node:
            _inline(child, url, values)


def png(figure: dict, scale: float = 2.0) -> bytes:
    """A captioned figure as PNG, at twice the pixels for projectors and print."""
    import vl_convert  # imported on first export: it is large, and most runs export nothing

    return vl_convert.vegalite_to_png(figure, scale=scale)


def svg(figure: dict) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_svg(figure).encode("utf-8")


def csv(rows: pd.DataFrame, provenance: Provenance) -> bytes:
    """The rows as CSV after '# ' lines with the provenance (read it back with skiprows: a value may hold '#').
    Text cells that a spreadsheet would read as a formula are written with a leading quote (OWASP's advice on
    CSV injection): data from uploaded files reaches these downloads."""
    with i18n.using(provenance.lang):
        title = _("SSC Flows export")
    head = "".join(f"# {line}\n" for line in [title, *provenance.lines()])
    text_columns = [c for c in rows.columns if rows[c].dtype == object or pd.api.types.is_string_dtype(rows[c])]
    if text_columns:
        rows = rows.assign(**{c: rows[c].map(inert) for c in text_columns})
    return (head + rows.to_csv(index=False)).encode("utf-8")
