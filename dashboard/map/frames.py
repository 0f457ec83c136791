"""The years played on the Map: one frame per year of the initiatives each country takes part in, in two modes (active
that year; started since the first year), on classes fixed across a mode's frames so that change shows, and the SVG
that draws a frame (the player in the browser recolours it; an animated GIF for a slide draws every frame).

No Streamlit and no queries: questions.activity's table in, frames and SVG text out.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd

from dashboard.map import geo
from dashboard.words import classes as value_classes
from dashboard.words import text
from dashboard.words.languages import N_, _

MODES = {"each": N_("Each year"), "cumulative": N_("Cumulative")}
# The participation a map measure's frames count: money is not spread over the years, so a money measure plays the
# initiatives of its role.
PLAYED = {"provided": "as_provider", "as_provider": "as_provider", "received": "as_receiver",
          "as_receiver": "as_receiver"}
COUNTED = {"as_provider": N_("initiatives as provider"), "as_receiver": N_("initiatives as receiver"),
           "initiatives": N_("initiatives, either role")}
HEAD, ROW, LINE = 64, 24, 15  # px: the title block, a legend row, a caption line
LEGEND_COLUMNS = 4


@dataclass(frozen=True)
class Mode:
    titles: list[str]  # one per frame
    classes: list[list[int]]  # per frame, each place's class (an index into colours)
    values: list[list[int]]  # per frame, each place's number
    labels: list[str]  # the legend: class labels and their colours
    colours: list[str]


@dataclass(frozen=True)
class Frames:
    years: list[int]
    codes: list[str]  # the places drawn, in the order of classes and values
    names: list[str]
    what: str  # what the colours count, in words
    modes: dict[str, Mode]


def played_column(measure: str) -> str:
    return PLAYED.get(measure, "initiatives")


def frames(activity: pd.DataFrame, totals: pd.DataFrame, measure: str, codes: list[str], names: list[str]
           ) -> Frames:
    """The frames of questions.activity (countries) for the places `codes` (named `names`), one per year of totals
    (questions.activity_totals), in both modes; a mode's classes are cut from all its frames' values."""
    column = played_column(measure)
    countries = activity[activity["kind"] == "country"]
    years = [int(y) for y in totals["year"]]
    taking_part = set(countries.loc[countries[f"started_{column}"] > 0, "code"])
    modes = {}
    for mode, source in (("each", column), ("cumulative", f"started_{column}")):
        grid = countries.pivot_table(index="code", columns="year", values=source, aggfunc="sum").reindex(
            index=codes, columns=years).fillna(0).astype(int)
        flat = pd.Series(grid.to_numpy().ravel())
        classes = value_classes.classify(flat, pd.Series(0, index=flat.index), money=False,
                               cuts=value_classes.class_bounds(flat[flat > 0], "count"))
        index = {label: k for k, label in enumerate(classes.domain)}
        ids = [index[label] for label in classes.labels]
        outside = [code not in taking_part for code in codes]
        none = index[_(value_classes.NO_INITIATIVES)]
        per_frame = []
        for f in range(len(years)):
            row = [none if outside[p] else ids[p * len(years) + f] for p in range(len(codes))]
            per_frame.append(row)
        count = totals["active" if mode == "each" else "started"].tolist()
        titles = [(_("{year}: {initiatives} active") if mode == "each" else _("{first}–{year}: {initiatives} started"))
                  .format(year=y, first=years[0], initiatives=text.initiatives(int(n)))
                  for y, n in zip(years, count, strict=True)]
        labels = [_("None that year") if mode == "each" and label == _(value_classes.NO_VALUE) else
                  _("None yet") if label == _(value_classes.NO_VALUE) else label for label in classes.domain]
        modes[mode] = Mode(titles, per_frame, [grid[y].tolist() for y in years], labels, classes.colours)
    return Frames(years, codes, names, _(COUNTED[column]), modes)


def svg(p: geo.Projected, f: Frames, mode: str, at: int, subtitle: str, caption: Sequence[str] = ()) -> str:
    """Frame `at` of a mode as a standalone SVG: title (the frame's), subtitle, the map, its legend and the caption
    lines. Every place is an element with data-i (its index in f.codes) and a <title> (its tooltip)."""
    m = f.modes[mode]
    rows = -(-len(m.labels) // LEGEND_COLUMNS)
    height = HEAD + p.height + 12 + rows * ROW + len(caption) * LINE + 12
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {p.width} {height}" width="{p.width}" '
           f'height="{height}" font-family="Source Sans Pro, Liberation Sans, Arial, sans-serif" role="img">',
           f'<rect width="{p.width}" height="{height}" fill="#ffffff"/>',
           f'<text class="ssc-title" x="0" y="26" font-size="22" font-weight="600" fill="#262730">'
           f'{escape(m.titles[at])}</text>',
           f'<text x="0" y="50" font-size="13" fill="#555555">{escape(subtitle)}</text>',
           f'<svg x="0" y="{HEAD}" width="{p.width}" height="{p.height}" viewBox="0 0 {p.width} {p.height}">'
           f'<path d="{p.sphere}" fill="#eef4f8" stroke="#c9d6df"/>']
    for i, code in enumerate(f.codes):
        colour = m.colours[m.classes[at][i]]
        tip = escape(_tip(f, m, at, i))
        if code in p.shapes:
            out.append(f'<path data-i="{i}" d="{p.shapes[code]}" fill="{colour}" stroke="#ffffff" '
                       f'stroke-width="0.4"><title>{tip}</title></path>')
        else:
            x, y = p.dots[code]
            out.append(f'<circle data-i="{i}" cx="{x}" cy="{y}" r="3" fill="{colour}" stroke="#666666" '
                       f'stroke-width="0.5"><title>{tip}</title></circle>')
    out.append("</svg>")
    out.append(legend(m, HEAD + p.height + 12, p.width))
    for k, line in enumerate(caption):
        out.append(f'<text x="0" y="{HEAD + p.height + 12 + rows * ROW + (k + 1) * LINE}" font-size="11" '
                   f'fill="#444444">{escape(line)}</text>')
    out.append("</svg>")
    return "".join(out)


def legend(m: Mode, top: int, width: int) -> str:
    """A mode's legend as an SVG group (the player swaps it when the mode changes)."""
    cell = width // LEGEND_COLUMNS
    items = []
    for k, (label, colour) in enumerate(zip(m.labels, m.colours, strict=True)):
        x, y = (k % LEGEND_COLUMNS) * cell, top + (k // LEGEND_COLUMNS) * ROW
        items.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}" stroke="#999999" '
                     f'stroke-width="0.5"/><text x="{x + 20}" y="{y + 12}" font-size="13" fill="#262730">'
                     f'{escape(label)}</text>')
    return f'<g class="ssc-legend">{"".join(items)}</g>'


def _tip(f: Frames, m: Mode, at: int, i: int) -> str:
    return f"{f.names[i]}: {text.count(m.values[at][i])} {f.what}"


def gif(pngs: list[bytes], ms: int = 900) -> bytes:
    """Frames (PNG) as one looping animated GIF, the last frame held longer."""
    from PIL import Image

    images = [Image.open(io.BytesIO(b)).convert("RGB") for b in pngs]
    out = io.BytesIO()
    durations = [ms] * (len(images) - 1) + [ms * 3]
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0,
                   optimize=True)
    return out.getvalue()


def png_zip(pngs: list[bytes], years: list[int], stem: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for year, png in zip(years, pngs, strict=True):
            z.writestr(f"{stem}-{year}.png", png)
    return out.getvalue()
