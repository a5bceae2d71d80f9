"""The event pages in Chromium: they fit a 390px phone, pass axe, fetch nothing from
another host, filter by category with and without JavaScript, and move events that ended
after the build to "Past events" by the reader's clock.

Uses the browser tests' fixtures (tests/browser/conftest.py): the hub built once with
today 2026-11-23, served on 127.0.0.1, and Debian's Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.pages import PageType
from tests.browser.visits import PHONE, Visit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PAGES = {
    "listing": "events/",
    "category": "events/category/training/",
    "event": "events/recruitment-open-day-2027/",
    "repeating event": "events/global-peer-support-day/",
    "cancelled event": "events/new-year-walk-and-talk-2027/",
    "series": "events/series/awareness-week-2016/",
}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        yield context.new_page()
    finally:
        context.close()


def visible_cards(page: Page) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "li.hub-card[data-category]:not([hidden]) .hub-card__title a",
        "links => links.map(a => a.getAttribute('href'))",
    )
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


@pytest.mark.parametrize("name", PAGES)
def test_fits_a_phone_passes_axe_and_stays_on_the_site(
    visit: Callable[[PageType, int], Visit], site_url: str, name: str
) -> None:
    # Loaded once at 390 x 844 until the network was quiet (tests/browser/visits.py); a
    # page that is also a page type's is the same visit.
    seen = visit(PageType(name, PAGES[name]), PHONE["width"])
    assert seen.scroll_width <= seen.client_width, "the page scrolls sideways at 390px"
    assert seen.other_hosts(site_url) == []
    assert seen.axe_violations == 0, seen.axe_report


def test_filter_in_place_with_javascript(phone: Page, site_url: str) -> None:
    phone.goto(site_url + "events/")
    everything = visible_cards(phone)
    phone.get_by_role("link", name="Training", exact=True).click()
    assert phone.url == site_url + "events/?category=training"  # no page load, same folder
    assert visible_cards(phone) == ["peer-support-foundations-2027-03", "psw-welcome-day-2024"]
    assert phone.get_by_role("status").inner_text() == "Training: 1 coming up, 1 past."
    assert phone.locator('a[aria-current="page"]').inner_text() == "Training"
    assert not phone.locator('h3[id="2016"]').is_visible()  # a year with no training events
    phone.get_by_role("link", name="All events").click()
    assert visible_cards(phone) == everything
    assert phone.url == site_url + "events/"


def test_filter_from_the_address(phone: Page, site_url: str) -> None:
    phone.goto(site_url + "events/?category=recruitment")
    assert visible_cards(phone) == ["becoming-a-psw-open-session", "recruitment-open-day-2027"]
    assert phone.locator('a[aria-current="page"]').inner_text() == "Recruitment"


def test_filter_links_are_pages_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + "events/")
        page.get_by_role("link", name="Awareness", exact=True).click()
        page.wait_for_url(site_url + "events/category/awareness/")
        assert page.locator("h1").inner_text() == "Awareness events"
        assert visible_cards(page)[:2] == ["world-mental-health-day-2027", "global-peer-support-day"]
    finally:
        context.close()


def test_reader_clock_moves_events_that_ended_after_the_build(phone: Page, site_url: str) -> None:
    # Built on 23 November 2026; read on 11 December 2026 (in London).
    phone.clock.set_fixed_time("2026-12-11T12:00:00Z")
    phone.goto(site_url + "events/")
    coming = phone.locator("ul[data-hub-upcoming] > li .hub-card__title a")
    names = [
        href.rstrip("/") for href in coming.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]
    assert names[:2] == ["becoming-a-psw-open-session", "new-year-walk-and-talk-2027"]  # 6 then 14 January
    assert "winter-get-together-2026" not in names
    # the monthly session moved on to January and kept its place in date order
    session = phone.locator('ul[data-hub-upcoming] > li[data-category="recruitment"]').first
    assert "Next: Wednesday 6 January 2027, 6pm to 7pm GMT" in session.inner_text()
    # the get-together is under a new 2026 heading, above 2025
    years = phone.locator("h3[id]").evaluate_all("hs => hs.map(h => h.id).filter(id => /^\\d{4}$/.test(id))")
    assert years == ["2026", "2025", "2024", "2023", "2016"]
    past_2026 = phone.locator('ul[data-hub-past="2026"] .hub-card__title')
    assert past_2026.evaluate_all("hs => hs.map(h => h.tagName + ' ' + h.textContent)") == [
        "H4 Winter get-together for peer workers and friends"
    ]
    # on the home page, an ended event simply leaves the block
    phone.goto(site_url)
    html = phone.locator("article").inner_html()
    assert "winter-get-together-2026" not in html
    assert re.search(r"Next: Wednesday 6 January 2027", phone.locator("article").inner_text())
