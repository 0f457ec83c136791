"""The Initiatives page's pieces: sort and paging controls, the server-paged table, and one
initiative's detail (addressable as ?initiative=ID)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, schema, text
from dashboard.markup import verbatim
from dashboard.ui import View, bound_choice, initiative_count, link_value

SORTS = {"start_year": "Start year", "title": "Title", "reported_usd": "Reported funding", "initiative_id": "ID"}
PAGE_SIZES = [25, 50, 100]


def table_controls(total: int) -> tuple[str, bool, int, int]:
    """Sort, order, page size and page (all in the URL); returns (sort, descending, size, page)."""
    a, b, c, d = st.columns([2, 2, 1, 2])
    sort = bound_choice(a.selectbox, "Sort by", list(SORTS), "sort", format_func=SORTS.get)
    order = bound_choice(b.radio, "Order", ["Descending", "Ascending"], "order", horizontal=True)
    size = bound_choice(c.selectbox, "Rows per page", PAGE_SIZES, "rows")
    pages = max(1, -(-total // size))
    link_value("page", "Page", lambda r: r.isdigit() and 1 <= int(r) <= pages)
    page = d.number_input(f"Page (of {text.count(pages)})", min_value=1, max_value=pages, step=1, key="page",
                          bind="query-params")
    return sort, order == "Descending", size, int(page)


def _turn(to: int) -> None:
    st.session_state["page"] = to


def pager(page: int, pages: int) -> None:
    """Previous and next page: buttons that presentation mode keeps (it hides the page number's input)."""
    if pages <= 1:
        return
    with st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
        st.caption(f"Page {text.count(page)} of {text.count(pages)}")
        st.button("Previous", icon=":material/chevron_left:", disabled=page <= 1, on_click=_turn, args=(page - 1,),
                  key="pager-previous")
        st.button("Next", icon=":material/chevron_right:", disabled=page >= pages, on_click=_turn, args=(page + 1,),
                  key="pager-next")


def _display(page: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": page["initiative_id"],
        "Title": page["title"],
        "Start year": [text.NOT_REPORTED if pd.isna(y) else str(int(y)) for y in page["start_year"]],
        "Providers": page["providers_names"],
        "Receivers": page["receivers_names"],
        "Cooperation": [schema.label("cooperation_type", c).split(" (")[0] for c in page["cooperation_type"]],
        "Reported funding": [text.usd(x) + (" (partly not reported)" if u and pd.notna(x) else "")
                             for x, u in zip(page["reported_usd"], page["has_unreported"], strict=True)],
        "Evidence": [schema.label("evidence", e).split(" (")[0] for e in page["evidence"]],
    })


def initiatives_table(v: View, sort: str, descending: bool, size: int, page: int) -> None:
    """One page of the filtered initiatives; selecting a row opens its detail (?initiative=ID)."""
    rows = v.query("initiatives_page", sort, descending, size, (page - 1) * size)
    st.caption(f"Rows {text.count((page - 1) * size + 1)}–{text.count((page - 1) * size + len(rows))} of "
               f"{text.count(initiative_count(v))}. Select a row to see the initiative.")
    event = st.dataframe(
        _display(rows), hide_index=True, width="stretch", height=36 * (len(rows) + 1) + 4, on_select="rerun",
        # Column selection turns off the grid's own sorting, which would sort only this page: the Sort control
        # sorts the whole list on the server (a column clicked is only highlighted).
        selection_mode=["single-row", "single-column"], key=f"table-{sort}-{descending}-{size}-{page}",
        column_config={"ID": st.column_config.TextColumn(width=110),
                       "Title": st.column_config.TextColumn(width="medium"),
                       "Start year": st.column_config.TextColumn(width="small"),
                       "Cooperation": st.column_config.TextColumn(width="small"),
                       "Reported funding": st.column_config.TextColumn(width="medium"),
                       "Evidence": st.column_config.TextColumn(width="small")},
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
        st.warning(f"There is no initiative {verbatim(initiative_id)} in this dataset.", icon=":material/search_off:")
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
