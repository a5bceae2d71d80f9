"""What the site search holds for stories and events, within a byte budget.

Material for MkDocs' search downloads one file, ``search/search_index.json``, on the first
search. Left to itself it indexes every word of every page: about 5 KB a story, 48 MB
for 10,000 stories of 600 words, all downloaded by a phone before the first result.

So story and event pages are kept out of Material's own indexing (``search: exclude:
true`` in their front matter) and get one compact entry each, made here:

- always: a story's title, summary, storyteller's name, themes and tags; an event's
  title, summary, day, place and series; a programme's (series') title, summary and dates;
- while the whole index stays within the budget, most recent first (upcoming events,
  then stories and past events by date): everything else a reader can search for, that
  is a story's body, the storyteller's role and team, its pull quote and content notes;
  an event's description, times, address, category, organiser and accessibility; a
  programme's description.

Everything else (hand-written pages) is indexed by Material as usual. The index keeps
Material's format, so its search box works unchanged.
"""

from __future__ import annotations

import heapq
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from generator.schedule import day_in_words

if TYPE_CHECKING:
    from generator.render.events import EventView, SeriesView
    from generator.render.stories import StoryView

DEFAULT_BUDGET_MB = 4.0
"""Default size limit of the whole index, in megabytes (1 MB = 1,000,000 bytes)."""

_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


@dataclass(frozen=True)
class SearchDoc:
    """The searchable fields of one story or event page."""

    title: str
    fields: tuple[str, ...]
    """Plain text always indexed, in the order shown in results."""
    extra: tuple[str, ...]
    """Plain text indexed with the body while within the budget."""
    day: date
    """Decides who gets their body indexed first: the latest day first."""


def story_doc(view: StoryView) -> SearchDoc:
    """Title, summary, storyteller, themes and tags always; role, team, quote and content
    notes with the body."""
    plain = {"team", view.storyteller_name.lower()}
    teller = [view.role_label] if view.role_label.lower() not in plain else []
    if view.team:
        teller.append(view.team)
    fields = [
        _sentence(view.summary),
        _sentence(view.storyteller_name),
        _sentence(", ".join(t.label for t in view.themes)),
        _sentence(", ".join(view.tags)),
    ]
    extra = [
        _sentence(", ".join(teller)),
        _sentence(view.quote or ""),
        _sentence(", ".join(view.content_notes)),
    ]
    return SearchDoc(view.title, _nonempty(fields), _nonempty(extra), view.date)


def event_doc(view: EventView) -> SearchDoc:
    """Title, summary, day, place and series always; times, address, category, organiser
    and accessibility with the description."""
    day = view.occurrence.first_day
    venue = view.venue if view.status != "moved-online" else None
    fields = [
        _sentence(view.status_label) if view.status != "scheduled" else "",
        _sentence(view.summary),
        _sentence(day_in_words(day)),
        _sentence(", ".join(view.place)),
        _sentence(view.series.title if view.series else ""),
    ]
    address = [p for p in (venue.address, venue.postcode) if p] if venue is not None else []
    extra = [
        _sentence(view.when),
        _sentence(", ".join(address)),
        _sentence(view.category_label),
        _sentence(view.organiser or ""),
        _sentence(view.accessibility or ""),
    ]
    return SearchDoc(view.title, _nonempty(fields), _nonempty(extra), day)


def series_doc(view: SeriesView) -> SearchDoc:
    """A programme (awareness week): title, summary and dates always; its description with
    the body. Its events have entries of their own, so their cards are not indexed again."""
    firsts = [d.day for d in view.days] + [e.occurrence.first_day for e in view.running]
    fields = [_sentence(view.summary), _sentence(view.when)]
    return SearchDoc(view.title, _nonempty(fields), (), min(firsts) if firsts else date.min)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


def _nonempty(parts: Iterable[str]) -> tuple[str, ...]:
    return tuple(p for p in parts if p)


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
