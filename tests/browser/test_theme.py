"""The theme in a real browser: accessibility, the crisis block, a 390px phone.

Every kind of page the hub serves (see tests/browser/pages.py) must pass axe-core
(WCAG 2.0-2.2 A/AA and best practice) at 1280px and 390px, carry the "Need help now?"
block with the numbers from mkdocs.yml in the same place (WCAG 2.2 consistent help), and
fit a 390px phone with the crisis block, the heading and search on the first screen.
Requests and cookies are tested in test_privacy.py. Each page is loaded once per width
for all of these checks (tests/browser/visits.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.pages import SEARCH_BUTTON, PageType
from tests.browser.visits import PHONE, WIDE, Box, Visit

pytestmark = pytest.mark.browser

WIDTHS = [WIDE, PHONE["width"]]
Visits = Callable[[PageType, int], Visit]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violations(visit: Visits, page_type: PageType, width: int) -> None:
    seen = visit(page_type, width)
    assert seen.axe_violations == 0, seen.axe_report


def test_crisis_block_shows_every_number(visit: Visits, crisis: dict[str, Any], page_type: PageType) -> None:
    # The same page at 1280px, then as the window is narrowed to a phone's width.
    shown = visit(page_type, WIDE).crisis
    assert [c.width for c in shown] == WIDTHS
    for block in shown:
        width = block.width
        assert block.visible, width
        assert block.heading_visible, width
        assert block.regions == 1, width  # a named region, not a heading before the page's <h1>
        for line in crisis["lines"]:
            link = block.links[line["name"]]
            assert link["count"] == 1, f"no {link['scheme']} link for {line['name']}"
            assert link["visible"], (line["name"], width)
            assert str(line["number"]) in link["text"]
        assert block.more_visible
        assert block.more_path.rstrip("/").endswith(crisis["more"].rstrip("/"))


def test_crisis_block_is_in_the_same_place_on_every_page(visit: Visits, page_types: list[PageType]) -> None:
    positions = {page_type.name: visit(page_type, WIDE).position for page_type in page_types}
    first = positions["home"]
    assert first["firstLinkFirst"] and first["beforeHeader"], first
    assert all(position == first for position in positions.values()), positions


# Pages that are lists of stories or events (the listings, theme, role and category pages).
LISTINGS = {"stories", "events", "theme", "role-listing", "category", "vacancies"}


def _on_first_screen(seen: Visit, selector: str) -> dict[str, Any]:
    """Assert the element is visible, within the width and starts on the first screen."""
    element: Box = seen.boxes[selector]
    assert element.visible, f"{selector} is not visible"
    box = element.box
    assert box["shown"] and box["width"] > 0 and box["height"] > 0, (selector, box)
    assert box["left"] >= 0 and box["right"] <= PHONE["width"], f"{selector} is cut off at the side: {box}"
    assert 0 <= box["top"] < PHONE["height"], f"{selector} is not on the first screen: {box}"
    return box


def test_fits_a_390px_phone(visit: Visits, page_type: PageType) -> None:
    """At 390px the crisis block, the page's heading and search are on the first screen,
    and nothing scrolls sideways."""
    seen = visit(page_type, PHONE["width"])
    assert seen.client_width == PHONE["width"]
    assert seen.scroll_width <= seen.client_width, "the page scrolls sideways at 390px"
    if page_type.search_open:  # the dialog covers the screen: its box and results show
        _on_first_screen(seen, ".md-search__input")
        _on_first_screen(seen, ".md-search-result__item")
        return
    crisis = _on_first_screen(seen, "#need-help")
    # The crisis block stays compact, so the page's own heading is near the top.
    assert crisis["height"] <= 200, f"crisis block is {crisis['height']}px tall at 390px"
    _on_first_screen(seen, SEARCH_BUTTON)
    heading = _on_first_screen(seen, ".md-content h1")
    assert seen.boxes[".md-content h1"].count == 1
    assert heading["top"] >= crisis["bottom"]
    if page_type.name in LISTINGS:  # a reader sees the first story or event without scrolling
        first = _on_first_screen(seen, ".md-content .hub-card-list .hub-card__title")
        assert first["bottom"] <= PHONE["height"], f"the first title is cut off at 390px: {first}"
