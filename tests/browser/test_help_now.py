"""Help one tap away, in a real browser: the crisis banner lays out cleanly on small
phones and at 200% zoom, and "Help now" stays in the header once the banner has scrolled
away, on every kind of page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import PageType, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# (width, height) of the layout viewport: a 320px and a 390px phone, and a 1280px window
# zoomed to 200% (which lays the page out 640 CSS pixels wide).
SIZES = [(320, 640), (390, 844), (640, 400), (1280, 800)]

# Every item and link of the banner's list of numbers: its box, and what CSS puts before
# and after it (a separator drawn with ::before would show here).
_BANNER = """() => {
  const items = [...document.querySelectorAll("#need-help .hub-crisis__lines > li")];
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height}; };
  const generated = el => [getComputedStyle(el, "::before").content, getComputedStyle(el, "::after").content];
  return {
    items: items.map(li => ({
      text: li.textContent.trim(), generated: generated(li),
      link: box(li.querySelector("a")), linkGenerated: generated(li.querySelector("a")),
    })),
    banner: box(document.getElementById("need-help")),
    text: document.getElementById("need-help").innerText,
    scrollWidth: document.documentElement.scrollWidth,
  };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}px" for w, _ in SIZES])
def test_the_banner_lays_out_cleanly(
    page: Page, site_url: str, crisis: dict[str, Any], width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url, wait_until="load")
    found = page.evaluate(_BANNER)
    assert found["scrollWidth"] <= width, "the page scrolls sideways"
    assert len(found["items"]) == len(crisis["lines"]) + 1  # every number, then "More ways to get help"
    for item in found["items"]:
        for content in item["generated"] + item["linkGenerated"]:
            assert content in ("none", "normal"), (width, item["text"], content)
        link = item["link"]
        assert link["left"] >= 0 and link["right"] <= width, (width, item["text"], link)
        assert link["height"] >= 24, (width, item["text"], link)  # WCAG 2.2 target size
    links = [item["link"] for item in found["items"]]
    for i, a in enumerate(links):
        for b in links[i + 1 :]:
            assert not _overlap(a, b), (width, a, b)
    for separator in ("·", "•", "|"):
        assert separator not in found["text"], (width, found["text"])
    if width <= 390:  # compact on a phone, so the page's own heading is on the first screen
        assert found["banner"]["height"] <= (160 if width > 320 else 190), (width, found["banner"])


_HELP_NOW = """() => {
  const link = document.querySelector("header .hub-help-now");
  const r = link.getBoundingClientRect();
  const banner = document.getElementById("need-help").getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, bannerBottom: banner.bottom,
          onTop: link.contains(hit), href: link.href};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_help_now_stays_in_the_header_when_the_banner_has_gone(
    page: Page, site_url: str, page_types: list[PageType], crisis: dict[str, Any], width: int
) -> None:
    for page_type in page_types:
        if page_type.search_open:
            continue
        open_page(page, site_url, page_type, width, 800)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(50)
        found = page.evaluate(_HELP_NOW)
        tall = page.evaluate("document.documentElement.scrollHeight > innerHeight + 200")
        if tall:
            assert found["bannerBottom"] <= 0, (page_type, "the banner should have scrolled away")
        assert found["top"] >= 0 and found["bottom"] <= 800, (page_type, found)
        assert found["left"] >= 0 and found["right"] <= width, (page_type, found)
        assert found["onTop"], (page_type, "something covers the Help now link")
        assert urlsplit(found["href"]).path == "/" + crisis["more"], found
    page.locator("header .hub-help-now").click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/").endswith(crisis["more"].rstrip("/"))
    assert page.locator(".md-content h1").inner_text() == "Need help now"
    assert page.locator("header .hub-help-now").get_attribute("aria-current") == "page"
