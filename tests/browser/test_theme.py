"""The theme in a real browser: accessibility, the crisis block, no third-party requests.

Every page the hub serves must pass axe-core (WCAG 2.0-2.2 A/AA and best practice),
carry the "Need help now?" block with the numbers from mkdocs.yml in the same place
(WCAG 2.2 consistent help), fetch nothing from another host, and fit a 390px phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = [1280, 390]

# name -> (path, open the search dialog?)
PAGES: dict[str, tuple[str, bool]] = {
    "home": ("", False),
    "hand-written page": ("role/", False),
    "404": ("this-page-does-not-exist/", False),
    "search dialog": ("", True),
}


def _open(page: Page, site_url: str, name: str, width: int) -> list[str]:
    """Open one of PAGES at the given width; return every URL the page requested."""
    path, search = PAGES[name]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + path, wait_until="networkidle")
    if search:
        page.keyboard.press("/")  # Material's shortcut; works at every width
        page.keyboard.type("peer")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        # Let the overlay's opening transition finish before measuring anything.
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        assert page.evaluate("document.getElementById('__search').checked"), "search not open"
        assert page.locator(".md-search__input").is_visible()
        assert page.locator(".md-search-result__item").first.is_visible()
    return requested


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(page: Page, site_url: str, name: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _open(page, site_url, name, width)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_crisis_block_shows_every_number(
    page: Page, site_url: str, crisis: dict[str, Any], name: str, width: int
) -> None:
    _open(page, site_url, name, width)
    if PAGES[name][1]:  # the search overlay covers the page; close it to look underneath
        page.keyboard.press("Escape")
    block = page.locator("#need-help")
    assert block.is_visible()
    assert block.get_by_role("heading", name=crisis["heading"]).is_visible()
    for line in crisis["lines"]:
        number = str(line["number"])
        scheme = "sms:" if line.get("text") else "tel:"
        link = block.locator(f'a[href^="{scheme}{number.replace(" ", "")}"]')
        assert link.count() == 1, f"no {scheme} link for {line['name']}"
        assert link.is_visible()
        assert number in link.inner_text()
    more = block.get_by_role("link", name="More ways to get help")
    assert more.is_visible()
    assert urlsplit(more.evaluate("a => a.href")).path.rstrip("/").endswith(crisis["more"].rstrip("/"))


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


def test_crisis_block_is_in_the_same_place_on_every_page(page: Page, site_url: str) -> None:
    positions = {}
    for name in PAGES:
        _open(page, site_url, name, 1280)
        positions[name] = page.evaluate(_POSITION)
    first = positions["home"]
    assert first["firstLinkFirst"] and first["beforeHeader"], first
    assert all(position == first for position in positions.values()), positions


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_site(page: Page, site_url: str, name: str) -> None:
    requested = _open(page, site_url, name, 1280)
    page.wait_for_load_state("networkidle")
    host = urlsplit(site_url).netloc
    elsewhere = [url for url in requested if urlsplit(url).netloc != host]
    assert requested, "no request was recorded at all"
    assert elsewhere == []


@pytest.mark.parametrize("name", PAGES)
def test_fits_a_390px_phone(page: Page, site_url: str, name: str) -> None:
    _open(page, site_url, name, 390)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, "the page scrolls sideways at 390px"
    # The crisis block stays compact, so the page's own heading is near the top.
    if not PAGES[name][1]:
        height = page.locator("#need-help").bounding_box()["height"]  # type: ignore[index]
        assert height <= 200, f"crisis block is {height}px tall at 390px"
