"""Sources → raw records for the builder: a table's rows through a mapping, or IATI activities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from dashboard.ingest import orgs
from dashboard.ingest.cells import blank
from dashboard.ingest.countries import CountryResolver
from dashboard.ingest.mapping import Mapping
from dashboard.ingest.readers import Table

Record = tuple[str, dict, list[dict], str | None]  # ref, values, contributions, reason to reject


def from_table(table: Table, mapping: Mapping) -> Iterator[Record]:
    """Each row: the mapped columns' cells as field values, and one contribution when money or a
    funder is mapped."""
    index = {name: i for i, name in enumerate(table.columns)}

    def positions(group: dict) -> dict[str, list[int]]:
        """Field → its columns' positions (a list of columns: the first filled cell wins)."""
        out = {}
        for name, spec in group.items():
            if "column" not in spec:
                continue
            wanted = spec["column"] if isinstance(spec["column"], list) else [spec["column"]]
            for column in wanted:
                if column not in index:
                    raise KeyError(f"the mapping reads {name} from the column {column!r}, which the file does not "
                                   f"have; its columns: {', '.join(table.columns)}")
            out[name] = [index[c] for c in wanted]
        return out

    def cell(row: list, where: list[int]) -> object:
        return next((row[i] for i in where if not blank(row[i])), row[where[0]])

    def combined(row: list, where: list[int], separator: str) -> object:
        """Every filled cell of the columns, as one list cell (combine: true)."""
        filled = [str(row[i]).strip() for i in where if not blank(row[i])]
        return f"{separator} ".join(filled) if filled else row[where[0]]

    field_columns, money_columns = positions(mapping.fields), positions(mapping.funding)
    together = {name: mapping.fields[name].get("separator", mapping.option("list_separator", ";"))
                for name in field_columns if mapping.fields[name].get("combine")}
    for row, ref in zip(table.rows, table.refs, strict=True):
        values = {name: combined(row, where, together[name]) if name in together else cell(row, where)
                  for name, where in field_columns.items()}
        contributions = [{name: cell(row, where) for name, where in money_columns.items()}] if money_columns else []
        yield ref, values, contributions, None


def from_iati(activity: dict, mapping: Mapping, countries: CountryResolver) -> Record:
    """An activity: its funding and extending organisations become providers (countries), funders and
    facilitators (the rest); its chosen transactions (else budgets) become contributions."""
    funders = [o for o in activity["orgs"] if o["role"] == "funding"] or \
        [o for o in activity["orgs"] if o["role"] == "extending"]
    providers, provider_orgs, facilitators, notes = [], [], [], []
    readings = mapping.fields.get("providers", {}).get("values", {})  # the mapping's reading of a funder's name
    for org in funders:
        if org["name"] in readings:
            providers.append(str(readings[org["name"]]))
            notes.append(f"providers: organisation {org['name']!r} read as {readings[org['name']]} (the mapping)")
            continue
        found = orgs.classify(org["name"], countries, org["type"], org["ref"])
        if found.kind == "government" and found.iso3:
            providers.append(found.iso3)
        elif found.southern_led and found.known_as:  # a provider of its own kind (see schema.SOUTHERN_MULTILATERAL)
            provider_orgs.append(found.known_as)
        elif org["name"]:
            facilitators.append(org["name"])
    for org in activity["orgs"]:  # a multilateral that implements or answers for it brokers the exchange
        if org["role"] in ("implementing", "accountable") and org["name"] and org["name"] not in facilitators and \
                orgs.classify(org["name"], countries, org["type"], org["ref"]).kind == "multilateral":
            facilitators.append(org["name"])
    values = {k: activity[k] for k in ("initiative_id", "title", "description", "start_year", "end_year", "status",
                                       "sdgs", "receivers", "receiver_regions")}
    values.update(themes=activity["sectors"], providers=providers, provider_orgs=provider_orgs,
                  facilitators=facilitators)
    for name in mapping.fields:  # an XPath the mapping gives overrides the reader's value
        if "xpath" in mapping.fields[name] and name in activity:
            values[name] = activity[name]
    wanted = "3" if mapping.option("transactions") == "disbursements" else "2"
    named = list(dict.fromkeys(o["name"] for o in funders if o["name"]))
    types = {o["name"]: (o["type"], o["ref"]) for o in funders}
    money = [t for t in activity["transactions"] if t["type"] == wanted]
    kind = "transactions"
    if not money and activity["budgets"]:
        money, kind = activity["budgets"], "budgets"
    totals: dict[tuple, float] = defaultdict(float)
    for t in money:
        try:
            amount = float(str(t["amount"]).strip())
        except ValueError:
            notes.append(f"a {kind[:-1]} value {str(t['amount']).strip()!r} ({t['year'] or 'no year'}) is not a "
                         "number: left out")
            continue
        # Whose money: the transaction's provider-org; else the only funder; else nobody's alone (joint).
        whose = t.get("provider") or (named[0] if len(named) == 1 else None)
        totals[(whose, t["currency"], t["year"])] += amount
    contributions = []
    for (funder, currency, year), amount in totals.items():
        contribution = {"funder": funder, "amount": amount, "currency": currency, "year": year,
                        "org": types.get(funder, (None, None))}
        if funder is None and len(named) > 1:
            contribution.update(funder="; ".join(named), joint=[(n, *types[n]) for n in named], org=(None, None))
        contributions.append(contribution)
    if not contributions:  # no money on record: the funders, with amounts not reported
        contributions = [{"funder": o["name"], "org": (o["type"], o["ref"])} for o in funders if o["name"]]
    if kind == "budgets":
        notes.append("money from budgets (the activity reports no transactions of the chosen type)")
    values["_notes"] = notes
    return activity["ref"], values, contributions, None
