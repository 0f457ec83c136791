"""The Filters value: what the user has narrowed the data to, and its SQL.

Filters is frozen and hashable (it keys the query cache). Within one field the selected values
are alternatives (OR); different fields must all hold (AND). Places on one side (regions,
sub-regions, countries) are alternatives too: "providers in Africa or in Brazil".

Place filters select flows (PLACE_RULE): the provider-side selection applies to the provider of
a provider→receiver pair, the receiver-side selection to its receiver, and a pair matches when
both sides do. Views of pairs and places show the matching pairs only; views of initiatives
count the initiatives with at least one matching pair, and their money is the allocated value
of the matching pairs (the initiative's reported funding × its matching share), so every page's
total under the same filters is the same number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from dashboard.data import prices, schema
from dashboard.words.languages import N_

PLACE_FIELDS = (
    "provider_regions",
    "provider_subregions",
    "provider_countries",
    "provider_orgs",
    "receiver_regions",
    "receiver_subregions",
    "receiver_countries",
)
TUPLE_FIELDS = (
    *PLACE_FIELDS,
    "themes",
    "sdgs",
    "cooperation_types",
    "lead_actors",
    "activity_types",
    "source_types",
    "funders",
)


@dataclass(frozen=True)
class Filters:
    """A frozen selection; the default selects everything."""

    years: tuple[int, int] | None = None
    provider_regions: tuple[str, ...] = ()
    provider_subregions: tuple[str, ...] = ()
    provider_countries: tuple[str, ...] = ()
    provider_orgs: tuple[str, ...] = ()  # Southern-led multilateral providers, by their node code (store.org_code)
    receiver_regions: tuple[str, ...] = ()
    receiver_subregions: tuple[str, ...] = ()
    receiver_countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sdgs: tuple[str, ...] = ()  # SDG numbers as text ("3"), in datasets that list them
    cooperation_types: tuple[str, ...] = ()
    lead_actors: tuple[str, ...] = ()
    activity_types: tuple[str, ...] = ()
    source_types: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()  # funders as the sources name them: initiatives with a contribution by one of them
    search: str = ""
    include_unreported: bool = True
    # The prices amounts are shown in: current (nominal) or constant US$ (see dashboard.data.prices). Not a selection:
    # it picks the store a view reads.
    prices: str = prices.CURRENT
    # A country taking part in either role: the subject of the Country profile, which owns it in
    # the link as ?country=ISO3 (it is page state, so the sidebar and URL_KEYS leave it out).
    involving: str | None = None

    def __post_init__(self) -> None:
        # Normalise so that equal selections are equal values (and share one cache entry).
        for name in TUPLE_FIELDS:
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))
        object.__setattr__(self, "search", self.search.strip())
        if self.years is not None:
            low, high = self.years
            object.__setattr__(self, "years", (int(min(low, high)), int(max(low, high))))

    def is_default(self) -> bool:
        return self == Filters()

    def has_places(self) -> bool:
        """Whether a place filter is set (and so flows, not whole initiatives, are selected)."""
        return any(getattr(self, name) for name in PLACE_FIELDS)

    def changed(self) -> list[str]:
        """Names of the fields that differ from the default."""
        default = Filters()
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(default, f.name)]


# A mark a chart draws → what its records are: the view's filters with that mark's own (see drilled).
DRILLS = ("year", "provider", "receiver", "cooperation_type", "lead_actor", "theme", "source_type", "funder")


def drillable(f: Filters, kind: str) -> bool:
    """Whether a mark of this kind has exactly the view's records of it as a filter: a theme, a source type or a
    funder only when the view filters none (an initiative has several: 'gender, and one of the view's themes' is no
    filter here), and none for one country's view under a place filter."""
    if f.involving is not None and f.has_places():
        return False  # a country's part in the matching pairs (its profile under a place filter): no list's filter
    several = {"theme": "themes", "source_type": "source_types", "funder": "funders"}.get(kind)
    return several is None or not getattr(f, several)


def drilled(f: Filters, kind: str, value: str) -> Filters:
    """The filters of a mark's records: the view's, with the mark's field set to its value (a year, a provider's
    or receiver's place as 'country:BRA' or 'organisation:code', a cooperation type, a lead actor, a theme). A
    place replaces that side's place filters: the mark lies among them, so its pairs are the ones that match."""
    if kind == "year":
        return replace(f, years=(int(value), int(value)))
    if kind in ("provider", "receiver"):
        place, code = value.split(":", 1)
        cleared: dict[str, Any] = {f"{kind}_{name}": () for name in ("regions", "subregions", "countries")}
        if kind == "provider":
            cleared["provider_orgs"] = ()
        cleared[f"{kind}_orgs" if place == "organisation" else f"{kind}_countries"] = (code,)
        return replace(f, **cleared)
    field_name = {"cooperation_type": "cooperation_types", "lead_actor": "lead_actors", "theme": "themes",
                  "source_type": "source_types", "funder": "funders"}[kind]
    changes: dict[str, Any] = {field_name: (value,)}
    return replace(f, **changes)


