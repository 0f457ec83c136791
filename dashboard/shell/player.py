"""A player of frames in the browser: an SVG whose elements (data-i) are recoloured frame after frame from data sent
once, with Play, pause, a step either way, a year slider and the mode, so that playing runs no script. Pausing,
stepping, the slider and the mode report the frame shown (one run each, which writes it to the link)."""

from __future__ import annotations

from typing import Any

import streamlit as st

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
.ssc-stage svg { width: 100%; height: auto; display: block; }
.ssc-stage svg text { font-family: var(--st-font); }
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
    </div><div class="ssc-stage">${d.svg}</div>`;
  const play = root.querySelector('.ssc-play'), slider = root.querySelector('input[type=range]');
  const year = root.querySelector('.ssc-year'), title = root.querySelector('.ssc-title');
  const legend = root.querySelector('.ssc-legend'), marks = root.querySelectorAll('[data-i]');
  const draw = () => {
    const m = d.modes[mode], classes = m.classes[at], values = m.values[at];
    marks.forEach((el) => {
      const i = Number(el.getAttribute('data-i'));
      el.setAttribute('fill', m.colours[classes[i]]);
      const tip = el.querySelector('title');
      if (tip) tip.textContent = `${d.names[i]}: ${number.format(values[i])} ${d.what}`;
    });
    if (title) title.textContent = m.titles[at];
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
  root.querySelectorAll('.ssc-modes input').forEach((r) => r.addEventListener('change', () => {
    mode = r.value;
    if (legend) legend.outerHTML = d.modes[mode].legend;
    draw();
    if (timer === null) report();
  }));
  draw();
  root._stop = () => stop(false);
  return () => stop(false);
}
"""

_PLAYER = st.components.v2.component("ssc_player", html=HTML, css=CSS, js=JS)


def player(data: dict[str, Any], key: str) -> dict | None:
    """Mount the player (data: svg, years, names, what, modes {name: titles, classes, values, colours, legend},
    mode, start, interval in ms, words, lang, large, id); the frame last reported, {year, mode}, or None."""
    result = _PLAYER(data=data, key=key, default={"frame": None}, on_frame_change=lambda: None)
    return getattr(result, "frame", None)
