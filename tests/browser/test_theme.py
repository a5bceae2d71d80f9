"""The theme in a real browser: accessibility, the crisis block, a 390px phone.

Every kind of page the hub serves (see tests/browser/pages.py) must pass axe-core
(WCAG 2.0-2.2 A/AA and best practice) at 1280px and 390px, carry the "Need help now?"
block with the numbers from mkdocs.yml in the same place (WCAG 2.2 consistent help), and
fit a 390px phone with the crisis block, the heading and search on the first screen.
Requests and cookies are tested in test_privacy.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import SEARCH_BUTTON, PageType, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violations(page: Page, site_url: str, page_type: PageType, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, site_url, page_type, width, idle=True)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


def test_crisis_block_shows_every_number(
    page: Page, site_url: str, crisis: dict[str, Any], page_type: PageType
) -> None:
    open_page(page, site_url, page_type, WIDTHS[0])
    if page_type.search_open:  # the search overlay covers the page; close it to look underneath
        page.keyboard.press("Escape")
    for width in WIDTHS:  # the same page, as a window is narrowed to a phone's width
        page.set_viewport_size({"width": width, "height": 800})
        block = page.locator("#need-help")
        assert block.is_visible(), width
        # A named region, not a heading: the banner comes before the page's own <h1>.
        region = page.get_by_role("region", name=crisis["heading"])
        assert region.count() == 1 and region.is_visible()
        assert block.get_by_text(crisis["heading"], exact=True).is_visible()
        for line in crisis["lines"]:
            number = str(line["number"])
            scheme = "sms:" if line.get("text") else "tel:"
            link = block.locator(f'a[href^="{scheme}{number.replace(" ", "")}"]')
            assert link.count() == 1, f"no {scheme} link for {line['name']}"
            assert link.is_visible(), (line["name"], width)
            assert number in link.inner_text()
        more = block.get_by_role("link", name="More ways to get help")
        assert more.is_visible()
        more_path = urlsplit(more.evaluate("a => a.href")).path
        assert more_path.rstrip("/").endswith(crisis["more"].rstrip("/"))


# Where the crisis block sits: its ancestors, how many elements come before it (the skip
# link is left out: Material adds it only to pages with headings), and whether its first
# link is the first thing a keyboard reaches after the skip link.
_POSITION = """() => {
  const block = document.getElementById("need-help");
  const path = [];
  for (let el = block; el && el !== document.body; el = el.parentElement) {
    path.unshift(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.dataset.mdComponent ? `[${el.dataset.mdComponent}]` : ""));
  }
  const skip = document.querySelector('[data-md-component="skip"]');
  const before = [...document.body.querySelectorAll("*")].filter(el =>
    (el.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING)
    && !block.contains(el) && !el.contains(block) && !(skip && skip.contains(el)));
  const focusable = [...document.querySelectorAll("a[href], button, input:not([type=checkbox]), [tabindex]")]
    .filter(el => !(skip && skip.contains(el)) && el.tabIndex >= 0);
  return {
    path: path.join(" > "),
    before: before.length,
    firstLinkFirst: focusable[0] === block.querySelector("a"),
    beforeHeader: !!(block.compareDocumentPosition(document.querySelector("header"))
      & Node.DOCUMENT_POSITION_FOLLOWING),
  };
}"""


def test_crisis_block_is_in_the_same_place_on_every_page(
    page: Page, site_url: str, page_types: list[PageType]
) -> None:
    positions = {}
    for page_type in page_types:
        open_page(page, site_url, page_type, 1280)
        positions[page_type.name] = page.evaluate(_POSITION)
    first = positions["home"]
    assert first["firstLinkFirst"] and first["beforeHeader"], first
    assert all(position == first for position in positions.values()), positions


PHONE = {"width": 390, "height": 844}
# Pages that are lists of stories or events (the listings, theme, role and category pages).
LISTINGS = {"stories", "events", "theme", "role-listing", "category"}

# Where an element is on the screen, and whether CSS hides it.
_BOX = """el => {
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
          shown: cs.visibility !== "hidden" && cs.display !== "none" && +cs.opacity > 0};
}"""


def _on_first_screen(page: Page, selector: str) -> dict[str, Any]:
    """Assert the element is visible, within the width and starts on the first screen."""
    element = page.locator(selector).first
    assert element.is_visible(), f"{selector} is not visible"
    box: dict[str, Any] = element.evaluate(_BOX)
    assert box["shown"] and box["width"] > 0 and box["height"] > 0, (selector, box)
    assert box["left"] >= 0 and box["right"] <= PHONE["width"], f"{selector} is cut off at the side: {box}"
    assert 0 <= box["top"] < PHONE["height"], f"{selector} is not on the first screen: {box}"
    return box


def test_fits_a_390px_phone(page: Page, site_url: str, page_type: PageType) -> None:
    """At 390px the crisis block, the page's heading and search are on the first screen,
    and nothing scrolls sideways."""
    open_page(page, site_url, page_type, PHONE["width"], PHONE["height"])
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width == PHONE["width"]
    assert scroll_width <= client_width, "the page scrolls sideways at 390px"
    if page_type.search_open:  # the dialog covers the screen: its box and results show
        _on_first_screen(page, ".md-search__input")
        _on_first_screen(page, ".md-search-result__item")
        return
    crisis = _on_first_screen(page, "#need-help")
    # The crisis block stays compact, so the page's own heading is near the top.
    assert crisis["height"] <= 200, f"crisis block is {crisis['height']}px tall at 390px"
    _on_first_screen(page, SEARCH_BUTTON)
    heading = _on_first_screen(page, ".md-content h1")
    assert page.locator(".md-content h1").count() == 1
    assert heading["top"] >= crisis["bottom"]
    if page_type.name in LISTINGS:  # a reader sees the first story or event without scrolling
        first = _on_first_screen(page, ".md-content .hub-card-list .hub-card__title")
        assert first["bottom"] <= PHONE["height"], f"the first title is cut off at 390px: {first}"
