"""Search in a real browser, as a reader uses it: find stories, events and pages by what they
say, follow a result to the right place on the right page, filter, use it by keyboard alone
on a desktop and on a phone, and never find a word of a withheld story.

The page downloads nothing of the search until a reader opens it, asks no other host, and
loads nothing of Material's own search."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from benchmarks.synthetic import hub_settings
from generator import pipeline
from generator.search.index import words
from tests.conftest import REPO, TODAY
from tests.searchindex import BuiltIndex
from tests.test_search import body_words

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

RESULT_LINKS = ".md-search-result__item a.md-search-result__link"
STATUS = ".md-search-result__meta"


def search(page: Page, query: str) -> None:
    """Open the search with its shortcut and type, as a reader does; wait for its answer."""
    page.get_by_role("textbox", name="Search").wait_for(state="attached")
    page.keyboard.press("/")
    page.keyboard.type(query, delay=20)
    settled(page, query)


def result_pages(page: Page) -> list[str]:
    """The path of every result shown, in order, once the search has answered what the box
    holds now (not a word's first letters, which are searched while it is being typed)."""
    page.wait_for_function(
        """() => {
          const box = document.querySelector(".md-search__input");
          const status = document.querySelector(".md-search-result__meta");
          return box && status && status.textContent.includes("\u201c" + box.value.trim() + "\u201d");
        }""",
        timeout=10_000,
    )
    page.locator(RESULT_LINKS).first.wait_for(timeout=10_000)
    page.wait_for_function("!document.querySelector('.md-search-result__item[hidden]')")
    hrefs = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


def settled(page: Page, query: str) -> str:
    """The status line once it speaks of ``query``."""
    status = page.locator(STATUS)
    status.filter(has_text=f"\u201c{query}\u201d").wait_for(timeout=10_000)
    return status.inner_text()


def test_search_for_a_story_title_and_follow_the_result(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "Someone who had been there")
    result = page.locator(RESULT_LINKS, has_text="Someone who had been there").first
    result.wait_for(timeout=10_000)
    assert result_pages(page)[0] == "/stories/someone-who-had-been-there/", "a title match comes first"
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
    "hand-written page": ("diagnose", "docs/role/index.md", "/role/", "The Peer Support Worker role"),
    # Typed without its accent, a word is still found: "cafe" finds "café".
    "word with an accent": (
        "cafe",
        "events.yaml",
        "/events/new-year-walk-and-talk-2027/",
        "New year walk and talk",
    ),
}


@pytest.mark.parametrize("case", FINDS)
def test_search_for_a_word_and_land_on_it(page: Page, site_url: str, case: str) -> None:
    word, source, path, heading = FINDS[case]
    text = (REPO / source).read_text(encoding="utf-8")
    assert word in text or word in words(text)  # a word of the content, not made up
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(site_url, wait_until="networkidle")
    search(page, word)
    assert path in result_pages(page), f"{word!r} did not lead to {path}"
    link = page.locator(f'{RESULT_LINKS}[href*="{path}"]').first
    link.locator("mark").first.wait_for(timeout=10_000)  # the excerpt comes once typing pauses
    marked = link.locator("mark").all_inner_texts()
    assert any(word.lower() in words(m) or words(m)[0].startswith(words(word)[0]) for m in marked), marked
    href = link.get_attribute("href") or ""
    link.click()
    page.wait_for_url(f"**{path}**")
    assert page.get_by_role("heading", level=1).inner_text() == heading
    # The link asks the browser to scroll to the word and highlight it (a text fragment).
    fragment = unquote(href.partition("#:~:text=")[2])
    assert fragment and words(fragment)[0].startswith(words(word)[0]), href
    shown = page.wait_for_function(
        """word => {
          const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
          for (let node; (node = walker.nextNode());) {
            const at = node.data.toLowerCase().indexOf(word.toLowerCase());
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const box = range.getBoundingClientRect();
            if (box.height) return box.top >= 0 && box.bottom <= innerHeight;
          }
          return false;
        }""",
        arg=fragment,
        timeout=5_000,
    )
    assert shown.json_value(), f"{fragment!r} is not on the screen after following the result"


