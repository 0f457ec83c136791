"""Reusable Streamlit pieces: the loaded dataset, cached queries, the URL-synced sidebar, the KPI row,
share link, downloads and empty states. Pages compose these; nothing here knows a page's layout."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import queries, schema, text
from dashboard.datasets import Dataset, available
from dashboard.filters import URL_FIELDS, URL_KEYS, Filters, Vocabulary, from_query, to_query
from dashboard.store import Store, open_store
from dashboard.validate import DatasetError

DATASET_KEY = "ds"
MANAGED_KEYS = (DATASET_KEY, *URL_FIELDS)  # the query parameters the sidebar owns
CSV_LIMIT = 100_000
SYNTHETIC_BANNER = "Synthetic demonstration data, not real cooperation flows."
EMPTY = "No initiatives match these filters: widen the years, clear a theme or a region, or press Reset filters."


@st.cache_resource(max_entries=4, show_spinner="Loading the dataset…")
def load_store(path: str) -> Store:
    return open_store(Path(path))


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def run_query(path: str, name: str, f: Filters, args: tuple = ()) -> pd.DataFrame:
    """A query result, cached per dataset, Filters and arguments (the store itself is not hashed)."""
    return getattr(queries, name)(load_store(path), f, *args)


@st.cache_data(max_entries=8, show_spinner=False)
def dataset_facts(path: str) -> tuple[Vocabulary, pd.DataFrame, dict[str, str]]:
    store = load_store(path)
    return queries.vocabulary(store), queries.place_options(store), queries.country_names(store)


@dataclass
class View:
    """What every page needs: the dataset, its store, the current filters and names."""

    dataset: Dataset
    store: Store
    filters: Filters
    vocabulary: Vocabulary
    names: dict[str, str]

    def query(self, name: str, *args) -> pd.DataFrame:
        return run_query(str(self.dataset.path), name, self.filters, args)


def view() -> View:
    """The current View, set by app.py before it runs the page."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory or "view" not in st.session_state:
        # Until some run has called st.navigation, Streamlit treats a pages/ folder as its legacy multipage
        # mode and runs a requested page without app.py (a fresh server's first request to a page URL; every
        # AppTest run). Switch that mode off, as app.py's st.navigation would, and run again through app.py.
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["view"]


# --- URL ⇄ widgets -------------------------------------------------------------------------
# Widgets take their starting values from a "seed" (the link, or the defaults after Reset). Their
# keys carry the seed's generation, so a new seed makes new widgets; nothing writes to a widget's state.


def widget(name: str) -> str:
    return f"w_{name}_{st.session_state.get('generation', 0)}"


def _managed_params() -> dict[str, str]:
    return {k: ",".join(st.query_params.get_all(k)) for k in st.query_params if k in MANAGED_KEYS}


def _link_changed() -> bool:
    """True on a session's first run, and when the URL's filters differ from what we last wrote
    (a link pasted or edited, the browser's back button). A URL emptied by a page switch is not a change."""
    current = _managed_params()
    if "url_written" not in st.session_state:
        return True
    return bool(current) and current != st.session_state["url_written"]


def _seed(f: Filters, dataset_key: str | None = None) -> None:
    """Start a new generation of widgets at these filters (and dataset)."""
    st.session_state["generation"] = st.session_state.get("generation", 0) + 1
    st.session_state["seed"] = f
    if dataset_key is not None:
        st.session_state["seed_dataset"] = dataset_key


def _read_widgets(vocab: Vocabulary) -> Filters:
    values = {}
    for name in URL_KEYS:
        value = st.session_state.get(widget(name))
        if value is None:
            continue
        if name == "years":
            value = tuple(value) if vocab.year_bounds and tuple(value) != vocab.year_bounds else None
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return Filters(**values)


def _write_url(params: dict[str, str]) -> None:
    """Make the URL's managed parameters exactly params; leave the others (a page's own) alone."""
    for key in MANAGED_KEYS:
        if key in params and st.query_params.get(key) != params[key]:
            st.query_params[key] = params[key]
        elif key not in params and key in st.query_params:
            del st.query_params[key]
    st.session_state["url_written"] = params


def reset_filters() -> None:
    _seed(Filters())
    st.session_state["notices"] = []


