"""The data contract: columns, types, codelists with human labels, and validation rules.

This module is the single source of truth for the three datasets; the validator checks it,
the store loads by it and the About page prints its data dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass

INITIATIVES_FILE = "initiatives.parquet"
FUNDING_FILE = "funding_sources.parquet"
COUNTRIES_FILE = "countries.parquet"

YEAR_MIN, YEAR_MAX = 1950, 2100

# A partner the source names only by area uses a UN M49 region, sub-region or intermediate
# region name. "World" (M49 001) stands for a partner the source does not place at all.
WORLD = "World"

STATUSES = {
    "planned": "Planned",
    "ongoing": "Ongoing",
    "completed": "Completed",
    "unknown": "Status not reported",
}

COOPERATION_TYPES = {
    "bilateral": "Bilateral",
    "triangular": "Triangular (with a Northern or multilateral facilitator)",
    "regional": "Regional or multi-country",
}

LEAD_ACTORS = {
    "government": "Government",
    "civil_society": "Civil society",
    "multilateral": "Multilateral organisation",
    "private_sector": "Private sector",
    "research": "Research institution",
}

ACTIVITY_TYPES = {
    "learning_route": "Learning route",
    "exchange_visit": "Exchange visit",
    "training": "Training",
    "seminar_conference": "Seminar or conference",
    "technical_assistance": "Technical assistance",
    "research": "Research",
    "network_platform": "Network or platform",
    "policy_dialogue": "Policy dialogue",
    "investment_project": "Investment project",
    "other": "Other",
}

# IFAD's thematic areas (a)-(j) (IFAD SSC paper, paragraph 27), then the other domains the seed
# documents name (IFAD paper paragraphs 12-13, 15 and annex I; CSO brief case studies; SSC overview).
THEMES = {
    "agri_technology": "Agricultural technologies and production services",
    "agri_production": "Agricultural production",
    "value_chains": "Inclusive agricultural value chains",
    "natural_resources": "Natural resources (land, water, energy, biodiversity)",
    "climate_change": "Climate change adaptation and mitigation",
    "financial_services": "Inclusive financial services",
    "rural_enterprise": "Rural enterprise and non-farm employment",
    "skills": "Technical and vocational skills",
    "producer_organizations": "Rural producer organizations",
    "gender": "Gender",
    "rural_development": "Rural development and poverty reduction (general)",
    "rural_policy": "Pro-poor rural policy",
    "governance": "Governance and social accountability",
    "housing_urban": "Housing and urban development",
    "disaster_recovery": "Disaster recovery and reconstruction",
    "ict": "Information and communication technology",
    "food_security": "Food security and sovereignty",
    "social_protection": "Social protection",
    "health": "Health",
    "education": "Education",
    "infrastructure": "Infrastructure",
    "trade_investment": "Trade and investment",
    "indigenous_peoples": "Indigenous peoples",
    "capacity_building": "Capacity building and knowledge sharing",
    # For imported rows whose sector names no theme above (budget support, debt, "unallocated").
    "unspecified": "Other or not stated",
}

SOURCE_TYPES = {
    "multilateral": "Multilateral organisation",
    "provider_government": "Provider government",
    "receiver_government": "Receiver government",
    "traditional_donor": "Traditional (DAC) donor",
    "foundation_ngo": "Foundation or international NGO",
    "private_sector": "Private sector",
    "civil_society": "Civil society",
    "beneficiaries": "Beneficiaries",
    # The IFAD paper reports "contributions of others" without saying who they are.
    "unspecified": "Other contributors (type not stated)",
}

EVIDENCE_LEVELS = {
    "none": "No evidence of results reported",
    "anecdotal": "Anecdotal (results described, not measured)",
    "documented": "Documented (case study or systematic record)",
    "evaluated": "Evaluated (independent evaluation)",
}

INCOME_GROUPS = {
    "L": "Low income",
    "LM": "Lower-middle income",
    "UM": "Upper-middle income",
    "H": "High income",
}

CODELISTS: dict[str, dict[str, str]] = {
    "status": STATUSES,
    "cooperation_type": COOPERATION_TYPES,
    "lead_actor": LEAD_ACTORS,
    "activity_type": ACTIVITY_TYPES,
    "themes": THEMES,
    "source_type": SOURCE_TYPES,
    "evidence": EVIDENCE_LEVELS,
}


@dataclass(frozen=True)
class Column:
    """One column of a dataset: its logical type, whether it may be null, and its rule in words."""

    name: str
    kind: str  # string | int | float | bool | list | int_list
    nullable: bool
    rule: str
    codelist: str | None = None


INITIATIVE_COLUMNS: tuple[Column, ...] = (
    Column("initiative_id", "string", False, "unique, non-null"),
    Column("title", "string", False, "non-null"),
    Column("description", "string", True, "free text"),
    Column("start_year", "int", True, f"{YEAR_MIN}-{YEAR_MAX}; null when the source states no year"),
    Column("end_year", "int", True, "null or at least start_year"),
    Column("status", "string", False, "status codelist", "status"),
    Column("cooperation_type", "string", False, "cooperation type codelist", "cooperation_type"),
    Column("lead_actor", "string", False, "lead actor codelist", "lead_actor"),
    Column("activity_type", "string", False, "activity type codelist", "activity_type"),
    Column("themes", "list", False, "at least one code of the theme codelist", "themes"),
    Column("providers", "list", False, "ISO3 codes present in countries; empty only if provider_regions is not"),
    Column("receivers", "list", False, "ISO3 codes present in countries; empty only if receiver_regions is not"),
    Column("provider_regions", "list", False, "UN M49 region names, for providers named only by region"),
    Column("receiver_regions", "list", False, "UN M49 region names, for receivers named only by region"),
    Column("two_way", "bool", False, "a mutual exchange in which each side gives and receives"),
    Column("facilitators", "list", False, "organisations brokering or co-financing a triangular exchange"),
    Column("evidence", "string", False, "evidence codelist", "evidence"),
    Column("source", "string", False, "citation: document and section, or generator for synthetic rows"),
    Column("synthetic", "bool", False, "true for generated rows"),
)

# Columns a dataset may add (imports write them); absent, the app does without them.
INITIATIVE_OPTIONAL: tuple[Column, ...] = (
    Column("sdgs", "int_list", True, "Sustainable Development Goals the initiative serves: numbers 1-17"),
)

FUNDING_COLUMNS: tuple[Column, ...] = (
    Column("initiative_id", "string", False, "references an initiative"),
    Column("source_type", "string", False, "funding source type codelist", "source_type"),
    Column("funder", "string", False, "name as the source gives it"),
    Column("funder_iso3", "string", True, "ISO3 code present in countries, or null"),
    Column("amount_usd", "float", True, "null = not reported; otherwise at least 0, nominal US$"),
    Column("in_kind", "bool", False, "contribution in kind"),
    Column("year", "int", True, f"{YEAR_MIN}-{YEAR_MAX}; null when the source states no year"),
)

FUNDING_OPTIONAL: tuple[Column, ...] = (
    Column("amount_original", "float", True, "the amount in the currency the source gives"),
    Column("currency", "string", True, "ISO 4217 code of amount_original"),
    Column("usd_rate", "float", True, "units of currency per US$ used for amount_usd (the rate of its year)"),
)
OPTIONAL: dict[str, tuple[Column, ...]] = {"initiatives.parquet": INITIATIVE_OPTIONAL,
                                           "funding_sources.parquet": FUNDING_OPTIONAL}
SDGS = range(1, 18)
# The 17 Sustainable Development Goals by number (UN short titles), the codes of the SDG filter.
SDG_NAMES = {str(n): f"SDG {n}: {name}" for n, name in enumerate((
    "No poverty", "Zero hunger", "Good health and well-being", "Quality education", "Gender equality",
    "Clean water and sanitation", "Affordable and clean energy", "Decent work and economic growth",
    "Industry, innovation and infrastructure", "Reduced inequalities", "Sustainable cities and communities",
    "Responsible consumption and production", "Climate action", "Life below water", "Life on land",
    "Peace, justice and strong institutions", "Partnerships for the goals"), start=1)}

COUNTRY_COLUMNS: tuple[Column, ...] = (
    Column("iso3", "string", False, "ISO 3166-1 alpha-3, unique"),
    Column("iso_numeric", "int", False, "ISO 3166-1 numeric"),
    Column("name", "string", False, "short English name for charts"),
    Column("official_name", "string", False, "UN short name"),
    Column("region", "string", True, "UN M49 region"),
    Column("subregion", "string", True, "UN M49 sub-region"),
    Column("intermediate_region", "string", True, "UN M49 intermediate region"),
    Column("income_group", "string", True, "World Bank FY2026: L, LM, UM, H or null"),
    Column("ldc", "bool", False, "least developed country"),
    Column("lldc", "bool", False, "landlocked developing country"),
    Column("sids", "bool", False, "small island developing state"),
    Column("lon", "float", True, "label point longitude"),
    Column("lat", "float", True, "label point latitude"),
    Column("geometry", "geometry", True, "simplified shape; null where the map draws a dot at lon/lat"),
)

DATASETS: dict[str, tuple[Column, ...]] = {
    INITIATIVES_FILE: INITIATIVE_COLUMNS,
    FUNDING_FILE: FUNDING_COLUMNS,
}


def label(codelist: str, code: str | None) -> str:
    """The human label of a code, or the code itself when it is not in the codelist."""
    if code is None:
        return "Not reported"
    return CODELISTS[codelist].get(code, code)
