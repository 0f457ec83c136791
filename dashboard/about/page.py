"""The About page's content: provenance, method, the data dictionary, the link keys, own data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.data import schema
from dashboard.data.datasets import NOT_STATED
from dashboard.data.filters import PLACE_RULE
from dashboard.ingest import orgs
from dashboard.shell.furniture import VALUE_COVERAGE_MIN, folded
from dashboard.shell.state import View
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _
from dashboard.words.markup import no_maths, plain

PROVENANCE_FIELDS = {"title": N_("Title"), "publisher": N_("Publisher"), "source": N_("Source"),
                     "licence": N_("Licence"), "citation": N_("Citation"), "retrieved": N_("Retrieved"),
                     "version": N_("Version of the source")}


def provenance(v: View) -> None:
    if i18n.current() != i18n.DEFAULT:
        st.caption(_("The dataset's own description and provenance are shown as its publisher wrote them."))
    st.markdown(plain(v.dataset.about, limit=2000))  # escaped: a dataset's own words never become links or HTML
    meta = v.dataset.meta
    rows = [{"": _(label), _("Value"): meta.get(name) or (_(NOT_STATED) if name in ("source", "citation")
                                                          else _("not stated"))}
            for name, label in PROVENANCE_FIELDS.items()]
    st.table(pd.DataFrame(rows), hide_index=True, border="horizontal")
    st.caption(_("{dataset} · version `{version}` (a fingerprint of its two files: any change to the data gives a new "
                 "version). Every chart's PNG, SVG and CSV download, and every table's CSV, names the filters, this "
                 "dataset and version, the date, the link and a citation: under the image, or in the CSV's first "
                 "lines, which start with `#`.").format(dataset=plain(_(v.dataset.label)), version=v.store.version))


# The method, one rule a bullet ({share}: VALUE_COVERAGE_MIN as a percentage).
METHOD = (
    N_("**Unknown is not zero.** An amount a source does not report stays empty. Totals add up only the amounts "
       "that are reported and always say how many initiatives have amounts that are not; charts show *not "
       "reported* as a category of its own, in grey."),
    N_("**How value is allocated.** An initiative's reported funding is split evenly across its provider→receiver "
       "pairs. A country paired with itself is skipped; a partner named only by region stands for one unnamed "
       "partner. A country's *provided* value is the sum of its shares as provider, *received* likewise, so flows, "
       "provided totals and received totals all add up to the reported total."),
    N_("**Few or no amounts.** When no amount is reported under the filters, the pages count initiatives and say "
       "so; a value chosen anyway says that nothing is known. When under {share} of the initiatives report an "
       "amount, value views say how many they rest on."),
    N_("**Partners named only by region** (\"partners in Africa, not named\") count in every total, but are no "
       "place: they are never ranked among providers, receivers or partners, and charts say what they hold."),
    N_("**Partners not stated.** A record that names no receiver at all is *not stated* (never \"named only by "
       "region\"), and no cooperation type is derived from it. An aid-management system's export is its country's "
       "own record, so its activities that name no recipient are placed in that country, and the import report "
       "says so for each."),
    N_("**Who an organisation is.** Importers read an organisation's country and kind from evidence, in order: its "
       "IATI type and identifier, the registry of organisations shipped with the app (below), a name of the form "
       "\"Government of X\", \"Ministry of … of X\" or \"X Agency for International Cooperation\". A "
       "country's name elsewhere in a name (\"Give to Colombia\", \"Plan International Sweden\") is no evidence "
       "of a government: such organisations are of the kind their words say, or of unknown kind. The import "
       "report lists every reading, and a mapping can correct any."),
    N_("**Southern-led multilaterals** are providers of their own kind, shown beside the countries: in the "
       "Network (triangles), among top providers, in the Funding mix (their own colour), in the filters and the "
       "API; the Map lists them beside the map. *Southern-led* means founded by developing countries, which own "
       "the majority of its capital (the Islamic Development Bank, CAF, the OPEC Fund…). Other multilaterals "
       "(the World Bank, UN agencies, the EU) stay facilitators or funders."),
    N_("**Few initiatives, many pairs.** One record naming many countries on each side makes many "
       "provider→receiver pairs. When at most three initiatives make most of the pairs, the Map and the Network "
       "say so and offer to count each initiative once (its pairs share it)."),
    N_("**Map classes** are computed on the whole dataset, so two maps under different filters compare."),
    N_("**Two-way exchanges** list every country on both sides: each gives and receives."),
    N_("**Themes overlap.** An initiative with three themes counts once in each."),
    N_("**Years.** An initiative's year is its start year. Initiatives whose start year is not reported are "
       "included while the whole year range is selected, and left out when it is narrowed."),
    N_("**Money.** Amounts are US$ through a stated conversion: the source's own US$ or exchange rate where it "
       "gives one (AidData's files do), else the IMF's annual average rate of the amount's year (174 currencies, "
       "shipped with the app), else the European Central Bank's yearly average. An amount no rate covers is "
       "*reported, not converted*: it is counted apart from amounts the source does not report, and the import "
       "report names it. **Prices:** current US$ (each amount in dollars of its own year, the default) or constant "
       "US$ of one base year, so years compare: the source's own constant prices where it gives them, else the US "
       "consumer price index (CPI-U, annual average). Every page says which it shows."),
    N_("**Joint funding.** When several funders give an amount together and the source does not say whose part is "
       "what (an IATI activity whose transactions name no provider), the amount is kept whole as *joint funding*: "
       "it counts in every total and on the Map and Network, but no funder is credited with it. Each funder is "
       "listed with its own type and no amount of its own. The Map and Network show the value of the initiatives "
       "on each corridor, whoever pays for them; the Funding mix shows who pays."),
    N_("**Leverage** (Funding mix): for an initiative with a contribution from a multilateral organisation or from "
       "one of its named facilitators (the *anchor*), its other contributions per US$1 of anchor. Measured only "
       "when every amount of the initiative is reported and none is joint funding (which cannot be split into "
       "anchor and co-financing); no other contribution on record counts as US$0."),
    N_("**Network metrics** (Network): partners, values each way and *reciprocity* (the share of a place's "
       "partners it has flows with in both directions) count every flow under the filters. *Betweenness* (the "
       "share of shortest provider→receiver paths between other places that run through a place) and "
       "*communities* (Louvain, fixed seed) are computed on the drawn edges only, so they describe the structure "
       "on screen. By sub-region, an initiative counts once per pair of sub-regions; flows within one sub-region "
       "are not edges."),
    N_("**Languages.** Country and region names come from the Unicode CLDR in the language chosen; titles, "
       "descriptions and funder names stay as the sources wrote them."),
)


def method() -> None:
    bullets = [_("**Place filters select flows.** {rule}").format(rule=_(PLACE_RULE)),
               *(_(line).format(share=i18n.percent(VALUE_COVERAGE_MIN)) for line in METHOD)]
    st.markdown(no_maths("\n".join(f"- {line}" for line in bullets)))


def data_dictionary() -> None:
    for file, columns in ((schema.INITIATIVES_FILE, schema.INITIATIVE_COLUMNS + schema.INITIATIVE_OPTIONAL),
                          (schema.FUNDING_FILE, schema.FUNDING_COLUMNS + schema.FUNDING_OPTIONAL),
                          (schema.COUNTRIES_FILE, schema.COUNTRY_COLUMNS)):
        box = folded(_("`{file}`: {n} columns").format(file=file, n=len(columns)), f"dictionary-{file.split('.')[0]}",
                     expanded=file == schema.INITIATIVES_FILE)
        optional = schema.OPTIONAL.get(file, ())
        if box is not None:
            box.table(pd.DataFrame([{_("Column"): c.name + (_(" (optional)") if c in optional else ""),
                                     _("Type"): c.kind, _("May be empty"): _("yes") if c.nullable else _("no"),
                                     _("Rule"): _(c.rule)} for c in columns]), hide_index=True, border="horizontal")
    box = folded(_("Codelists"), "codelists")
    if box is None:
        return
    with box:
        for name, codes in schema.CODELISTS.items():
            st.markdown(f"**{name}**")
            st.table(pd.DataFrame({_("Code"): list(codes), _("Label"): [_(label) for label in codes.values()]}),
                     hide_index=True, border="horizontal")


LINK_KEYS = {
    "ds": N_("dataset (reference, demo, custom, or a saved dataset's id)"), "yr": N_("start years, e.g. 2005-2014"),
    "pr / ps / pc": N_("provider regions / sub-regions / countries (comma-separated names or ISO3 codes)"),
    "rr / rs / rc": N_("receiver regions / sub-regions / countries"), "th": N_("theme codes"),
    "sdg": N_("SDG numbers (datasets that list SDGs)"), "ct": N_("cooperation types"), "la": N_("lead actors"),
    "at": N_("activity types"), "fs": N_("funding source types"), "q": N_("search text"),
    "unrep": N_("'exclude' leaves out initiatives with amounts not reported"),
    "prices": N_("'constant': amounts in constant US$ of the dataset's base year (the default is current US$)"),
    "lang": N_("the language: fr, es or pt (English, the default, is not written unless the browser asks for "
               "another); names and numbers follow it, the other keys and values do not change"),
    "initiative": N_("opens one initiative (Initiatives page)"),
    "sort / order / rows / page": N_("Initiatives: sort (Start year, Title, Reported funding, ID), order "
                                     "(Descending, Ascending), rows per page (25, 50, 100) and the page"),
    "country / rank / list": N_("the country of the Country profile (ISO3 code), how its partners are ranked "
                                "(Reported value, Initiatives) and list=true: its list of initiatives open"),
    "present": N_("1: presentation mode, for a screen in a meeting room (no sidebar or controls, larger type)"),
    "measure / width / flows / tables / table": N_("the Map's measure (provided, received, net, as_provider, "
                                                   "as_receiver, initiatives, partners), line width (value, count), "
                                                   "number of flows drawn (25, 50, 100, 200), tables=true (the "
                                                   "tables open) and the open table"),
    "by / unit / stack / funders": N_("Funding mix: breakdown (year, theme, cooperation_type, lead_actor, "
                                      "provider_region, receiver_region), measure (value, count), bars (absolute, "
                                      "percent) and how funders are ranked (value, initiatives)"),
    "level / weight / edges / colour / fac / draw / tables / table": N_(
        "Network: nodes (country, subregion), edge weight (value, count), edges drawn (25, 50, 100, 200), node "
        "colour (region, community), fac=1 shows facilitators, drawing (network, matrix), tables=true (the tables "
        "open) and the open table"),
}


def link_reference() -> None:
    st.write(_("Every view is a link: the sidebar's filters and each page's controls live in the address, and "
             "opening the address shows the same view. Values at their default are left out. The same keys ask "
             "the data API for the numbers: [/api/v1/](/api/v1/) lists its endpoints (and "
             "[/api/v1/openapi.json](/api/v1/openapi.json) describes them), e.g. `/api/v1/per_country.csv?rs=Western"
             "+Africa` is the Map's table for receivers in Western Africa. The keys:"))
    st.table(pd.DataFrame({_("Key"): list(LINK_KEYS), _("Meaning"): [_(m) for m in LINK_KEYS.values()]}),
             hide_index=True,
             border="horizontal")


def organisations() -> None:
    """The registry importers read organisations by (dashboard/ingest/organisations.csv), with each entry's source."""
    table = orgs.registry_table()
    with st.expander(_("The registry of organisations ({n})").format(n=text.count(len(table)))):
        st.caption(_("National agencies and funds count as their country's government; Southern-led multilaterals "
                     "are providers of their own kind. Names and aliases are matched as sources write them."))
        st.dataframe(table.rename(columns={"name": _("Organisation"), "aliases": _("Also written"),
                                           "iso3": _("Country"), "kind": _("Kind"),
                                           "southern_led": _("Southern-led"), "source": _("Source")}),
                     hide_index=True, width="stretch")


def own_data_help() -> None:
    st.markdown(
        _("A CSV, Excel or IATI XML file becomes a dataset with `python -m dashboard.ingest FILE --out FOLDER` "
        "(presets for IATI and AidData's TUFF files; `--init mapping.yaml` writes a starter mapping for any other "
        "list). It writes the two Parquet files, `dataset.yaml` (the source, licence and the rules applied, such as "
        "which providers count as South) and `import-report.csv` (every row's outcome and every guess). Or put "
        "`initiatives.parquet` and `funding_sources.parquet`, following the dictionary above, in a folder and check "
        "it with `python -m dashboard.data.validate FOLDER`. Then start the app on it with "
        "`SSC_DATA_DIR=FOLDER streamlit run app.py` (or `streamlit run app.py -- FOLDER`). A folder that breaks "
        "the contract is refused with a list of every problem: file, column, rows and rule. The README's "
        "\"Bring your own data\" has the details.")
    )