# The rule, in the words About uses (after its heading, "Place filters select flows").
PLACE_RULE = N_(
    "A provider→receiver pair matches when its provider lies in the "
    "providers you chose and its receiver in the receivers you chose (a side with nothing chosen "
    "matches every place). Maps, networks, flows and rankings of places show the matching pairs only. "
    "Counts of initiatives count those with at least one matching pair, and their money is the value of "
    "the matching pairs: each initiative's reported funding times the share of its pairs that match. "
    "So every page shows the same total under the same filters."
)

# The filter fields that select codes, and each field's codelist.
CODE_FILTERS: dict[str, dict[str, str]] = {
    "themes": schema.THEMES,
    "sdgs": schema.SDG_NAMES,
    "cooperation_types": schema.COOPERATION_TYPES,
    "lead_actors": schema.LEAD_ACTORS,
    "activity_types": schema.ACTIVITY_TYPES,
    "source_types": schema.SOURCE_TYPES,
}

# Bit layouts of the sets the store precomputes per initiative (see dashboard.data.store).
THEME_BITS = {code: 1 << i for i, code in enumerate(schema.THEMES)}
SOURCE_BITS = {code: 1 << i for i, code in enumerate(schema.SOURCE_TYPES)}
# SDGs share the themes' integer (themes from bit 0, SDG n at bit 31 + n): one column carries both, so the SDG
# filter costs the large tables nothing.
SDG_BITS = {code: 1 << (31 + int(code)) for code in schema.SDG_NAMES}
assert len(THEME_BITS) <= 32, "themes and SDGs share theme_bits: themes must fit in bits 0-31"
CODE_FIELDS = (  # scalar codes, all in one integer: (filter field, initiatives column)
    ("cooperation_types", "cooperation_type"),
    ("lead_actors", "lead_actor"),
    ("activity_types", "activity_type"),
)


def _code_bits() -> dict[str, dict[str, int]]:
    """Column → code → bit, numbering the codes of CODE_FIELDS one after another."""
    codes = [(column, code) for field, column in CODE_FIELDS for code in CODE_FILTERS[field]]
    out: dict[str, dict[str, int]] = {column: {} for _, column in CODE_FIELDS}
    for i, (column, code) in enumerate(codes):
        out[column][code] = 1 << i
    return out


CODE_BITS = _code_bits()


@dataclass(frozen=True)
class Places:
    """The dataset's place vocabulary: the bit of every M49 area and the node id of every country and
    Southern-led multilateral provider (country nodes come first: every node from first_region_node on is an
    area or an organisation)."""

    area_bits: Mapping[str, int]
    country_nodes: Mapping[str, int]
    first_region_node: int
    org_nodes: Mapping[str, int] = field(default_factory=dict)


def mask(bits: Mapping[str, int], codes: tuple[str, ...]) -> int:
    """The union of the codes' bits; an unknown code adds nothing (and so matches nothing)."""
    out = 0
    for code in codes:
        out |= bits.get(code, 0)
    return out


def search_cte(f: Filters) -> tuple[str, list]:
    """The CTE `search_hits` (rids whose title or description contains the search text), or nothing."""
    if not f.search:
        return "", []
    return "search_hits AS MATERIALIZED (SELECT rid FROM initiatives WHERE contains(search_text, lower(?)))", [
        f.search
    ]


PAIR_TABLES = ("pairs",)  # tables with one row per provider→receiver pair (p, r and their area bits)
PLACE_MATCH = "place_match"  # the CTE of place_cte: rid, share (of the initiative's pairs that match)


