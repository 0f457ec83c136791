"""Every number opens its records, in Chromium: a click on a bar of the Overview opens the Initiatives list with
that bar's filter added to the view's, in the link, and the list holds exactly the bar's number of initiatives."""

from __future__ import annotations

import re

import pytest
from test_browser import drawn, open_view, wait_for_href


def opened_list(page, count: int, why: str = "") -> str:
    """The Initiatives list a mark opened: its link, once the list says it holds `count` initiatives."""
    link = wait_for_href(page, "/initiatives")
    page.wait_for_selector("text=/Rows 1–/")
    assert re.search(rf"Rows 1–\d+ of {count}\b", page.inner_text("[data-testid='stMain']")), why
    return link


def counted(page, selector: str, pattern: str = r"Initiatives: ([\d,]+)"):
    """The first mark matching a selector, its screen-reader label and the number of initiatives that label says."""
    mark = page.locator(selector).first
    label = mark.get_attribute("aria-label")
    return mark, label, int(re.search(pattern, label).group(1).replace(",", ""))


MARKS = [  # (the bar's words in its screen-reader label, the key the list's link gains)
    ("Start year: 2009", "yr=2009"),
    ("Place: Brazil", "pc=BRA"),
    ("Cooperation type: Triangular", "ct=triangular"),
]


@pytest.mark.parametrize("words, key", MARKS)
def test_a_click_on_a_bar_lists_its_initiatives(page, server, words, key):
    open_view(page, server, "/?rr=Africa")
    drawn(page, 6)
    mark, label, count = counted(page, f".vega-embed [aria-label*='{words}']",
                                 r"(?:Initiatives|Initiatives as provider): ([\d,]+)")
    mark.click()
    link = opened_list(page, count, label)
    assert key in link and "rr=Africa" in link  # the mark's filter beside the view's, in a link to share


def test_a_click_on_a_flow_of_the_map_lists_its_initiatives(page, server):
    open_view(page, server, "/map?rr=Africa")
    drawn(page, 1)
    ribbon, label, count = counted(page, ".vega-embed [aria-label*='Flow: India → South Africa']")
    # A ribbon's box is mostly other shapes: click between its two edges, a fifth of the way along.
    ribbon.scroll_into_view_if_needed()
    x, y = ribbon.evaluate("""p => {
        const n = p.getTotalLength(), m = p.getScreenCTM();
        const a = p.getPointAtLength(n * 0.2), b = p.getPointAtLength(n * 0.8);
        const point = new DOMPoint((a.x + b.x) / 2, (a.y + b.y) / 2).matrixTransform(m);
        return [point.x, point.y];
    }""")
    page.mouse.click(x, y)
    link = opened_list(page, count, label)
    assert "pc=IND" in link and "rc=ZAF" in link and "rr" not in link  # the receiver replaces the view's receivers


def test_a_click_on_a_cell_of_the_network_s_matrix_lists_its_initiatives(page, server):
    open_view(page, server, "/network?draw=matrix&rr=Africa")
    drawn(page, 1)
    cell, label, count = counted(page, ".vega-embed [aria-label*='Provider: India']"
                                       "[aria-label*='Receiver: South Africa']")
    cell.click()
    link = opened_list(page, count, label)
    assert "pc=IND" in link and "rc=ZAF" in link and "rr" not in link


def test_the_keyboard_opens_a_bar_s_records_from_the_chart_s_list_of_bars(page, server):
    """No mouse: the chart's Records menu lists each bar as a link; Enter on one opens the same list a click does."""
    open_view(page, server, "/?rr=Africa")
    drawn(page, 6)
    records = page.get_by_role("button", name="Records").first
    records.focus()
    page.keyboard.press("Enter")
    link = page.locator("[data-testid='stPopoverBody'] a").filter(has_text="2010").first
    count = int(re.search(r"2010: ([\d,]+) initiative", link.inner_text()).group(1))
    link.focus()
    page.keyboard.press("Enter")
    href = opened_list(page, count)
    assert "yr=2010" in href and "rr=Africa" in href