def choose_dataset() -> Dataset:
    """The dataset selector (URL key 'ds'), seeded from the link on a session's first run."""
    datasets = available(sys.argv, os.environ)
    default = next(iter(datasets))
    if _link_changed():
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        wanted = st.query_params.get(DATASET_KEY, default)
        notices = []
        if wanted not in datasets:
            notices.append(f"Ignored unknown dataset '{wanted}' in the link.")
            wanted = default
        st.session_state["link"] = (params, notices)
        _seed(Filters(), wanted)
    keys = list(datasets)
    seeded = st.session_state.get("seed_dataset", default)
    key = st.sidebar.selectbox("Dataset", keys, index=keys.index(seeded) if seeded in keys else 0,
                               format_func=lambda k: datasets[k].label, key=widget("dataset"),
                               help="Which data the whole dashboard shows.")
    return datasets[key]


def open_dataset(dataset: Dataset) -> Store:
    """The dataset's store; a dataset that breaks the contract stops the app with its problems listed."""
    try:
        return load_store(str(dataset.path))
    except DatasetError as error:
        st.error(f"**The dataset in `{dataset.path}` cannot be shown: it breaks the data contract.**\n\n"
                 f"Fix these problems (or choose another dataset in the sidebar), then reload:")
        st.markdown("\n".join(f"- `{p}`" for p in error.problems[:200]))
        if len(error.problems) > 200:
            st.caption(f"…and {len(error.problems) - 200:,} more.")
        st.caption("Check a directory from the command line with `python -m dashboard.validate DIR`.")
        st.stop()


def _fit(f: Filters, vocab: Vocabulary) -> Filters:
    """Filters fitted to a dataset: years inside its span (the whole span is no filter)."""
    if f.years is None or vocab.year_bounds is None:
        return f
    low, high = max(f.years[0], vocab.year_bounds[0]), min(f.years[1], vocab.year_bounds[1])
    years = None if low > high or (low, high) == vocab.year_bounds else (low, high)
    return Filters(**{**{n: getattr(f, n) for n in URL_KEYS}, "years": years})


def filter_sidebar(dataset: Dataset, store: Store) -> View:
    """Every filter of Filters in the sidebar, synced with the URL; returns the page's View."""
    vocab, places, names = dataset_facts(str(dataset.path))
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
        sidebar.slider("Start years", *vocab.year_bounds, value=seed.years or vocab.year_bounds, key=widget("years"),
                       help="Initiatives whose start year is not reported are included only while the full "
                            "range is selected.")
    label = dict(zip(places["code"], places["name"], strict=True))
    options = {kind: list(places.loc[places["kind"] == kind, "code"]) for kind in ("region", "subregion", "country")}
    for side, title in (("provider", "Providers"), ("receiver", "Receivers")):
        chosen = any(getattr(seed, f"{side}_{kind}") for kind in ("regions", "subregions", "countries"))
        with sidebar.expander(title, expanded=chosen):
            st.multiselect("Regions", options["region"], default=start(f"{side}_regions"),
                           key=widget(f"{side}_regions"),
                           help="UN M49 regions; 'World' selects partners the source does not place.")
            st.multiselect("Sub-regions", options["subregion"], default=start(f"{side}_subregions"),
                           key=widget(f"{side}_subregions"), help="UN M49 sub-regions and intermediate regions.")
            st.multiselect("Countries", options["country"], default=start(f"{side}_countries"),
                           format_func=label.get, key=widget(f"{side}_countries"))
    for name, title, codelist in (
        ("themes", "Themes", schema.THEMES),
        ("cooperation_types", "Cooperation type", schema.COOPERATION_TYPES),
        ("lead_actors", "Lead actor", schema.LEAD_ACTORS),
        ("activity_types", "Activity type", schema.ACTIVITY_TYPES),
        ("source_types", "Funding source type", schema.SOURCE_TYPES),
    ):
        sidebar.multiselect(title, list(codelist), default=start(name), format_func=codelist.get, key=widget(name))
    sidebar.text_input("Search titles and descriptions", value=seed.search, key=widget("search"), max_chars=200,
                       help="Matches the exact text, in any case.")
    sidebar.checkbox("Include initiatives with amounts not reported", value=seed.include_unreported,
                     key=widget("include_unreported"),
                     help="Unchecked: only initiatives whose every contribution has a reported amount.")
    f = _read_widgets(vocab)
    st.session_state["current"] = f
    params = to_query(f)
    if dataset.key != next(iter(available(sys.argv, os.environ))):
        params[DATASET_KEY] = dataset.key
    _write_url(params)
    current = View(dataset=dataset, store=store, filters=f, vocabulary=vocab, names=names)
    st.session_state["view"] = current
    sidebar.button("Reset filters", on_click=reset_filters, icon=":material/restart_alt:", width="stretch")
    with sidebar.popover("Share this view", icon=":material/link:", width="stretch",
                         help="The full link of this view, to paste in a message or a slide."):
        st.caption("Copy this link: it opens exactly this view.")
        st.code(share_link(), language=None, wrap_lines=True)
    return current


