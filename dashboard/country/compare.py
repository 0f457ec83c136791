"""Countries side by side on the Country profile (?country=BRA&vs=IND,ZAF): the countries to compare (up to
questions.compare.MOST, in the link), the peers that fill them in one click, and their key figures, partners,
years, themes and funding mix side by side, every chart of a kind on the same scale."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import questions
from dashboard.country import charts as country_charts
from dashboard.country.page import of, partner_table
from dashboard.shell.figures import chart, csv_button
from dashboard.shell.presentation import presenting
from dashboard.shell.state import View, link_seed, write_link
from dashboard.words import breakdowns, text
from dashboard.words import languages as i18n
from dashboard.words.charts import year_axis, year_labels
from dashboard.words.languages import N_, _
from dashboard.words.markup import plain, verbatim

PARAM = "vs"
PEERS = {"subregion": N_("Same sub-region"), "income": N_("Same income group"), "partners": N_("Its top partners")}
INCOME = {"L": N_("low income"), "LM": N_("lower-middle income"), "UM": N_("upper-middle income"),
          "H": N_("high income")}


def others(raw: str | None, code: str, countries: frozenset[str]) -> tuple[list[str], list[str]]:
    """The countries a link's vs= asks to compare with (known, not the profile's own, no repeats, at most
    MOST − 1) and the values it had to leave out."""
    wanted: list[str] = []
    ignored: list[str] = []
    for value in (raw or "").split(","):
        value = value.strip().upper()
        if not value:
            continue
        if value in countries and value != code and value not in wanted and len(wanted) < questions.compare.MOST - 1:
            wanted.append(value)
        else:
            ignored.append(value)
    return wanted, ignored


def choose(v: View, code: str) -> list[str]:
    """The countries to compare the profile's with: a multiselect in the link (?vs=IND,ZAF) and the peer buttons
    that fill it; [] for the single profile."""
    raw = st.query_params.get(PARAM)
    wanted, ignored = others(raw, code, v.vocabulary.countries)
    judged = st.session_state.setdefault("link-values-judged", {})
    if ignored and judged.get(PARAM) != raw:  # said once per link value, as every other key's
        judged[PARAM] = raw
        st.warning(_("Ignored {value} for {what} in the link.").format(
            value=verbatim(",".join(ignored)), what=_("the countries to compare")), icon=":material/link_off:")
    if presenting():
        return wanted
    key = f"{PARAM}-{code}-{link_seed(PARAM)}"  # kept while the page writes the link (a click, a peer button)
    options = sorted((c for c in v.vocabulary.countries if c != code), key=lambda c: v.names.get(c, c))
    if key not in st.session_state:
        st.session_state[key] = wanted
    cells = st.columns(len(PEERS) + 1, vertical_alignment="bottom")
    cells[0].caption(_("Or compare with:"))
    for cell, (kind, label) in zip(cells[1:], PEERS.items(), strict=True):
        cell.button(_(label), key=f"peers-{kind}", width="stretch", on_click=_fill, args=(v, code, kind, key))
    chosen = st.multiselect(_("Compare with"), options, max_selections=questions.compare.MOST - 1,
                            format_func=lambda c: v.names.get(c, c), key=key, placeholder=_("Up to three countries…"),
                            help=_("Side by side on the same scales: key figures, partners, years, themes and the "
                                   "funding mix."))
    write_link(PARAM, ",".join(chosen))
    return list(chosen)


def _fill(v: View, code: str, kind: str, key: str) -> None:
    """A peer button: the countries to compare with become its peers (before the page draws the list)."""
    found = questions.peers(v.store, v.filters, code, kind)
    if found:
        st.session_state[key] = found
    else:
        st.toast(_("No other country under these filters."), icon=":material/info:")


def _figures(v: View, codes: list[str]) -> pd.DataFrame:
    return v.query("country_comparison", tuple(codes))


def key_figures(v: View, codes: list[str]) -> pd.DataFrame:
    """The key figures of each country, one column per country, as the page shows them (and the CSV holds)."""
    rows = _figures(v, codes)
    names = [v.names.get(c, c) for c in rows["code"]]
    lines = {
        _("Initiatives"): [text.count(x) for x in rows["initiatives"]],
        _("Initiatives as provider"): [text.count(x) for x in rows["initiatives_as_provider"]],
        _("Initiatives as receiver"): [text.count(x) for x in rows["initiatives_as_receiver"]],
        _("Value provided"): [text.usd(x) for x in rows["provided_usd"]],
        _("Value received"): [text.usd(x) for x in rows["received_usd"]],
        _("Distinct partners"): [text.count(x) for x in rows["partners"]],
        _("Initiatives with amounts not reported"): [text.count(x) for x in rows["unreported"]],
        _("Sub-region"): [i18n.region(s) if isinstance(s, str) else _(text.NOT_REPORTED) for s in rows["subregion"]],
        _("Income group"): [_(INCOME[g]) if g in INCOME else _(text.NOT_REPORTED) for g in rows["income_group"]],
    }
    return pd.DataFrame(lines, index=names).T.rename_axis(_("Measure")).reset_index()


def _shared(charts: list[alt.Chart], channel: str, domain: list) -> list[alt.Chart]:
    """The charts with one channel's scale fixed to one domain: side by side, a bar means the same everywhere."""
    out = []
    for c in charts:
        c = c.copy(deep=True)
        getattr(c.encoding, channel).scale = alt.Scale(domain=domain)
        out.append(c)
    return out


