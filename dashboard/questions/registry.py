"""The API's endpoints: one per question the pages ask, each a query of dashboard.questions with the
parameters it takes (checked before anything runs) and a one-line description for the index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard import questions
from dashboard.data import schema
from dashboard.data.filters import Filters
from dashboard.data.store import Store

MAX_ROWS = 10_000  # a list endpoint answers at most this many rows; limit/offset page through the rest


@dataclass(frozen=True)
class Param:
    """One endpoint parameter: an integer in [low, high], one of choices, or a year range (YYYY-YYYY) when
    `years`; a required one (default None) must be given."""

    name: str
    help: str
    default: object
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    years: bool = False
    codes: int = 0  # at most this many ISO3 codes, comma-separated (one: the code itself)

    def read(self, text: str) -> object:
        """The value of text, or ValueError with the rule in words."""
        if self.codes:
            found = tuple(dict.fromkeys(c.strip().upper() for c in text.split(",") if c.strip()))
            if not found or len(found) > self.codes or not all(len(c) == 3 and c.isascii() and c.isalpha()
                                                                for c in found):
                rule = "an ISO3 code" if self.codes == 1 else f"up to {self.codes} ISO3 codes, comma-separated"
                raise ValueError(f"{self.name} is {rule}")
            return found[0] if self.codes == 1 else found
        if self.years:
            parts = text.split("-") if "-" in text else [text, text]
            if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts) or \
                    not schema.YEAR_MIN <= int(parts[0]) <= int(parts[1]) <= schema.YEAR_MAX:
                raise ValueError(f"{self.name} is a range of start years from {schema.YEAR_MIN} to "
                                 f"{schema.YEAR_MAX}, e.g. 2015-2024")
            return int(parts[0]), int(parts[1])
        if self.choices:
            if text not in self.choices:
                raise ValueError(f"{self.name} is one of {', '.join(self.choices)}")
            return text
        if not (text.isascii() and text.isdigit()) or not self.low <= int(text) <= self.high:
            raise ValueError(f"{self.name} is a whole number from {self.low} to {self.high}")
        return int(text)


@dataclass(frozen=True)
class Endpoint:
    name: str
    summary: str
    run: Callable[[Store, Filters, dict], pd.DataFrame]
    params: tuple[Param, ...] = ()
    paged: bool = False  # limit/offset page through the rows


LEVEL = Param("level", "nodes: countries, or M49 sub-regions", "country", ("country", "subregion"))
BY = Param("by", "rank by reported value or by initiatives", "value", ("value", "count"))
ONCE = Param("count", "initiatives counted on every pair they make, or once (their pairs share them)", "every",
             ("every", "once"))
LIMIT = Param("limit", f"rows per answer (at most {MAX_ROWS:,})", 1000, low=1, high=MAX_ROWS)
OFFSET = Param("offset", "rows to skip (paging)", 0, low=0, high=10**9)
PERIOD = Param("yr2", "the second period of start years, compared with yr's (e.g. 2015-2024; required)", None,
               years=True)
COUNTRY = Param("country", "a country (ISO3), e.g. BRA (required)", None, codes=1)
VS = Param("vs", "up to three more countries (ISO3, comma-separated), e.g. IND,ZAF", (), codes=3)
BREAKDOWNS = ("none", "year", "theme", "cooperation_type", "lead_actor", "provider_region", "receiver_region")


def _codelists(store: Store, f: Filters, a: dict) -> pd.DataFrame:
    return pd.DataFrame([{"codelist": name, "code": code, "label": label}
                         for name, codes in {**schema.CODELISTS, "sdgs": schema.SDG_NAMES}.items()
                         for code, label in codes.items()])


def _activity(store: Store, f: Filters, question: Callable[[Store, Filters, tuple[int, int]], pd.DataFrame]
              ) -> pd.DataFrame:
    """A question of the years played, over the view's years (yr), else the dataset's."""
    years = f.years or questions.vocabulary(store).year_bounds
    return question(store, f, years or (schema.YEAR_MIN, schema.YEAR_MIN))


def _initiatives(store: Store, f: Filters, a: dict) -> pd.DataFrame:
    page = questions.initiatives_page(store, f, a["sort"], a["order"] == "descending", a["limit"], a["offset"])
    return page.drop(columns=["providers_names", "receivers_names"], errors="ignore")


ENDPOINTS: dict[str, Endpoint] = {e.name: e for e in (
    Endpoint("kpis", "the Overview's key figures: initiatives, countries, reported funding, amounts not reported",
             lambda s, f, a: questions.kpis(s, f)),
    Endpoint("per_year", "initiatives and reported funding per start year", lambda s, f, a: questions.per_year(s, f)),
    Endpoint("per_country", "each country's value provided and received, initiatives by role and partners (Map)",
             lambda s, f, a: questions.per_country(s, f)),
    Endpoint("period_change", "each place's measures in the view's start years (yr) and in a second period (yr2), "
             "and their change (Overview and Map: two periods compared)",
             lambda s, f, a: questions.period_change(s, f, a["yr2"]), (PERIOD,)),
    Endpoint("activity", "per place and year of the view's start years (yr): the initiatives active that year (from "
             "their start to their end year; the start year alone when no end year is given) and those started since "
             "the first year (Map: the years played)",
             lambda s, f, a: _activity(s, f, questions.activity)),
    Endpoint("activity_totals", "per year of the view's start years (yr): the initiatives active that year and those "
             "started since the first year (the titles of the years played)",
             lambda s, f, a: _activity(s, f, questions.activity_totals)),
    Endpoint("pair_activity", "per provider→receiver pair (node ids, as network_edges at the country level) and year "
             "of the view's start years: its initiatives active that year and started since the first (Network: the "
             "years played)",
             lambda s, f, a: _activity(s, f, questions.pair_activity)),
    Endpoint("country_comparison", "countries side by side (Country profile, ?country=…&vs=…): each one's initiatives "
             "by role, value provided and received, partners, sub-region and income group",
             lambda s, f, a: questions.country_comparison(s, f, (a["country"], *a["vs"])), (COUNTRY, VS)),
    Endpoint("flows", "provider→receiver flows, largest first (Map)",
             lambda s, f, a: questions.flows(s, f, a["top"], a["by"], a["count"] == "once"),
             (Param("top", "how many flows", 200, low=1, high=MAX_ROWS), BY, ONCE)),
    Endpoint("network_edges", "the network's edges (Network)",
             lambda s, f, a: questions.network_edges(s, f, a["level"], a["by"], a["top"], a["count"] == "once"),
             (LEVEL, BY, Param("top", "how many edges", 200, low=1, high=MAX_ROWS), ONCE)),
    Endpoint("dominance", "the initiatives that make most provider→receiver pairs (Map, Network)",
             lambda s, f, a: questions.dominance(s, f)),
    Endpoint("corridors", "corridors: value, initiatives, years and main themes of each pair (Network)",
             lambda s, f, a: questions.corridors(s, f, a["level"], a["top"], a["by"], a["count"] == "once"),
             (LEVEL, BY, Param("top", "how many corridors", 100, low=1, high=MAX_ROWS), ONCE)),
    Endpoint("themes", "initiatives and reported funding per theme", lambda s, f, a: questions.per_theme(s, f)),
    Endpoint("per_code", "initiatives and reported funding per cooperation type, lead actor or activity type",
             lambda s, f, a: questions.per_code(s, f, a["field"]),
             (Param("field", "which codelist", "cooperation_type",
                    ("cooperation_type", "lead_actor", "activity_type")),)),
    Endpoint("funding_mix", "reported value and contributions by funding source type, overall or by a breakdown "
                            "(Funding mix)",
             lambda s, f, a: questions.funding_mix(s, f, None if a["breakdown"] == "none" else a["breakdown"]),
             (Param("breakdown", "the breakdown", "none", BREAKDOWNS),)),
    Endpoint("funding_coverage", "how many initiatives and contributions report their amounts (Funding mix)",
             lambda s, f, a: questions.funding_coverage(s, f)),
    Endpoint("top_funders", "funders by reported value and initiatives (Funding mix)",
             lambda s, f, a: questions.top_funders(s, f, a["limit"]), (LIMIT,)),
    Endpoint("leverage", "co-financing per US$ of anchor contribution, in bands (Funding mix)",
             lambda s, f, a: questions.leverage(s, f)),
    Endpoint("leverage_initiatives", "the initiatives behind the leverage figures (Funding mix)",
             lambda s, f, a: questions.leverage_initiatives(s, f, a["limit"]),
             (Param("limit", "rows", 500, low=1, high=MAX_ROWS),)),
    Endpoint("initiatives", "the filtered initiatives, sorted and paged (Initiatives)", _initiatives,
             (Param("sort", "sort by", "start_year", tuple(sorted(questions.SORTABLE))),
              Param("order", "sort order", "descending", ("descending", "ascending")),
              Param("limit", f"rows per page (at most {MAX_ROWS:,})", 100, low=1, high=MAX_ROWS), OFFSET),
             paged=True),
    Endpoint("countries", "every place a filter can name: code, name, kind (country, region, subregion, "
             "organisation), region",
             lambda s, f, a: questions.place_options(s)),
    Endpoint("codelists", "every codelist's codes and labels", _codelists),
)}

# The endpoints behind each page (by its URL path): the Share menu links them with the view's filters.
PAGE_ENDPOINTS = {
    "": ("kpis", "per_year", "themes", "per_country", "per_code"),
    "map": ("per_country", "flows"),
    "country": ("per_country", "flows"),
    "network": ("network_edges", "corridors"),
    "funding": ("funding_mix", "funding_coverage", "top_funders", "leverage"),
    "initiatives": ("initiatives",),
    "about": ("codelists", "countries"),
}
