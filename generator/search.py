"""What the site search holds for a story, an event and a programme (series).

A search index that holds every word of every page grows with every story, and a phone
downloads it whole before the first result (README's benchmark table gives its size).
So each story, event and series page gets one compact :class:`SearchDoc`, made here from
its view:

- always: a story's title, summary, storyteller's name, themes and tags; an event's
  title, summary, day, place and series; a programme's (series') title, summary and dates;
- while the whole index stays within the budget, most recent first (upcoming events,
  then stories and past events by date): everything else a reader can search for, that
  is a story's body, the storyteller's role and team, its pull quote and content notes;
  an event's description, times, address, category, organiser and accessibility; a
  programme's description.

The index itself, in the theme's format and within the budget, is written at the edge
(``generator.edge.material_search``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator.schedule import day_in_words
from generator.views import EventView, SeriesView, StoryView, VacancyView


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
    venue = view.at_venue
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


def vacancy_doc(view: VacancyView) -> SearchDoc:
    """An open post: title, summary, team, place, pay, hours and closing day always (people
    search for "pay" and "part time"); its address, band, contract and employer with the
    description. A closed post has no entry."""
    address = [p for p in (view.location.address, view.location.postcode) if p]
    fields = [
        _sentence(view.summary),
        _sentence(", ".join(p for p in (view.team or "", view.where) if p)),
        _sentence(f"Pay {view.pay}" if view.pay else ""),
        _sentence(view.hours),
        _sentence(f"Closes {day_in_words(view.closes)}"),
    ]
    extra = [
        _sentence(", ".join(address)),
        _sentence(f"Band {view.band}" if view.band else ""),
        _sentence(f"{view.contract} contract"),
        _sentence(view.employer),
    ]
    return SearchDoc(view.title, _nonempty(fields), _nonempty(extra), view.posted)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


def _nonempty(parts: Iterable[str]) -> tuple[str, ...]:
    return tuple(p for p in parts if p)
