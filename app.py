"""SSC Flows: the app. `streamlit run app.py` finds `app` (an st.App) at the bottom and serves it; as the
server starts, `warm_up` imports the app and opens the default dataset. Every session then runs this file as
its script (as __main__), and `main` routes."""

import os
import threading
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from dashboard.shell.navigation import PAGES
from dashboard.words.languages import _

# A local icon: a Material icon here would be fetched from Google's servers, which an offline machine cannot reach.
NAME = "SSC Flows"  # the product's name, the same in every language
ICON = Path(__file__).parent / "static" / "favicon.png"


def main() -> None:
    """A session's run: page config, the shared sidebar (dataset and filters), navigation."""
    # Imported here, not above: the server imports this module before Streamlit's runtime (and caches) exist.
    import altair as alt

    from dashboard.settings import from_environment
    from dashboard.shell import access, language, presentation, sharing, sidebar, state

    # Altair checks every object against its schema as it is built (its "debug mode"), then again as a
    # whole in to_dict(): the first pass costs tens of ms a chart (0.3 s for the map) on every rerun.
    # The app skips both (see figures.chart); the chart functions' tests validate every chart through to_dict().
    alt.utils.schemapi.disable_debug_mode()
    state.navigation_mode()
    language.choose_language()
    st.set_page_config(page_title=_("SSC Flows: South-South cooperation"), page_icon=str(ICON), layout="wide")
    st.sidebar.markdown(f"### {NAME}\n" + _("South-South cooperation: who works with whom, on what, and how it is "
                                               "funded."))
    language.language_menu()
    settings = from_environment(os.environ)
    access.signed_in_line(settings)
    if not access.gate_viewing(settings):
        st.stop()
    dataset = sidebar.choose_dataset()
    store = sidebar.open_dataset(dataset)
    sidebar.filter_sidebar(dataset, store)
    chart = sharing.embedded_chart()
    css = presentation.PRESENTATION_CSS if presentation.presenting() else presentation.APP_CSS
    st.html((presentation.EMBED_CSS if chart is not None else css) + language.streamlit_words())
    pages = [st.Page(script, title=_(title), icon=icon, url_path=path, default=path is None)
             for script, title, icon, path in PAGES]
    st.navigation(pages, position="hidden" if chart is not None else "top").run()
    if chart is not None:
        sharing.embedded_chart_missing(chart)


def housekeeping() -> None:
    """As the server starts: Streamlit's upload limit made the app's (SSC_UPLOAD_MAX_MB); interrupted saves and old
    upload folders swept, each said in the log; a sign-in setting that leaves saving open to anyone, or that the
    app does not know, said too."""
    import logging

    from streamlit import config

    from dashboard.data import datasets
    from dashboard.settings import from_environment

    settings = from_environment(os.environ)
    config.set_option("server.maxUploadSize", settings.max_mb, "SSC_UPLOAD_MAX_MB")
    log = logging.getLogger("ssc_flows")
    for line in datasets.housekeeping(settings):
        log.warning("%s", line)
    for line in settings.warnings():
        log.warning("%s", line)


@asynccontextmanager
async def warm_up(_app):
    """As the server starts (the runtime exists by now), import the app and open the default dataset on a
    thread of their own: the server answers at once, and the first visitor's run finds both done."""

    def run() -> None:
        from dashboard.shell import sidebar

        sidebar.warm_up()

    housekeeping()

    threading.Thread(target=run, name="warm-up", daemon=True).start()
    yield


if __name__ == "__main__":  # a session's run of the script
    main()
else:  # imported by the server that `streamlit run app.py` starts
    from dashboard.api import routes

    app = st.App(__file__, lifespan=warm_up, routes=routes())
