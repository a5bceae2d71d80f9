"""Vacancies in Chromium on a 390px phone, as a person who has decided to apply uses them:
from the home page to a post's apply button in two taps, the button big enough to tap
and on the way down the page, and a closed post with nothing to apply through.

Uses the browser tests' fixtures (tests/browser/conftest.py): the sample hub built once
with today 2026-11-23, served on 127.0.0.1, and Debian's Chromium. axe, the crisis block,
requests and the phone layout of the vacancy pages are checked with every other page
type (tests/browser/pages.py finds them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_home_page_to_an_apply_button_in_two_taps(phone: Page, site_url: str) -> None:
    phone.goto(site_url, wait_until="load")
    first = phone.locator("#jobs ~ .hub-card-list .hub-card__title a").first
    first.scroll_into_view_if_needed()
    title = first.inner_text()
    first.tap()  # tap 1: the post
    phone.wait_for_url(f"{site_url}vacancies/*/")
    assert phone.locator(".md-content h1").inner_text() == title
    button = phone.locator("a.hub-apply__button")
    assert button.count() == 1 and button.inner_text() == "Apply for this post"
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44, box  # an easy tap target
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    href = button.get_attribute("href")
    assert href == "https://www.example.org/jobs/psw-rehabilitation-2027"  # tap 2 goes to the advert
    # The facts a person checks before applying are on the page, before the button.
    facts = phone.locator(".hub-vacancy-facts").inner_text()
    for label in ("Team", "Where", "Band", "Pay", "Hours", "Contract", "Closing date"):
        assert label in facts
    fact_box = phone.locator(".hub-vacancy-facts").bounding_box()
    assert fact_box is not None and fact_box["y"] < box["y"]


def test_a_closed_post_has_nothing_to_apply_through(phone: Page, site_url: str) -> None:
    phone.goto(f"{site_url}vacancies/senior-psw-early-intervention-2026/", wait_until="load")
    notice = phone.locator(".hub-status-line")
    assert notice.is_visible() and "This post closed on Sunday 25 October 2026" in notice.inner_text()
    assert phone.locator("a.hub-apply__button").count() == 0
    assert phone.locator('script[type="application/ld+json"]').count() == 0
    phone.get_by_role("link", name="See the posts open now").tap()
    phone.wait_for_url(f"{site_url}vacancies/")
    assert phone.locator(".md-content .hub-card").count() == 3
