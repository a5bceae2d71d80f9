"""The keyboard alone: from the top of a story, Tab reaches the crisis block first and then
search, and every stop on the way shows where the focus is (WCAG 2.4.7, 2.4.11, 1.4.11)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.pages import PageType

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

MAX_TABS = 40

# The focused element: what it is, where it is, and how its focus is drawn. The outline's
# contrast is measured against the first opaque background behind the element.
_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgba = text => (text.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number).concat([1]).slice(0, 4);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = [255, 255, 255, 1];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0.5) { behind = colour; break; }
  }
  const cs = getComputedStyle(el), r = el.getBoundingClientRect();
  const outline = rgba(cs.outlineColor);
  const [hi, lo] = [lum(outline), lum(behind)].sort((a, b) => b - a);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.getAttribute("aria-label") || el.value || "").trim().slice(0, 40),
    inCrisis: !!el.closest("#need-help"),
    isSearch: el.matches(".md-search__input"),
    isSkipLink: el.matches(".md-skip"),
    inSearch: !!el.closest(".md-search"),
    isMenu: el.matches("label[for=__drawer]"),
    inDrawer: !!el.closest(".md-sidebar--primary"),
    focusVisible: el.matches(":focus-visible"),
    outline: cs.outlineStyle === "none" ? 0 : parseFloat(cs.outlineWidth),
    contrast: (hi + 0.05) / (lo + 0.05),
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < innerHeight && r.left < innerWidth && cs.visibility !== "hidden",
  };
}"""


_SETTLE = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  const finished = Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  Promise.race([finished, new Promise(late => setTimeout(late, 1000))]).then(done);
})))"""


def _focus(page: Page) -> Any:
    """The focused element once it has settled: focusing the search box makes Material open
    the search and fade its colours in, a frame or two after the key; a busy machine would
    otherwise measure them half way. Read until two readings a few frames apart agree."""
    stop = page.evaluate(_FOCUS)
    for _ in range(20):
        page.evaluate(_SETTLE)
        again = page.evaluate(_FOCUS)
        if again == stop:
            return stop
        stop = again
    return stop


def _story(page_types: list[PageType]) -> PageType:
    story = next(t for t in page_types if t.family == "stories/*/")
    assert story.name == "story-with-content-notes", "no story with content notes in the sample hub"
    return story


def _assert_visible_focus(stop: dict[str, Any]) -> None:
    assert stop["focusVisible"], f"{stop}: not :focus-visible"
    assert stop["onScreen"], f"{stop}: focus is off the screen"
    assert stop["outline"] >= 2, f"{stop}: no focus outline (at least 2px)"
    assert stop["contrast"] >= 3, f"{stop}: focus outline contrast {stop['contrast']:.2f}:1 is under 3:1"


@pytest.mark.parametrize("width", [1280, 390])
def test_tab_from_the_top_reaches_crisis_block_then_search(
    page: Page, site_url: str, page_types: list[PageType], crisis: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + _story(page_types).path, wait_until="load")
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = _focus(page)
        assert stop is not None, f"focus was lost after {[s['text'] for s in stops]}"
        _assert_visible_focus(stop)
        stops.append(stop)
        if stop["isSearch"]:
            break
    else:
        pytest.fail(f"search not reached in {MAX_TABS} presses of Tab: {[s['text'] for s in stops]}")
    assert stops[0]["isSkipLink"], stops[0]
    # Straight after the skip link: every line of the crisis block, then "More ways".
    crisis_stops = [s for s in stops if s["inCrisis"]]
    assert stops[1 : 1 + len(crisis_stops)] == crisis_stops, "the crisis block is not reached first"
    assert len(crisis_stops) == len(crisis["lines"]) + 1
    for line, stop in zip(crisis["lines"], crisis_stops, strict=False):
        assert line["name"] in stop["text"] and str(line["number"]) in stop["text"]


def test_content_notice_lets_a_keyboard_user_skip_to_support(
    page: Page, site_url: str, page_types: list[PageType]
) -> None:
    page.goto(site_url + _story(page_types).path, wait_until="load")
    skip = page.locator(".hub-content-notice a[href='#support']")
    for _ in range(3 * MAX_TABS):
        page.keyboard.press("Tab")
        if skip.evaluate("a => a === document.activeElement"):
            break
    else:
        pytest.fail("the content notice's link to support is not reachable with Tab")
    _assert_visible_focus(_focus(page))
    page.keyboard.press("Enter")
    page.wait_for_url("**#support")
    heading = page.locator("#support-heading")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 800, "the support section is not scrolled into view"
    # The next Tab continues from the support section, not from the top of the story.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#support')")


def test_on_a_phone_every_tab_stop_is_on_screen_and_the_menu_opens(
    page: Page, site_url: str, page_types: list[PageType]
) -> None:
    """Below 76.25em the navigation is an off-screen drawer: Tab must not wander into it
    while it is closed, and its menu button must open it from the keyboard."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site_url + _story(page_types).path, wait_until="load")
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = _focus(page)
        if stop is None or (stops and stop["isSkipLink"]):
            break  # round the whole page and back to the browser
        stops.append(stop)
    # Inside the search dialog Material moves focus itself; the rest must be on screen.
    offscreen = [s["text"] or s["tag"] for s in stops if not s["onScreen"] and not s["inSearch"]]
    assert offscreen == [], "Tab lands on things no one can see"
    assert not any(s["inDrawer"] for s in stops), "Tab goes into the closed menu"
    assert any(s["isMenu"] for s in stops) and any("support" in s["text"] for s in stops), stops

    page.goto(site_url + _story(page_types).path, wait_until="load")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if _focus(page)["isMenu"]:
            break
    _assert_visible_focus(_focus(page))
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked"), "Enter did not open the menu"
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = _focus(page)
        if stop["inDrawer"] and stop["text"] == "Home":
            break
    else:
        pytest.fail("Tab does not reach the links of the open menu")
    _assert_visible_focus(stop)
