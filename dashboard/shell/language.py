"""The language of a visit: chosen from the link, the menu or the browser, kept in the link, and the CSS
that puts its words where Streamlit writes its own English ones."""

from __future__ import annotations

import json

import streamlit as st

from dashboard.shell.state import link_value
from dashboard.words import languages as i18n
from dashboard.words.languages import LANG_KEY, LANGUAGES, _


def choose_language() -> str:
    """The language of this run: the link's (?lang=), else the one this session chose, else the browser's when it
    is one of the app's, else English. Every later word of the run is in it."""
    browser = i18n.pick(st.context.locale) or i18n.DEFAULT
    raw = st.query_params.get(LANG_KEY)
    lang = raw if raw in LANGUAGES else st.session_state.get(LANG_KEY, browser)
    st.session_state[LANG_KEY] = lang
    i18n.use(lang)
    link_value(LANG_KEY, _("Language"), lambda r: r in LANGUAGES)
    return lang


def language_param() -> dict[str, str]:
    """The link's ?lang=: written unless the language is English and the browser's is too (a link then opens in
    the language it was shared in, whoever opens it)."""
    lang = i18n.current()
    written = lang != i18n.DEFAULT or (i18n.pick(st.context.locale) or i18n.DEFAULT) != i18n.DEFAULT
    return {LANG_KEY: lang} if written else {}


def _chosen_language(key: str) -> None:
    lang = st.session_state[key]
    st.session_state[LANG_KEY] = lang
    i18n.use(lang)
    written = {k: v for k, v in st.session_state.get("url_written", {}).items() if k != LANG_KEY}
    params = language_param()
    if params:
        st.query_params[LANG_KEY] = lang
    elif LANG_KEY in st.query_params:
        del st.query_params[LANG_KEY]
    st.session_state["url_written"] = {**written, **params}  # the app's own change, not a new link


def language_menu(presentation: bool = False) -> None:
    """The language selector: at the top of the sidebar, or a discreet one in presentation mode's header."""
    key = "present-lang" if presentation else "language"
    st.session_state[key] = i18n.current()
    (st if presentation else st.sidebar).selectbox(  # type: ignore[call-overload]  # format_func: dict.get's overloads
        _("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key=key,
        on_change=_chosen_language, args=(key,), label_visibility="collapsed" if presentation else "visible",
        width=150 if presentation else "stretch")


def streamlit_words() -> str:
    """CSS putting the language's words where Streamlit writes its own English ones ("" in English): the top
    navigation's "N more" (its pages that do not fit on the line) becomes "More", the file uploader's button
    "Choose files", and the uploader's line of limits goes (the caption above the uploader gives them)."""
    if i18n.current() == i18n.DEFAULT:
        return ""
    more, choose = (json.dumps(word, ensure_ascii=False) for word in (_("More"), _("Choose files")))
    return f"""<style>
.rc-overflow-item-rest [data-testid="stTopNavSection"] [data-testid="stMarkdownContainer"] p {{ display: none; }}
.rc-overflow-item-rest [data-testid="stTopNavSection"] [data-testid="stMarkdownContainer"]::after {{
  content: {more}; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: {choose}; }}
</style>"""
