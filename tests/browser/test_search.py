"""Search in a real browser: a reader finds stories and events by what they say, follows
the result to the right page, and never finds a word of a withheld story."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

RESULT_LINKS = ".md-search-result__item a.md-search-result__link"


def search(page: Page, query: str) -> None:
    page.get_by_role("textbox", name="Search").first.wait_for(state="attached")
    page.keyboard.press("/")
    page.keyboard.type(query)


def result_pages(page: Page) -> list[str]:
    """The page path of every result shown, in order (sections of a page share its path)."""
    page.locator(RESULT_LINKS).first.wait_for(timeout=10_000)
    hrefs = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


def test_search_for_a_story_title_and_follow_the_result(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "Someone who had been there")
    result = page.locator(".md-search-result__item a", has_text="Someone who had been there").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url("**/stories/someone-who-had-been-there/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Someone who had been there"
    assert page.locator("#need-help").is_visible()


# (word, where the word is written, the page it must lead to, that page's heading)
FINDS = {
    "story body": (
        "courgettes",
        "stories/someone-who-had-been-there.md",
        "/stories/someone-who-had-been-there/",
        "Someone who had been there",
    ),
    "event description": ("treats", "events.yaml", "/events/beacon-fun-day-2016/", "Fun day at The Beacon"),
    # The postcode follows a line break in the event's facts; it must still be a word.
    "event postcode": ("CT9", "events.yaml", "/events/beacon-fun-day-2016/", "Fun day at The Beacon"),
}


@pytest.mark.parametrize("case", FINDS)
def test_search_for_a_word_and_follow_the_result(page: Page, site_url: str, case: str) -> None:
    word, source, path, heading = FINDS[case]
    assert word in (REPO / source).read_text(encoding="utf-8")  # a word of the content, not made up
    page.goto(site_url, wait_until="networkidle")
    search(page, word)
    found = result_pages(page)
    assert found and set(found) == {path}, f"{word!r} led to {found}, not only {path}"
    # Follow the result that shows the word (marked) in context.
    page.locator(RESULT_LINKS).filter(has=page.locator("mark")).first.click()
    page.wait_for_url(f"**{path}**")
    assert page.get_by_role("heading", level=1).inner_text() == heading
    # search.highlight marks the word on the page it leads to
    page.locator("article mark").first.wait_for()
    marked = page.locator("article mark").all_inner_texts()
    assert word.lower() in [text.lower() for text in marked], marked


def test_a_withheld_story_is_not_found(page: Page, site_url: str) -> None:
    draft = (REPO / "stories/walking-group-by-the-lake.md").read_text(encoding="utf-8")
    assert "quillwort" in draft and "status: draft" in draft
    page.goto(site_url, wait_until="networkidle")
    # First prove search is working in this page, then ask for the withheld word.
    search(page, "courgettes")
    assert result_pages(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("quillwort")
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="No matching documents").wait_for(timeout=10_000)
    assert page.locator(".md-search-result__item").count() == 0