def test_a_word_only_the_oldest_storys_body_holds_is_found_on_a_phone(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    hub = pipeline.run(hub_settings(REPO, TODAY), warnings=False).valid_hub()
    oldest = hub.stories[-1]
    index = BuiltIndex(built_site)
    url = f"stories/{oldest.slug}/"
    # The search also finds words by their start and without common endings, so the word's
    # stem must begin no word of any other record.
    others = {w for w, found in index.postings.items() if any(index.shown[n]["u"] != url for n in found)}
    only = sorted(
        w
        for w in body_words(oldest.body)
        if index.find(w) == {url}
        and len(w) > 4
        and not any(o.startswith(w[: max(4, len(w) - 3)]) for o in others)
    )
    assert only, f"no word of {oldest.slug} is in its body alone"
    word = only[0]
    assert word not in words(oldest.meta.title + " " + oldest.meta.summary)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        page.goto(site_url, wait_until="networkidle")
        page.locator("[data-hub-search-open]").tap()
        assert page.evaluate("document.activeElement.matches('.md-search__input')"), (
            "tap did not focus the box"
        )
        page.keyboard.type(word, delay=30)
        assert result_pages(page) == [f"/{url}"]
        assert settled(page, word).startswith("1 result")
        result = page.locator(RESULT_LINKS).first
        assert result.is_visible() and oldest.meta.title in result.inner_text()
    finally:
        phone.close()


def test_a_withheld_story_is_not_found(page: Page, site_url: str) -> None:
    draft = (REPO / "stories/walking-group-by-the-lake.md").read_text(encoding="utf-8")
    assert "quillwort" in draft and "status: draft" in draft
    page.goto(site_url, wait_until="networkidle")
    search(page, "courgettes")  # first prove search is working in this page
    assert result_pages(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("quillwort")
    assert settled(page, "quillwort").startswith("No results")
    assert page.locator(".md-search-result__item").count() == 0


def test_a_story_with_content_notes_shows_its_notes_and_summary_not_its_words(
    page: Page, site_url: str
) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "sunny")  # only in the body of a story with content notes
    assert "/stories/we-found-our-way-back/" in result_pages(page)
    link = page.locator(f'{RESULT_LINKS}[href*="we-found-our-way-back"]')
    text = link.inner_text()
    assert "Content notes: postpartum psychosis, hospital admission." in text
    assert "A partner looks back on the weeks after their baby was born" in text
    assert "sunny" not in text.lower() and link.locator("mark").count() == 0
    assert "#" not in (link.get_attribute("href") or ""), "the link must not skip the content notice"


def test_the_status_says_how_many_results_politely(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    status = page.locator(STATUS)
    page.keyboard.press("/")
    assert status.get_attribute("role") == "status"  # a polite live region once the search opens
    page.keyboard.type("peer")
    said = settled(page, "peer")
    count = int(re.match(r"(\d+) results", said)[1])  # type: ignore[index]
    assert count > 20
    assert len(result_pages(page)) == 5, "the first five, then a button for more"
    more = page.get_by_role("button", name="Show more results")
    more.click()
    page.wait_for_function("document.querySelectorAll('.md-search-result__link').length === 15")
    page.wait_for_function(
        "document.activeElement === document.querySelectorAll('.md-search-result__link')[5]"
    )


def test_filters_narrow_the_results_by_keyboard(page: Page, site_url: str, built_site: Path) -> None:
    index = BuiltIndex(built_site)
    page.goto(site_url, wait_until="networkidle")
    search(page, "peer")
    settled(page, "peer")
    toggle = page.get_by_role("button", name="Filter results")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    for legend in ("Type", "CHIME theme", "Who tells it", "Event category"):
        page.locator("fieldset legend", has_text=legend).wait_for(timeout=10_000)
    training = page.get_by_role("checkbox", name=re.compile(r"^Training \(\d+\)$"))
    training.focus()
    page.keyboard.press("Space")
    page.locator(STATUS, has_text="with the filters chosen").wait_for(timeout=10_000)
    said = page.locator(STATUS).inner_text()
    shown = set(result_pages(page))
    assert shown and shown <= {f"/{u}" for u in index.facets["category"]["Training"]}
    count = int(re.match(r"(\d+) result", said)[1])  # type: ignore[index]
    label = page.locator("label", has=training).inner_text()
    assert label.endswith(f"({count})"), (label, said)


def test_keyboard_alone_opens_moves_through_and_closes_the_search(page: Page, site_url: str) -> None:
    page.goto(site_url + "stories/", wait_until="networkidle")
    search(page, "peer")
    settled(page, "peer")
    # The status speaks as soon as the count is known; the cards follow as their records
    # arrive, and the arrow keys move through the links already shown.
    assert len(result_pages(page)) >= 2
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.href")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.href")
    assert first.startswith(site_url) and second.startswith(site_url) and first != second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked"), "Escape did not close it"
    assert page.evaluate("document.activeElement.matches('.md-search__input')"), "focus was lost"
    page.keyboard.press("Backspace")  # typing again opens it; Enter follows the best result
    page.keyboard.type("r")
    settled(page, "peer")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(first).path)