def share_link() -> str:
    """The full link of the current view: page path plus every query parameter."""
    base = urlsplit(st.context.url or "")
    query = urlencode({k: st.query_params.get_all(k)[-1] for k in st.query_params})
    page = f"{base.scheme}://{base.netloc}{base.path}" if base.netloc else base.path or "/"
    return page + (f"?{query}" if query else "")


# --- Page furniture ----------------------------------------------------------------------------


def header(title: str, v: View) -> None:
    """The page title, the synthetic banner, link notices and the one-line filter summary."""
    if v.store.synthetic:
        st.warning(SYNTHETIC_BANNER, icon=":material/science:")
    for notice in st.session_state.get("notices", []):
        st.warning(notice, icon=":material/link_off:")
    st.title(title)
    st.caption(f"**{v.dataset.label}** · {text.filter_line(v.filters, v.names)}")


def kpi_row(v: View) -> dict:
    """The KPI row; returns the KPIs as a dict."""
    k = v.query("kpis").iloc[0].to_dict()
    cells = st.columns(6)
    cells[0].metric("Initiatives", text.count(k["initiatives"]), help="Initiatives matching the filters.")
    cells[1].metric("Providing countries", text.count(k["providers"]),
                    help="Countries named as provider in at least one initiative.")
    cells[2].metric("Receiving countries", text.count(k["receivers"]),
                    help="Countries named as receiver in at least one initiative.")
    cells[3].metric("Countries involved", text.count(k["countries"]), help="Countries in either role.")
    cells[4].metric("Reported funding", text.usd(k["reported_usd"]),
                    help="Sum of the amounts the sources report, in nominal US$. Amounts not reported are not "
                         "counted as zero: they are left out, and counted on the right.")
    cells[5].metric("Not reported", text.count(k["unreported"]),
                    delta=f"{text.share(int(k['unreported']), int(k['initiatives']))} of initiatives"
                    if k["initiatives"] else None, delta_color="off", delta_arrow="off",
                    help="Initiatives with no amount, or with a contribution whose amount is not reported, and "
                         "their share of all initiatives. Their unknown amounts are not in Reported funding.")
    return k


def empty_state() -> None:
    st.info(EMPTY, icon=":material/filter_alt_off:")


def chart(spec: alt.Chart) -> None:
    st.altair_chart(spec, width="stretch")


def download_buttons(v: View, total: int) -> None:
    """CSV of the filtered list up to CSV_LIMIT rows; beyond that, a message and Parquet instead."""
    stamp = f"ssc-flows-{v.dataset.key}"
    if total <= CSV_LIMIT:
        st.download_button(
            f"Download {text.initiatives(total)} (CSV)",
            data=lambda: _csv_with_citation(v),
            file_name=f"{stamp}.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
        )
        return
    st.info(f"{text.count(total)} initiatives match: more than the {text.count(CSV_LIMIT)} a CSV file holds "
            "comfortably. Download them as Parquet (opens in Python, R, DuckDB or Excel's Power Query), or narrow "
            "the filters.", icon=":material/table_view:")
    st.download_button(f"Download {text.count(total)} initiatives (Parquet)", data=lambda: _parquet(v),
                       file_name=f"{stamp}.parquet", mime="application/vnd.apache.parquet", on_click="ignore",
                       icon=":material/download:")


def _csv_with_citation(v: View) -> bytes:
    rows = queries.export_rows(v.store, v.filters, CSV_LIMIT)
    head = (f"# SSC Flows export: {v.dataset.label}. Filters: {text.filter_line(v.filters, v.names)}. "
            f"Link: {share_link()}\n")
    return (head + rows.to_csv(index=False)).encode("utf-8")


def _parquet(v: View) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.parquet"
        queries.export_parquet(v.store, v.filters, str(path))
        return path.read_bytes()


# --- Overview ----------------------------------------------------------------------------------


def overview_summary(v: View, kpis: dict) -> str:
    """The plain-language summary of the filtered data."""
    places = v.query("per_country")
    countries = places[places["kind"] == "country"]

    def top(role: str) -> list[str]:
        value, count = ("provided_usd", "initiatives_as_provider") if role == "provider" else (
            "received_usd", "initiatives_as_receiver")
        ranked = countries[countries[count] > 0].sort_values([value, count], ascending=False)
        return list(ranked["name"].head(3))

    years = v.query("per_year")["year"].dropna()
    span = (int(years.min()), int(years.max())) if len(years) else None
    return text.overview_summary(kpis, span, top("provider"), top("receiver"))


def initiative_count(v: View) -> int:
    return int(v.query("kpis").at[0, "initiatives"])


