"""The site search index in Material for MkDocs' format, within a byte budget.

Material's search downloads one file, ``search/search_index.json``, on the first search.
Left to itself it indexes every word of every page, so the file grows with every story
(README's benchmark table gives its size at 1,000 and 10,000 stories), and a phone
downloads all of it before the first result. So every
generated page says ``search: exclude: true`` (``generator.edge.theme``) and the story,
event and series pages get one compact entry each, from their ``SearchDoc``
(``generator.search``): their fields always, and their bodies while the whole index
stays within the budget. Hand-written pages are indexed by Material as usual, and the
index keeps Material's format, so its search box works unchanged.
"""

from __future__ import annotations

import heapq
import html
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.search import SearchDoc

log = logging.getLogger("mkdocs.plugins.peerhub")

DEFAULT_BUDGET_MB = 4.0
"""Default size limit of the whole index, in megabytes (1 MB = 1,000,000 bytes)."""

_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def text_of_html(markup: str) -> str:
    """The words of sanitised HTML, still HTML-escaped as Material's index holds them."""
    return " ".join(_TAG.sub(" ", markup).split())


def _text(parts: Iterable[str]) -> str:
    return " ".join(html.escape(p, quote=False) for p in parts)


@dataclass(frozen=True, order=False)
class _Last:
    """Orders keys backwards, so the heap gives up pages in the reverse of the order
    :func:`add_entries` fills the budget in (latest day first, then by location)."""

    key: str

    def __lt__(self, other: _Last) -> bool:
        return self.key > other.key


class Bodies:
    """Texts of bodies and descriptions by page, kept until the index is written.

    With a ``limit``, only the latest pages' texts are kept, up to ``limit`` bytes in all:
    :func:`add_entries` could never fit the older ones in a budget of that size, so a big
    hub does not hold every story twice in memory.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self._texts: dict[str, tuple[str, int]] = {}
        self._oldest: list[tuple[int, _Last, int]] = []
        self._size = 0
        self._added = 0

    def add(self, key: str, day: date, text: str) -> None:
        self.discard(key)
        self._added += 1
        self._texts[key] = (text, self._added)
        self._size += len(text)
        if self.limit is None:
            return
        heapq.heappush(self._oldest, (day.toordinal(), _Last(key), self._added))
        while self._size > self.limit and self._oldest:
            _, old, serial = heapq.heappop(self._oldest)
            if old.key in self._texts and self._texts[old.key][1] == serial:
                self.discard(old.key)

    def wanted(self, key: str, day: date) -> bool:
        """False when the text of ``key`` would be let go at once (the store is full of later
        ones): the caller need not extract it."""
        if self.limit is None or self._size < self.limit or not self._oldest:
            return True
        oldest_day, oldest_key, _ = self._oldest[0]
        return (day.toordinal(), _Last(key)) > (oldest_day, oldest_key)

    def discard(self, key: str) -> None:
        found = self._texts.pop(key, None)
        if found is not None:
            self._size -= len(found[0])

    def get(self, key: str) -> str:
        found = self._texts.get(key)
        return found[0] if found is not None else ""


@dataclass(frozen=True)
class Entry:
    """A page to add to the index: where it is, its fields, and its body as text."""

    location: str
    doc: SearchDoc
    body: str
    """Text of the body (story) or description (event), from :func:`text_of_html`."""


@dataclass(frozen=True)
class Report:
    """What went into the index."""

    total_bytes: int
    budget_bytes: int
    pages: int
    complete: int
    """Pages searchable by every word: their body fitted, or they have none."""

    def __str__(self) -> str:
        size = f"{self.total_bytes / 1_000_000:.2f} MB"
        text = (
            f"search index: {size} (budget {self.budget_bytes / 1_000_000:g} MB); "
            f"{self.complete} of {self.pages} stories and events searchable by every word, "
            "the rest by their fields"
        )
        if self.total_bytes > self.budget_bytes:
            text += "; the fields alone are over the budget: raise search_budget_mb"
        return text


def dumps(index: dict[str, Any]) -> str:
    """The index as Material writes it (compact JSON, ASCII only)."""
    return json.dumps(index, separators=(",", ":"), default=str)


def _size(item: Any) -> int:
    return len(json.dumps(item, separators=(",", ":"), default=str))


def add_entries(index: dict[str, Any], entries: list[Entry], budget_bytes: int) -> Report:
    """Add one entry per page to Material's ``index`` (in place), bodies within the budget.

    Every page gets its fields. Then, latest day first, bodies are added while the whole
    index stays within ``budget_bytes``; the first body that does not fit ends the run, so
    "the latest N stories and events are searchable by every word" stays true.
    """
    docs: list[dict[str, Any]] = index.setdefault("docs", [])
    added = [
        {"location": e.location, "title": _text([e.doc.title]), "text": _text(e.doc.fields)} for e in entries
    ]
    total = _size(index) + sum(_size(item) + 1 for item in added)
    complete = sum(1 for e in entries if not e.body and not e.doc.extra)
    order = sorted(range(len(entries)), key=lambda i: (-entries[i].doc.day.toordinal(), entries[i].location))
    for i in order:
        entry = entries[i]
        extra = _text(entry.doc.extra)
        more = " ".join(p for p in (extra, entry.body) if p)
        if not more:
            continue
        text = f"{added[i]['text']} {more}"
        grows = _size(text) - _size(added[i]["text"])
        if total + grows > budget_bytes:
            break
        added[i]["text"] = text
        total += grows
        complete += 1
    docs.extend(added)
    return Report(total, budget_bytes, len(entries), complete)


class SearchIndex:
    """The hub's entries of one build: gathered page by page, added to Material's index after."""

    def __init__(self, budget_bytes: int, bodies: Bodies) -> None:
        self.budget_bytes = budget_bytes
        self.bodies = bodies
        self.docs: dict[str, SearchDoc] = {}
        """Story, event and series pages by ``src_uri``."""
        self.urls: dict[str, str] = {}

    def page(self, src_uri: str, url: str, doc: SearchDoc) -> None:
        """A page with an entry of its own, at ``url``."""
        self.docs[src_uri] = doc
        self.urls[src_uri] = url

    def body(self, src_uri: str, regions: list[str]) -> None:
        """The page's sanitised body (HTML), kept while it may fit in the budget."""
        doc = self.docs.get(src_uri)
        if doc is not None and self.bodies.wanted(src_uri, doc.day):
            self.bodies.add(src_uri, doc.day, text_of_html(" ".join(regions)))

    def write(
        self, site_dir: Path, merge: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] = list
    ) -> None:
        """Add the entries to the theme's index; ``merge`` gives the theme's own entries (the
        preview keeps those of pages it did not build again)."""
        path = site_dir / "search" / "search_index.json"
        if not path.is_file():
            return  # no search plugin
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] = merge(index.get("docs", []))
        entries = [Entry(self.urls[uri], doc, self.bodies.get(uri)) for uri, doc in self.docs.items()]
        report = add_entries(index, entries, self.budget_bytes)
        path.write_text(dumps(index), encoding="utf-8")
        log.info("%s", report)
