"""What the site search holds for stories and events, within a byte budget.

Material for MkDocs' search downloads one file, ``search/search_index.json``, on the first
search. Left to itself it indexes every word of every page: about 5 KB a story, 48 MB
for 10,000 stories of 600 words, all downloaded by a phone before the first result.

So story and event pages are kept out of Material's own indexing (``search: exclude:
true`` in their front matter) and get one compact entry each, made here:

- always: a story's title, summary, storyteller (name, role, team), themes and tags; an
  event's title, summary, date, place, series and category;
- while the whole index stays within the budget: the story's body, pull quote and
  content notes, or the event's description, most recent first (upcoming events, then
  stories and past events by date).

Everything else (hand-written pages) is indexed by Material as usual. The index keeps
Material's format, so its search box works unchanged.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.render.events import EventView
    from generator.render.stories import StoryView

DEFAULT_BUDGET_MB = 4.0
"""Default size limit of the whole index, in megabytes (1 MB = 1,000,000 bytes)."""

_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|td|th|dd|dt|figcaption|summary)>", re.IGNORECASE)


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
    """Title, summary, storyteller, themes and tags always; quote and notes with the body."""
    teller = [view.storyteller_name]
    if view.role_label.lower() != view.storyteller_name.lower() and view.role_label != "Team":
        teller.append(view.role_label)
    if view.team:
        teller.append(view.team)
    fields = [
        _sentence(view.summary),
        _sentence(", ".join(teller)),
        _sentence(", ".join(t.label for t in view.themes)),
        _sentence(", ".join(view.tags)),
    ]
    extra = [_sentence(view.quote or ""), _sentence(", ".join(view.content_notes))]
    return SearchDoc(view.title, _nonempty(fields), _nonempty(extra), view.date)


def event_doc(view: EventView) -> SearchDoc:
    """Title, summary, date, place, series and category always; the description within budget."""
    place: list[str] = []
    if view.venue is not None and view.status != "moved-online":
        place += [p for p in (view.venue.name, view.venue.address, view.venue.postcode) if p]
    if view.online is not None or view.status == "moved-online":
        place.append("Online")
    fields = [
        _sentence(view.status_label) if view.status != "scheduled" else "",
        _sentence(view.summary),
        _sentence(view.when),
        _sentence(", ".join(place)),
        _sentence(view.series.title if view.series else ""),
        _sentence(view.category_label),
    ]
    start = view.occurrence.start
    day = start.date() if isinstance(start, datetime) else start
    return SearchDoc(view.title, _nonempty(fields), (), day)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


def _nonempty(parts: Iterable[str]) -> tuple[str, ...]:
    return tuple(p for p in parts if p)


def text_of_html(markup: str) -> str:
    """The words of sanitised HTML, still HTML-escaped as Material's index holds them."""
    return " ".join(_TAG.sub(" ", _BLOCK_END.sub(" ", markup)).split())


def _text(parts: Iterable[str]) -> str:
    return " ".join(html.escape(p, quote=False) for p in parts)


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
    added = [{"location": e.location, "title": e.doc.title, "text": _text(e.doc.fields)} for e in entries]
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
