"""Few initiatives, most pairs: the notice the Map and the Network show when a handful of initiatives (a record
naming 57 countries on both sides) make most provider→receiver pairs, and the choice to count each initiative once.
"""

from __future__ import annotations

import streamlit as st

from dashboard.shell.state import View, linked_toggle
from dashboard.words import text
from dashboard.words.languages import _, ngettext
from dashboard.words.markup import plain

MOST = 0.5  # the share of all pairs that the few (at most three) initiatives must make for the notice
ONCE_KEY = "once"


def count_once(counting: bool) -> bool:
    """The toggle (link key once=1) that counts each initiative once: its pairs share it (1/pairs each), so one
    initiative naming many countries weighs what any other does. Only where flows are counted (not valued)."""
    return linked_toggle(_("Count each initiative once"), ONCE_KEY, disabled=not counting,
                         help=_("Off: an initiative counts on every provider→receiver pair it makes (one naming 57 "
                                "countries on each side makes 3,249). On: its pairs share it, each counting "
                                "1 ÷ its pairs, so every initiative weighs one. Reported values are always shared "
                                "this way.")) and counting


def notice(v: View) -> None:
    """Say so when at most three initiatives make most of the pairs under the filters."""
    top = v.query("dominance")
    if top.empty or int(top["all_initiatives"].iloc[0]) <= len(top):
        return
    total = int(top["all_pairs"].iloc[0])
    held = top["pairs"].cumsum() / total
    few = int((held < MOST).sum()) + 1  # the fewest initiatives that make at least half the pairs
    if few > len(top) or held.iloc[few - 1] < MOST:
        return
    named = text.names_list([_("“{title}” ({providers} × {receivers} places)").format(
        title=plain(str(t), 90), providers=text.count(int(p)), receivers=text.count(int(r)))
        for t, p, r in zip(top["title"].head(few), top["providers"].head(few), top["receivers"].head(few),
                           strict=True)])
    st.info(ngettext(
        "One initiative makes {share} of the {pairs} provider→receiver pairs under these filters: {names}. Counts "
        "of flows mostly show it; turn on “Count each initiative once” to weigh every initiative alike.",
        "{n} initiatives make {share} of the {pairs} provider→receiver pairs under these filters: {names}. Counts "
        "of flows mostly show them; turn on “Count each initiative once” to weigh every initiative alike.", few).format(
        n=text.count(few), share=text.share(int(top["pairs"].head(few).sum()), total), pairs=text.count(total),
        names=named), icon=":material/balance:")
