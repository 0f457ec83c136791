"""Guessing a mapping from a file's header (for --init and the upload form): column names as fields are
usually named, else the words a name holds; the theme codes a column's values suggest; the starter mapping
--init writes."""

from __future__ import annotations

import re

from dashboard.data import schema
from dashboard.ingest.mapping import FUNDING_FIELDS, INITIATIVE_FIELDS, OPTIONS, Mapping

GUESSES = {  # column names (lower case) that usually hold a field, for --init and the detected mapping
    "initiative_id": ("id", "project_id", "projeto", "ação", "acao", "codigo", "código", "code", "identifier"),
    "title": ("title", "título", "titulo", "titre", "name", "project", "project title", "titulo projeto"),
    "description": ("description", "objetivo", "objective", "descripción", "descricao", "summary"),
    "start_year": ("year", "start_year", "start year", "ano", "año", "annee", "start", "ano projeto sap"),
    "end_year": ("end_year", "end year", "end"),
    "status": ("status", "situação", "situacao", "estado", "statut", "situacao projeto"),
    "themes": ("theme", "themes", "sector", "sector_code", "crs_sector_code", "sector code"),
    "sdgs": ("sdg", "sdgs", "ods", "odd"),
    "providers": ("provider", "providers", "donor", "country_provider", "oferente"),
    "receivers": ("receiver", "receivers", "recipient", "recipients", "all_recipients", "country", "país", "pais",
                  "section", "receptor", "beneficiary country"),
    "facilitators": ("facilitator", "facilitators", "partner organisation", "cofinancing_agency"),
}


FUNDING_GUESSES = {
    "amount": ("amount", "amount_usd", "valor", "value", "budget", "orçamento", "orcamento", "monto", "montant"),
    "currency": ("currency", "moeda", "moneda", "devise"),
    "funder": ("funder", "funding_agency", "donor_agency"),
}


# When no column is named exactly as GUESSES has it: the words a column's name holds ("Provider Country/ies",
# "Host/Recipient Country/ies", "Primary SDG Contribution"), in the order fields are guessed. A field matches a
# column whose words include every word of one of its tuples; a list field of GUESS_COMBINES takes every column that
# matches, combined.
WORD_GUESSES = {
    "providers": (("provider",), ("donor",), ("oferente",), ("provedor",), ("fournisseur",), ("cooperante",)),
    "receivers": (("recipient",), ("receiver",), ("host",), ("beneficiary",), ("receptor",), ("beneficiario",),
                  ("bénéficiaire",)),
    "facilitators": (("implementing",), ("facilitator",), ("facilitating",), ("executing",)),
    "title": (("project", "name"), ("initiative", "name"), ("programme", "name"), ("program", "name"), ("title",),
              ("nombre",), ("nome",), ("titulo",), ("título",)),
    "sdgs": (("sdg",), ("ods",), ("odd",), ("goal",)),
    "themes": (("thematic",), ("theme",), ("sector",), ("area",), ("tema",), ("temática",)),
    "description": (("description",), ("objective",), ("summary",), ("descripción",), ("descrição",)),
    "start_year": (("start",), ("begin",), ("inicio",), ("início",), ("début",), ("year",), ("año",), ("ano",)),
    "end_year": (("end",), ("completion",), ("fin",), ("fim",), ("término",)),
    "status": (("status",), ("estado",), ("situação",), ("statut",)),
    "initiative_id": (("id",), ("code",), ("código",), ("number",), ("no",)),
}


WORD_FUNDING = {
    "amount": (("budget",), ("amount",), ("cost",), ("value",), ("monto",), ("valor",), ("usd",)),
    "currency": (("currency",), ("moneda",), ("moeda",), ("devise",)),
    "funder": (("funder",), ("funding", "source"), ("financing",), ("financier",), ("financiador",)),
}


GUESS_COMBINES = ("sdgs", "themes", "providers", "receivers", "facilitators")  # list fields guessed from many columns


def words_of(column: str) -> set[str]:
    """A column name's words, in lower case, plurals as their singular ('Country/ies' → country; 'Areas' → area)."""
    found = set()
    for word in re.findall(r"[^\W_]+", column.casefold()):
        found.add(word)
        if word.endswith("ies") and len(word) > 4:
            found.add(word[:-3] + "y")
        elif word.endswith("s") and len(word) > 3:
            found.add(word[:-1])
    return found


