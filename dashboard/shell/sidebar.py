"""The shared sidebar: the dataset selector and every filter, kept in sync with the link.

Widgets take their starting values from a seed (the link, or the defaults after Reset). Their keys
carry the seed's generation, so a new seed makes new widgets and nothing writes to a widget's state.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.data import prices
from dashboard.data.cache import mark_ready
from dashboard.data.datasets import SESSION_DATASETS, Dataset, offered
from dashboard.data.filters import CODE_FILTERS, Filters, Vocabulary
from dashboard.data.reading import DatasetError
from dashboard.data.store import Store
from dashboard.shell.figures import view_data
from dashboard.shell.furniture import folded
from dashboard.shell.language import language_param
from dashboard.shell.links import DATASET_KEY, MANAGED_KEYS, PRESENT_KEY, URL_KEYS, from_query, to_query
from dashboard.shell.presentation import presenting
from dashboard.shell.sharing import api_links, embed_code, share_link
from dashboard.shell.state import View, _load_store, dataset_facts, filter_params, load_store
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _
from dashboard.words.markup import verbatim

# The code filters under "More filters", which runs (and draws) them only while it is open.
FOLDED = {"cooperation_types": N_("Cooperation type"), "lead_actors": N_("Lead actor"),
          "activity_types": N_("Activity type"), "source_types": N_("Funding source type"),
          "funders": N_("Funder"), "sdgs": N_("Sustainable Development Goals")}
SIDES = {"provider": N_("Providers"), "receiver": N_("Receivers")}
# kind → Filters field suffix; a Southern-led multilateral ('organisation') is only ever a provider.
PLACE_KINDS = {"region": "regions", "subregion": "subregions", "country": "countries", "organisation": "orgs"}


def side_kinds(side: str) -> dict[str, str]:
    """The place kinds one side's picker offers (PLACE_KINDS, without organisations for receivers)."""
    return {k: v for k, v in PLACE_KINDS.items() if side == "provider" or k != "organisation"}


def widget(name: str) -> str:
    return f"w_{name}_{st.session_state.get('generation', 0)}"


def _link_changed() -> bool:
    """True on a session's first run, and when the URL's filters differ from what we last wrote
    (a link pasted or edited, the browser's back button). A URL emptied by a page switch is not a change."""
    current = filter_params()
    if "url_written" not in st.session_state:
        return True
    return bool(current) and current != st.session_state["url_written"]


def _seed(f: Filters, dataset_key: str | None = None) -> None:
    """Start a new generation of widgets at these filters (and dataset)."""
    st.session_state["generation"] = st.session_state.get("generation", 0) + 1
    st.session_state["seed"] = f
    st.session_state["current"] = f
    if dataset_key is not None:
        st.session_state["seed_dataset"] = dataset_key


def place_options(places: pd.DataFrame, side: str = "provider") -> dict[str, str]:
    """A side's one place picker: option 'kind:code' → label. Regions, then sub-regions, then countries, then (for
    providers) Southern-led multilaterals."""
    suffix = {"region": _(" (region)"), "subregion": _(" (sub-region)"), "country": "",
              "organisation": _(" (Southern-led multilateral)")}
    kinds = side_kinds(side)
    ordered = places[places["kind"].isin(list(kinds))]
    ordered = ordered.assign(order=ordered["kind"].map({kind: i for i, kind in enumerate(kinds)}))
    ordered = ordered.sort_values("order", kind="stable")
    return {f"{kind}:{code}": name + suffix[kind]
            for kind, code, name in zip(ordered["kind"], ordered["code"], ordered["name"], strict=True)}


def picked_places(f: Filters, side: str) -> list[str]:
    """The place picker's options for one side of f."""
    return [f"{kind}:{code}" for kind, field in side_kinds(side).items() for code in getattr(f, f"{side}_{field}")]


def _read_widgets(vocab: Vocabulary, before: Filters) -> Filters:
    """The filters the widgets hold; a filter whose widget is not drawn (folded away) keeps its value from before."""
    values = {name: getattr(before, name) for name in FOLDED}
    for name in URL_KEYS:
        value = st.session_state.get(widget(name))
        if value is None:
            continue
        if name == "years":
            value = tuple(value) if vocab.year_bounds and tuple(value) != vocab.year_bounds else None
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    for side in SIDES:
        picked = [option.split(":", 1) for option in st.session_state.get(widget(side)) or []]
        for kind, field in side_kinds(side).items():
            values[f"{side}_{field}"] = tuple(code for k, code in picked if k == kind)
    return Filters(**values)


def _write_url(params: dict[str, str]) -> None:
    """Make the URL's managed parameters exactly params; leave the others (a page's own) alone."""
    for key in MANAGED_KEYS:
        if key in params and st.query_params.get(key) != params[key]:
            st.query_params[key] = params[key]
        elif key not in params and key in st.query_params:
            del st.query_params[key]
    st.session_state["url_written"] = params


