"""The stories feed, read as a feed reader reads it (feedparser) and checked against what a
feed validator requires of RSS 2.0: well-formed XML, the required channel and item
elements, an atom:link to itself, RFC 822 dates and unique guids."""

from __future__ import annotations

from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import feedparser

from generator.feeds.rss import stories_feed
from generator.load import load_stories
from generator.settings import Settings
from tests.conftest import REPO

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://peersupport.example.org/"


def public_sample_stories() -> list[str]:
    stories, _ = load_stories(REPO / "stories", REPO)
    public = [s for s in stories if s.meta.status == "published"]
    return [s.slug for s in sorted(public, key=lambda s: (-s.meta.date.toordinal(), s.slug))]


def test_sample_feed_is_valid_rss_with_public_stories_only(sample_site: Path) -> None:
    data = (sample_site / "stories/feed.xml").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Stories from Peer Support Hub"
    assert feed.feed.link == SITE + "stories/"
    assert feed.feed.subtitle  # <description>
    assert feed.feed.language == "en-gb"
    links = [e.link for e in feed.entries]
    assert links == [f"{SITE}stories/{slug}/" for slug in public_sample_stories()]
    assert "walking-group-by-the-lake" not in data.decode()  # the draft
    for entry in feed.entries:
        assert entry.title and entry.summary and entry.published_parsed
        assert entry.id == entry.link and entry.guidislink is False


def test_feed_structure_meets_what_a_validator_checks(sample_site: Path) -> None:
    rss = ET.fromstring((sample_site / "stories/feed.xml").read_bytes())
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    self_link = channel.find(f"{ATOM}link")
    assert self_link is not None
    assert self_link.attrib == {
        "href": SITE + "stories/feed.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    guids = []
    for item in channel.findall("item"):
        for required in ("title", "link", "description", "pubDate", "guid"):
            assert (item.findtext(required) or "").strip(), required
        when = parsedate_to_datetime(item.findtext("pubDate") or "")
        assert when.tzinfo is not None and when.hour == 9  # 9am in the site's time zone
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "true"
        guids.append(guid.text)
    assert len(guids) == len(set(guids)) >= 6
    dates = [parsedate_to_datetime(i.findtext("pubDate") or "") for i in channel.findall("item")]
    assert dates == sorted(dates, reverse=True)
    assert channel.findtext("lastBuildDate") == channel.find("item").findtext("pubDate")  # type: ignore[union-attr]


def test_summer_and_winter_dates_carry_their_utc_offset(sample_site: Path) -> None:
    rss = ET.fromstring((sample_site / "stories/feed.xml").read_bytes())
    stamps = {item.findtext("link"): item.findtext("pubDate") for item in rss.iter("item")}
    assert stamps[SITE + "stories/we-found-our-way-back/"] == "Thu, 08 Oct 2026 09:00:00 +0100"


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        root=tmp_path,
        stories_dir=tmp_path / "stories",
        events_file=tmp_path / "events.yaml",
        tz=ZoneInfo("Europe/London"),
        today=date(2026, 11, 23),
        site_url="https://hub.example.org/",
    )


def test_text_round_trips_as_text_and_content_notes_lead(tmp_path: Path) -> None:
    from tests.conftest import write_files

    write_files(
        tmp_path,
        {
            "stories/tricky.md": """\
                ---
                title: "Tea & <b>honesty</b> ]]>"
                date: 2026-03-01
                summary: "A <script>alert(1)</script> & 'quoted' summary."
                storyteller: {name: Sam, role: carer}
                themes: [hope]
                content_notes: [self-harm]
                consent: {recorded: 2026-01-01, review: 2028-01-01, reference: CF-FEED-1}
                status: published
                ---

                Body words are not in the feed.
                """
        },
    )
    stories, problems = load_stories(tmp_path / "stories", tmp_path)
    assert not problems and stories
    data = stories_feed(stories, _settings(tmp_path))
    text = data.decode()
    assert "CF-FEED-1" not in text and "Body words" not in text
    assert "<script>" not in text and "<b>" not in text
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = feed.entries[0]
    assert entry.title == "Tea & <b>honesty</b> ]]>"  # (control characters are refused on load)
    assert entry.summary == (
        "Content notice: this story talks about self-harm. "
        "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; 'quoted' summary."
    )  # HTML, showing the summary's characters as text
    assert entry.author == "Sam"
    assert [t.term for t in entry.tags] == ["Hope"]


def test_an_empty_hub_has_a_valid_feed(tmp_path: Path) -> None:
    data = stories_feed([], _settings(tmp_path))
    feed = feedparser.parse(data)
    assert not feed.bozo and feed.entries == []
    channel = ET.fromstring(data).find("channel")
    assert channel is not None and channel.find(f"{ATOM}link") is not None
