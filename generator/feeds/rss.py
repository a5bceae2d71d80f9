"""The RSS 2.0 feed of public stories at ``stories/feed.xml``.

Built with ElementTree, so every text is XML-escaped. An item's ``description`` is HTML
in RSS, so the summary is HTML-escaped first: a ``<b>`` typed in a summary shows as text
in a feed reader, as it does on the site. A story's content notes open its description,
as the notice opens the page.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from generator import urls
from generator.model import THEME_LABELS, Story
from generator.settings import Settings

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
PUBLISHED_AT = time(9)
"""Stories have a date, not a time; RFC 822 needs one, so a story is dated 9am local time."""


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, even escaped; they are dropped."""


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _NOT_XML.sub("", text)
    return element


def stories_feed(stories: list[Story], settings: Settings) -> bytes:
    """The newest public stories (given newest first) as RSS 2.0; dates come from content."""
    ET.register_namespace("atom", ATOM)
    ET.register_namespace("dc", DC)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    feed_url = urls.absolute(settings.site_url, urls.FEED)
    _sub(channel, "title", f"Stories from {settings.site_name}")
    _sub(channel, "link", urls.absolute(settings.site_url, urls.STORIES))
    _sub(channel, "description", "Lived-experience stories and news about peer support.")
    _sub(channel, "language", "en-gb")
    ET.SubElement(
        channel, f"{{{ATOM}}}link", {"href": feed_url, "rel": "self", "type": "application/rss+xml"}
    )
    newest = stories[:FEED_SIZE]
    if newest:
        _sub(channel, "pubDate", rfc822(newest[0], settings))
        _sub(channel, "lastBuildDate", rfc822(newest[0], settings))
    for story in newest:
        _item(channel, story, settings)
    ET.indent(rss)
    data: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _item(channel: ET.Element, story: Story, settings: Settings) -> None:
    meta = story.meta
    item = ET.SubElement(channel, "item")
    link = urls.absolute(settings.site_url, urls.story(story.slug))
    _sub(item, "title", meta.title)
    _sub(item, "link", link)
    _sub(item, "guid", link, isPermaLink="true")
    _sub(item, "description", html.escape(description(story), quote=False))
    _sub(item, "pubDate", rfc822(story, settings))
    _sub(item, f"{{{DC}}}creator", meta.storyteller.name)
    for theme in meta.themes:
        _sub(item, "category", THEME_LABELS[theme])


def description(story: Story) -> str:
    """The summary, after the content notice when the story has one."""
    notes = story.meta.content_notes
    notice = f"Content notice: this story talks about {', '.join(notes)}. " if notes else ""
    return notice + story.meta.summary


def rfc822(story: Story, settings: Settings) -> str:
    """The story's date as RFC 822 (``Thu, 08 Oct 2026 09:00:00 +0100``), in the site's zone."""
    return format_datetime(datetime.combine(story.meta.date, PUBLISHED_AT, tzinfo=settings.tz))
