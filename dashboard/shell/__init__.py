"""The Streamlit shell every page stands in: the link keys (`links`) and the view they make (`state`), the widgets
bound to them, the language and presentation mode, sharing and embedding, page furniture (header, KPIs, notices),
charts with their exports (`figures`), the sidebar and the navigation.

It may import the layers below (words, questions, data), never a page family, the API or `pages/`.
"""
