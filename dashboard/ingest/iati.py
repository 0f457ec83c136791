"""IATI activity XML (2.0x and 1.0x) → raw records, streamed (iterparse) so memory stays flat.

Safety: a file that declares a DTD or entities is refused before parsing (IATI files never need
one; it is how XML bombs and external-entity attacks arrive), and the parser runs with entity
resolution, DTD loading and network access off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from lxml import etree

from dashboard.ingest.readers import SourceError, check_size

# 1.0x wrote roles, date types and transaction types as words or letters; 2.0x as numbers.
ROLES = {"1": "funding", "2": "accountable", "3": "extending", "4": "implementing", "funding": "funding",
         "accountable": "accountable", "extending": "extending", "implementing": "implementing"}
DATES = {"1": "start-planned", "2": "start-actual", "3": "end-planned", "4": "end-actual"}
TRANSACTIONS = {"C": "2", "D": "3", "E": "4", "IF": "1", "IR": "5", "LR": "6", "R": "7", "QP": "8", "QS": "9",
                "CG": "10"}
STATUS_WORDS = {"pipeline/identification": "1", "implementation": "2", "completion": "3",
                "post-completion": "4", "cancelled": "5", "suspended": "6"}
DAC_VOCABULARIES = {None, "", "1", "2", "DAC", "DAC-3"}
SDG_SECTOR_VOCABULARIES = {"7", "8", "9"}  # SDG goal, target, indicator
SDG_TAG_VOCABULARIES = {"2", "3"}
XML_HEAD = 65536
LIST_FIELDS = {"receivers", "receiver_regions", "sectors", "sdgs"}  # fields an XPath fills with every match


DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)


def check_safe(path: Path) -> None:
    """Refuse a file that declares a DTD or entities anywhere (after 64 KB of comments too; the parser would not
    expand them anyway), read in blocks: time linear in the file, memory of one block."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(XML_HEAD):
            if DECLARATION.search(tail + block):
                raise SourceError(f"{path.name} declares a DTD or entities; for safety, XML with <!DOCTYPE> or "
                                  "<!ENTITY> is refused (IATI files do not use them)")
            tail = block[-16:]


def text_of(element: etree._Element | None) -> str:
    """An element's text: its first narrative (2.0x, English first) or its own text (1.0x)."""
    if element is None:
        return ""
    narratives = element.findall("narrative")
    if narratives:
        english = [n for n in narratives if n.get("{http://www.w3.org/XML/1998/namespace}lang") in (None, "en")]
        chosen = (english or narratives)[0]
        return " ".join((chosen.text or "").split())
    return " ".join("".join(element.itertext()).split())


def version(path: Path) -> str:
    """The iati-activities version attribute ('2.03', '1.04'…), read from the root."""
    for _, element in etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True,
                                      load_dtd=False):
        if etree.QName(element).localname != "iati-activities":
            raise SourceError(f"{path.name} is XML but not an IATI activity file (its root is <{element.tag}>)")
        return element.get("version", "")
    return ""


AIMS_SHARE = 0.95  # of the activities that name a recipient country, the share one country must have


def file_recipient(counts: Mapping[str, int], naming: int) -> str | None:
    """The one recipient country (ISO2) of an aid-management system's export: the country that at least
    AIMS_SHARE of the activities naming a recipient country name (a country's AIMS records what comes to it);
    None for a file of many recipients. counts: activities per country; naming: activities naming any."""
    if not counts:
        return None
    top = max(counts, key=counts.__getitem__)
    return top if counts[top] >= AIMS_SHARE * naming else None