def where(f: Filters, places: Places, alias: str = "i", table: str = "initiatives") -> tuple[str, list]:
    """Compile Filters to a WHERE condition and its parameters, on the initiatives table or on any
    table that carries the store's FILTER_COLUMNS and rid (search needs search_cte in the query).

    User values only ever travel as parameters (codes become integer bit masks or node ids first).
    Place filters are tested on each pair's ends in PAIR_TABLES (pairs carries p_bits and r_bits);
    elsewhere an initiative matches when it is in place_match, the table place_cte() computes (the
    query layer keeps it per view and lets queries read it). Text is tested in place on initiatives,
    and elsewhere through search_hits, which the query defines with search_cte() so the texts are
    scanned once.
    """
    clauses: list[str] = []
    params: list = []

    def add(sql: str, *values) -> None:
        clauses.append(sql.format(a=alias))
        params.extend(values)

    if f.years is not None:
        add("{a}.start_year BETWEEN ? AND ?", *f.years)
    if table in PAIR_TABLES:
        for sql, values in _pair_tests(f, places):
            add(sql, *values)
    elif f.has_places():
        add(f"{{a}}.rid IN (SELECT rid FROM {PLACE_MATCH})")
    if f.involving is not None:
        add("{a}.rid IN (SELECT rid FROM participation WHERE node = ?)", places.country_nodes.get(f.involving, -1))
    if f.themes:
        add("({a}.theme_bits & ?) <> 0", mask(THEME_BITS, f.themes))
    if f.sdgs:
        add("({a}.theme_bits & ?) <> 0", mask(SDG_BITS, f.sdgs))
    if f.source_types:
        add("({a}.source_bits & ?) <> 0", mask(SOURCE_BITS, f.source_types))
    if f.funders:
        add("{a}.rid IN (SELECT rid FROM funding WHERE list_contains(?::VARCHAR[], funder))", list(f.funders))
    for field_name, column in CODE_FIELDS:
        if getattr(f, field_name):
            add("({a}.code_bits & ?) <> 0", mask(CODE_BITS[column], getattr(f, field_name)))
    if f.search and table == "initiatives":
        add("contains({a}.search_text, lower(?))", f.search)
    elif f.search:
        add("{a}.rid IN (SELECT rid FROM search_hits)")
    if not f.include_unreported:
        add("NOT {a}.has_unreported")
    return (" AND ".join(clauses) or "TRUE"), params


def _pair_tests(f: Filters, places: Places) -> list[tuple[str, list]]:
    """One test per side with a place filter, on the pair's end of that side (p or r)."""
    out = []
    for side, end in (("provider", "p"), ("receiver", "r")):
        areas = getattr(f, f"{side}_regions") + getattr(f, f"{side}_subregions")
        countries = getattr(f, f"{side}_countries")
        organisations = f.provider_orgs if side == "provider" else ()
        tests, values = [], []
        if areas:
            tests.append(f"({{a}}.{end}_bits & ?) <> 0")
            values.append(mask(places.area_bits, areas))
        if countries or organisations:  # one parameter per node: an IN list is quicker than list_contains
            nodes = sorted({places.country_nodes[c] for c in countries if c in places.country_nodes}
                           | {places.org_nodes[o] for o in organisations if o in places.org_nodes}) or [-1]
            tests.append(f"{{a}}.{end} IN ({', '.join('?' * len(nodes))})")
            values.extend(nodes)
        if tests:
            out.append(("(" + " OR ".join(tests) + ")", values))
    return out


def place_cte(f: Filters, places: Places) -> tuple[str, list]:
    """The CTE place_match (rid, share: the part of the initiative's pairs that match the place
    filters), or nothing without a place filter. The other filters (bar text) narrow it too, so it
    stays small; text is tested where the query uses it."""
    if not f.has_places():
        return "", []
    condition, params = where(replace(f, search=""), places, "i", "pairs")
    return (f"{PLACE_MATCH} AS MATERIALIZED (SELECT i.rid, sum(i.weight) AS share FROM pairs i WHERE {condition} "
            "GROUP BY i.rid)"), params


@dataclass(frozen=True)
class Vocabulary:
    """The values a link may name for one dataset."""

    regions: frozenset[str]
    subregions: frozenset[str]
    countries: frozenset[str]
    year_bounds: tuple[int, int] | None  # None when no initiative reports a year
    sdgs: frozenset[str] = frozenset()  # the SDGs some initiative lists (the sidebar offers the filter if any)
    orgs: frozenset[str] = frozenset()  # the Southern-led multilateral providers' codes
    funders: frozenset[str] = frozenset()  # the funders' names

    def allowed(self, name: str) -> frozenset[str]:
        if name.endswith("_regions"):
            return self.regions
        if name.endswith("_subregions"):
            return self.subregions
        if name.endswith("_countries"):
            return self.countries
        if name.endswith("_orgs"):
            return self.orgs
        if name == "funders":
            return self.funders
        return frozenset(CODE_FILTERS[name])
