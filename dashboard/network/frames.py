"""The years played on the Network: each drawn edge's initiatives year by year (see words.frames), on the drawing's
own layout (fixed across the frames, so that change shows), and the SVG that draws a frame.

No Streamlit and no queries: questions.pair_activity's table and the drawn network in, frames and SVG text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np
import pandas as pd

from dashboard.network.metrics import FACILITATOR, Network, display_name
from dashboard.words import frames as played
from dashboard.words.languages import _

WIDTH, HEIGHT = 1000, 640  # px of the drawing
EXTENT = 1.12  # the layout's coordinates run from -EXTENT to EXTENT (as the Altair drawing's axes)
LABELLED = 15  # the largest places get a label
PLACE = "#6f6f6f"  # every place: the colours are the edges' classes


def frames(activity: pd.DataFrame, totals: pd.DataFrame, net: Network) -> played.Frames:
    """The frames of questions.pair_activity for the network's drawn edges (in net.drawn's order), one per year of
    totals (questions.activity_totals), in both modes."""
    years = [int(y) for y in totals["year"]]
    ends = pd.MultiIndex.from_arrays([net.drawn["p"], net.drawn["r"]])
    grids = {}
    for mode, source in (("each", "active"), ("cumulative", "started")):
        grid = activity.pivot_table(index=["p", "r"], columns="year", values=source, aggfunc="sum")
        grid = grid.reindex(index=ends, columns=years).fillna(0).astype(int)
        grids[mode] = grid.set_axis(range(len(net.drawn)), axis=0)
    names = [f"{display_name(pn, pk)} → {display_name(rn, rk)}" for pn, pk, rn, rk in zip(
        net.drawn["provider_name"], net.drawn["provider_kind"], net.drawn["receiver_name"], net.drawn["receiver_kind"],
        strict=True)]
    return played.frames(grids, totals, names, _("initiatives"), [not grids["cumulative"].loc[k].any()
                                                                   for k in range(len(net.drawn))])


def _at(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Layout coordinates (y up) to the drawing's pixels (y down)."""
    return ((np.asarray(x, dtype=float) + EXTENT) / (2 * EXTENT) * WIDTH,
            (EXTENT - np.asarray(y, dtype=float)) / (2 * EXTENT) * HEIGHT)


def _ribbons(net: Network) -> list[str]:
    """Each drawn edge as a polygon tapering from the provider to the receiver (its widths: the drawing's)."""
    out = []
    rows = net.edges.sort_values(["edge", "step"])  # two rows an edge: its provider's end, then its receiver's
    xs, ys = _at(rows["x"], rows["y"])
    for (x0, x1), (y0, y1), (w0, w1) in zip(xs.reshape(-1, 2), ys.reshape(-1, 2),
                                            rows["size"].to_numpy(dtype=float).reshape(-1, 2), strict=True):
        dx, dy = x1 - x0, y1 - y0
        length = max(float(np.hypot(dx, dy)), 1e-9)
        nx, ny = -dy / length, dx / length
        points = [(x0 + nx * w0 / 2, y0 + ny * w0 / 2), (x1 + nx * w1 / 2, y1 + ny * w1 / 2),
                  (x1 - nx * w1 / 2, y1 - ny * w1 / 2), (x0 - nx * w0 / 2, y0 - ny * w0 / 2)]
        out.append("M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in points) + "Z")
    return out


def svg(net: Network, f: played.Frames, mode: str, at: int, subtitle: str, caption: Sequence[str] = ()) -> str:
    """Frame `at` of a mode as a standalone SVG: every drawn edge is an element with data-i (its index in f.keys) and
    a <title> (its tooltip); the places are grey circles sized by their weighted degree, where the page's drawing puts
    them (grey: the edges' colours are the classes', as on the Map, and no region colour may be read as one)."""
    m = f.modes[mode]
    body = []
    for i, data in enumerate(_ribbons(net)):
        body.append(f'<path data-i="{i}" d="{data}" fill="{m.colours[m.classes[at][i]]}" stroke="#9e9e9e" '
                    f'stroke-width="0.5"><title>{escape(played.tip(f, mode, at, i))}</title></path>')
    places = net.nodes[net.nodes["kind"] != FACILITATOR].sort_values("weight", ascending=False)
    x, y = _at(places["x"], places["y"])
    heaviest = max(float(places["weight"].max()), 1e-9) if len(places) else 1.0
    radii = np.sqrt((40 + 1360 * places["weight"].to_numpy(dtype=float) / heaviest) / np.pi)
    for k, (label, r) in enumerate(zip(places["label"], radii, strict=True)):
        body.append(f'<circle cx="{x[k]:.1f}" cy="{y[k]:.1f}" r="{r:.1f}" fill="{PLACE}" stroke="#ffffff" '
                    f'stroke-width="1"><title>{escape(str(label))}</title></circle>')
    for k, label in enumerate(places["label"].head(LABELLED)):
        body.append(f'<text x="{x[k]:.1f}" y="{y[k] - radii[k] - 4:.1f}" font-size="12" text-anchor="middle" '
                    f'fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(str(label))}'
                    f'</text>')
    return played.document(WIDTH, HEIGHT, m.titles[at], subtitle, "".join(body),
                           played.legend(m, played.HEAD + HEIGHT + 12, WIDTH), caption, played.legend_rows(m))
