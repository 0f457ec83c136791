"""The questions: one function per question a page or the API asks, (Store, Filters) → a small, aggregated
DataFrame, grouped by family (overview counts, places and flows, network, funding, initiatives); `registry`
lists them as the API serves them. Pages and the API call them here, as `questions.<name>`.

Money follows the contract's rules: amounts not reported stay out of sums and are counted instead (unreported),
and an initiative's reported funding is split evenly across its provider→receiver pairs, so flows, provided and
received totals reconcile to the reported total.

The layer may import the data layer and the words it marks (`dashboard.words.languages`), nothing above.
"""

from dashboard.questions.activity import activity, activity_totals, pair_activity
from dashboard.questions.compare import COMPARED, PEER_KINDS, country_comparison, peers
from dashboard.questions.funding import (
    MIX_DIMENSIONS,
    funding_coverage,
    funding_mix,
    leverage,
    leverage_initiatives,
    top_funders,
)
from dashboard.questions.initiatives import (
    EXPORT_COLUMNS,
    SORTABLE,
    InitiativeDetail,
    country_names,
    export_parquet,
    export_rows,
    initiative_detail,
    initiatives_page,
    place_options,
    vocabulary,
)
from dashboard.questions.network import EDGE_ORDER, NETWORK_LEVELS, corridors, facilitator_links, network_edges
from dashboard.questions.overview import coverage, kpis, per_code, per_theme, per_year
from dashboard.questions.periods import CHANGE_COLUMNS, period_change
from dashboard.questions.places import dominance, flows, per_country, roles_per_year

__all__ = [  # what pages and the API call, by family
    "kpis", "per_year", "per_theme", "per_code", "coverage", "per_country", "flows", "dominance", "roles_per_year",
    "CHANGE_COLUMNS", "period_change", "activity", "activity_totals", "pair_activity", "COMPARED", "PEER_KINDS",
    "country_comparison", "peers",
    "NETWORK_LEVELS", "EDGE_ORDER", "network_edges", "corridors", "facilitator_links", "MIX_DIMENSIONS",
    "funding_mix", "funding_coverage", "top_funders", "leverage", "leverage_initiatives", "SORTABLE",
    "initiatives_page", "country_names", "InitiativeDetail", "initiative_detail", "place_options", "vocabulary",
    "EXPORT_COLUMNS", "export_rows", "export_parquet",
]
