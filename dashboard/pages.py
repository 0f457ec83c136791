"""The app's pages, in navigation order: (script, title, icon, URL path); the first is the default page.

No Streamlit here: app.py reads it before Streamlit's runtime exists, and ui links the pages from it."""

PAGES = (
    ("pages/overview.py", "Overview", ":material/dashboard:", None),
    ("pages/map.py", "Map", ":material/public:", "map"),
    ("pages/country.py", "Country profile", ":material/flag:", "country"),
    ("pages/network.py", "Network", ":material/hub:", "network"),
    ("pages/funding.py", "Funding mix", ":material/savings:", "funding"),
    ("pages/initiatives.py", "Initiatives", ":material/list_alt:", "initiatives"),
    ("pages/about.py", "About the data", ":material/info:", "about"),
    # A URL path is its file's name: a fresh server's first run resolves links by file (ui.navigation_mode).
    ("pages/upload.py", "Add your data", ":material/upload_file:", "upload"),
)