def show(v: View, code: str, codes: list[str]) -> None:
    """The countries side by side: key figures, top partners, then years, themes and funding mix on shared
    scales, one column per country."""
    every = [code, *codes]
    names = [v.names.get(c, c) for c in every]
    st.subheader(_("{countries} side by side").format(countries=text.names_list(names, 4)), anchor=False)
    table = key_figures(v, every)
    st.dataframe(table, hide_index=True, width="stretch")
    csv_button(v, _figures(v, every), f"compare-{'-'.join(every)}", _("Download these figures (CSV)"))
    views = [of(v, c) for c in every]
    st.caption(_("Every chart of a kind below has the same scale for every country, so their bars compare."))
    years = [w.query("roles_per_year", c) for w, c in zip(views, every, strict=True)]
    themes = [w.query("per_theme") for w in views]
    mixes = [w.query("funding_mix") for w in views]
    labels = [label for y in years for label in year_labels(y["year"])]
    per_year = max([float(y.groupby("year", dropna=False)["initiatives"].sum().max() or 0) for y in years] + [1])
    year_charts = [country_charts.roles_per_year(y).properties(title=name) for y, name in zip(years, names,
                                                                                              strict=True)]
    year_charts = _shared(year_charts, "y", [0, per_year])
    axis = year_axis(labels, _("Start year"))
    for c in year_charts:
        c.encoding.x = axis
    theme_max = max([float(t["initiatives"].max()) for t in themes if len(t)] + [1])
    theme_charts = _shared([breakdowns.themes(t).properties(title=name) for t, name in zip(themes, names,
                                                                                           strict=True)],
                           "x", [0, theme_max])
    mix_max = max([float(m.groupby("source_type")["contributions"].sum().max()) for m in mixes if len(m)] + [1])
    mix_charts = _shared([breakdowns.source_mix(m, title=name) for m, name in zip(mixes, names, strict=True)],
                         "x", [0, mix_max])
    for kind, charts, frames in ((_("Initiatives per start year, by role"), year_charts, years),
                                 (_("Themes (initiatives)"), theme_charts, themes),
                                 (_("Funding mix (contributions)"), mix_charts, mixes)):
        st.markdown(f"**{kind}**")
        for column, c, frame, who in zip(st.columns(len(every)), charts, frames, every, strict=True):
            with column:
                if frame.empty:
                    st.caption(_("Nothing under these filters."))
                else:
                    chart(v, c, frame, f"compare-{who}-{kind[:12]}")
    st.markdown("**" + _("Top partners (initiatives either way)") + "**")
    for column, w, c in zip(st.columns(len(every)), views, every, strict=True):
        partners = partner_table(w, c)
        partners = partners.assign(total=partners["to_initiatives"] + partners["from_initiatives"])
        top = partners[partners["kind"] == "country"].sort_values(["total", "label"], ascending=[False, True])
        column.markdown("\n".join(f"- {plain(label, 80)}: {text.count(n)}" for label, n in
                                  zip(top["label"].head(5), top["total"].head(5), strict=True))
                        or _("None under these filters."))
