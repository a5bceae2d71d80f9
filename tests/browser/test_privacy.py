"""Privacy: reading the hub tells no one else. Every kind of page, loaded in Chromium,
requests nothing from another host, fails no request, and sets no cookie; and no page of
the built site refers to another host for anything a browser would fetch on its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import PageType
from tests.browser.visits import PHONE, WIDE, Visit
from tests.htmlcheck import CSS_URL, Fetches, elsewhere

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [WIDE, PHONE["width"]])
def test_page_asks_only_its_own_site_and_sets_no_cookie(
    visit: Callable[[PageType, int], Visit], site_url: str, page_type: PageType, width: int
) -> None:
    seen = visit(page_type, width)  # loaded until the network was quiet (tests/browser/visits.py)
    loaded = any("/assets/javascripts/bundle." in url for url in seen.requested)
    assert loaded, "the page did not finish loading"
    assert not [url for url in seen.requested if url.endswith("search_index.json")], "Material's search index"
    if page_type.search_open:  # the hub's search: its script and the index's files, from this site
        assert any(urlsplit(url).path.endswith("/search/index.json") for url in seen.requested)
    assert seen.other_hosts(site_url) == []
    assert seen.failed == []
    assert seen.errors == [], "requests that failed (e.g. a 404 for a file the page expects)"
    assert seen.cookies == []
    assert seen.document_cookie == ""
    assert seen.set_cookie == []


def test_no_built_page_fetches_from_another_host(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    found: dict[str, list[str]] = {}
    for path in pages:
        parser = Fetches()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.urls, f"{path}: no stylesheet or script found; is the parser broken?"
        remote = [url for url in parser.urls if elsewhere(url)]
        if remote:
            found[path.relative_to(built_site).as_posix()] = remote
    for path in sorted(built_site.rglob("*.css")):
        urls = [a or b for a, b in CSS_URL.findall(path.read_text(encoding="utf-8"))]
        remote = [url for url in urls if elsewhere(url)]
        if remote:
            found[path.relative_to(built_site).as_posix()] = remote
    assert found == {}


def test_the_check_of_built_pages_would_see_a_third_party_request() -> None:
    parser = Fetches()
    parser.feed(
        '<link rel="stylesheet" href="https://fonts.example.com/css">'
        '<link rel="canonical" href="https://hub.example.org/">'
        '<img srcset="a.png 1x, //cdn.example.com/b.png 2x">'
        '<style>body{background:url("https://t.example.com/p.gif")}</style>'
        '<a href="https://example.org/">a link is fetched only when followed</a>'
    )
    assert [url for url in parser.urls if elsewhere(url)] == [
        "https://fonts.example.com/css",
        "//cdn.example.com/b.png",
        "https://t.example.com/p.gif",
    ]
