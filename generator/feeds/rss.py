"""The RSS 2.0 feed of public stories at ``stories/feed.xml``."""

from __future__ import annotations

from datetime import datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from generator import urls
from generator.hub import Settings
from generator.model import Story

FEED_SIZE = 50


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def stories_feed(stories: list[Story], settings: Settings) -> bytes:
    """The newest public stories as RSS 2.0; dates come from content, never the clock."""
    ET.register_namespace("atom", "http://www.w3.org/2005/Atom")
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    feed_url = urls.absolute(settings.site_url, urls.FEED)
    _sub(channel, "title", f"Stories from {settings.site_name}")
    _sub(channel, "link", urls.absolute(settings.site_url, urls.STORIES))
    _sub(channel, "description", "Lived-experience stories and news about peer support.")
    _sub(channel, "language", "en-gb")
    ET.SubElement(
        channel,
        "{http://www.w3.org/2005/Atom}link",
        {"href": feed_url, "rel": "self", "type": "application/rss+xml"},
    )
    newest = stories[:FEED_SIZE]
    if newest:
        _sub(channel, "lastBuildDate", _rfc822(newest[0], settings))
    for story in newest:
        item = ET.SubElement(channel, "item")
        link = urls.absolute(settings.site_url, urls.story(story.slug))
        _sub(item, "title", story.meta.title)
        _sub(item, "link", link)
        _sub(item, "guid", link, isPermaLink="true")
        _sub(item, "description", story.meta.summary)
        _sub(item, "pubDate", _rfc822(story, settings))
        for theme in story.meta.themes:
            _sub(item, "category", theme)
    ET.indent(rss)
    data: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _rfc822(story: Story, settings: Settings) -> str:
    return format_datetime(datetime.combine(story.meta.date, time(9), tzinfo=settings.tz))
