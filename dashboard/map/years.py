"""The Map's years played: each country's initiatives year by year on the world (see shell.player for the control,
the player and its exports)."""

from __future__ import annotations

import streamlit as st

from dashboard.data.reading import DEFAULT_COUNTRIES
from dashboard.map import frames, geo
from dashboard.map.page import load_points
from dashboard.shell import player
from dashboard.shell.state import View
from dashboard.words import languages as i18n
from dashboard.words.languages import _


@st.cache_resource(show_spinner=False)
def world() -> geo.Projected:
    return geo.projected(DEFAULT_COUNTRIES)


def control(v: View) -> tuple[int, str] | None:
    return player.control(v, _("The map year by year, played in your browser: the initiatives active in each year, "
                               "or those started since the first year."))


def show(v: View, measure: str, year: int, mode: str) -> None:
    """The player over the view's years, at `year` in `mode`."""
    years = player.played_years(v)
    assert years is not None  # control() plays only a view with years
    activity, totals = v.query("activity", years), v.query("activity_totals", years)
    p = world()
    taking_part = set(activity.loc[activity["kind"] == "country", "code"])
    codes = [*p.shapes, *(c for c in p.dots if c in taking_part)]
    points = load_points()
    english = dict(zip(points["iso3"], points["name"], strict=True))
    f = frames.frames(activity, totals, measure, codes, [i18n.country(c, english.get(c, c)) for c in codes])
    words = player.subtitle(f)
    player.show(v, f, totals, year, mode, lambda m, k, caption: frames.svg(p, f, m, k, words, caption),
                (p.width, p.height), "map-years", words)
    if frames.played_column(measure) != measure:
        st.caption(_("Amounts are not spread over the years: the years played count {what}.").format(what=f.what))
