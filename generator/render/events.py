"""Event pages, the events listing and series pages, rendered from templates to markdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from generator import urls
from generator.hub import Hub
from generator.model import CATEGORY_LABELS, Event, Venue
from generator.render.common import Page, linker, render
from generator.schedule import (
    Occurrence,
    last_occurrence,
    next_occurrence,
    rule_in_words,
    when_in_words,
)

STATUS_LABELS = {
    "scheduled": "Scheduled",
    "cancelled": "Cancelled",
    "postponed": "Postponed",
    "moved-online": "Moved online",
}
STATUS_SENTENCES = {
    "scheduled": "",
    "cancelled": "This event has been cancelled. It will not take place.",
    "postponed": "This event has been postponed. A new date will be shared when it is known.",
    "moved-online": "This event now takes place online only. Please use the online link.",
}


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
    start_iso: str
    last_day: date
    where: str
    repeat_words: str | None
    status: str
    status_label: str
    status_sentence: str
    category: str
    category_label: str
    venue: Venue | None
    online: str | None
    booking: str | None
    organiser: str | None
    accessibility: str | None
    series: SeriesLink | None
    stories: tuple[Any, ...] = ()


def event_view(event: Event, hub: Hub, stories: tuple[Any, ...] = ()) -> EventView:
    """The event as shown today: its next occurrence if upcoming, else its last one."""
    meta = event.meta
    upcoming_occurrence = next_occurrence(meta, hub.settings.today)
    occurrence = upcoming_occurrence or last_occurrence(meta)
    series = hub.series_by_id.get(meta.series) if meta.series else None
    where_parts = []
    if meta.venue is not None and meta.status != "moved-online":
        where_parts.append(meta.venue.name)
    if meta.online is not None or meta.status == "moved-online":
        where_parts.append("Online")
    start = occurrence.start
    return EventView(
        id=meta.id,
        url=urls.event(meta.id),
        ics_url=urls.event_ics(meta.id),
        title=meta.title,
        summary=meta.summary,
        description=meta.description,
        occurrence=occurrence,
        upcoming=upcoming_occurrence is not None,
        when=when_in_words(occurrence, hub.settings.tz),
        start_iso=start.isoformat(timespec="minutes") if isinstance(start, datetime) else start.isoformat(),
        last_day=occurrence.last_day,
        where=" and ".join(where_parts),
        repeat_words=rule_in_words(meta.repeat) if meta.repeat else None,
        status=meta.status,
        status_label=STATUS_LABELS[meta.status],
        status_sentence=STATUS_SENTENCES[meta.status],
        category=meta.category,
        category_label=CATEGORY_LABELS[meta.category],
        venue=meta.venue,
        online=meta.online,
        booking=meta.booking,
        organiser=meta.organiser,
        accessibility=meta.accessibility,
        series=SeriesLink(series.id, series.meta.title, urls.series(series.id)) if series else None,
        stories=stories,
    )


def soonest_first(views: list[EventView]) -> list[EventView]:
    return sorted(views, key=lambda v: (_sort_key(v.occurrence.start), v.id))


def _sort_key(value: date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def event_page(view: EventView, markers: tuple[str, str]) -> Page:
    """One event at ``events/<id>/``."""
    body = render("event.md.j2", e=view, link=linker(view.url), body_start=markers[0], body_end=markers[1])
    meta: dict[str, Any] = {"description": view.summary}  # title from the escaped heading
    return Page(view.url, meta, body, sanitize_body=view.description is not None)


def events_index(views: list[EventView]) -> Page:
    """``events/``: upcoming soonest first, then past events by year, newest year first."""
    upcoming = soonest_first([v for v in views if v.upcoming])
    past: dict[int, list[EventView]] = {}
    for view in views:
        if not view.upcoming:
            past.setdefault(view.last_day.year, []).append(view)
    past_years = [
        (year, list(reversed(soonest_first(items)))) for year, items in sorted(past.items(), reverse=True)
    ]
    body = render("events.md.j2", upcoming=upcoming, past_years=past_years, link=linker(urls.EVENTS))
    meta = {
        "title": "Events",
        "description": "Peer support events: awareness days, open sessions, training and celebrations.",
        "search": {"exclude": True},
    }
    return Page(urls.EVENTS, meta, body)
