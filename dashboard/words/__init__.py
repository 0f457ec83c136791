"""Words and pictures, with no Streamlit: languages (gettext catalogs, CLDR formats, plural forms), markup,
numbers and money as people read them, colours, the Altair chart builders and exports with their provenance.

`languages` and `markup` import nothing of the app, so any layer may mark a string for translation or make a
value inert; the other modules may import the data layer, never the shell, a page family or the API.
"""
