"""The years played on the Map: each country's initiatives year by year (see words.frames), and the SVG of the world
that draws a frame.

No Streamlit and no queries: questions.activity's table in, frames and SVG text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from dashboard.map import geo
from dashboard.words import frames as played
from dashboard.words.languages import N_, _

# The participation a map measure's frames count: money is not spread over the years, so a money measure plays the
# initiatives of its role.
PLAYED = {"provided": "as_provider", "as_provider": "as_provider", "received": "as_receiver",
          "as_receiver": "as_receiver"}
COUNTED = {"as_provider": N_("initiatives as provider"), "as_receiver": N_("initiatives as receiver"),
           "initiatives": N_("initiatives, either role")}


def played_column(measure: str) -> str:
    return PLAYED.get(measure, "initiatives")


def frames(activity: pd.DataFrame, totals: pd.DataFrame, measure: str, codes: list[str], names: list[str]
           ) -> played.Frames:
    """The frames of questions.activity (countries) for the places `codes` (named `names`), one per year of totals
    (questions.activity_totals), in both modes."""
    column = played_column(measure)
    countries = activity[activity["kind"] == "country"]
    years = [int(y) for y in totals["year"]]
    taking_part = set(countries.loc[countries[f"started_{column}"] > 0, "code"])
    grids = {mode: countries.pivot_table(index="code", columns="year", values=source, aggfunc="sum").reindex(
        index=codes, columns=years).fillna(0).astype(int)
        for mode, source in (("each", column), ("cumulative", f"started_{column}"))}
    return played.frames(grids, totals, names, _(COUNTED[column]), [c not in taking_part for c in codes])


def svg(p: geo.Projected, f: played.Frames, mode: str, at: int, subtitle: str, caption: Sequence[str] = ()) -> str:
    """Frame `at` of a mode as a standalone SVG: every place is an element with data-i (its index in f.keys) and a
    <title> (its tooltip)."""
    m = f.modes[mode]
    body = [f'<path d="{p.sphere}" fill="#eef4f8" stroke="#c9d6df"/>']
    for i, code in enumerate(f.keys):
        colour, tip = m.colours[m.classes[at][i]], escape(played.tip(f, mode, at, i))
        if code in p.shapes:
            body.append(f'<path data-i="{i}" d="{p.shapes[code]}" fill="{colour}" stroke="#ffffff" '
                        f'stroke-width="0.4"><title>{tip}</title></path>')
        else:
            x, y = p.dots[code]
            body.append(f'<circle data-i="{i}" cx="{x}" cy="{y}" r="3" fill="{colour}" stroke="#666666" '
                        f'stroke-width="0.5"><title>{tip}</title></circle>')
    return played.document(p.width, p.height, m.titles[at], subtitle, "".join(body), legend(p, m), caption,
                           played.legend_rows(m))


def legend(p: geo.Projected, m: played.Mode) -> str:
    return played.legend(m, played.HEAD + p.height + 12, p.width)
