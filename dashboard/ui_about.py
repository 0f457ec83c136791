"""The About page's content: provenance, method, the data dictionary, the link keys, own data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import schema
from dashboard.datasets import NOT_STATED
from dashboard.filters import PLACE_RULE
from dashboard.markup import plain
from dashboard.ui import VALUE_COVERAGE_MIN, View, folded

PROVENANCE_FIELDS = {"title": "Title", "publisher": "Publisher", "source": "Source", "licence": "Licence",
                     "citation": "Citation", "retrieved": "Retrieved", "version": "Version of the source"}


def provenance(v: View) -> None:
    st.markdown(plain(v.dataset.about, limit=2000))  # escaped: a dataset's own words never become links or HTML
    meta = v.dataset.meta
    rows = [{"": label, "Value": meta.get(name) or (NOT_STATED if name in ("source", "citation") else "not stated")}
            for name, label in PROVENANCE_FIELDS.items()]
    st.table(pd.DataFrame(rows), hide_index=True, border="horizontal")
    st.caption(f"{plain(v.dataset.label)} · version `{v.store.version}` (a fingerprint of its two files: "
               "any change to the data gives a new version). Every chart's PNG, SVG and CSV download, and every "
               "table's CSV, names the filters, this dataset and version, the date, the link and a citation: "
               "under the image, or in the CSV's first lines, which start with `#`.")


def method() -> None:
    st.markdown(
        f"- **Place filters select flows.** {PLACE_RULE}\n"
        "- **Unknown is not zero.** An amount a source does not report stays empty. Totals add up only the "
        "amounts that are reported and always say how many initiatives have amounts that are not; charts show "
        "*not reported* as a category of its own, in grey.\n"
        "- **How value is allocated.** An initiative's reported funding is split evenly across its "
        "provider→receiver pairs. A country paired with itself is skipped; a partner named only by region stands "
        "for one unnamed partner. A country's *provided* value is the sum of its shares as provider, *received* "
        "likewise, so flows, provided totals and received totals all add up to the reported total.\n"
        "- **Few or no amounts.** When no amount is reported under the filters, the pages count initiatives and "
        "say so; a value chosen anyway says that nothing is known. When under "
        f"{VALUE_COVERAGE_MIN:.0%} of the initiatives report an amount, value views say how many they rest on.\n"
        "- **Partners named only by region** (\"partners in Africa, not named\") count in every total, but are no "
        "place: they are never ranked among providers, receivers or partners, and charts say what they hold.\n"
        "- **Map classes** are computed on the whole dataset, so two maps under different filters compare.\n"
        "- **Two-way exchanges** list every country on both sides: each gives and receives.\n"
        "- **Themes overlap.** An initiative with three themes counts once in each.\n"
        "- **Years.** An initiative's year is its start year. Initiatives whose start year is not reported are "
        "included while the whole year range is selected, and left out when it is narrowed.\n"
        "- **Money** is nominal US$ as the source states it, not adjusted for inflation.\n"
        "- **Leverage** (Funding mix): for an initiative with a contribution from a multilateral organisation or "
        "from one of its named facilitators (the *anchor*), its other contributions per US$1 of anchor. Measured "
        "only when every amount of the initiative is reported; no other contribution on record counts as US$0.\n"
        "- **Network metrics** (Network): partners, values each way and *reciprocity* (the share of a place's "
        "partners it has flows with in both directions) count every flow under the filters. *Betweenness* (the "
        "share of shortest provider→receiver paths between other places that run through a place) and "
        "*communities* (Louvain, fixed seed) are computed on the drawn edges only, so they describe the structure "
        "on screen. By sub-region, an initiative counts once per pair of sub-regions; flows within one "
        "sub-region are not edges."
    )


def data_dictionary() -> None:
    for file, columns in ((schema.INITIATIVES_FILE, schema.INITIATIVE_COLUMNS + schema.INITIATIVE_OPTIONAL),
                          (schema.FUNDING_FILE, schema.FUNDING_COLUMNS + schema.FUNDING_OPTIONAL),
                          (schema.COUNTRIES_FILE, schema.COUNTRY_COLUMNS)):
        box = folded(f"`{file}`: {len(columns)} columns", f"dictionary-{file.split('.')[0]}",
                     expanded=file == schema.INITIATIVES_FILE)
        optional = schema.OPTIONAL.get(file, ())
        if box is not None:
            box.table(pd.DataFrame([{"Column": c.name + (" (optional)" if c in optional else ""), "Type": c.kind,
                                     "May be empty": "yes" if c.nullable else "no", "Rule": c.rule}
                                    for c in columns]), hide_index=True, border="horizontal")
    box = folded("Codelists", "codelists")
    if box is None:
        return
    with box:
        for name, codes in schema.CODELISTS.items():
            st.markdown(f"**{name}**")
            st.table(pd.DataFrame({"Code": list(codes), "Label": list(codes.values())}), hide_index=True,
                     border="horizontal")


LINK_KEYS = {
    "ds": "dataset (reference, demo, custom, or a saved dataset's id)", "yr": "start years, e.g. 2005-2014",
    "pr / ps / pc": "provider regions / sub-regions / countries (comma-separated names or ISO3 codes)",
    "rr / rs / rc": "receiver regions / sub-regions / countries", "th": "theme codes",
    "sdg": "SDG numbers (datasets that list SDGs)", "ct": "cooperation types", "la": "lead actors",
    "at": "activity types", "fs": "funding source types", "q": "search text",
    "unrep": "'exclude' leaves out initiatives with amounts not reported",
    "initiative": "opens one initiative (Initiatives page)",
    "country / rank / list": "the country of the Country profile (ISO3 code), how its partners are ranked (value, "
                             "initiatives) and list=true: its list of initiatives open",
    "present": "1: presentation mode, for a screen in a meeting room (no sidebar or controls, larger type)",
    "measure / width / flows / tables / table": "the Map's measure (provided, received, net, as_provider, as_receiver, "
                                       "initiatives, partners), line width (value, count), number of flows drawn "
                                       "(25, 50, 100, 200), tables=true (the tables open) and the open table",
    "by / unit / stack / funders": "Funding mix: breakdown (year, theme, cooperation_type, lead_actor, "
                                   "provider_region, receiver_region), measure (value, count), bars (absolute, "
                                   "percent) and how funders are ranked (value, initiatives)",
    "level / weight / edges / colour / fac / draw / tables / table": "Network: nodes (country, subregion), edge "
                                                                     "weight (value, count), edges drawn (25, 50, "
                                                                     "100, 200), node colour (region, community), "
                                                                     "fac=1 shows facilitators, drawing (network, "
                                                                     "matrix), tables=true (the tables open) and the "
                                                                     "open table",
}


def link_reference() -> None:
    st.write("Every view is a link: the sidebar's filters and each page's controls live in the address, and "
             "opening the address shows the same view. Values at their default are left out. The same keys ask "
             "the data API for the numbers: [/api/v1/](/api/v1/) lists its endpoints (and "
             "[/api/v1/openapi.json](/api/v1/openapi.json) describes them), e.g. `/api/v1/per_country.csv?rs=Western"
             "+Africa` is the Map's table for receivers in Western Africa. The keys:")
    st.table(pd.DataFrame({"Key": list(LINK_KEYS), "Meaning": list(LINK_KEYS.values())}), hide_index=True,
             border="horizontal")


def own_data_help() -> None:
    st.markdown(
        "A CSV, Excel or IATI XML file becomes a dataset with `python -m dashboard.ingest FILE --out FOLDER` "
        "(presets for IATI and AidData's TUFF files; `--init mapping.yaml` writes a starter mapping for any other "
        "list). It writes the two Parquet files, `dataset.yaml` (the source, licence and the rules applied, such as "
        "which providers count as South) and `import-report.csv` (every row's outcome and every guess). Or put "
        "`initiatives.parquet` and `funding_sources.parquet`, following the dictionary above, in a folder and check "
        "it with `python -m dashboard.validate FOLDER`. Then start the app on it with "
        "`SSC_DATA_DIR=FOLDER streamlit run app.py` (or `streamlit run app.py -- FOLDER`). A folder that breaks "
        "the contract is refused with a list of every problem: file, column, rows and rule. The README's "
        "\"Bring your own data\" has the details."
    )
