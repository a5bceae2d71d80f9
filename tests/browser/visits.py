"""One visit to each kind of page at each width, for every browser check of a page.

Loading a page in Chromium costs most of a browser test, and several tests look at the
same page: axe, the crisis block, where it sits, what the page requested, how it fits a
phone. So each page type is opened once at 1280px and once at 390px (a phone, 390 x 844),
in a fresh browser context, and everything those tests check is read from that one load
into a :class:`Visit`; the tests then assert on it. What a visit records is plain data
(no live page), so a test reads it as it would have read the page.

At 1280px, in this order: the page loads until the network is quiet (with the search
open, its script and index files loaded); what it requested and every cookie; axe; where the crisis
block sits; the crisis block (the search dialog closed first); then the same page
narrowed to 390px, as a window is, and the crisis block again. At 390 x 844: the page
loads until the network is quiet; what it requested; axe; the boxes of what must be on
the first screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tests.browser.pages import SEARCH_BUTTON, PageType, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Response

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDE = 1280
PHONE = {"width": 390, "height": 844}

# Where the crisis block sits: its ancestors, how many elements come before it (the skip
# link is left out: Material adds it only to pages with headings), and whether its first
# link is the first thing a keyboard reaches after the skip link.
POSITION = """() => {
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

# Where an element is on the screen, and whether CSS hides it.
BOX = """el => {
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
          shown: cs.visibility !== "hidden" && cs.display !== "none" && +cs.opacity > 0};
}"""

FIRST_SCREEN = ["#need-help", SEARCH_BUTTON, ".md-content h1", ".md-content .hub-card-list .hub-card__title"]
SEARCH_FIRST_SCREEN = [".md-search__input", ".md-search-result__item"]


@dataclass
class Box:
    """An element as a reader sees it: visible or not, and where it is."""

    selector: str
    visible: bool
    count: int
    box: dict[str, Any] = field(default_factory=dict)


@dataclass
class Crisis:
    """The "Need help now?" block as shown at one width."""

    width: int
    visible: bool
    heading_visible: bool
    """Its heading's words are on screen."""
    regions: int
    """How many regions of the page are named by the heading: one, the block (a named
    region, not a heading: the banner comes before the page's own ``<h1>``)."""
    links: dict[str, dict[str, Any]]
    """For each line's name: how many tel:/sms: links to its number, and the first one's
    visibility and text."""
    more_visible: bool
    more_path: str


@dataclass
class Visit:
    """What one load of a page type at one width showed."""

    page_type: PageType
    width: int
    requested: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[tuple[str, int]] = field(default_factory=list)
    """Responses with a status of 400 or more, but the 404 page when it was asked for."""
    set_cookie: list[str] = field(default_factory=list)
    cookies: list[Any] = field(default_factory=list)
    document_cookie: str = ""
    axe_violations: int = 0
    axe_report: str = ""
    position: dict[str, Any] = field(default_factory=dict)
    crisis: list[Crisis] = field(default_factory=list)
    scroll_width: int = 0
    client_width: int = 0
    boxes: dict[str, Box] = field(default_factory=dict)

    def other_hosts(self, site_url: str) -> list[str]:
        host = urlsplit(site_url).netloc
        return [url for url in self.requested if urlsplit(url).netloc != host]


# The crisis block as a reader sees it, in one call: visible means what Playwright's
# is_visible() means (a box that is not empty, and not visibility: hidden).
CRISIS = """([heading, lines]) => {
  const visible = el => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const block = document.getElementById("need-help");
  if (!block) return null;
  const wanted = heading.trim().toLowerCase();
  const headings = [...block.querySelectorAll("*")]
    .filter(el => el.children.length === 0 && el.textContent.trim().toLowerCase() === wanted);
  const nameOf = el => {
    const by = el.getAttribute("aria-labelledby");
    const label = by ? document.getElementById(by) : null;
    return (label ? label.textContent : el.getAttribute("aria-label") || "").trim().toLowerCase();
  };
  const named = "section[aria-labelledby], section[aria-label], [role=region]";
  const regions = [...document.querySelectorAll(named)]
    .filter(el => nameOf(el) === wanted && (el === block || el.contains(block) || block.contains(el)));
  const links = {};
  for (const [name, href] of lines) {
    const found = [...block.querySelectorAll("a[href]")].filter(a => a.getAttribute("href").startsWith(href));
    links[name] = {count: found.length, visible: visible(found[0]), text: found[0] ? found[0].innerText : ""};
  }
  const more = [...block.querySelectorAll("a[href]")]
    .filter(a => a.textContent.trim() === "More ways to get help");
  return {
    visible: visible(block),
    heading_visible: headings.length > 0 && visible(headings[0]),
    regions: regions.length,
    links,
    more_visible: visible(more[0]),
    more_path: more[0] ? new URL(more[0].href).pathname : "",
  };
}"""


def _crisis(page: Page, width: int, crisis: dict[str, Any]) -> Crisis:
    page.set_viewport_size({"width": width, "height": 800})
    lines = [
        (line["name"], ("sms:" if line.get("text") else "tel:") + str(line["number"]).replace(" ", ""))
        for line in crisis["lines"]
    ]
    found = page.evaluate(CRISIS, [crisis["heading"], lines])
    if found is None:
        return Crisis(width, False, False, 0, {}, False, "")
    for name, href in lines:
        found["links"][name]["scheme"] = href.split(":", 1)[0] + ":"
    return Crisis(width=width, **found)


def _axe(page: Page, visit: Visit) -> None:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    visit.axe_violations = results.violations_count
    visit.axe_report = results.generate_report() if results.violations_count else ""


def _box(page: Page, selector: str) -> Box:
    element = page.locator(selector)
    count = element.count()
    visible = count > 0 and element.first.is_visible()
    return Box(selector, visible, count, element.first.evaluate(BOX) if visible else {})


def make_visit(
    browser: Browser, site_url: str, page_type: PageType, width: int, crisis: dict[str, Any]
) -> Visit:
    """Open ``page_type`` at ``width`` once and record everything the browser tests check."""
    height = PHONE["height"] if width == PHONE["width"] else 800
    context = browser.new_context(viewport={"width": width, "height": height})
    visit = Visit(page_type, width)
    try:
        page = context.new_page()
        responses: list[Response] = []
        page.on("request", lambda request: visit.requested.append(request.url))
        page.on("response", lambda response: responses.append(response))
        page.on("requestfailed", lambda request: visit.failed.append(f"{request.url}: {request.failure}"))
        open_page(page, site_url, page_type, width, height, idle=True)
        missing = site_url + "this-page-does-not-exist/"
        visit.errors = [(r.url, r.status) for r in responses if r.status >= 400 and r.url != missing]
        visit.set_cookie = [r.url for r in responses if "set-cookie" in r.headers]
        visit.cookies = context.cookies()
        visit.document_cookie = page.evaluate("document.cookie")
        _axe(page, visit)
        if width == PHONE["width"]:
            visit.scroll_width, visit.client_width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            for selector in SEARCH_FIRST_SCREEN if page_type.search_open else FIRST_SCREEN:
                visit.boxes[selector] = _box(page, selector)
        else:
            visit.position = page.evaluate(POSITION)
            if page_type.search_open:  # the search overlay covers the page; close it to look underneath
                page.keyboard.press("Escape")
            visit.crisis = [_crisis(page, w, crisis) for w in (WIDE, PHONE["width"])]
    finally:
        context.close()
    return visit
