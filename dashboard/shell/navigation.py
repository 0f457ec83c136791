"""The app's pages, in navigation order: (script, title, icon, URL path); the first is the default page.

No Streamlit here: app.py reads it before Streamlit's runtime exists, and ui links the pages from it. Titles are
translated where they are shown."""

from dashboard.words.languages import N_

PAGES = (
    ("pages/overview.py", N_("Overview"), ":material/dashboard:", None),
    ("pages/map.py", N_("Map"), ":material/public:", "map"),
    ("pages/country.py", N_("Country profile"), ":material/flag:", "country"),
    ("pages/network.py", N_("Network"), ":material/hub:", "network"),
    ("pages/funding.py", N_("Funding mix"), ":material/savings:", "funding"),
    ("pages/initiatives.py", N_("Initiatives"), ":material/list_alt:", "initiatives"),
    ("pages/about.py", N_("About the data"), ":material/info:", "about"),
    # A URL path is its file's name: a fresh server's first run resolves links by file (state.navigation_mode).
    ("pages/upload.py", N_("Add your data"), ":material/upload_file:", "upload"),
)
