"""One visual language: walk every chart the pages draw (AppTest, both datasets, each page's colour-bearing
controls) and check that a category keeps one colour everywhere and that no colour names two categories
on one page. The measure blue and the no-data grey are not categories: they mean "the measure" and
"not reported" on every page."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from test_app import app

from dashboard.words import colours

VIEWS = {
    "overview": [("pages/overview.py", {}), ("pages/overview.py", {"show": "Funding"})],
    "map": [("pages/map.py", {}), ("pages/map.py", {"measure": "net", "width": "count"})],
    "country": [("pages/country.py", {"country": "BRA"}),
                ("pages/country.py", {"country": "CHN", "rank": "Initiatives"})],
    "network": [("pages/network.py", {}), ("pages/network.py", {"level": "subregion", "fac": "1"}),
                ("pages/network.py", {"draw": "matrix"})],
    "funding": [("pages/funding.py", {"by": by, "stack": "percent"}) for by in
                ("year", "theme", "cooperation_type", "lead_actor", "provider_region", "receiver_region")],
    "about": [("pages/about.py", {})],
}
NOT_CATEGORIES = {colours.MEASURE.lower(), colours.NO_DATA.lower()}


def scales(node) -> list[tuple[str, str]]:
    """Every (category, colour) of the colour scales in a Vega-Lite spec, layers included."""
    out = []
    if isinstance(node, dict):
        colour = node.get("color") if isinstance(node.get("color"), dict) else None
        scale = colour.get("scale") if colour else None
        if isinstance(scale, dict) and isinstance(scale.get("domain"), list) and isinstance(scale.get("range"), list):
            out += [(str(d), str(r).lower()) for d, r in zip(scale["domain"], scale["range"], strict=False)]
        for value in node.values():
            out += scales(value)
    elif isinstance(node, list):
        for value in node:
            out += scales(value)
    return out


def page_colours(dataset: str, views: list) -> list[tuple[str, str]]:
    found = []
    for page, params in views:
        at = app({**params, **({"ds": dataset} if dataset != "reference" else {})}, page)
        assert not at.exception, at.exception
        for element in at.get("vega_lite_chart"):
            found += scales(json.loads(element.proto.spec))
    return found


@pytest.fixture(scope="module")
def drawn() -> dict[tuple[str, str], list[tuple[str, str]]]:
    return {(dataset, name): page_colours(dataset, views) for dataset in ("reference", "demo")
            for name, views in VIEWS.items()}


def test_a_category_keeps_its_colour_on_every_page(drawn):
    seen: dict[str, set[str]] = defaultdict(set)
    for (_, page), pairs in drawn.items():
        for category, colour in pairs:
            if page == "map" and category[:1].isdigit() or category.startswith(("US$", "−US$", "Community")):
                continue  # a map's classes and the network's communities are numbered bands, not categories
            seen[category].add(colour)
    assert {c: s for c, s in seen.items() if len(s) > 1} == {}
    assert seen["Europe"] == {colours.REGIONS["Europe"].lower()}


def test_no_colour_names_two_categories_on_one_page(drawn):
    clashes = {}
    for key, pairs in drawn.items():
        names: dict[str, set[str]] = defaultdict(set)
        for category, colour in pairs:
            if colour not in NOT_CATEGORIES:
                names[colour].add(category)
        clashes.update({(key, colour): sorted(c) for colour, c in names.items() if len(c) > 1})
    assert clashes == {}