# --- Initiatives ---------------------------------------------------------------------------


SORTS = {"start_year": "Start year", "title": "Title", "reported_usd": "Reported funding", "initiative_id": "ID"}
PAGE_SIZES = [25, 50, 100]


def table_controls(total: int) -> tuple[str, bool, int, int]:
    """Sort, order, page size and page (all in the URL); returns (sort, descending, size, page)."""
    a, b, c, d = st.columns([2, 2, 1, 2])
    sort = a.selectbox("Sort by", list(SORTS), format_func=SORTS.get, key="sort", bind="query-params")
    order = b.radio("Order", ["Descending", "Ascending"], horizontal=True, key="order", bind="query-params")
    size = c.selectbox("Rows per page", PAGE_SIZES, key="rows", bind="query-params")
    pages = max(1, -(-total // size))
    page = d.number_input(f"Page (of {text.count(pages)})", min_value=1, max_value=pages, step=1, key="page",
                          bind="query-params")
    return sort, order == "Descending", size, int(page)


def _display(page: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": page["initiative_id"],
        "Title": page["title"],
        "Start year": [text.NOT_REPORTED if pd.isna(y) else str(int(y)) for y in page["start_year"]],
        "Providers": page["providers_names"],
        "Receivers": page["receivers_names"],
        "Cooperation": [schema.label("cooperation_type", c) for c in page["cooperation_type"]],
        "Reported funding": [text.usd(x) + (" (partly not reported)" if u and pd.notna(x) else "")
                             for x, u in zip(page["reported_usd"], page["has_unreported"], strict=True)],
        "Evidence": [schema.label("evidence", e).split(" (")[0] for e in page["evidence"]],
    })


def initiatives_table(v: View, sort: str, descending: bool, size: int, page: int) -> None:
    """One page of the filtered initiatives; selecting a row opens its detail (?initiative=ID)."""
    rows = queries.initiatives_page(v.store, v.filters, sort, descending, size, (page - 1) * size)
    st.caption(f"Rows {text.count((page - 1) * size + 1)}–{text.count((page - 1) * size + len(rows))} of "
               f"{text.count(initiative_count(v))}. Select a row to see the initiative.")
    event = st.dataframe(
        _display(rows), hide_index=True, width="stretch", height=36 * (len(rows) + 1) + 4, on_select="rerun",
        selection_mode="single-row", key=f"table-{sort}-{descending}-{size}-{page}",
        column_config={"ID": st.column_config.TextColumn(width=110),
                       "Title": st.column_config.TextColumn(width="large"),
                       "Start year": st.column_config.TextColumn(width="small")},
    )
    chosen = event.selection.rows if event else []
    if chosen:
        st.query_params["initiative"] = rows["initiative_id"].iloc[chosen[0]]


def close_detail() -> None:
    if "initiative" in st.query_params:
        del st.query_params["initiative"]


def _people(countries, regions, names: dict[str, str]) -> str:
    shown = [names.get(c, c) for c in countries] + [f"{r} (partners not named)" for r in regions]
    return ", ".join(shown) if shown else text.NOT_REPORTED


def initiative_detail(v: View, initiative_id: str | None) -> None:
    """The detail of one initiative: who, what, how it is funded, how well documented, and its source."""
    if not initiative_id:
        return
    found = queries.initiative_detail(v.store, initiative_id)
    if found is None:
        st.warning(f"There is no initiative '{initiative_id}' in this dataset.", icon=":material/search_off:")
        st.button("Close", on_click=close_detail, key="close-missing")
        return
    r = found.record
    with st.container(border=True):
        top, close = st.columns([6, 1])
        top.subheader(r["title"])
        close.button("Close", on_click=close_detail, icon=":material/close:", width="stretch")
        start, end = r["start_year"], r["end_year"]
        years = text.NOT_REPORTED if pd.isna(start) else (
            f"{int(start)}–{int(end)}" if pd.notna(end) and end != start else str(int(start)))
        a, b, c, d = st.columns(4)
        a.markdown(f"**Years**  \n{years}")
        b.markdown(f"**Status**  \n{schema.label('status', r['status'])}")
        c.markdown(f"**Cooperation**  \n{schema.label('cooperation_type', r['cooperation_type'])}")
        d.markdown(f"**Activity**  \n{schema.label('activity_type', r['activity_type'])}")
        st.markdown(f"**Providers:** {_people(r['providers'], r['provider_regions'], v.names)}  \n"
                    f"**Receivers:** {_people(r['receivers'], r['receiver_regions'], v.names)}"
                    + ("  \n*A two-way exchange: each side gives and receives.*" if r["two_way"] else ""))
        st.markdown(f"**Led by:** {schema.label('lead_actor', r['lead_actor'])} · **Themes:** "
                    + ", ".join(schema.label("themes", t) for t in r["themes"])
                    + (f" · **Facilitators:** {', '.join(r['facilitators'])}" if len(r["facilitators"]) else ""))
        if isinstance(r["description"], str):
            st.write(r["description"])
        funding = found.funding
        st.markdown(f"**Funding:** {text.funding_line(list(funding['amount_usd']))}")
        if not funding.empty:
            st.dataframe(pd.DataFrame({
                "Source type": funding["label"], "Funder": funding["funder"],
                "Amount": [text.usd(x) for x in funding["amount_usd"]],
                "In kind": ["Yes" if k else "No" for k in funding["in_kind"]],
                "Year": [text.NOT_REPORTED if pd.isna(y) else str(int(y)) for y in funding["year"]],
            }), hide_index=True, width="stretch")
        st.markdown(f"**Evidence:** {schema.label('evidence', r['evidence'])}")
        st.caption(f"Source: {r['source']} · ID {r['initiative_id']}")


# --- About -------------------------------------------------------------------------------------


def provenance(v: View) -> None:
    st.write(v.dataset.about)
    st.caption(f"Loaded from `{v.dataset.path}`.")


def method() -> None:
    st.markdown(
        "- **Unknown is not zero.** An amount a source does not report stays empty. Totals add up only the "
        "amounts that are reported and always say how many initiatives have amounts that are not; charts show "
        "*not reported* as a category of its own, in grey.\n"
        "- **How value is allocated.** An initiative's reported funding is split evenly across its "
        "provider→receiver pairs. A country paired with itself is skipped; a partner named only by region stands "
        "for one unnamed partner. A country's *provided* value is the sum of its shares as provider, *received* "
        "likewise, so flows, provided totals and received totals all add up to the reported total.\n"
        "- **Two-way exchanges** list every country on both sides: each gives and receives.\n"
        "- **Themes overlap.** An initiative with three themes counts once in each.\n"
        "- **Years.** An initiative's year is its start year. Initiatives whose start year is not reported are "
        "included while the whole year range is selected, and left out when it is narrowed.\n"
        "- **Money** is nominal US$ as the source states it, not adjusted for inflation."
    )


def data_dictionary() -> None:
    for file, columns in ((schema.INITIATIVES_FILE, schema.INITIATIVE_COLUMNS),
                          (schema.FUNDING_FILE, schema.FUNDING_COLUMNS),
                          (schema.COUNTRIES_FILE, schema.COUNTRY_COLUMNS)):
        with st.expander(f"`{file}`: {len(columns)} columns", expanded=file == schema.INITIATIVES_FILE):
            st.dataframe(pd.DataFrame([{"Column": c.name, "Type": c.kind, "May be empty": "yes" if c.nullable else "no",
                                        "Rule": c.rule} for c in columns]), hide_index=True, width="stretch")
    with st.expander("Codelists"):
        for name, codes in schema.CODELISTS.items():
            st.markdown(f"**{name}**")
            st.dataframe(pd.DataFrame({"Code": list(codes), "Label": list(codes.values())}), hide_index=True,
                         width="stretch")


LINK_KEYS = {
    "ds": "dataset (reference, demo, custom)", "yr": "start years, e.g. 2005-2014",
    "pr / ps / pc": "provider regions / sub-regions / countries (comma-separated names or ISO3 codes)",
    "rr / rs / rc": "receiver regions / sub-regions / countries", "th": "theme codes", "ct": "cooperation types",
    "la": "lead actors", "at": "activity types", "fs": "funding source types", "q": "search text",
    "unrep": "'exclude' leaves out initiatives with amounts not reported",
    "initiative": "opens one initiative (Initiatives page)",
}


def link_reference() -> None:
    st.write("Every view is a link: the sidebar's filters and each page's controls live in the address, and "
             "opening the address shows the same view. Values at their default are left out. The keys:")
    st.dataframe(pd.DataFrame({"Key": list(LINK_KEYS), "Meaning": list(LINK_KEYS.values())}), hide_index=True,
                 width="stretch")


def own_data_help() -> None:
    st.markdown(
        "Put `initiatives.parquet` and `funding_sources.parquet`, following the dictionary above, in a folder, "
        "check it with `python -m dashboard.validate FOLDER`, then start the app on it with "
        "`SSC_DATA_DIR=FOLDER streamlit run app.py` (or `streamlit run app.py -- FOLDER`). A folder that breaks "
        "the contract is refused with a list of every problem: file, column, rows and rule."
    )
