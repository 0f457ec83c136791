"""The view in the link, as a run reads it: the cached store and the questions' cached answers, the current
View (dataset, store, filters, names), link values read with a notice, and the widgets bound to link keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import questions
from dashboard.data import prices
from dashboard.data.cache import shared
from dashboard.data.datasets import Dataset
from dashboard.data.filters import Filters, Vocabulary
from dashboard.data.store import Store
from dashboard.shell.links import MANAGED_KEYS
from dashboard.words import languages as i18n
from dashboard.words.languages import _
from dashboard.words.markup import verbatim

EDITING_PAGES = ("upload",)


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_store(path: str, basis: str = prices.CURRENT) -> Store:
    return shared(path, basis)  # the same Store the API answers from


def load_store(path: str, basis: str = prices.CURRENT) -> Store:
    with st.spinner(_("Loading the dataset…"), show_time=False):
        return _load_store(path, basis)


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def run_query(path: str, name: str, f: Filters, args: tuple = (), lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """A query result, cached per dataset, Filters (its prices choose the store), arguments and language (the
    store itself is not hashed): its labels and place names are in the language."""
    return i18n.place_names(getattr(questions, name)(_load_store(path, f.prices), f, *args))


@st.cache_data(max_entries=8, show_spinner=False)
def dataset_facts(path: str, lang: str = i18n.DEFAULT) -> tuple[Vocabulary, pd.DataFrame, dict[str, str]]:
    """The dataset's vocabulary, its places (for the pickers) and its countries' names, in the language."""
    store = _load_store(path)
    names = {code: i18n.country(code, name) for code, name in questions.country_names(store).items()}
    return questions.vocabulary(store), i18n.place_names(questions.place_options(store)), names


@dataclass
class View:
    """What every page needs: the dataset, its store, the current filters and names."""

    dataset: Dataset
    store: Store
    filters: Filters
    vocabulary: Vocabulary
    names: dict[str, str]

    def query(self, name: str, *args) -> pd.DataFrame:
        return run_query(str(self.dataset.path), name, self.filters, args, i18n.current())


def navigation_mode() -> None:
    """Until some run has called st.navigation, Streamlit treats a pages/ folder as its legacy multipage mode:
    a fresh server's first run would run a requested page without app.py, and the widgets of that run get
    other ids than in every later run, so the first visitor's first click would be lost. Switch the mode off,
    as app.py's st.navigation would, and run again (once per server)."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def view() -> View:
    """The current View, set by app.py before it runs the page."""
    navigation_mode()
    if "view" not in st.session_state:  # a page run without app.py (see navigation_mode)
        st.rerun()
    return st.session_state["view"]


def filter_params() -> dict[str, str]:
    """The current link's dataset and filter parameters (not a page's own); repeated keys joined by commas."""
    return {k: ",".join(st.query_params.get_all(k)) for k in st.query_params if k in MANAGED_KEYS}


def open_country(code: str) -> None:
    """Go to a country's profile, keeping the dataset and filters."""
    st.switch_page("pages/country.py", query_params={**filter_params(), "country": code})


def open_initiative(initiative_id: str) -> None:
    """Go to one initiative's detail, keeping the dataset and filters."""
    st.switch_page("pages/initiatives.py", query_params={**filter_params(), "initiative": initiative_id})


def link_value(param: str, label: str, valid: Callable[[str], bool]) -> str | None:
    """The link's value for param, with a notice if valid rejects it. Call it before the widget: a widget bound
    to the link (bind="query-params") drops a value it cannot use from the link without a word.

    A value is judged once per session, as the link brings it: a page number that a narrower search later puts
    past the end is the app's doing, not the link's."""
    raw = st.query_params.get(param)
    judged = st.session_state.setdefault("link-values-judged", {})
    if raw is not None and judged.get(param) != raw:
        judged[param] = raw
        if not valid(raw):
            st.warning(_("Ignored {value} for {what} in the link.").format(value=verbatim(raw), what=label.lower()),
                       icon=":material/link_off:")
    return raw


def link_seed(param: str) -> int:
    """A number for the keys of widgets that write ?param= themselves: it changes only when the link's value changes
    from outside (a pasted link, the back button), never because the widgets wrote it (write_link): a click would
    otherwise land on a widget the next run no longer draws."""
    if st.query_params.get(param) != st.session_state.get(f"{param}-written", st.query_params.get(param)):
        st.session_state[f"{param}-seed"] = st.session_state.get(f"{param}-seed", 0) + 1
    return st.session_state.setdefault(f"{param}-seed", 0)


def write_link(param: str, value: str | None) -> None:
    """Set ?param=value ('' or None removes it), as written by the page's own widgets (see link_seed)."""
    if value and st.query_params.get(param) != value:
        st.query_params[param] = value
    elif not value and param in st.query_params:
        del st.query_params[param]
    st.session_state[f"{param}-written"] = value or None


def linked_choice(widget, label: str, options: dict, param: str, default, **kwargs):
    """A selectbox or radio whose choice lives in the link as ?param=<option key> (the default is
    not written; the key, never the label, so a link opens the same view in every language); an unknown value in
    the link gets a notice and the default. options: key → English label (translated here)."""
    keys = list(options)
    raw = link_value(param, label, lambda r: r in map(str, keys))
    wanted = next((k for k in keys if str(k) == raw), None)
    start = default if wanted is None else wanted
    # The key follows the link's value, so a changed link (or the back button) re-seeds the widget.
    chosen = widget(label, keys, index=keys.index(start), format_func=lambda k: _(options[k]), key=f"{param}-{raw}",
                    **kwargs)
    if chosen == default and param in st.query_params:
        del st.query_params[param]
    elif chosen != default and raw != str(chosen):
        st.query_params[param] = str(chosen)
    return chosen


def linked_toggle(label: str, param: str, **kwargs) -> bool:
    """A toggle that is off by default and on with ?param=1 in the link; another value gets a notice."""
    raw = link_value(param, label, lambda r: r == "1")
    on = st.toggle(label, value=raw == "1", key=f"{param}-{raw}", **kwargs)
    if not on and param in st.query_params:
        del st.query_params[param]
    elif on and raw != "1":
        st.query_params[param] = "1"
    return on


# --- Page furniture ----------------------------------------------------------------------------


# --- Overview ----------------------------------------------------------------------------------
