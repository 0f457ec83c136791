"""Presentation mode (?present=1, for a screen in a meeting room) and the app's, the presentation's and the
embedded view's CSS."""

from __future__ import annotations

import streamlit as st

from dashboard.shell.links import PRESENT_KEY


def presenting() -> bool:
    """Presentation mode (?present=1, kept across pages): no sidebar, no controls, larger type."""
    return bool(st.session_state.get(PRESENT_KEY))


def leave_presentation() -> None:
    st.session_state[PRESENT_KEY] = False


# Every chart's images come from its PNG and SVG buttons, which caption them with the filters, the dataset and a
# citation: Streamlit's own "Download as PNG" in the chart's toolbar would bypass the caption, so it goes.
# A KPI row (kpi_cells) wraps rather than cut a label or a value: each KPI is as wide as its full text at least.
APP_CSS = """<style>
[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as PNG"]) { display: none; }
[class*="st-key-kpis-"] > [data-testid="stLayoutWrapper"] { min-width: max-content; }
</style>"""


# In presentation mode: the sidebar and every control in the page go (the page's settings stay as the link has
# them), the type grows by a quarter and the page starts higher, so its main visual is above the fold. On a phone,
# where Streamlit moves the navigation into the hidden sidebar, the page links below the title take its place.
# Charts are scaled by charts.for_screen.
PRESENTATION_CSS = APP_CSS.removesuffix("</style>") + """
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
[data-testid="stMainBlockContainer"] :is(h1, h3) { padding-top: 0; padding-bottom: 0; }
.st-key-present-pages { display: none; }
@media (max-width: 767px) { .st-key-present-pages { display: flex; } }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none; }
[data-testid="stMain"] [data-testid="stElementContainer"]:not(.st-key-leave-presentation, .st-key-present-lang,
  [class*="st-key-pager-"]):has(> :is(.stRadio,
  .stSelectbox, .stMultiSelect, .stCheckbox, .stSlider, .stTextInput, .stNumberInput, .stButtonGroup, .stDownloadButton,
  .stPopover, .stButton)) { display: none; }
[data-testid="stMain"] [class*="st-key-export-"] { display: none; }
</style>"""


EMBED_CSS = APP_CSS.removesuffix("</style>") + """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], header { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem; max-width: none; }
[data-testid="stMain"] :is([data-testid="stElementContainer"], [data-testid="stHorizontalBlock"],
  [data-testid="stColumn"], [data-testid="stExpander"], [data-testid="stTabs"], [data-testid="stLayoutWrapper"]
  ):not(.st-key-embed-chart *):not(:has(.st-key-embed-chart)) { display: none; }
[data-testid="stMain"] [data-testid="stColumn"]:has(.st-key-embed-chart) { flex: 1 1 100%; width: 100%; }
</style>"""
