"""The data contract: columns, types, codelists with human labels, and validation rules.

This module is the single source of truth for the three datasets; the validator checks it,
the store loads by it and the About page prints its data dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.words.languages import N_, NC_, _, pgettext

# The data contract's version: raise it when the contract changes what a dataset's files mean (built databases
# are keyed by it, with the files' hashes: see dashboard.data.built).
CONTRACT_VERSION = 1
INITIATIVES_FILE = "initiatives.parquet"
FUNDING_FILE = "funding_sources.parquet"
COUNTRIES_FILE = "countries.parquet"

YEAR_MIN, YEAR_MAX = 1950, 2100

# A partner the source names only by area uses a UN M49 region, sub-region or intermediate
# region name. "World" (M49 001) stands for a partner the source does not place at all.
WORLD = "World"
# A provider that is a Southern-led multilateral institution or fund (initiatives' provider_orgs) is a place of
# its own kind; this stands where a country's region would (its colour, its group in a legend).
SOUTHERN_MULTILATERAL = "Southern-led multilateral"

STATUSES = {
    "planned": N_("Planned"),
    "ongoing": N_("Ongoing"),
    "completed": N_("Completed"),
    "unknown": N_("Status not reported"),
}

COOPERATION_TYPES = {
    "bilateral": N_("Bilateral"),
    "triangular": N_("Triangular (with a Northern or multilateral facilitator)"),
    "regional": N_("Regional or multi-country"),
}

LEAD_ACTORS = {
    "government": N_("Government"),
    "civil_society": N_("Civil society"),
    "multilateral": N_("Multilateral organisation"),
    "private_sector": N_("Private sector"),
    "research": N_("Research institution"),
}

ACTIVITY_TYPES = {
    "learning_route": N_("Learning route"),
    "exchange_visit": N_("Exchange visit"),
    "training": N_("Training"),
    "seminar_conference": N_("Seminar or conference"),
    "technical_assistance": N_("Technical assistance"),
    "research": N_("Research"),
    "network_platform": N_("Network or platform"),
    "policy_dialogue": N_("Policy dialogue"),
    "investment_project": N_("Investment project"),
    "other": N_("Other"),
}

# IFAD's thematic areas (a)-(j) (IFAD SSC paper, paragraph 27), then the other domains the seed
# documents name (IFAD paper paragraphs 12-13, 15 and annex I; CSO brief case studies; SSC overview).
THEMES = {
    "agri_technology": N_("Agricultural technologies and production services"),
    "agri_production": N_("Agricultural production"),
    "value_chains": N_("Inclusive agricultural value chains"),
    "natural_resources": N_("Natural resources (land, water, energy, biodiversity)"),
    "climate_change": N_("Climate change adaptation and mitigation"),
    "financial_services": N_("Inclusive financial services"),
    "rural_enterprise": N_("Rural enterprise and non-farm employment"),
    "skills": N_("Technical and vocational skills"),
    "producer_organizations": N_("Rural producer organizations"),
    "gender": N_("Gender"),
    "rural_development": N_("Rural development and poverty reduction (general)"),
    "rural_policy": N_("Pro-poor rural policy"),
    "governance": N_("Governance and social accountability"),
    "housing_urban": N_("Housing and urban development"),
    "disaster_recovery": N_("Disaster recovery and reconstruction"),
    "ict": N_("Information and communication technology"),
    "food_security": N_("Food security and sovereignty"),
    "social_protection": N_("Social protection"),
    "health": N_("Health"),
    "education": N_("Education"),
    "infrastructure": N_("Infrastructure"),
    "trade_investment": N_("Trade and investment"),
    "indigenous_peoples": N_("Indigenous peoples"),
    "capacity_building": N_("Capacity building and knowledge sharing"),
    # For imported rows whose sector names no theme above (budget support, debt, "unallocated").
    "unspecified": N_("Other or not stated"),
}
# The form an axis of themes shows of a long name: the same English (it fits), and under this context each
# catalog's shorter form where the language runs long (the full name stays in tooltips, filters and tables).
THEME_SHORT = "theme, short"
THEMES_SHORT = {
    "natural_resources": NC_("theme, short", "Natural resources (land, water, energy, biodiversity)"),
    "climate_change": NC_("theme, short", "Climate change adaptation and mitigation"),
    "rural_development": NC_("theme, short", "Rural development and poverty reduction (general)"),
    "disaster_recovery": NC_("theme, short", "Disaster recovery and reconstruction"),
    "ict": NC_("theme, short", "Information and communication technology"),
    "capacity_building": NC_("theme, short", "Capacity building and knowledge sharing"),
}

SOURCE_TYPES = {
    "multilateral": N_("Multilateral organisation"),
    "provider_government": N_("Provider government"),
    "receiver_government": N_("Receiver government"),
    "traditional_donor": N_("Traditional (DAC) donor"),
    "foundation_ngo": N_("Foundation or international NGO"),
    "private_sector": N_("Private sector"),
    "civil_society": N_("Civil society"),
    "beneficiaries": N_("Beneficiaries"),
    # The IFAD paper reports "contributions of others" without saying who they are.
    "unspecified": N_("Other contributors (type not stated)"),
    # An amount several funders gave together, the source not saying whose part is what (see ingest.funds).
    "joint": N_("Joint funding (not split)"),
    # A multilateral institution or fund founded and majority-owned by developing countries (the importer's
    # registry, dashboard/ingest/organisations.csv): the Islamic Development Bank, CAF, the OPEC Fund…
    "southern_multilateral": N_("Southern-led multilateral or fund"),
}

EVIDENCE_LEVELS = {
    "none": N_("No evidence of results reported"),
    "anecdotal": N_("Anecdotal (results described, not measured)"),
    "documented": N_("Documented (case study or systematic record)"),
    "evaluated": N_("Evaluated (independent evaluation)"),
}

INCOME_GROUPS = {
    "L": N_("Low income"),
    "LM": N_("Lower-middle income"),
    "UM": N_("Upper-middle income"),
    "H": N_("High income"),
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
    Column("initiative_id", "string", False, N_("unique, non-null")),
    Column("title", "string", False, N_("non-null")),
    Column("description", "string", True, N_("free text")),
    Column("start_year", "int", True, N_("1950-2100; null when the source states no year")),
    Column("end_year", "int", True, N_("null or at least start_year")),
    Column("status", "string", False, N_("status codelist"), "status"),
    Column("cooperation_type", "string", False, N_("cooperation type codelist"), "cooperation_type"),
    Column("lead_actor", "string", False, N_("lead actor codelist"), "lead_actor"),
    Column("activity_type", "string", False, N_("activity type codelist"), "activity_type"),
    Column("themes", "list", False, N_("at least one code of the theme codelist"), "themes"),
    Column("providers", "list", False, N_("ISO3 codes present in countries; empty only if provider_regions (or "
                                          "provider_orgs) is not")),
    Column("receivers", "list", False, N_("ISO3 codes present in countries; empty only if receiver_regions is not")),
    Column("provider_regions", "list", False, N_("UN M49 region names, for providers named only by region")),
    Column("receiver_regions", "list", False, N_("UN M49 region names, for receivers named only by region")),
    Column("two_way", "bool", False, N_("a mutual exchange in which each side gives and receives")),
    Column("facilitators", "list", False, N_("organisations brokering or co-financing a triangular exchange")),
    Column("evidence", "string", False, N_("evidence codelist"), "evidence"),
    Column("source", "string", False, N_("citation: document and section, or generator for synthetic rows")),
    Column("synthetic", "bool", False, N_("true for generated rows")),
)

# Columns a dataset may add (imports write them); absent, the app does without them.
INITIATIVE_OPTIONAL: tuple[Column, ...] = (
    Column("provider_orgs", "list", True, N_("Southern-led multilateral institutions or funds that provide, by name "
                                             "(a provider of their own kind, beside the countries)")),
    Column("sdgs", "int_list", True, N_("Sustainable Development Goals the initiative serves: numbers 1-17")),
)

FUNDING_COLUMNS: tuple[Column, ...] = (
    Column("initiative_id", "string", False, N_("references an initiative")),
    Column("source_type", "string", False, N_("funding source type codelist"), "source_type"),
    Column("funder", "string", False, N_("name as the source gives it")),
    Column("funder_iso3", "string", True, N_("ISO3 code present in countries, or null")),
    Column("amount_usd", "float", True, N_("null = not reported; otherwise at least 0, nominal US$")),
    Column("in_kind", "bool", False, N_("contribution in kind")),
    Column("year", "int", True, N_("1950-2100; null when the source states no year")),
)

FUNDING_OPTIONAL: tuple[Column, ...] = (
    Column("amount_original", "float", True, N_("the amount in the currency the source gives")),
    Column("currency", "string", True, N_("ISO 4217 code of amount_original")),
    Column("usd_rate", "float", True, N_("units of currency per US$ used for amount_usd (the rate of its year)")),
    Column("amount_usd_constant", "float", True, N_("the source's own constant US$ (base year in dataset.yaml)")),
    Column("joint", "bool", True, N_("true for a funder named in joint funding: its part of the joint amount (the "
                                     "row of type joint) is not stated, so it has no amount of its own")),
)
OPTIONAL: dict[str, tuple[Column, ...]] = {"initiatives.parquet": INITIATIVE_OPTIONAL,
                                           "funding_sources.parquet": FUNDING_OPTIONAL}
SDGS = range(1, 18)
# The 17 Sustainable Development Goals by number (UN short titles), the codes of the SDG filter.
SDG_NAMES = {
    "1": N_("SDG 1: No poverty"),
    "2": N_("SDG 2: Zero hunger"),
    "3": N_("SDG 3: Good health and well-being"),
    "4": N_("SDG 4: Quality education"),
    "5": N_("SDG 5: Gender equality"),
    "6": N_("SDG 6: Clean water and sanitation"),
    "7": N_("SDG 7: Affordable and clean energy"),
    "8": N_("SDG 8: Decent work and economic growth"),
    "9": N_("SDG 9: Industry, innovation and infrastructure"),
    "10": N_("SDG 10: Reduced inequalities"),
    "11": N_("SDG 11: Sustainable cities and communities"),
    "12": N_("SDG 12: Responsible consumption and production"),
    "13": N_("SDG 13: Climate action"),
    "14": N_("SDG 14: Life below water"),
    "15": N_("SDG 15: Life on land"),
    "16": N_("SDG 16: Peace, justice and strong institutions"),
    "17": N_("SDG 17: Partnerships for the goals"),
}

COUNTRY_COLUMNS: tuple[Column, ...] = (
    Column("iso3", "string", False, N_("ISO 3166-1 alpha-3, unique")),
    Column("iso_numeric", "int", False, N_("ISO 3166-1 numeric")),
    Column("name", "string", False, N_("short English name for charts")),
    Column("official_name", "string", False, N_("UN short name")),
    Column("region", "string", True, N_("UN M49 region")),
    Column("subregion", "string", True, N_("UN M49 sub-region")),
    Column("intermediate_region", "string", True, N_("UN M49 intermediate region")),
    Column("income_group", "string", True, N_("World Bank FY2026: L, LM, UM, H or null")),
    Column("ldc", "bool", False, N_("least developed country")),
    Column("lldc", "bool", False, N_("landlocked developing country")),
    Column("sids", "bool", False, N_("small island developing state")),
    Column("lon", "float", True, N_("label point longitude")),
    Column("lat", "float", True, N_("label point latitude")),
    Column("geometry", "geometry", True, N_("simplified shape; null where the map draws a dot at lon/lat")),
)

DATASETS: dict[str, tuple[Column, ...]] = {
    INITIATIVES_FILE: INITIATIVE_COLUMNS,
    FUNDING_FILE: FUNDING_COLUMNS,
}


def short_theme(code: str, full: str) -> str:
    """A theme's name as an axis shows it: its short form in the current language where it has one, else full."""
    return pgettext(THEME_SHORT, THEMES_SHORT[code]) if code in THEMES_SHORT else full


def label(codelist: str, code: str | None) -> str:
    """The human label of a code in the current language, or the code itself when it is not in the codelist."""
    if code is None:
        return _("Not reported")
    known = CODELISTS[codelist].get(code)
    return _(known) if known else code
