"""Search in a real browser: a reader finds a story from the home page and opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def search(page: Page, query: str) -> None:
    page.get_by_role("textbox", name="Search").first.wait_for(state="attached")
    page.keyboard.press("/")
    page.keyboard.type(query)


def test_search_for_a_story_title_and_follow_the_result(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "Someone who had been there")
    result = page.locator(".md-search-result__item a", has_text="Someone who had been there").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url("**/stories/someone-who-had-been-there/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Someone who had been there"
    assert page.locator("#need-help").is_visible()
