"""The years played (Map, Network): the control (in the link as ?year=YYYY within the view's years, and
?yrmode=cumulative), and a player of frames in the browser: an SVG whose elements (data-i) are recoloured frame after
frame from data sent once, with Play, pause, a step either way, a year slider and the mode, so that playing runs no
script. Pausing, stepping, the slider and the mode report the frame shown (one run each, which writes it to the
link). Its exports for a slide: an animated GIF, and the frames as PNG in a zip, each frame with the provenance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.shell.figures import provenance
from dashboard.shell.links import YEAR_KEY, YEAR_MODE_KEY
from dashboard.shell.presentation import presenting
from dashboard.shell.state import View, link_seed, link_value, write_link
from dashboard.words import frames as played
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import _

INTERVAL_MS = 900  # a frame's time on screen while playing

HTML = '<div class="ssc-player" role="group"></div>'

CSS = """
.ssc-player { font-family: var(--st-font); color: var(--st-text-color); }
.ssc-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.75rem; margin: 0 0 0.5rem; }
.ssc-controls button { min-width: 2.75rem; min-height: 2.75rem; padding: 0.25rem 0.75rem; font: inherit;
  font-size: 1rem; border: 1px solid var(--st-border-color); border-radius: var(--st-button-radius, 0.5rem);
  background: var(--st-secondary-background-color); color: inherit; cursor: pointer; }
.ssc-controls button.ssc-play { background: var(--st-primary-color); color: #ffffff; border-color: transparent;
  min-width: 6.5rem; font-weight: 600; }
.ssc-controls button:focus-visible, .ssc-controls input:focus-visible { outline: 3px solid #0072B2;
  outline-offset: 2px; }
.ssc-controls input[type=range] { flex: 1 1 12rem; min-width: 8rem; accent-color: var(--st-primary-color); }
.ssc-year { font-size: 1.5rem; font-weight: 700; min-width: 3.5rem; font-variant-numeric: tabular-nums; }
.ssc-modes { display: flex; gap: 0.75rem; }
.ssc-modes label { display: flex; align-items: center; gap: 0.25rem; cursor: pointer; }
.ssc-modes input { width: 1.1em; height: 1.1em; margin: 0; accent-color: var(--st-primary-color); }
.ssc-frame-title { font-size: 1.35rem; font-weight: 600; margin: 0.25rem 0 0; }
.ssc-subtitle { font-size: 0.875rem; opacity: 0.75; margin: 0 0 0.25rem; }
.ssc-stage svg { width: 100%; height: auto; display: block; }
.ssc-stage svg text { font-family: var(--st-font); }
.ssc-legend-html { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0.5rem 0 0;
  padding: 0; font-size: 0.875rem; }
