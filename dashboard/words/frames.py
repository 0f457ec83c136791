"""Years played (the Map's, the Network's): one frame per year of a number per drawn element, in two modes (active that
year; started since the first year), on classes fixed across a mode's frames so that change shows; the SVG document
a frame is drawn in (the player in the browser recolours its elements; an animated GIF for a slide draws every
frame); and the exports.

No Streamlit and no queries: per-element numbers per year in, frames and SVG text out.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd

from dashboard.words import classes as value_classes
from dashboard.words import colours, text
from dashboard.words.languages import N_, _

MODES = {"each": N_("Each year"), "cumulative": N_("Cumulative")}
HEAD, ROW, LINE = 64, 24, 15  # px: the title block, a legend row, a caption line
MARGIN = 16  # px of white around an exported frame
LEGEND_COLUMNS = 4


@dataclass(frozen=True)
class Mode:
    titles: list[str]  # one per frame
    classes: list[list[int]]  # per frame, each element's class (an index into colours)
    values: list[list[int]]  # per frame, each element's number
    labels: list[str]  # the legend: class labels and their colours
    colours: list[str]


@dataclass(frozen=True)
class Frames:
    years: list[int]
    keys: list  # the elements drawn, in the order of classes and values
    names: list[str]  # what each element's tooltip calls it
    what: str  # what the colours count, in words
    modes: dict[str, Mode]


def frames(grids: dict[str, pd.DataFrame], totals: pd.DataFrame, names: list[str], what: str, outside: list[bool]
           ) -> Frames:
    """Frames from grids (per mode, 'each' and 'cumulative': a frame of whole numbers, one row per element, one column
    per year of totals, as questions.activity_totals gives it); an element `outside` takes no part in any year (its
    own class). A mode's classes are cut from all its frames' values."""
    years = [int(y) for y in totals["year"]]
    modes = {}
    for mode, grid in grids.items():
        flat = pd.Series(grid.to_numpy().ravel())
        classes = value_classes.classify(flat, pd.Series(0, index=flat.index), money=False,
                                         cuts=value_classes.class_bounds(flat[flat > 0], "count"))
        index = {label: k for k, label in enumerate(classes.domain)}
        ids = [index[label] for label in classes.labels]
        none = index[_(value_classes.NO_INITIATIVES)]
        per_frame = [[none if outside[p] else ids[p * len(years) + f] for p in range(len(grid))]
                     for f in range(len(years))]
        count = totals["active" if mode == "each" else "started"].tolist()
        titles = [(_("{year}: {initiatives} active") if mode == "each" else _("{first}–{year}: {initiatives} started"))
                  .format(year=y, first=years[0], initiatives=text.initiatives(int(n)))
                  for y, n in zip(years, count, strict=True)]
        labels = [_("None that year") if mode == "each" and label == _(value_classes.NO_VALUE) else
                  _("None yet") if label == _(value_classes.NO_VALUE) else label for label in classes.domain]
        shown = len(labels) - (not any(outside))  # the last class (taking no part) only when some element is in it
        modes[mode] = Mode(titles, per_frame, [grid[y].tolist() for y in years], labels[:shown],
                           classes.colours[:shown])
    return Frames(years, list(next(iter(grids.values())).index), names, what, modes)


def document(width: int, height: int, title: str, subtitle: str, body: str, legend_svg: str, caption: Sequence[str],
             legend_rows: int) -> str:
    """A standalone SVG: title and subtitle, the body (a width × height drawing), the legend under it and the
    caption lines."""
    total = HEAD + height + 12 + legend_rows * ROW + len(caption) * LINE + 12
    m = MARGIN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-m} {-m} {width + 2 * m} {total + 2 * m}" '
           f'width="{width + 2 * m}" height="{total + 2 * m}" '
           f'font-family="Source Sans Pro, Liberation Sans, Arial, sans-serif" role="img">',
           f'<rect x="{-m}" y="{-m}" width="{width + 2 * m}" height="{total + 2 * m}" fill="#ffffff"/>',
           f'<text class="ssc-title" x="0" y="26" font-size="22" font-weight="600" fill="#262730">'
           f'{escape(title)}</text>',
           f'<text x="0" y="50" font-size="13" fill="#555555">{escape(subtitle)}</text>',
           f'<svg x="0" y="{HEAD}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">{body}</svg>',
           legend_svg]
    for k, line in enumerate(caption):
        out.append(f'<text x="0" y="{HEAD + height + 12 + legend_rows * ROW + (k + 1) * LINE}" font-size="11" '
                   f'fill="#444444">{escape(line)}</text>')
    out.append("</svg>")
    return "".join(out)


def legend_rows(m: Mode) -> int:
    return -(-len(m.labels) // LEGEND_COLUMNS)


def legend(m: Mode, top: int, width: int) -> str:
    """A mode's legend as an SVG group (exports draw it; the player shows its own)."""
    cell = width // LEGEND_COLUMNS
    items = []
    for k, (label, colour) in enumerate(zip(m.labels, m.colours, strict=True)):
        x, y = (k % LEGEND_COLUMNS) * cell, top + (k // LEGEND_COLUMNS) * ROW
        items.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}" stroke="#999999" '
                     f'stroke-width="0.5"/><text x="{x + 20}" y="{y + 12}" font-size="13" fill="#262730">'
                     f'{escape(label)}</text>')
    return f'<g class="ssc-legend">{"".join(items)}</g>'


def tip(f: Frames, mode: str, at: int, i: int) -> str:
    """Element i's tooltip in frame `at` (the player writes the same in the browser)."""
    return f"{f.names[i]}: {text.count(f.modes[mode].values[at][i])} {f.what}"


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


TIMELINE_HEIGHT = 120  # px: the per-year bars under a played drawing


def timeline(f: Frames, totals: pd.DataFrame, width: int) -> str:
    """The per-year chart that plays along: per mode, a bar per year of the initiatives active (or started since the
    first year), the year shown in the measure's colour and the others paler (the player moves it); a bar's
    <title> says its number, and a click on it shows that year."""
    n = len(f.years)
    step = width / max(n, 1)
    name = escape(_("Initiatives per year"))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {TIMELINE_HEIGHT}" role="img" '
           f'aria-label="{name}">']
    for mode, column in (("each", "active"), ("cumulative", "started")):
        counts = [int(c) for c in totals[column]]
        top = max(max(counts, default=0), 1)
        label = (_("Initiatives active each year") if mode == "each" else
                 _("Initiatives started since {first}").format(first=f.years[0]))
        out.append(f'<g class="ssc-bars" data-mode="{mode}"><text x="0" y="12" font-size="13" fill="#555555">'
                   f'{escape(label)}</text>')
        for k, (year, count) in enumerate(zip(f.years, counts, strict=True)):
            h = (TIMELINE_HEIGHT - 42) * count / top
            out.append(f'<rect data-year="{year}" x="{k * step + 1:.1f}" y="{TIMELINE_HEIGHT - 20 - h:.1f}" '
                       f'width="{max(step - 2, 1):.1f}" height="{h:.1f}" fill="{colours.MEASURE}" opacity="0.3">'
                       f'<title>{escape(f.modes[mode].titles[k])}</title></rect>')
        out.append("</g>")
    for k in sorted({0, n - 1}):
        anchor = "start" if k == 0 else "end"
        x = k * step + (0 if k == 0 else step)
        out.append(f'<text x="{x:.1f}" y="{TIMELINE_HEIGHT - 4}" font-size="13" text-anchor="{anchor}" '
                   f'fill="#555555">{f.years[k]}</text>')
    out.append("</svg>")
    return "".join(out)