def guess(columns: list[str]) -> Mapping:
    """A mapping from column names alone (each guess is written in the report and in --init's file): a column named
    exactly as a field usually is, else one whose name holds a field's words (WORD_GUESSES); a list field combines
    every column that does (primary and secondary SDGs)."""
    lowered = {c.casefold().strip(): c for c in columns}
    used: set[str] = set()

    def pick(options: tuple[str, ...]) -> str | None:
        for option in options:
            if option in lowered and lowered[option] not in used:
                used.add(lowered[option])
                return lowered[option]
        return None

    def by_words(rules: tuple[tuple[str, ...], ...], many: bool) -> list[str]:
        found = [c for c in columns if c not in used and any(set(rule) <= words_of(c) for rule in rules)]
        found = found if many else found[:1]
        used.update(found)
        return found

    fields: dict[str, dict] = {}
    funding: dict[str, dict] = {}
    for name, options in GUESSES.items():
        column = pick(options)
        if column:
            fields[name] = {"column": column}
    for name, options in FUNDING_GUESSES.items():
        column = pick(options)
        if column:
            funding[name] = {"column": column}
    for group, rules_of in ((fields, WORD_GUESSES), (funding, WORD_FUNDING)):
        for name, rules in rules_of.items():
            if name in group:
                continue
            found = by_words(rules, name in GUESS_COMBINES)
            if len(found) > 1:
                group[name] = {"column": found, "combine": True}
            elif found:
                group[name] = {"column": found[0]}
    themes = fields.get("themes", {}).get("column")
    if isinstance(themes, str) and "sector" in themes.casefold():
        fields["themes"]["codes"] = "dac"
    return Mapping({}, fields, funding, "guessed from the column names")


def propose_themes(values: list[str], limit: int = 40) -> dict[str, str]:
    """A theme code for each value a themes column holds ('Agriculture and food security' → food_security), from
    the words it shares with a theme's label; values nothing matches are left out (the import lists them)."""
    labels = {code: words_of(label) for code, label in schema.THEMES.items() if code != "unspecified"}
    out = {}
    for value in list(dict.fromkeys(v.strip() for v in values if v and v.strip()))[:limit]:
        mine = words_of(value) - STOP_WORDS
        score, code = max(((len(mine & words), code) for code, words in labels.items()), default=(0, ""))
        if score:
            out[value] = code
    return out


STOP_WORDS = {"and", "the", "of", "for", "in", "de", "y", "e", "et", "la", "le", "des", "du", "development"}


def init_text(columns: list[str], mapping: Mapping, samples: dict[str, str],
              theme_values: list[str] | None = None) -> str:
    """A starter mapping: the guesses filled in (with theme codes proposed for the themes column's values, when
    given), then one commented line per source column."""
    spec = mapping.fields.get("themes")
    proposed = propose_themes(theme_values or []) if spec and "codes" not in spec and "values" not in spec else {}
    if spec and proposed:
        mapping = Mapping(mapping.options, {**mapping.fields, "themes": {**spec, "values": proposed}},
                          mapping.funding, mapping.name)
    lines = ["# SSC Flows import mapping (python -m dashboard.ingest FILE --mapping THIS --out DIR).",
             "# Detected guesses are filled in; edit them, then delete what you do not need.",
             "# Every field: column: NAME | default: VALUE | separator: ';' | values: {source: code} (reject drops "
             "the row) | combine: true (a list field takes every column's values, not the first filled one)"]
    if proposed:
        lines.append("# themes.values: codes PROPOSED from the words of each value; check every one.")
    lines += ["", mapping.as_yaml().rstrip(), "", "# Options:"]
    lines += [f"#   {key}: {text}" for key, text in OPTIONS.items()]
    lines += ["", "# Fields not mapped yet:"]
    lines += [f"#   {key}: {text}" for key, text in INITIATIVE_FIELDS.items() if key not in mapping.fields]
    lines += [f"#   funding.{key}: {text}" for key, text in FUNDING_FIELDS.items() if key not in mapping.funding]
    lines += ["", "# The file's columns (with a first value):"]
    lines += [f"#   {c!r}: {samples.get(c, '')[:60]!r}" for c in columns]
    return "\n".join(lines) + "\n"
