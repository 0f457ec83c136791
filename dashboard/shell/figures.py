"""A chart on a page with its exports (PNG, SVG, CSV with the view's provenance), money tables, and the
view's downloads (CSV and Parquet of its initiatives)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import questions
from dashboard.data.datasets import offered
from dashboard.data.filters import Filters, drillable, drilled
from dashboard.questions import records
from dashboard.shell.links import URL_FIELDS, to_query
from dashboard.shell.presentation import presenting
from dashboard.shell.sharing import embed_code, embedded_chart, export_link, full_view_link, share_link
from dashboard.shell.state import View, filter_params
from dashboard.words import bundle, charts, exports, text
from dashboard.words import languages as i18n
from dashboard.words.languages import _
from dashboard.words.markup import plain

CSV_LIMIT = 100_000


# The fields of a mark a click opens the records of (data.filters.drilled), by the kind of mark.
DRILL_FIELDS = {"year": ["year_label"], "provider": ["kind", "code"], "receiver": ["kind", "code"],
                "cooperation_type": ["cooperation_type"], "lead_actor": ["lead_actor"], "theme": ["theme"],
                "source_type": ["source_type"], "funder": ["funder"]}


def chart(v: View, spec: alt.TopLevelMixin, data: pd.DataFrame, name: str, drill: str | None = None,
          records: list[tuple[str, Filters]] | None = None, **kwargs):
    """Draw a chart, with PNG, SVG and CSV downloads of it under it (see exports). drill (a kind of
    data.filters.DRILLS): a click on a mark opens its records on the Initiatives page.

    The chart skips Altair's run-time schema pass (tens of ms a chart; about 0.1 s for the map): every chart
    function's spec is validated by its tests, where to_dict() validates. data is the table the chart draws,
    for the CSV; name (unique on the page) names the files. records: (words, filters) of the marks' records, for a
    chart whose marks open something else or open by their own selections (a drilled chart lists its own)."""
    wanted = embedded_chart()
    if wanted is not None and wanted != name:
        return None  # an iframe of another chart of this page: nothing else is drawn
    picking = drill if wanted is None and drill is not None and drillable(v.filters, drill) else None
    if picking is not None:
        spec = charts.pickable(spec, DRILL_FIELDS[picking])
        kwargs |= {"on_select": "rerun", "selection_mode": charts.PICK, "key": f"drill-{name}"}
    drawn = i18n.localise_chart(charts.stacked_legends(charts.lean(spec).to_dict(validate=False)))
    if wanted == name:
        with st.container(key="embed-chart"):
            st.vega_lite_chart(drawn, width="stretch")
            st.caption(_("{filters} · {dataset}, version {version} · [Open the full view in SSC Flows]({link})").format(
                filters=text.view_line(v.filters, v.names, v.store.prices, markdown=True),
                dataset=plain(_(v.dataset.label)), version=v.store.version, link=full_view_link()))
        st.session_state["embed_found"] = True
        st.stop()
    event = st.vega_lite_chart(charts.for_screen(drawn) if presenting() else drawn, width="stretch", **kwargs)
    links = [(words if n is None else f"{words}: {text.initiatives(n)}", drilled(v.filters, picking, value))
             for words, value, n in marks(drawn, picking)] if picking is not None else records or []
    export_buttons(v, drawn, data, name, links)
    if picking is not None and event:
        selection = event.get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {})
        open_records(v, picking, selection.get(charts.PICK) or [])
    return event


def open_records(v: View, kind: str, picked: list[dict]) -> None:
    """The Initiatives page with the records of the mark clicked: the view's filters and the mark's own, in the
    link (so the list can be shared); nothing for a mark with no such filter (a year not reported)."""
    value = mark_value(kind, picked[0]) if picked else None
    if value is not None:
        open_list(drilled(v.filters, kind, value))


def mark_value(kind: str, mark: dict) -> str | None:
    """The value drilled() takes for a mark (a selection's fields, or a row of the chart's data); None for one with
    no such filter (a year not reported)."""
    value = f"{mark.get('kind')}:{mark.get('code')}" if kind in ("provider", "receiver") else \
        str(mark.get(DRILL_FIELDS[kind][0], ""))
    return None if kind == "year" and not value.isdigit() else value


def pair_filters(f: Filters, ends: tuple[str, str]) -> Filters | None:
    """The filters of one provider→receiver pair's records (a flow, an edge, a matrix cell), its ends as
    'country:BRA' or 'organisation:code'; None for an end no filter names (a partner named only by region)."""
    if ends[0].split(":")[0] in ("country", "organisation") and ends[1].split(":")[0] == "country":
        return drilled(drilled(f, "provider", ends[0]), "receiver", ends[1])
    return None


def open_pair(v: View, ends: tuple[str, str] | None) -> None:
    """The Initiatives list of one provider→receiver pair (see pair_filters), if a filter names both ends."""
    f = pair_filters(v.filters, ends) if ends else None
    if f is not None:
        open_list(f)


def list_params(f: Filters) -> dict[str, str]:
    """The Initiatives page's link under filters f, with the view's dataset, language and mode."""
    kept = {k: val for k, val in filter_params().items() if k not in URL_FIELDS}
    involving = {"country": f.involving} if f.involving else {}  # a Country profile's chart: its country's records
    return {**kept, **to_query(f), **involving}


def open_list(f: Filters) -> None:
    """The Initiatives page under filters f (see list_params)."""
    st.switch_page("pages/initiatives.py", query_params=list_params(f))


# What a mark's link in the list of marks says: the first of these fields its data has (words, then its number).
MARK_WORDS = ("year_label", "place", "name", "label", "funder", "theme")
MARK_NUMBERS = {"year": ("year_total", "initiatives"), "provider": ("initiatives_as_provider",),
                "receiver": ("initiatives_as_receiver",)}


def marks(spec: dict, kind: str) -> list[tuple[str, str, int | None]]:
    """The marks a pickable chart draws, once each, in its data's order: (words, the value drilled() takes, its
    initiatives when the data says)."""
    fields = DRILL_FIELDS[kind]
    numbers = MARK_NUMBERS.get(kind, ("initiatives",))
    out, seen = [], set()
    for rows in (spec.get("datasets") or {}).values():
        for row in rows:
            value = mark_value(kind, row) if all(f in row for f in fields) else None
            if value is None or value in seen:
                continue
            seen.add(value)
            words = next((str(row[w]) for w in MARK_WORDS if row.get(w) is not None), value)
            number = next((row[n] for n in numbers if isinstance(row.get(n), (int, float))), None)
            out.append((words, value, None if number is None else int(number)))
    return out


def provenance(v: View) -> exports.Provenance:
    """What an export from this view says about where it comes from."""
    return exports.Provenance(
        dataset=_(v.dataset.label), version=v.store.version,
        filters=text.view_line(v.filters, v.names, v.store.prices),
        link=share_link(), date=date.today().isoformat(), sources=v.dataset.sources, synthetic=v.store.synthetic,
        licence=v.dataset.meta.get("licence", ""), lang=i18n.current())


def export_buttons(v: View, spec: dict, data: pd.DataFrame, name: str, links: Sequence[tuple[str, Filters]] = ()
                   ) -> None:
    """PNG, SVG and CSV of one chart, made only when clicked, each carrying the view's provenance; the records of its
    marks (links: words and filters) as links to the Initiatives list, for the keyboard and screen readers."""
    p = provenance(v)
    stem = f"ssc-flows-{v.dataset.key}-{name}"
    local = {exports.OUTLINES_URL: exports.OUTLINES}  # the map's outlines, which the browser fetches by URL

    def figure() -> dict:
        return exports.captioned(spec, p, local)

    row = st.container(horizontal=True, horizontal_alignment="right", gap="small", key=f"export-{name}")
    for label, make, mime in (("PNG", lambda: exports.png(figure()), "image/png"),
                              ("SVG", lambda: exports.svg(figure()), "image/svg+xml"),
                              ("CSV", lambda: exports.csv(data, p), "text/csv")):
        row.download_button(label, data=make, file_name=f"{stem}.{label.lower()}", mime=mime, on_click="ignore",
                            icon=":material/download:", type="tertiary", key=f"{label}-{name}")
    if links:
        with row.popover(_("Records"), icon=":material/list:", type="tertiary", key=f"records-{name}",
                         help=_("The initiatives of each mark, as links to the list (what a click on a bar opens).")):
            for words, f in links:
                st.page_link("pages/initiatives.py", label=plain(words), query_params=list_params(f))
    with row.popover(_("Embed"), icon=":material/code:", type="tertiary", key=f"embed-{name}",
                     help=_("The HTML that shows this chart, live, in an intranet page, a report or a slide.")):
        st.caption(_("Paste this HTML where the chart should appear; it shows the chart under these filters, with a "
                   "link back to this view:"))
        st.code(embed_code(name), language="html", wrap_lines=True)


def download_buttons(v: View, total: int) -> None:
    """CSV of the filtered list up to CSV_LIMIT rows; beyond that, a message and Parquet instead."""
    stamp = f"ssc-flows-{v.dataset.key}"
    p = provenance(v)
    if total <= CSV_LIMIT:
        st.download_button(
            _("Download {initiatives} (CSV)").format(initiatives=text.initiatives(total)),
            data=lambda: exports.csv(questions.export_rows(v.store, v.filters, CSV_LIMIT), p),
            file_name=f"{stamp}.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
        )
        return
    st.info(_("{n} initiatives match: more than the {limit} a CSV file holds comfortably. Download them as Parquet "
              "(opens in Python, R, DuckDB or Excel's Power Query), or narrow the filters.").format(
        n=text.count(total), limit=text.count(CSV_LIMIT)), icon=":material/table_view:")
    st.download_button(_("Download {initiatives} (Parquet)").format(initiatives=text.initiatives(total)),
                       data=lambda: _parquet(v),
                       file_name=f"{stamp}.parquet", mime="application/vnd.apache.parquet", on_click="ignore",
                       icon=":material/download:")


def view_data(v: View, params: dict[str, str]) -> None:
    """This view's data in one zip: a link to the API's export (it streams, whatever its size), or, for a session's
    own upload (which the API does not serve to anyone), the same zip made here."""
    st.caption(_("This view's data in one download: its initiatives, their participants and funding rows (CSV and "
                 "Parquet), the dataset's description and a README with the citation, the filters, the rules and "
                 "the columns."))
    label = _("Download this view's data (zip)")
    if v.dataset.key in offered(sys.argv, os.environ):
        st.link_button(label, export_link(params), icon=":material/folder_zip:", width="stretch")
        return
    st.download_button(label, data=lambda: _zip(v), file_name=f"ssc-flows-{v.dataset.key}-{v.store.version}.zip",
                       mime="application/zip", on_click="ignore", icon=":material/folder_zip:", width="stretch")


def _zip(v: View) -> bytes:
    with tempfile.TemporaryDirectory() as tmp, i18n.using(i18n.DEFAULT):
        folder = Path(tmp)
        rows = records.write_records(v.store, v.filters, folder)
        p = provenance(v)
        texts = {"README.md": bundle.readme(p, rows, v.dataset.meta, v.store.prices.words(), records.TABLES),
                 "dataset.yaml": bundle.dataset_yaml(v.dataset.path, p.dataset)}
        files = [folder / f"{table}.{fmt}" for table in records.TABLES for fmt in ("csv", "parquet")]
        return b"".join(bundle.stream(files, texts))


def money_table(frame: pd.DataFrame, **kwargs):
    """st.dataframe with every "(US$)" column (its unit as the language writes it: "($US)" in French) written as
    money reads everywhere ("US$2.3M"; "not reported" for an unknown amount), the numbers kept underneath, so a click
    on its header still sorts by value."""
    unit = f"({i18n.usd_unit()}"
    money = [c for c in frame.columns if unit in str(c)]
    shown = frame.style.format(text.usd, subset=money, na_rep=_(text.NOT_REPORTED)) if money else frame
    return st.dataframe(shown, hide_index=True, width="stretch", **kwargs)


def csv_button(v: View, rows: pd.DataFrame, stem: str, label: str) -> None:
    """Download a small table as CSV, its first lines naming the filters, the dataset, the link and the date."""
    p = provenance(v)
    st.download_button(label, data=lambda: exports.csv(rows, p), file_name=f"ssc-flows-{v.dataset.key}-{stem}.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:", key=f"csv-{stem}")


def _parquet(v: View) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.parquet"
        questions.export_parquet(v.store, v.filters, str(path))
        return path.read_bytes()