def select_dataset(key: str) -> None:
    """Make key the dataset of this session's next run (the upload page opens an import this way)."""
    _seed(Filters(), key)


def reset_filters() -> None:
    _seed(Filters())
    st.session_state["notices"] = []


def _datasets() -> tuple[dict[str, Dataset], str]:
    """The datasets on offer and the default one (the user's own if given, else the reference data)."""
    datasets = offered(sys.argv, os.environ)
    default = next(iter(datasets))
    return {**datasets, **st.session_state.get(SESSION_DATASETS, {})}, default


def choose_dataset() -> Dataset:
    """The dataset selector (URL key 'ds'), seeded from the link on a session's first run."""
    datasets, default = _datasets()
    if _link_changed():
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        wanted = st.query_params.get(DATASET_KEY, default)
        notices = []
        if wanted not in datasets:
            notices.append(_("Ignored unknown dataset {name} in the link.").format(name=verbatim(wanted)))
            wanted = default
        present = st.query_params.get(PRESENT_KEY)
        if present not in (None, "1"):
            notices.append(_("Ignored {value} for presentation mode in the link (`present=1` turns it on).").format(
                value=verbatim(present)))
        st.session_state[PRESENT_KEY] = present == "1"
        st.session_state["link"] = (params, notices)
        _seed(Filters(), wanted)
    keys = list(datasets)
    seeded = st.session_state.get("seed_dataset", default)
    key = st.sidebar.selectbox(_("Dataset"), keys, index=keys.index(seeded) if seeded in keys else 0,
                               format_func=lambda k: _(datasets[k].label), key=widget("dataset"),
                               help=_("Which data the whole dashboard shows."))
    return datasets[key]


def warm_up() -> None:
    """As the server starts: open every dataset on offer (their stores, and the default one's facts, all cached),
    then say the process is ready (the readiness route answers 200 from then on). A dataset that breaks the
    contract is left to the first run that chooses it, which shows its problems."""
    datasets, default = _datasets()
    versions, opened = {}, set()
    for key, dataset in datasets.items():
        try:
            versions[key] = _load_store(str(dataset.path)).version
            opened.add(key)
        except DatasetError:
            versions[key] = "breaks the data contract"
        except Exception as error:  # noqa: BLE001 - its kind is said; the first run that chooses it says more
            versions[key] = f"cannot be opened ({type(error).__name__})"
    if default in opened:
        dataset_facts(str(datasets[default].path))
    mark_ready(versions)


def open_dataset(dataset: Dataset) -> Store:
    """The dataset's store; a dataset that breaks the contract stops the app with its problems listed."""
    try:
        return load_store(str(dataset.path))
    except DatasetError as error:
        st.error(_("**The dataset {name} cannot be shown: it breaks the data contract.**\n\nFix these problems "
                   "(or choose another dataset in the sidebar), then reload:").format(name=verbatim(_(dataset.label))))
        st.markdown("\n".join(f"- {verbatim(p, 400)}" for p in error.public_problems()[:200]))
        if len(error.problems) > 200:
            st.caption(_("…and {n} more.").format(n=text.count(len(error.problems) - 200)))
        st.caption(_("Check a directory from the command line with `python -m dashboard.data.validate DIR`."))
        st.stop()
    except Exception as error:  # its files cannot be loaded at all (the store says no more than the kind)
        st.error(_("**The dataset {name} cannot be opened** ({reason}). Choose another dataset in the sidebar.").format(
            name=verbatim(_(dataset.label)), reason=type(error).__name__))
        st.stop()


def _fit(f: Filters, vocab: Vocabulary) -> Filters:
    """Filters fitted to a dataset: years inside its span (the whole span is no filter)."""
    if f.years is None or vocab.year_bounds is None:
        return f
    low, high = max(f.years[0], vocab.year_bounds[0]), min(f.years[1], vocab.year_bounds[1])
    return replace(f, years=None if low > high or (low, high) == vocab.year_bounds else (low, high))


