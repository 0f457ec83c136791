"""The Initiatives page's pieces: sort and paging controls, the server-paged table, and one
initiative's detail (addressable as ?initiative=ID)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import questions
from dashboard.data import schema
from dashboard.shell.furniture import initiative_count
from dashboard.shell.state import View, link_value, linked_choice
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _
from dashboard.words.markup import plain, verbatim

# The link keeps the sort's English label (?sort=Title), as links made before the app had languages do.
SORTS = {"Start year": N_("Start year"), "Title": N_("Title"), "Reported funding": N_("Reported funding"),
         "ID": N_("ID")}
SORT_COLUMNS = {"Start year": "start_year", "Title": "title", "Reported funding": "reported_usd", "ID": "initiative_id"}
ORDERS = {"Descending": N_("Descending"), "Ascending": N_("Ascending")}  # the link keeps the English word
PAGE_SIZES = {25: "25", 50: "50", 100: "100"}
SOURCE_TEXT = N_("Titles, descriptions and funder names are shown as the sources wrote them.")


COUNTRY_KEY = "country"  # ?country=ISO3: the initiatives one country takes part in (a Country profile's chart opens it)


def _show_all() -> None:
    del st.query_params[COUNTRY_KEY]


def involving(v: View) -> View:
    """The view narrowed to the initiatives the link's country takes part in (either role), said above the list with
    a way back to all; the view as it is without ?country= (or with one the dataset does not have: a notice)."""
    raw = link_value(COUNTRY_KEY, _("the country"), lambda r: r.strip().upper() in v.vocabulary.countries)
    code = (raw or "").strip().upper()
    if code not in v.vocabulary.countries:
        return v
    with st.container(horizontal=True, vertical_alignment="center", key="involving"):
        st.markdown(_("Only the initiatives **{country}** takes part in, as provider or receiver.").format(
            country=plain(v.names.get(code, code))))
        st.button(_("Show all initiatives"), icon=":material/close:", on_click=_show_all, key="involving-clear")
    return replace(v, filters=replace(v.filters, involving=code))


def table_controls(total: int) -> tuple[str, bool, int, int]:
    """Sort, order, page size and page (all in the URL); returns (sort, descending, size, page)."""
    a, b, c, d = st.columns([2, 2, 1, 2])
    with a:
        sort = linked_choice(st.selectbox, _("Sort by"), SORTS, "sort", "Start year")
    with b:
        order = linked_choice(st.radio, _("Order"), ORDERS, "order", "Descending", horizontal=True)
    with c:
        size = linked_choice(st.selectbox, _("Rows per page"), PAGE_SIZES, "rows", 25)
    pages = max(1, -(-total // size))
    link_value("page", _("Page"), lambda r: r.isdigit() and 1 <= int(r) <= pages)
    page = d.number_input(_("Page (of {n})").format(n=text.count(pages)), min_value=1, max_value=pages, step=1,
                          key="page", bind="query-params")
    return SORT_COLUMNS[sort], order == "Descending", size, int(page)


def _turn(to: int) -> None:
    st.session_state["page"] = to


def pager(page: int, pages: int) -> None:
    """Previous and next page: buttons that presentation mode keeps (it hides the page number's input)."""
    if pages <= 1:
        return
    with st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
        st.caption(_("Page {n} of {pages}").format(n=text.count(page), pages=text.count(pages)))
        st.button(_("Previous"), icon=":material/chevron_left:", disabled=page <= 1, on_click=_turn, args=(page - 1,),
                  key="pager-previous")
        st.button(_("Next"), icon=":material/chevron_right:", disabled=page >= pages, on_click=_turn, args=(page + 1,),
                  key="pager-next")


COLUMNS = {"id": N_("ID"), "title": N_("Title"), "start": N_("Start year"), "providers": N_("Providers"),
           "receivers": N_("Receivers"), "cooperation": N_("Cooperation"), "funding": N_("Reported funding"),
           "evidence": N_("Evidence")}


def _display(page: pd.DataFrame) -> pd.DataFrame:
    partly = _(" (partly not reported)")
    return pd.DataFrame({
        "id": page["initiative_id"],
        "title": page["title"],
        "start": [_(text.NOT_REPORTED) if pd.isna(y) else str(int(y)) for y in page["start_year"]],
        "providers": page["providers_names"],
        "receivers": page["receivers_names"],
        "cooperation": [schema.label("cooperation_type", c).split(" (")[0] for c in page["cooperation_type"]],
        "funding": [text.usd(x) + (partly if u and pd.notna(x) else "")
                    for x, u in zip(page["reported_usd"], page["has_unreported"], strict=True)],
        "evidence": [schema.label("evidence", e).split(" (")[0] for e in page["evidence"]],
    }).rename(columns={k: _(label) for k, label in COLUMNS.items()})


def initiatives_table(v: View, sort: str, descending: bool, size: int, page: int) -> None:
    """One page of the filtered initiatives; selecting a row opens its detail (?initiative=ID)."""
    rows = v.query("initiatives_page", sort, descending, size, (page - 1) * size)
    st.caption(_("Rows {first}–{last} of {n}. Select a row to see the initiative.").format(
        first=text.count((page - 1) * size + 1), last=text.count((page - 1) * size + len(rows)),
        n=text.count(initiative_count(v))) + ("" if i18n.current() == i18n.DEFAULT else " " + _(SOURCE_TEXT)))
    event = st.dataframe(
        _display(rows), hide_index=True, width="stretch", height=36 * (len(rows) + 1) + 4, on_select="rerun",
        # Column selection turns off the grid's own sorting, which would sort only this page: the Sort control
        # sorts the whole list on the server (a column clicked is only highlighted).
        selection_mode=["single-row", "single-column"], key=f"table-{sort}-{descending}-{size}-{page}",
        column_config={_(COLUMNS["id"]): st.column_config.TextColumn(width=110),
                       _(COLUMNS["title"]): st.column_config.TextColumn(width="medium"),
                       _(COLUMNS["start"]): st.column_config.TextColumn(width="small"),
                       _(COLUMNS["cooperation"]): st.column_config.TextColumn(width="small"),
                       _(COLUMNS["funding"]): st.column_config.TextColumn(width="medium"),
                       _(COLUMNS["evidence"]): st.column_config.TextColumn(width="small")},
    )
    chosen = event.selection.rows if event else []
    if chosen:
        st.query_params["initiative"] = rows["initiative_id"].iloc[chosen[0]]


def close_detail() -> None:
    if "initiative" in st.query_params:
        del st.query_params["initiative"]


def _people(countries, regions, names: dict[str, str], orgs=()) -> str:
    shown = [names.get(c, c) for c in countries] + [_("{region} (partners not named)").format(region=i18n.region(r))
                                                     for r in regions]
    shown += [_("{name} (Southern-led multilateral)").format(name=o) for o in orgs]
    return ", ".join(shown) if shown else _(text.NOT_REPORTED)


def _field(label: str, value: str) -> str:
    """'**Providers:** Brazil', as the language writes it ('**Fournisseurs :** Brésil')."""
    return _("**{label}:** {value}").format(label=label, value=value)


def initiative_detail(v: View, initiative_id: str | None) -> None:
    """The detail of one initiative: who, what, how it is funded, how well documented, and its source."""
    if not initiative_id:
        return
    found = questions.initiative_detail(v.store, initiative_id)
    if found is None:
        st.warning(_("There is no initiative {id} in this dataset.").format(id=verbatim(initiative_id)),
                   icon=":material/search_off:")
        st.button(_("Close"), on_click=close_detail, key="close-missing")
        return
    r = found.record
    with st.container(border=True):
        top, close = st.columns([6, 1])
        top.subheader(r["title"])
        close.button(_("Close"), on_click=close_detail, icon=":material/close:", width="stretch")
        start, end = r["start_year"], r["end_year"]
        if i18n.current() != i18n.DEFAULT:
            st.caption(_(SOURCE_TEXT))
        years = _(text.NOT_REPORTED) if pd.isna(start) else (
            f"{int(start)}–{int(end)}" if pd.notna(end) and end != start else str(int(start)))
        heads = (_("Years"), _("Status"), _("Cooperation"), _("Activity"))
        values = (years, schema.label("status", r["status"]), schema.label("cooperation_type", r["cooperation_type"]),
                  schema.label("activity_type", r["activity_type"]))
        for column, head, value in zip(st.columns(4), heads, values, strict=True):
            column.markdown(f"**{head}**  \n{value}")
        providers = _people(r["providers"], r["provider_regions"], v.names, r["provider_orgs"])
        st.markdown(_field(_("Providers"), providers) + "  \n"
                    + _field(_("Receivers"), _people(r["receivers"], r["receiver_regions"], v.names))
                    + ("  \n*" + _("A two-way exchange: each side gives and receives.") + "*" if r["two_way"] else ""))
        st.markdown(_field(_("Led by"), schema.label("lead_actor", r["lead_actor"])) + " · "
                    + _field(_("Themes"), ", ".join(schema.label("themes", t) for t in r["themes"]))
                    + (" · " + _field(_("Facilitators"), ", ".join(r["facilitators"]))
                       if len(r["facilitators"]) else ""))
        if isinstance(r["description"], str):
            st.write(r["description"])
        funding = found.funding
        own = funding[~funding["joint"]]  # a funder named in joint funding has no amount of its own
        st.markdown(_field(_("Funding"), text.funding_line(list(own["amount_usd"]))))
        if not funding.empty:
            st.dataframe(pd.DataFrame({
                _("Source type"): funding["label"], _("Funder"): funding["funder"],
                _("Amount"): [_("part of the joint funding, not split") if joint else text.usd(x)
                              for x, joint in zip(funding["amount_usd"], funding["joint"], strict=True)],
                _("In kind"): [_("Yes") if k else _("No") for k in funding["in_kind"]],
                _("Year"): [_(text.NOT_REPORTED) if pd.isna(y) else str(int(y)) for y in funding["year"]],
            }), hide_index=True, width="stretch")
        st.markdown(_field(_("Evidence"), schema.label("evidence", r["evidence"])))
        st.caption(_("Source: {source} · ID {id}").format(source=r["source"], id=r["initiative_id"]))
