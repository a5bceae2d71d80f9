"""The sample hub, built once with ``peerhub build --today 2026-11-23``: what a reader gets."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from generator.load import load_stories
from tests.conftest import REPO
from tests.searchindex import BuiltIndex


def text_of(path: Path) -> str:
    """The page's visible text, roughly: tags removed, entities decoded."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert match, path
    return match[1]


def test_every_hand_written_section_is_built(sample_site: Path) -> None:
    for section in [
        "",
        "role/",
        "getting-support/",
        "becoming-a-psw/",
        "help/",
        "accessibility/",
        "publishing/",
        "stories/",
        "events/",
    ]:
        assert (sample_site / section / "index.html").is_file(), section


def test_story_page_shows_storyteller_notice_body_and_quote(sample_site: Path) -> None:
    page = sample_site / "stories/we-found-our-way-back/index.html"
    html = article(page)
    text = text_of(page)
    assert "<h1" in html and "We found our way back, together" in text
    assert "Tom, Carer, Perinatal mental health service" in text
    assert "Thursday 8 October 2026" in text
    notice = html.index("hub-content-notice")
    assert "postpartum psychosis, hospital admission" in text
    assert notice < html.index("Our daughter was born"), "the content notice comes before the story"
    assert 'href="#support"' in html and 'id="support"' in html
    assert "He did not have answers" in text  # the pull quote
    assert 'href="../themes/hope/"' in html
    assert "peerhub-body" not in html  # sanitising markers are removed
    assert "CF-" not in page.read_text(encoding="utf-8")  # consent.reference is never rendered


def test_stories_listing_is_newest_first_and_complete(sample_site: Path) -> None:
    html = article(sample_site / "stories/index.html")
    linked = re.findall(r'<h2 class="hub-card__title"><a href="([a-z0-9-]+)/">', html)
    stories, _ = load_stories(REPO / "stories", REPO)
    public = sorted(
        (s for s in stories if s.meta.status == "published"),
        key=lambda s: (-s.meta.date.toordinal(), s.slug),
    )
    assert linked == [s.slug for s in public]
    assert len(linked) >= 6


def test_draft_story_appears_nowhere(sample_site: Path) -> None:
    assert not (sample_site / "stories/walking-group-by-the-lake").exists()
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".ics", ".txt"}:
            data = path.read_text(encoding="utf-8", errors="replace").lower()
            assert "quillwort" not in data, path
            assert "walking-group-by-the-lake" not in data, path


def test_published_titles_are_in_the_search_index(sample_site: Path) -> None:
    titles = {record["t"] for record in BuiltIndex(sample_site).shown}
    assert "We found our way back, together" in titles
    assert "Global Peer Support Day" in titles


def test_home_page_draws_latest_stories_and_next_events_from_content(sample_site: Path) -> None:
    html = article(sample_site / "index.html")
    assert "peerhub:" not in html
    latest = re.findall(r'<h3 class="hub-card__title"><a href="stories/([a-z0-9-]+)/">', html)
    assert latest == ["we-found-our-way-back", "happier-and-more-valued", "someone-who-had-been-there"]
    events = re.findall(r'<h3 class="hub-card__title"><a href="events/([a-z0-9-]+)/">', html)
    assert events[0] == "becoming-a-psw-open-session"  # 2 December 2026, the soonest
    assert len(events) == 3 + 2  # what's on, then the next recruitment events


def test_events_listing_upcoming_then_past_by_year(sample_site: Path) -> None:
    html = article(sample_site / "events/index.html")
    coming, _, past = html.partition('id="past-events"')
    assert "global-peer-support-day/" in coming
    assert "Thursday 21 October 2027" in coming
    years = re.findall(r'<h3 id="(\d{4})"', past)
    assert years == sorted(years, reverse=True) and "2016" in years
    assert "beacon-fun-day-2016/" in past and "beacon-fun-day-2016/" not in coming
