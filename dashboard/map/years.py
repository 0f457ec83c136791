"""The Map's years played: the control (in the link as ?year=YYYY within the view's years, and ?yrmode=cumulative),
the player (frames sent once, played in the browser: see shell.player) and its exports for a slide (an animated GIF,
and the frames as PNG in a zip, each frame with the view's provenance)."""

from __future__ import annotations

import streamlit as st

from dashboard.data.reading import DEFAULT_COUNTRIES
from dashboard.map import frames, geo
from dashboard.map.page import load_points
from dashboard.shell.figures import provenance
from dashboard.shell.links import YEAR_KEY, YEAR_MODE_KEY
from dashboard.shell.player import player
from dashboard.shell.presentation import presenting
from dashboard.shell.state import View, link_seed, link_value, write_link
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import _

INTERVAL_MS = 900  # a frame's time on screen while playing


@st.cache_resource(show_spinner=False)
def world() -> geo.Projected:
    return geo.projected(DEFAULT_COUNTRIES)


def played_years(v: View) -> tuple[int, int] | None:
    """The years played: the view's filter's, else the dataset's start years (None: no start year is known)."""
    return v.filters.years or v.vocabulary.year_bounds


def control(v: View) -> tuple[int, str] | None:
    """The year shown and the mode ('each', 'cumulative'), or None (not playing: no ?year= in the link)."""
    years = played_years(v)
    if years is None:
        return None
    raw = link_value(YEAR_KEY, _("the year shown"),
                     lambda r: r.strip().isdigit() and years[0] <= int(r) <= years[1])
    given = int(raw) if raw is not None and raw.strip().isdigit() and years[0] <= int(raw) <= years[1] else None
    raw_mode = link_value(YEAR_MODE_KEY, _("the years' mode"), lambda r: r in frames.MODES)
    mode = raw_mode if raw_mode in frames.MODES else "each"
    seed = link_seed(YEAR_KEY)
    if presenting():  # a meeting room's screen plays what the link asks for, without the toggle
        if given is None:
            return None
    elif not st.toggle(_("Play the years"), value=given is not None, key=f"{YEAR_KEY}-on-{seed}",
                       help=_("The map year by year, played in your browser: the initiatives active in each year, "
                              "or those started since the first year.")):
        write_link(YEAR_KEY, None)
        write_link(YEAR_MODE_KEY, None)
        return None
    year = given if given is not None else years[0]
    # The frame the player last reported (a pause, a step, the slider, the mode), before the player is drawn again.
    reported = (st.session_state.get(player_key(seed)) or {}).get("frame") or {}
    if isinstance(reported.get("year"), int) and years[0] <= reported["year"] <= years[1]:
        year, mode = reported["year"], "cumulative" if reported.get("mode") == "cumulative" else "each"
    write_link(YEAR_KEY, str(year))
    write_link(YEAR_MODE_KEY, None if mode == "each" else mode)
    return year, mode


def player_key(seed: int) -> str:
    return f"player-{seed}"


def show(v: View, measure: str, year: int, mode: str) -> None:
    """The player over the view's years, at `year` in `mode`; the frame a pause or a step shows goes to the link."""
    years = played_years(v)
    assert years is not None  # control() plays only a view with years
    activity, totals = v.query("activity", years), v.query("activity_totals", years)
    p = world()
    taking_part = set(activity.loc[activity["kind"] == "country", "code"])
    codes = [*p.shapes, *(c for c in p.dots if c in taking_part)]
    english = dict(zip(load_points()["iso3"], load_points()["name"], strict=True))
    names = [i18n.country(c, english.get(c, c)) for c in codes]
    f = frames.frames(activity, totals, measure, codes, names)
    column = frames.played_column(measure)
    subtitle = _subtitle(f)
    at = f.years.index(year)
    seed = link_seed(YEAR_KEY)
    data = {
        "svg": frames.svg(p, f, mode, at, subtitle), "years": f.years, "codes": f.codes, "names": f.names,
        "what": f.what,
        "modes": {k: {"titles": m.titles, "classes": m.classes, "values": m.values, "colours": m.colours,
                      "legend": frames.legend(m, frames.HEAD + p.height + 12, p.width)} for k, m in f.modes.items()},
        "mode": mode, "start": at, "interval": INTERVAL_MS, "lang": i18n.current().replace("_", "-"),
        "large": presenting(), "id": player_key(seed),
        "words": {"play": _("Play"), "pause": _("Pause"), "back": _("Previous year"), "next": _("Next year"),
                  "year": _("Year"), "mode": _("Count"), "group": _("The years played"),
                  "modes": {k: _(label) for k, label in frames.MODES.items()}},
    }
    player(data, key=player_key(seed))  # what it reports is read by control() in the run it starts
    unstated = v.query("per_year")
    no_year = int(unstated.loc[unstated["year"].isna(), "initiatives"].sum())
    notes = [_("An initiative counts in each year from its start to its end year; one with no end year, in its start "
               "year only (the sources say when it started, not that it went on).")]
    if column != measure:
        notes.append(_("Amounts are not spread over the years: the years played count {what}.").format(what=f.what))
    if no_year:
        notes.append(_("{initiatives} with no start year are in no year.").format(
            initiatives=text.initiatives(no_year)))
    st.caption(" ".join(notes))
    if not presenting():
        _exports(v, f, mode)


def _subtitle(f: frames.Frames) -> str:
    return _("Colour: {what}; the same classes in every year").format(what=f.what)


def _exports(v: View, f: frames.Frames, mode: str) -> None:
    """The animation for a slide: a GIF of every frame and the frames as PNG, each with the provenance."""
    p, origin = world(), provenance(v)
    subtitle = _subtitle(f)
    stem = f"ssc-flows-{v.dataset.key}-map-years-{mode}"

    def pngs() -> list[bytes]:
        import vl_convert

        lines = origin.lines()
        return [vl_convert.svg_to_png(frames.svg(p, f, mode, k, subtitle, lines), scale=1.0)
                for k in range(len(f.years))]

    row = st.container(horizontal=True, horizontal_alignment="right", gap="small", key="export-years")
    row.download_button(_("Animation (GIF)"), data=lambda: frames.gif(pngs()), file_name=f"{stem}.gif",
                        mime="image/gif", on_click="ignore", icon=":material/movie:", type="tertiary",
                        key="years-gif")
    row.download_button(_("Frames (PNG, zip)"), data=lambda: frames.png_zip(pngs(), f.years, stem),
                        file_name=f"{stem}-frames.zip", mime="application/zip", on_click="ignore",
                        icon=":material/download:", type="tertiary", key="years-png")