def filter_sidebar(dataset: Dataset, store: Store) -> View:
    """Every filter of Filters in the sidebar, synced with the URL; returns the page's View."""
    vocab, places, names = dataset_facts(str(dataset.path), i18n.current())
    if "link" in st.session_state:  # a new link: read its filters against this dataset's vocabulary
        params, notices = st.session_state.pop("link")
        f, more = from_query(params, vocab)
        st.session_state["notices"] = notices + more
        _seed(f)
    elif st.session_state.get("seed_dataset") != dataset.key:  # the dataset changed: keep what still fits
        _seed(_fit(st.session_state.get("current", Filters()), vocab), dataset.key)
    seed: Filters = st.session_state["seed"]

    def start(name: str):
        value = getattr(seed, name)
        return list(value) if isinstance(value, tuple) else value

    sidebar = st.sidebar
    if vocab.year_bounds and vocab.year_bounds[0] < vocab.year_bounds[1]:
        sidebar.slider(_("Start years"), *vocab.year_bounds, value=seed.years or vocab.year_bounds, key=widget("years"),
                       help=_("Initiatives whose start year is not reported are included only while the full "
                            "range is selected."))
    for side, title in SIDES.items():
        options = place_options(places, side)
        sidebar.multiselect(_(title), list(options), default=picked_places(seed, side), format_func=options.get,  # type: ignore[arg-type]  # typeshed's dict.get is overloaded
                            key=widget(side), placeholder=_("Regions, sub-regions or countries"),
                            help=_("{side} in any of these places. Regions and sub-regions are UN M49's; "
                                   "'{world}' selects partners the source does not place.").format(
                                side=_(title), world=i18n.region("World")))
    sidebar.multiselect(_("Themes"), list(CODE_FILTERS["themes"]), default=start("themes"),
                        format_func=lambda c: _(CODE_FILTERS["themes"][c]), key=widget("themes"),
                        placeholder=_("Choose options"))
    current: Filters = st.session_state["current"]
    with sidebar:
        box = folded(_("More filters"), widget("more"), expanded=any(getattr(seed, name) for name in FOLDED))
    if box is not None:
        for name, title in FOLDED.items():
            if name == "sdgs" and not (vocab.sdgs or current.sdgs):
                continue  # a dataset that lists no SDG gets no SDG filter
            if name == "funders":  # names as the sources give them, not a codelist
                box.multiselect(_(title), sorted(vocab.funders | set(current.funders)),
                                default=list(current.funders), key=widget(name), placeholder=_("Choose options"),
                                help=_("Initiatives with a contribution by any of these funders (all of their "
                                       "contributions stay in the funding figures)."))
                continue
            codelist = CODE_FILTERS[name]
            box.multiselect(_(title), list(codelist), default=list(getattr(current, name)),
                            format_func=lambda c, codes=codelist: _(codes[c]), key=widget(name),
                            placeholder=_("Choose options"))
    sidebar.text_input(_("Search titles and descriptions"), value=seed.search, key=widget("search"), max_chars=200,
                       help=_("Matches the exact text, in any case."))
    sidebar.checkbox(_("Include initiatives with amounts not reported"), value=seed.include_unreported,
                     key=widget("include_unreported"),
                     help=_("Unchecked: only initiatives whose every contribution has a reported amount."))
    sidebar.radio(_("Prices"), list(prices.BASES), index=list(prices.BASES).index(seed.prices), horizontal=True,
                  format_func=lambda b: _(prices.BASES[b]), key=widget("prices"),
                  help=_("Current US$: each amount in dollars of its own year. Constant US$: in dollars of one base "
                         "year, so years compare (the source's own constant prices where it gives them, else the US "
                         "consumer price index). Every page says which it shows."))
    f = _read_widgets(vocab, current)
    if f.prices != prices.CURRENT:
        store = load_store(str(dataset.path), f.prices)
    st.session_state["current"] = f
    params = to_query(f)
    if dataset.key != _datasets()[1]:
        params[DATASET_KEY] = dataset.key
    if presenting():
        params[PRESENT_KEY] = "1"
    params.update(language_param())
    _write_url(params)
    shown = View(dataset=dataset, store=store, filters=f, vocabulary=vocab, names=names)
    st.session_state["view"] = shown
    sidebar.button(_("Reset filters"), on_click=reset_filters, icon=":material/restart_alt:", width="stretch")
    with sidebar.popover(_("Share this view"), icon=":material/link:", width="stretch",
                         help=_("The full link of this view, to paste in a message or a slide.")):
        st.caption(_("Copy this link: it opens exactly this view."))
        st.code(share_link(), language=None, wrap_lines=True)
        st.caption(_("For a screen in a meeting room: the same view without the sidebar and controls, in larger "
                   "type, with the filters as its subtitle."))
        st.code(share_link(present=True), language=None, wrap_lines=True)
        st.caption(_("To show this whole view in another page (an intranet, a report): this HTML frames it without "
                   "the app's menus; each chart's own Embed button frames that chart alone."))
        st.code(embed_code(), language="html", wrap_lines=True)
        links = api_links(params)
        if links:
            st.caption(_("The numbers behind this page, for R, Python or a spreadsheet (also as .json or .parquet; "
                       "the index of every endpoint is /api/v1/):"))
            st.code("\n".join(links), language=None, wrap_lines=True)
        view_data(shown, params)
    return shown
