"""Where generated pages and files live, and links between them (directory URLs)."""

from __future__ import annotations

import re

STORIES = "stories/"
EVENTS = "events/"
FEED = "stories/feed.xml"
CALENDAR = "events/calendar.ics"
VACANCIES = "vacancies/"


_IGNORED = re.compile("[\t\n\r]")
_EDGES = "".join(map(chr, range(33)))
"""Stripped from both ends of an address: C0 control characters and the space."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def is_local(src: str) -> bool:
    r"""True for a path on this site; false for an address on another host.

    Read as browsers read it (the WHATWG URL standard): spaces and control characters at
    either end are ignored, tabs and line breaks anywhere are removed, and a backslash is a
    slash. So ``\\host/p.png``, ``/\host/p.png`` and ``/<tab>/host/p.png`` are other hosts,
    as ``//host/p.png`` is.
    """
    text = _IGNORED.sub("", src.strip(_EDGES)).replace("\\", "/")
    return not (text.startswith("//") or _SCHEME.match(text))


def story(slug: str) -> str:
    return f"stories/{slug}/"


def theme(name: str) -> str:
    return f"stories/themes/{name}/"


def event(event_id: str) -> str:
    return f"events/{event_id}/"


def event_ics(event_id: str) -> str:
    return f"events/{event_id}.ics"


def series(series_id: str) -> str:
    return f"events/series/{series_id}/"


def vacancy(vacancy_id: str) -> str:
    return f"vacancies/{vacancy_id}/"


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


def event_category_ics(name: str) -> str:
    """The calendar of one category, to subscribe to."""
    return f"events/category/{name}.ics"


def webcal(site_url: str, url: str) -> str | None:
    """``webcal://host/path``: a link that asks the reader's calendar app to subscribe.

    ``None`` when the site has no address of its own (a subscription needs one)."""
    if not site_url.startswith(("https://", "http://")):
        return None
    return "webcal://" + absolute(site_url, url).split("://", 1)[1]


def src_uri(url: str) -> str:
    """The virtual markdown file for a directory URL: ``stories/x/`` is ``stories/x.md``."""
    if url in {"", STORIES, EVENTS, VACANCIES}:
        return url + "index.md"
    return url[:-1] + ".md" if url.endswith("/") else url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``; both relative to the site root.

    ``from_url`` is a directory URL (``stories/x/``) or a file (``stories/feed.xml``); the
    link is the shortest relative path, ``./`` for the page's own folder.
    """
    base = from_url.split("/")[:-1]
    target = [part for part in to_url.split("/") if part]
    same = 0
    while same < min(len(base), len(target)) and base[same] == target[same]:
        same += 1
    rel = "/".join([".."] * (len(base) - same) + target[same:])
    if not rel:
        return "./"
    return rel + "/" if to_url.endswith("/") else rel


def absolute(site_url: str, url: str) -> str:
    """A full address for feeds and structured data."""
    return site_url.rstrip("/") + "/" + url
