"""The links a click on a mark opens, in AppTest: the Initiatives list of one country's initiatives (?country=, as
the Country profile's charts open it) and of one funder's (?fu=, as the Funding mix's funders open it), with the query
layer's counts, a way back to all, and notices for values the dataset does not have."""

from __future__ import annotations

from test_app import DATASETS, app, texts

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.words import text


def total(dataset: str, f: Filters) -> str:
    return text.count(int(questions.kpis(open_store(DATASETS[dataset]), f).iloc[0]["initiatives"]))


def test_a_country_s_initiatives_on_the_initiatives_page():
    at = app({"country": "bra", "yr": "2008-2010"}, "pages/initiatives.py")
    assert not at.exception and not at.warning
    n = total("reference", Filters(years=(2008, 2010), involving="BRA"))
    assert n != "0" and n != total("reference", Filters(years=(2008, 2010)))
    assert f" of {n}." in texts(at) and "Only the initiatives **Brazil** takes part in" in texts(at)
    next(b for b in at.button if b.label == "Show all initiatives").click().run()
    assert "country" not in at.query_params and f" of {total('reference', Filters(years=(2008, 2010)))}." in texts(at)


def test_a_funder_s_initiatives_and_its_words():
    funder = "Government of Brazil"
    at = app({"ds": "demo", "fu": f"{funder}|Other contributors"}, "pages/initiatives.py")
    assert not at.exception and not [w for w in at.warning if "Ignored" in w.value]
    n = total("demo", Filters(funders=(funder, "Other contributors")))
    assert f" of {n}." in texts(at)
    assert "Funders: Government of Brazil, Other contributors" in texts(at)
    assert at.query_params["fu"] == f"{funder}|Other contributors"


def test_an_unknown_funder_gets_a_notice():
    at = app({"fu": "Nobody, Inc.|<script>"}, "pages/funding.py")
    assert not at.exception
    assert [w.value for w in at.warning] == ["Ignored unknown funder `Nobody, Inc.`, `<script>` in the link."]


def test_a_country_s_initiatives_on_the_demo_data_and_a_country_it_does_not_have():
    at = app({"ds": "demo", "country": "IND"}, "pages/initiatives.py")
    assert not at.exception and not [w for w in at.warning if "Ignored" in w.value]
    assert f" of {total('demo', Filters(involving='IND'))}." in texts(at)
    gone = app({"ds": "demo", "country": "XXA"}, "pages/initiatives.py")  # no such country
    assert [w.value for w in gone.warning if "Ignored" in w.value] == ["Ignored `XXA` for the country in the link."]
    assert f" of {total('demo', Filters())}." in texts(gone)


def links(at) -> list[tuple[str, dict]]:
    """The Records menus' links: (label, query parameters)."""
    out = []
    for element in at.get("page_link"):
        proto = element.proto
        params = dict(proto.query_string and [p.split("=", 1) for p in proto.query_string.split("&")] or [])
        out.append((proto.label, params))
    return out


def test_the_map_and_the_network_list_their_marks_records_for_the_keyboard():
    from urllib.parse import unquote_plus

    at = app({"measure": "as_receiver", "rr": "Africa"}, "pages/map.py")
    found = links(at)
    places = questions.per_country(open_store(DATASETS["reference"]), Filters(receiver_regions=("Africa",)))
    top = places[places["kind"] == "country"].sort_values("initiatives_as_receiver", ascending=False).iloc[0]
    label, params = next((lab, p) for lab, p in found if lab.startswith(str(top["name"])))
    assert params.get("rc") == top["code"] and label.endswith(text.initiatives(int(top["initiatives_as_receiver"])))
    assert any("→" in lab and "pc" in p and "rc" in p for lab, p in found)  # the drawn flows too
    network = links(app({}, "pages/network.py"))
    assert network and all("pc" in p and "rc" in p and "→" in unquote_plus(lab) for lab, p in network)
