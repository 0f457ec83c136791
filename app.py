"""SSC Flows: the router. Page config, the shared sidebar (dataset and filters), navigation."""

from pathlib import Path

import altair as alt
import streamlit as st

from dashboard import sidebar, ui

# Altair checks every object against its schema as it is built (its "debug mode"), then again as a
# whole in to_dict(): the first pass costs tens of ms a chart (0.3 s for the map) on every rerun.
# The app skips both (see ui.chart); the chart functions' tests validate every chart through to_dict().
alt.utils.schemapi.disable_debug_mode()
ui.navigation_mode()

# A local icon: a Material icon here would be fetched from Google's servers, which an offline machine cannot reach.
ICON = Path(__file__).parent / "static" / "favicon.png"
st.set_page_config(page_title="SSC Flows: South-South cooperation", page_icon=str(ICON), layout="wide")
st.sidebar.markdown("### SSC Flows\nSouth-South cooperation: who works with whom, on what, and how it is funded.")

dataset = sidebar.choose_dataset()
store = sidebar.open_dataset(dataset)
sidebar.filter_sidebar(dataset, store)
if ui.presenting():
    st.html(ui.PRESENTATION_CSS)

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/public:", url_path="map"),
    st.Page("pages/country.py", title="Country profile", icon=":material/flag:", url_path="country"),
    st.Page("pages/network.py", title="Network", icon=":material/hub:", url_path="network"),
    st.Page("pages/funding.py", title="Funding mix", icon=":material/savings:", url_path="funding"),
    st.Page("pages/initiatives.py", title="Initiatives", icon=":material/list_alt:", url_path="initiatives"),
    st.Page("pages/about.py", title="About the data", icon=":material/info:", url_path="about"),
]
st.navigation(pages, position="top").run()