def activities(path: Path, xpaths: Mapping[str, str] | None = None) -> Iterator[dict]:
    """One dict per iati-activity: identifiers, texts, dates, codes, organisations, money."""
    check_size(path)
    check_safe(path)
    context = etree.iterparse(str(path), events=("end",), tag="iati-activity", resolve_entities=False,
                              no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        for n, (_, activity) in enumerate(context, start=1):
            yield _activity(activity, n, xpaths or {})
            activity.clear(keep_tail=False)
            parent = activity.getparent()
            while parent is not None and activity.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise SourceError(f"{path.name} is not well-formed XML ({error})") from None


def _year(text: str | None) -> int | None:
    match = re.match(r"\s*(\d{4})", text or "")
    return int(match.group(1)) if match else None


def _activity(a: etree._Element, n: int, xpaths: Mapping[str, str]) -> dict:
    identifier = " ".join((a.findtext("iati-identifier") or "").split())
    dates: dict[str, int | None] = {}
    for d in a.findall("activity-date"):
        kind = DATES.get(d.get("type", ""), d.get("type", ""))
        dates.setdefault(kind, _year(d.get("iso-date")) or _year(d.text))
    status = a.find("activity-status")
    status_code = None
    if status is not None:
        status_code = status.get("code") or STATUS_WORDS.get(text_of(status).casefold())
    sectors, sdgs = [], []
    for s in a.findall("sector"):
        vocabulary = s.get("vocabulary")
        if vocabulary in DAC_VOCABULARIES and s.get("code"):
            sectors.append(s.get("code"))
        elif vocabulary in SDG_SECTOR_VOCABULARIES and s.get("code"):
            sdgs.append(s.get("code").split(".")[0])
    for t in a.findall("tag"):
        if t.get("vocabulary") in SDG_TAG_VOCABULARIES and t.get("code"):
            sdgs.append(t.get("code").split(".")[0])
    orgs = [{"name": text_of(o) or o.get("ref") or "", "role": ROLES.get((o.get("role") or "").casefold(), ""),
             "type": o.get("type"), "ref": o.get("ref")} for o in a.findall("participating-org")]
    currency = a.get("default-currency")
    transactions = []
    for t in a.findall("transaction"):
        kind = t.find("transaction-type")
        code = kind.get("code", "") if kind is not None else ""
        value = t.find("value")
        if value is None:
            continue
        provider = t.find("provider-org")
        date = t.find("transaction-date")
        transactions.append({
            "type": TRANSACTIONS.get(code, code),
            "amount": value.text,
            "currency": value.get("currency") or currency,
            "year": _year(date.get("iso-date") if date is not None else None) or _year(value.get("value-date")),
            "provider": text_of(provider) if provider is not None else None,
        })
    budgets = []
    for b in a.findall("budget"):
        value = b.find("value")
        if value is not None:
            start = b.find("period-start")
            budgets.append({"amount": value.text, "currency": value.get("currency") or currency,
                            "year": _year(start.get("iso-date") if start is not None else value.get("value-date"))})
    record = {
        "ref": f"activity {n} ({identifier or 'no identifier'})",
        "initiative_id": identifier or None,
        "title": text_of(a.find("title")),
        "description": text_of(a.find("description")) or None,
        "start_year": dates.get("start-actual") or dates.get("start-planned"),
        "end_year": dates.get("end-actual") or dates.get("end-planned"),
        "status": status_code,
        "sectors": sectors,
        "sdgs": sdgs,
        "receivers": [c.get("code") for c in a.findall("recipient-country") if c.get("code")],
        "receiver_regions": [text_of(r) or r.get("code") for r in a.findall("recipient-region")],
        "orgs": orgs,
        "transactions": transactions,
        "budgets": budgets,
    }
    for field, expression in xpaths.items():
        try:
            found = a.xpath(expression)
        except etree.XPathError as error:
            raise SourceError(f"the mapping's XPath for {field} ({expression!r}) is not valid: {error}") from None
        values = [" ".join(str(v if isinstance(v, str) else "".join(v.itertext())).split())
                  for v in (found if isinstance(found, list) else [found])]
        record[field] = [v for v in values if v] if field in LIST_FIELDS else (values[0] if values else None)
    return record