.ssc-legend-html li { display: flex; align-items: center; gap: 0.4rem; }
.ssc-legend-html span.ssc-swatch { width: 0.9rem; height: 0.9rem; border: 1px solid #999999; flex: none; }
.ssc-timeline svg { width: 100%; height: auto; display: block; margin-top: 0.5rem; }
.ssc-timeline rect { cursor: pointer; }
.ssc-player.ssc-large .ssc-frame-title { font-size: 2rem; }
.ssc-player.ssc-large .ssc-subtitle, .ssc-player.ssc-large .ssc-legend-html { font-size: 1.2rem; }
.ssc-player.ssc-large .ssc-controls button { min-height: 3.5rem; font-size: 1.4rem; padding: 0.5rem 1.25rem; }
.ssc-player.ssc-large .ssc-year { font-size: 2.5rem; }
.ssc-player.ssc-large .ssc-modes { font-size: 1.3rem; }
"""

JS = """
export default function ({ parentElement, data, setStateValue }) {
  const root = parentElement.querySelector('.ssc-player');
  if (root._stop) root._stop();
  const d = data, n = d.years.length, words = d.words;
  let mode = d.mode, at = Math.max(0, Math.min(n - 1, d.start)), timer = null;
  const number = new Intl.NumberFormat(d.lang);
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
  root.classList.toggle('ssc-large', !!d.large);
  root.setAttribute('aria-label', words.group);
  const modes = Object.keys(d.modes).map((k) => `<label><input type="radio" name="${esc(d.id)}-mode" value="${k}"
      ${k === mode ? 'checked' : ''}> ${esc(words.modes[k])}</label>`).join('');
  root.innerHTML = `<div class="ssc-controls">
      <button type="button" class="ssc-play" aria-label="${esc(words.play)}">▶ ${esc(words.play)}</button>
      <button type="button" class="ssc-back" aria-label="${esc(words.back)}" title="${esc(words.back)}">◀︎◀︎</button>
      <button type="button" class="ssc-next" aria-label="${esc(words.next)}" title="${esc(words.next)}">▶︎▶︎</button>
      <span class="ssc-year" aria-live="polite"></span>
      <input type="range" min="0" max="${n - 1}" step="1" aria-label="${esc(words.year)}">
      <div class="ssc-modes" role="radiogroup" aria-label="${esc(words.mode)}">${modes}</div>
    </div><div class="ssc-frame-title"></div><div class="ssc-subtitle">${esc(d.subtitle)}</div>
    <div class="ssc-stage">${d.svg}</div><ul class="ssc-legend-html" aria-label="${esc(words.legend)}"></ul>
    <div class="ssc-timeline">${d.timeline}</div>`;
  // The drawing alone (its title, legend and caption are the page's here, readable at any width; exports keep them).
  const svg = root.querySelector('.ssc-stage svg');
  svg.setAttribute('viewBox', d.crop.join(' '));
  svg.removeAttribute('width'); svg.removeAttribute('height');
  svg.querySelectorAll(':scope > text, :scope > .ssc-legend').forEach((el) => el.remove());
  const heading = root.querySelector('.ssc-frame-title'), legend = root.querySelector('.ssc-legend-html');
  const key = () => {
    const m = d.modes[mode];
    legend.innerHTML = m.labels.map((label, k) => `<li><span class="ssc-swatch"
      style="background:${esc(m.colours[k])}"></span>${esc(label)}</li>`).join('');
  };
  const play = root.querySelector('.ssc-play'), slider = root.querySelector('input[type=range]');
  const year = root.querySelector('.ssc-year'), marks = root.querySelectorAll('[data-i]');
  const draw = () => {
    const m = d.modes[mode], classes = m.classes[at], values = m.values[at];
    marks.forEach((el) => {
      const i = Number(el.getAttribute('data-i'));
      el.setAttribute('fill', m.colours[classes[i]]);
      const tip = el.querySelector('title');
      if (tip) tip.textContent = `${d.names[i]}: ${number.format(values[i])} ${d.what}`;
    });
    heading.textContent = m.titles[at];
    root.querySelectorAll('.ssc-timeline g').forEach((g) => {
      g.style.display = g.getAttribute('data-mode') === mode ? '' : 'none';
    });
    root.querySelectorAll(`.ssc-timeline g[data-mode="${mode}"] rect`).forEach((bar, k) => {
      const on = mode === 'cumulative' ? k <= at : k === at;
      bar.setAttribute('opacity', on ? '1' : '0.3');
      if (k === at) bar.setAttribute('data-current', '1'); else bar.removeAttribute('data-current');
    });
    year.textContent = d.years[at];
    slider.value = at;
    slider.setAttribute('aria-valuetext', String(d.years[at]));
    root.setAttribute('data-year', d.years[at]);
    root.setAttribute('data-mode', mode);
  };
  const report = () => setStateValue('frame', { year: d.years[at], mode });
  const stop = (tell) => {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = '▶ ' + words.play; play.setAttribute('aria-label', words.play);
    root.removeAttribute('data-playing');
    if (tell) report();
  };
  const start = () => {
    if (at >= n - 1) at = 0;
    draw();
    play.textContent = '❚❚ ' + words.pause; play.setAttribute('aria-label', words.pause);
    root.setAttribute('data-playing', '1');
    timer = setInterval(() => {
      if (at >= n - 1) { stop(true); return; }
      at += 1; draw();
      if (at >= n - 1) stop(true);
    }, d.interval);
  };
  play.addEventListener('click', () => (timer === null ? start() : stop(true)));
  const step = (by) => { stop(false); at = Math.max(0, Math.min(n - 1, at + by)); draw(); report(); };
  root.querySelector('.ssc-back').addEventListener('click', () => step(-1));
  root.querySelector('.ssc-next').addEventListener('click', () => step(1));
  slider.addEventListener('input', () => { stop(false); at = Number(slider.value); draw(); });
  slider.addEventListener('change', () => report());
  root.querySelectorAll('.ssc-timeline rect').forEach((bar) => bar.addEventListener('click', () => {
    stop(false); at = d.years.indexOf(Number(bar.getAttribute('data-year'))); draw(); report();
  }));
  root.querySelectorAll('.ssc-modes input').forEach((r) => r.addEventListener('change', () => {
    mode = r.value;
    key();
    draw();
    if (timer === null) report();
  }));
  key();
  draw();
  root._stop = () => stop(false);
  return () => stop(false);
}
"""

_PLAYER = st.components.v2.component("ssc_player", html=HTML, css=CSS, js=JS)


def player(data: dict[str, Any], key: str) -> None:
    """Mount the player (data: svg, crop [top, height] of its drawing, subtitle, years, keys, names, what, modes
    {name: titles, classes, values, colours, labels}, mode, start, interval in ms, words, lang, large, id). The frame
    it last reported, {year, mode}, is st.session_state[key]["frame"] in the run the report starts."""
    _PLAYER(data=data, key=key, default={"frame": None}, on_frame_change=lambda: None)


def played_years(v: View) -> tuple[int, int] | None:
    """The years played: the view's filter's, else the dataset's start years (None: no start year is known)."""
    return v.filters.years or v.vocabulary.year_bounds


def player_key(seed: int) -> str:
    return f"player-{seed}"


def control(v: View, help: str) -> tuple[int, str] | None:
    """The year shown and the mode ('each', 'cumulative'), or None (not playing: no ?year= in the link)."""
    years = played_years(v)
    if years is None:
        return None
    def usable(r: str) -> bool:
        return r.strip().isdigit() and years[0] <= int(r) <= years[1]

    raw = link_value(YEAR_KEY, _("the year shown"), usable)
    given = int(raw) if raw is not None and usable(raw) else None
    raw_mode = link_value(YEAR_MODE_KEY, _("the years' mode"), lambda r: r in played.MODES)
    mode = raw_mode if raw_mode in played.MODES else "each"
    seed = link_seed(YEAR_KEY)
    if presenting():  # a meeting room's screen plays what the link asks for, without the toggle
        if given is None:
            return None
    elif not st.toggle(_("Play the years"), value=given is not None, key=f"{YEAR_KEY}-on-{seed}", help=help):
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


def subtitle(f: played.Frames) -> str:
    return _("Colour: {what}; the same classes in every year").format(what=f.what)


def show(v: View, f: played.Frames, totals: pd.DataFrame, year: int, mode: str,
         draw: Callable[[str, int, Sequence[str]], str], size: tuple[int, int], name: str, words: str) -> None:
    """The player of f at `year` in `mode` (draw(mode, frame, caption lines) gives a frame's SVG, whose drawing is
    size (width, height) px under the title block; words: its subtitle), the years' bars under it that play along
    (totals: questions.activity_totals), the rule of the years under it, and the exports (name: the files' stem);
    the frame a pause or a step shows goes to the link (control() reads it in the run that follows)."""
    seed = link_seed(YEAR_KEY)
    data = {
        "svg": draw(mode, f.years.index(year), ()), "crop": [0, played.HEAD, *size], "subtitle": words,
        "timeline": played.timeline(f, totals, size[0]),
        "years": f.years, "keys": [str(k) for k in f.keys], "names": f.names, "what": f.what,
        "modes": {k: {"titles": m.titles, "classes": m.classes, "values": m.values, "colours": m.colours,
                      "labels": m.labels} for k, m in f.modes.items()},
        "mode": mode, "start": f.years.index(year), "interval": INTERVAL_MS, "lang": i18n.current().replace("_", "-"),
        "large": presenting(), "id": player_key(seed),
        "words": {"play": _("Play"), "pause": _("Pause"), "back": _("Previous year"), "next": _("Next year"),
                  "year": _("Year"), "mode": _("Count"), "group": _("The years played"), "legend": _("Legend"),
                  "modes": {k: _(label) for k, label in played.MODES.items()}},
    }
    player(data, key=player_key(seed))
    unstated = v.query("per_year")
    no_year = int(unstated.loc[unstated["year"].isna(), "initiatives"].sum())
    notes = [_("An initiative counts in each year from its start to its end year; one with no end year, in its start "
               "year only (the sources say when it started, not that it went on).")]
    if no_year:
        notes.append(_("{initiatives} with no start year are in no year.").format(
            initiatives=text.initiatives(no_year)))
    st.caption(" ".join(notes))
    if not presenting():
        _exports(v, f, mode, draw, name)


def _exports(v: View, f: played.Frames, mode: str, draw: Callable[[str, int, Sequence[str]], str], name: str
             ) -> None:
    """The animation for a slide: a GIF of every frame and the frames as PNG, each with the provenance."""
    origin = provenance(v)
    stem = f"ssc-flows-{v.dataset.key}-{name}-{mode}"

    def pngs() -> list[bytes]:
        import vl_convert

        lines = origin.lines()
        return [vl_convert.svg_to_png(draw(mode, k, lines), scale=1.0) for k in range(len(f.years))]

    row = st.container(horizontal=True, horizontal_alignment="right", gap="small", key="export-years")
    row.download_button(_("Animation (GIF)"), data=lambda: played.gif(pngs()), file_name=f"{stem}.gif",
                        mime="image/gif", on_click="ignore", icon=":material/movie:", type="tertiary",
                        key="years-gif")
    row.download_button(_("Frames (PNG, zip)"), data=lambda: played.png_zip(pngs(), f.years, stem),
                        file_name=f"{stem}-frames.zip", mime="application/zip", on_click="ignore",
                        icon=":material/download:", type="tertiary", key="years-png")
