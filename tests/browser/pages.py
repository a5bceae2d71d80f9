"""Every kind of page the hub serves, found in the built site, and how to open one.

The browser tests run once per page *type*, not once per page: the home page, each
page at the top of the site (hand-written sections, the stories and events listings),
one representative of each family of generated pages (`stories/*/`, `events/*/`,
`stories/themes/*/`, `events/series/*/`, and any family added later), the search dialog
open, and the 404 page. Families are found from the built site's folders, so a new kind
of page is covered as soon as the generator writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Friendly names for the families we know; any other family is named by its pattern.
FAMILY_NAMES = {
    "stories/*/": "story",
    "events/*/": "event",
    "stories/themes/*/": "theme",
    "stories/roles/*/": "role-listing",
    "events/series/*/": "series",
    "events/category/*/": "category",
    "vacancies/*/": "vacancy",
}
MISSING_PATH = "this-page-does-not-exist/"
# Material shows this on a narrow screen instead of the search box.
SEARCH_BUTTON = 'label.md-header__button[for="__search"]'


@dataclass(frozen=True)
class PageType:
    """One kind of page, with the page chosen to stand for it."""

    name: str
    path: str
    """URL path relative to the site root, e.g. ``stories/my-story/``."""
    search_open: bool = False
    """Open the search dialog (with a query typed) after loading the page."""
    family: str = ""
    """The family pattern (``stories/*/``) the page was chosen from, if any."""

    def __str__(self) -> str:
        return self.name


def _url(index_html: Path, site: Path) -> str:
    folder = index_html.parent.relative_to(site).as_posix()
    return "" if folder == "." else folder + "/"


def _richest(pages: list[Path]) -> Path:
    """The page with the most content stands for its family (ties: first by path)."""
    return max(sorted(pages), key=lambda p: p.stat().st_size)


def discover(site: Path) -> list[PageType]:
    """Every page type of the built ``site``, in a stable order."""
    top: list[PageType] = []
    families: dict[str, list[Path]] = {}
    for index_html in sorted(site.rglob("index.html")):
        url = _url(index_html, site)
        if url.split("/")[0] == "admin":
            continue  # the web editor, not a page of the site: see test_editor.py
        if url.count("/") <= 1:
            top.append(PageType(url.rstrip("/") or "home", url))
        else:
            parent = url[: url.rstrip("/").rindex("/") + 1]
            families.setdefault(parent + "*/", []).append(index_html)
    types = sorted(top, key=lambda t: t.path)
    for pattern, pages in sorted(families.items()):
        name = FAMILY_NAMES.get(pattern, pattern)
        if pattern == "stories/*/":
            # A story with content notes shows the notice and its "skip to support" link.
            noted = [p for p in pages if "hub-content-notice" in p.read_text(encoding="utf-8")]
            if noted:
                pages, name = noted, "story-with-content-notes"
        types.append(PageType(name, _url(_richest(pages), site), family=pattern))
        if pattern == "vacancies/*/":
            # A closed post keeps its page (for shared links): a notice and no apply button.
            closed = [p for p in pages if "hub-status--closed" in p.read_text(encoding="utf-8")]
            if closed:
                types.append(PageType("vacancy-closed", _url(_richest(closed), site), family=pattern))
    types.append(PageType("search-dialog", "", search_open=True))
    if (site / "404.html").is_file():
        types.append(PageType("404", MISSING_PATH))
    return types


def open_page(
    page: Page, site_url: str, page_type: PageType, width: int, height: int = 800, *, idle: bool = False
) -> None:
    """Open ``page_type`` at ``width``; with ``idle``, wait until the network is quiet
    (nothing of the search is loaded until it is opened), else until the load event."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + page_type.path, wait_until="networkidle" if idle else "load")
    if page_type.search_open:
        page.keyboard.press("/")  # the search's shortcut (Material's); works at every width
        page.keyboard.type("peer")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        # Let the overlay's opening transition finish before measuring anything.
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        assert page.evaluate("document.getElementById('__search').checked"), "search not open"
        assert page.locator(".md-search__input").is_visible()
        assert page.locator(".md-search-result__item").first.is_visible()
