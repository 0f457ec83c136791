"""The Network's years played: each drawn edge's initiatives year by year on the drawing's layout (see shell.player
for the control, the player and its exports). Countries only: a sub-region's edge is the sum of many pairs."""

from __future__ import annotations

import streamlit as st

from dashboard.network import frames
from dashboard.network.metrics import Network
from dashboard.shell import player
from dashboard.shell.links import YEAR_KEY
from dashboard.shell.state import View
from dashboard.words.languages import _


def control(v: View, level: str) -> tuple[int, str] | None:
    if level != "country":
        if YEAR_KEY in st.query_params:
            st.info(_("The years play with countries as nodes: choose Countries above."), icon=":material/info:")
        return None
    return player.control(v, _("The network year by year, played in your browser: the initiatives of each drawn edge "
                               "active in each year, or those started since the first year."))


def show(v: View, net: Network, year: int, mode: str) -> None:
    """The player over the view's years, at `year` in `mode`, on the drawn edges and their layout."""
    years = player.played_years(v)
    assert years is not None  # control() plays only a view with years
    drawn = tuple(zip(net.drawn["p"].astype(int), net.drawn["r"].astype(int), strict=True))
    totals = v.query("activity_totals", years)
    f = frames.frames(v.query("pair_activity", years, drawn), totals, net)
    words = _("Colour: {what} of each drawn edge; the same classes in every year; places where the drawing puts them, "
              "sized by their weighted degree").format(what=f.what)
    player.show(v, f, totals, year, mode, lambda m, k, caption: frames.svg(net, f, m, k, words, caption),
                (frames.WIDTH, frames.HEIGHT), "network-years", words)
