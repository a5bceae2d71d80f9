"""Views: what pages show of a story, an event, a series and a vacancy, for the build's today.

A view is a frozen dataclass built once per story, event or series (``generator.render``
builds them) and shared by every page, listing, block and search entry that shows it.
Being immutable values, views are also what the preview's memo compares to tell whether
a page must be rendered again (see ``generator.memo``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.model import Location, Venue
from generator.schedule import Occurrence


@dataclass(frozen=True)
class Link:
    """A link to a listing: its name (``hope``), its label (``Hope``) and its URL."""

    name: str
    label: str
    url: str


@dataclass(frozen=True)
class StoryImage:
    src: str
    """A path on this site, relative to the site root (images from other hosts are not shown)."""
    alt: str
    width: int | None = None
    height: int | None = None
    """Read from the file in ``docs/``, so the page keeps room for the picture."""


@dataclass(frozen=True)
class StoryView:
    """What templates show of a story; built once per story and shared by every page."""

    slug: str
    url: str
    title: str
    summary: str
    date: date
    storyteller_name: str
    role: Link
    team: str | None
    themes: tuple[Link, ...]
    tags: tuple[str, ...]
    content_notes: tuple[str, ...]
    quote: str | None
    image: StoryImage | None
    words: int
    reading_minutes: int
    draft: bool

    @property
    def role_label(self) -> str:
        return self.role.label


@dataclass(frozen=True)
class SeriesLink:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class EventView:
    """What templates show of an event, for the occurrence that matters today."""

    id: str
    url: str
    ics_url: str
    title: str
    summary: str
    description: str | None
    occurrence: Occurrence
    upcoming: bool
    when: str
    """The occurrence in words: ``Thursday 15 October 2026, 11am to 3pm BST``."""
    time_of_day: str
    """Its time alone, for a programme under a day heading: ``11am to 3pm BST``."""
    start_iso: str
    """For ``<time datetime>``: a date, or a date and time with its UTC offset."""
    sort_start: str
    """Local start as sortable text, for the page's script."""
    last_day: date
    place: tuple[str, ...]
    """The venue's name unless the event moved online, and "Online" if it is online."""
    repeat_words: str | None
    repeats_forever: bool
    status: str
    status_label: str
    status_sentence: str
    on: bool
    """Taking place as planned (see ``generator.event_rules``)."""
    offered: bool
    """Upcoming and not cancelled: it can be booked and added to a calendar."""
    category: str
    category_label: str
    category_url: str
    venue: Venue | None
    """The venue as written, also when the event has moved from it."""
    at_venue: Venue | None
    """The venue the event takes place at: none once it has moved online."""
    online: str | None
    booking: str | None
    organiser: str | None
    accessibility: str | None
    series: SeriesLink | None
    stories: tuple[StoryView, ...] = ()
    draft: bool = False
    """A draft event, shown only in the preview (behind the draft banner)."""
    later: tuple[tuple[str, str, str, str], ...] = ()
    """Later occurrences of a repeating event: (sort start, last day, ISO, words)."""
    google_url: str | None = None
    """Set when the event is offered: the "Add to Google Calendar" link."""
    jsonld: dict[str, Any] = field(default_factory=dict)
    skipped: tuple[tuple[str, str], ...] = ()
    """Dates from today on that a repeating event skips: (ISO date, in words)."""

    @property
    def where(self) -> str:
        return " and ".join(self.place)

    @property
    def later_json(self) -> str:
        return json.dumps([list(item) for item in self.later], ensure_ascii=False, separators=(",", ":"))

    @property
    def start_year(self) -> int:
        return self.occurrence.first_day.year


@dataclass(frozen=True)
class ProgrammeDay:
    """One day of a series: its events soonest first."""

    day: date
    events: list[EventView]


@dataclass(frozen=True)
class SeriesView:
    id: str
    url: str
    title: str
    summary: str
    description: str | None
    when: str
    upcoming: bool
    running: list[EventView]
    """Events over several days, shown before the days."""
    days: list[ProgrammeDay]
    count: int


@dataclass(frozen=True)
class VacancyView:
    """What templates show of a vacancy for the build's today (``generator.vacancy_rules``)."""

    id: str
    url: str
    title: str
    summary: str
    description: str | None
    team: str | None
    employer: str
    """Who employs the post holder: ``employer``, else the organisation that runs the hub."""
    location: Location
    band: str | None
    pay: str | None
    """``£26,530 to £29,114 a year``."""
    hours: str
    """``37.5 hours a week (full time)``."""
    contract: str
    """The contract in words: ``Permanent``, ``Fixed term``."""
    posted: date
    closes: date
    state: str
    """``open``, ``closed`` or ``draft`` (a draft is only ever in the preview)."""
    apply: str | None
    """Where to apply; ``None`` once closed."""
    listed: bool
    """In listings: open, or in the preview a draft not past its closing day."""
    jsonld: dict[str, Any] | None = None
    """schema.org ``JobPosting``, only while open."""

    @property
    def open(self) -> bool:
        return self.state == "open"

    @property
    def closed(self) -> bool:
        return self.state == "closed"

    @property
    def draft(self) -> bool:
        return self.state == "draft"

    @property
    def where(self) -> str:
        return self.location.name
