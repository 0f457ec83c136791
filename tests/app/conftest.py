"""AppTest in the state a running server is in after its first run.

Streamlit treats a pages/ folder as its legacy multipage mode until some run calls st.navigation;
a server does that once per process, but AppTest resets the flag before every run, which would send
every rerun down the legacy path. Set it as a running server has it.
"""

import pytest
from streamlit.runtime import pages_manager


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    monkeypatch.setattr(pages_manager.PagesManager, "__init__", init)
