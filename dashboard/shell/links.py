"""The link keys: one explicit mapping between the view and a link's query parameters (short, stable keys;
lists as comma-separated codes; defaults never written), read back with a notice for every value ignored.
No Streamlit here: the API reads links with the same keys."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.data import prices, schema
from dashboard.data.filters import Filters, Vocabulary
from dashboard.words.languages import LANG_KEY, N_, _
from dashboard.words.markup import verbatim

DATASET_KEY = "ds"
PRESENT_KEY = "present"  # ?present=1: presentation mode, for a screen in a meeting room
# A chart alone, for an iframe (?embed=true&chart=NAME): only the block figures.chart puts that chart in shows; the
# sidebar, the navigation and every other element go, and the chart takes the page's width. `embed=true` is
# Streamlit's own chrome-less mode (Streamlit keeps the `embed` key to itself: the page cannot read it, so the
# chart key alone asks for the chart).
EMBED_KEY = "embed"
CHART_KEY = "chart"

# --- The URL vocabulary -------------------------------------------------------------------
# One explicit mapping between Filters and query parameters: short, stable keys; lists as
# comma-separated codes; defaults never written. Documented in the README.
URL_KEYS = {
    "years": "yr",
    "provider_regions": "pr",
    "provider_subregions": "ps",
    "provider_countries": "pc",
    "provider_orgs": "po",
    "receiver_regions": "rr",
    "receiver_subregions": "rs",
    "receiver_countries": "rc",
    "themes": "th",
    "sdgs": "sdg",
    "cooperation_types": "ct",
    "lead_actors": "la",
    "activity_types": "at",
    "source_types": "fs",
    "funders": "fu",  # names, which may hold commas: joined by FUNDER_SEPARATOR
    "search": "q",
    "include_unreported": "unrep",
    "prices": "prices",
}


URL_FIELDS = {key: name for name, key in URL_KEYS.items()}
FUNDER_SEPARATOR = "|"


MANAGED_KEYS = (DATASET_KEY, PRESENT_KEY, LANG_KEY, *URL_FIELDS)  # the query parameters the sidebar owns
SEARCH_MAX = 200


FIELD_WORDS = {
    "provider_regions": N_("provider region"), "provider_subregions": N_("provider sub-region"),
    "provider_countries": N_("provider country"), "provider_orgs": N_("Southern-led multilateral provider"),
    "receiver_regions": N_("receiver region"),
    "receiver_subregions": N_("receiver sub-region"), "receiver_countries": N_("receiver country"),
    "themes": N_("theme"), "sdgs": N_("SDG"), "cooperation_types": N_("cooperation type"),
    "lead_actors": N_("lead actor"), "activity_types": N_("activity type"), "source_types": N_("funding source type"),
    "funders": N_("funder"),
}


def to_query(f: Filters) -> dict[str, str]:
    """The sidebar's query parameters of a Filters value (fields at their default are left out)."""
    out: dict[str, str] = {}
    for name in f.changed():
        if name not in URL_KEYS:
            continue  # page state (involving), written by its page
        value = getattr(f, name)
        key = URL_KEYS[name]
        if name == "years":
            out[key] = f"{value[0]}-{value[1]}"
        elif name == "include_unreported":
            out[key] = "exclude"
        elif name in ("prices", "search"):
            out[key] = value
        elif name == "funders":
            out[key] = FUNDER_SEPARATOR.join(value)
        else:
            out[key] = ",".join(value)
    return out


def _years(text: str, vocab: Vocabulary, whole_is_default: bool = True) -> tuple[tuple[int, int] | None, str | None]:
    parts = text.split("-")
    if len(parts) == 1:
        parts = [parts[0], parts[0]]
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        return None, _("Ignored the year range {value} in the link: write it as 2005-2014.").format(
            value=verbatim(text))
    low, high = int(parts[0]), int(parts[1])
    if low > high:
        return None, _("Ignored the year range {value} in the link: the first year is after the last.").format(
            value=verbatim(text))
    if not (schema.YEAR_MIN <= low <= schema.YEAR_MAX and schema.YEAR_MIN <= high <= schema.YEAR_MAX):
        return None, _("Ignored the year range {value} in the link: years run from {first} to {last}.").format(
            value=verbatim(text), first=schema.YEAR_MIN, last=schema.YEAR_MAX)
    if whole_is_default and vocab.year_bounds is not None and (low, high) == vocab.year_bounds:
        return None, None  # the whole range is the default
    return (low, high), None


PERIOD_KEY = "yr2"  # ?yr2=2015-2024: a second period of start years, compared with the view's (Overview, Map)


# ?year=2012 (within the view's years): the Map plays the years and shows that one; ?yrmode=cumulative counts the
# initiatives started since the first year instead of those active in each.
YEAR_KEY, YEAR_MODE_KEY = "year", "yrmode"


def period(text: str, vocab: Vocabulary) -> tuple[int, int] | None:
    """The second period a link asks for (?yr2=2015-2024, or one year), or None when it cannot be used."""
    return _years(text.strip(), vocab, whole_is_default=False)[0]


def from_query(params: Mapping[str, str | list[str]], vocab: Vocabulary) -> tuple[Filters, list[str]]:
    """Read Filters from query parameters; every value that cannot be used is named in a notice.

    Unknown keys are left alone (other parts of the app own them); a bad value never raises.
    """
    values: dict = {}
    notices: list[str] = []
    for key, raw in params.items():
        name = URL_FIELDS.get(key)
        if name is None:
            continue
        texts = raw if isinstance(raw, list) else [raw]
        if name == "years":
            years, notice = _years(texts[-1].strip(), vocab)
            if years is not None:
                values["years"] = years
            if notice:
                notices.append(notice)
        elif name == "search":
            text = texts[-1].strip()
            if len(text) > SEARCH_MAX:
                notices.append(_("Shortened the search text in the link to {n} characters.").format(n=SEARCH_MAX))
                text = text[:SEARCH_MAX]
            values["search"] = text
        elif name == "prices":
            basis = texts[-1].strip().lower()
            if basis in prices.BASES:
                values["prices"] = basis
            else:
                notices.append(_("Ignored {value} for prices in the link: use `constant` (or `current`, the "
                                 "default).").format(value=verbatim(texts[-1])))
        elif name == "include_unreported":
            flag = texts[-1].strip().lower()
            if flag in ("exclude", "0", "false", "no"):
                values["include_unreported"] = False
            elif flag not in ("include", "1", "true", "yes", ""):
                notices.append(_("Ignored {value} for unreported amounts in the link: use `exclude`.").format(
                    value=verbatim(texts[-1])))
        else:
            separator = FUNDER_SEPARATOR if name == "funders" else ","
            items = [item.strip() for text in texts for item in text.split(separator) if item.strip()]
            allowed = vocab.allowed(name)
            unknown = [item for item in items if item not in allowed]
            if unknown:
                quoted = ", ".join(verbatim(item) for item in unknown[:5])
                if len(unknown) > 5:
                    quoted = _("{values} and {n} more").format(values=quoted, n=len(unknown) - 5)
                notices.append(_("Ignored unknown {what} {values} in the link.").format(what=_(FIELD_WORDS[name]),
                                                                                      values=quoted))
            values[name] = tuple(item for item in items if item in allowed)
    return Filters(**values), notices
