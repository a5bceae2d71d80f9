"""Where generated pages and files live, and links between them (directory URLs)."""

from __future__ import annotations

import posixpath

STORIES = "stories/"
EVENTS = "events/"
FEED = "stories/feed.xml"
CALENDAR = "events/calendar.ics"


def story(slug: str) -> str:
    return f"stories/{slug}/"


def stories_page(number: int) -> str:
    """Page 1 of the listing is ``stories/``; later pages ``stories/page/2/``."""
    return STORIES if number == 1 else f"stories/page/{number}/"


def theme(name: str) -> str:
    return f"stories/themes/{name}/"


def event(event_id: str) -> str:
    return f"events/{event_id}/"


def event_ics(event_id: str) -> str:
    return f"events/{event_id}.ics"


def series(series_id: str) -> str:
    return f"events/series/{series_id}/"


def role(name: str) -> str:
    return f"stories/roles/{name}/"


def page_url(doc: str) -> str:
    """The directory URL of a hand-written page: ``help/index.md`` and ``help.md`` are ``help/``."""
    doc = doc.lstrip("/")
    if doc.endswith("index.md"):
        return doc[: -len("index.md")]
    if doc.endswith(".md"):
        return doc[:-3] + "/"
    return doc


def event_category(name: str) -> str:
    return f"events/category/{name}/"


def src_uri(url: str) -> str:
    """The virtual markdown file for a directory URL: ``stories/x/`` is ``stories/x.md``."""
    if url in {"", STORIES, EVENTS}:
        return url + "index.md"
    return url[:-1] + ".md" if url.endswith("/") else url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``; both relative to the site root."""
    base = "/" + from_url
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    target = "/" + to_url
    rel = posixpath.relpath(target, base)
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel


def absolute(site_url: str, url: str) -> str:
    """A full address for feeds and structured data."""
    return site_url.rstrip("/") + "/" + url
