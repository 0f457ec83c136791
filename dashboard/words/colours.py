"""The one registry of colours: every codelist the app colours, the measure colour and the greys. A category's
key here is its English label (N_-marked); charts translate both the data and the scale's domain.

A category keeps its colour on every page, and no colour stands for two things on one page: regions take five
Okabe-Ito hues and grey (and black stands for Southern-led multilateral providers among them); funding source
types the eight Okabe-Ito colours and four of their own (they never share a page with regions: the Funding mix
puts regions on an axis, not in colour); a country's roles take three of Paul Tol's colour-blind-safe "muted"
colours, apart from the regions they are drawn beside; flows that run both ways take the colour of the two-way
role (wine, which no map scheme uses), and only where they are the exception (see directions). Cooperation
types, lead actors and themes are named on their bars' axis, so their bars take the measure colour.
Communities (Network) are numbered groups, not a codelist: they borrow the Okabe-Ito colours while regions are
not shown.
"""

from __future__ import annotations

from dashboard.data import schema
from dashboard.words.languages import N_, _

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
MEASURE = "#0072B2"  # bars and lines of one measure
NO_DATA = "#D9D9D9"  # "no data", "not reported" in charts: a light neutral grey, named in the legend
# A Southern-led multilateral provider stands where a place's region would, in black (no region's hue).
REGIONS = {"Africa": "#E69F00", "Americas": "#009E73", "Asia": "#56B4E9", "Europe": "#CC79A7",
           "Oceania": "#D55E00", "World": "#999999", schema.SOUTHERN_MULTILATERAL: "#000000"}
SOURCE_TYPES = {**dict(zip(list(schema.SOURCE_TYPES)[:8], OKABE_ITO, strict=True)), "unspecified": "#999999",
                "joint": "#6F4E37",  # a dark brown: money of several funders together, no hue of its own type
                "southern_multilateral": "#117733"}  # Paul Tol's green: none of the eight Okabe-Ito hues
TWO_WAY = "#882255"
ROLES = {N_("As provider"): "#332288", N_("As receiver"): "#DDCC77", N_("Both (two-way)"): TWO_WAY}
ONE_WAY, BOTH_WAYS = N_("One way"), N_("Both ways (a return flow, or two-way initiatives)")
UNMARKED = N_("Flows (most run both ways, so the direction is not marked)")
FLOWS = {ONE_WAY: "#333333", BOTH_WAYS: TWO_WAY, UNMARKED: "#333333"}
# Reported amounts and those not reported, as a status of contributions or initiatives.
AMOUNT_STATUS = {N_("Amount reported"): MEASURE, N_("Amount not reported"): NO_DATA}
# Change between two periods (Overview and Map, ?yr2=): ColorBrewer BrBG, colour-blind safe, apart from the Map's
# net scheme (PuOr) and its classes (viridis): browns for a decrease, blue-greens for an increase, most first.
CHANGE_DOWN = ["#8c510a", "#d8b365", "#f6e8c3"]
CHANGE_UP = ["#c7eae5", "#5ab4ac", "#01665e"]
UNCHANGED = "#f5f5f5"
CHANGE = {N_("Increase"): CHANGE_UP[-1], N_("Decrease"): CHANGE_DOWN[0]}
# The two shares About's coverage chart compares.
COVERAGE = {N_("All amounts reported"): MEASURE, N_("Evidence of results"): "#999933"}


def directions(both) -> list[str]:
    """Each flow's legend entry: both ways or one way, unless most flows run both ways (then the mark would
    carry no information, and every flow is UNMARKED)."""
    both = [bool(b) for b in both]
    if both and sum(both) > len(both) / 2:
        return [_(UNMARKED)] * len(both)
    return [_(BOTH_WAYS) if b else _(ONE_WAY) for b in both]


def flow_scale(labels) -> dict:
    """The flow colours of the legend entries present (labels in the language, as directions gives them)."""
    present = set(labels)
    return {_(label): colour for label, colour in FLOWS.items() if _(label) in present}