def test_on_a_phone_tab_reaches_the_search_button_and_enter_opens_it(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url, wait_until="networkidle")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-hub-search-open]')"):
            break
    else:
        pytest.fail("Tab never reached the search button")
    assert page.evaluate("document.activeElement.title") == "Search"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("courgettes")
    assert result_pages(page) == ["/stories/someone-who-had-been-there/"]
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.matches('[data-hub-search-open]')"), "focus was lost"


def test_nothing_is_downloaded_for_search_until_it_is_opened(page: Page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(site_url, wait_until="networkidle")
    assert not [p for p in requested if "/search/" in p or "hub-search" in p or "workers/" in p], requested
    before = len(requested)
    search(page, "courgettes")
    result_pages(page)
    page.wait_for_load_state("networkidle")
    used = requested[before:]
    assert any(p.endswith("/search/index.json") for p in used) and any("hub-search" in p for p in used)
    assert not [p for p in requested if p.endswith("search_index.json") or "lunr" in p], "Material's search"


def test_the_script_finds_words_as_the_index_does(page: Page, site_url: str) -> None:
    samples = [
        "Don\u2019t stop: Café CT9 1AA, self-harm!",
        "snake_case naïve ÉCOLE rock'n'roll \u2019quoted\u2019",
        "Ångström Ærøskøbing straße İstanbul ﬁsh ½ Ⅻ",
        "x" * 41 + " " + "y" * 40 + " 2016-07-04 £5.50 #tag @name",
        "日本語のテキスト and Ελληνικά Кириллица",
    ]
    page.goto(site_url, wait_until="networkidle")
    search(page, "x")
    page.wait_for_function("document.querySelector('[data-hub-search]').hubSearch")
    found = page.evaluate(
        "samples => samples.map(document.querySelector('[data-hub-search]').hubSearch.words)", samples
    )
    assert found == [words(s) for s in samples]


def test_hostile_text_in_results_stays_text(browser: Browser, make_hub) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.localhttp import serve
    from tests.conftest import run_peerhub, story

    hostile = '<img src=x onerror="document.title=1">Zqhostile <b>bold</b>'
    root = make_hub({"stories/s.md": story(f"'{hostile}'", body="Zqbody words.")})
    assert run_peerhub("build", "--today", TODAY, cwd=root).code == 0
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        with serve(root / "site") as url:
            page.goto(url, wait_until="networkidle")
            search(page, "zqhostile")
            result_pages(page)
            item = page.locator(".md-search-result__item").first
            assert item.locator("img, b").count() == 0
            assert "<img src=x" in item.inner_text()
            assert page.title() != "1" and dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_results_and_open_filters_pass_axe(page: Page, site_url: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.visits import AXE_TAGS

    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url, wait_until="networkidle")
    search(page, "hope")
    result_pages(page)
    page.get_by_role("button", name="Filter results").click()
    page.locator("fieldset legend", has_text="CHIME theme").wait_for()
    page.get_by_role("checkbox", name=re.compile(r"^Story ")).check()
    page.locator(STATUS, has_text="with the filters chosen").wait_for()
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


def test_a_link_with_a_query_opens_the_search_with_its_results(page: Page, site_url: str) -> None:
    page.goto(site_url + "events/?q=courgettes", wait_until="networkidle")
    assert settled(page, "courgettes").startswith("1 result")
    assert result_pages(page) == ["/stories/someone-who-had-been-there/"]
    assert page.evaluate("document.getElementById('__search').checked")
