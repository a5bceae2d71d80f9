"""Event pages, the events listing, category and series pages, and the upcoming-events
block of hand-written pages, rendered from templates to markdown.

One :class:`EventView` per event holds what every page shows of it for the build's today:
its next occurrence while it is upcoming (a repeating event, while it repeats), else its
last one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator import urls
from generator.feeds.google_calendar import google_calendar_url
from generator.feeds.jsonld_event import event_jsonld
from generator.hub import Hub
from generator.model import CATEGORY_LABELS, Event, Series, Venue
from generator.render.common import READING_LAYOUT, Page, PageUrls, linker, page_title, paginate, render
from generator.schedule import (
    Occurrence,
    day_in_words,
    days_in_words,
    iso_local,
    last_occurrence,
    repeats_forever,
    rule_in_words,
    skipped_ahead,
    times_in_words,
    upcoming_occurrences,
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
    "postponed": "This event has been postponed. A new date will be shared here when it is known.",
    "moved-online": "This event now takes place online only. Please use the online link.",
}
CATEGORY_INTROS = {
    "awareness": "Days and weeks that raise awareness of mental health and peer support.",
    "celebration": "Celebrations of peer support and the people who give it.",
    "recruitment": "Open days and sessions for people thinking of becoming a Peer Support Worker.",
    "training": "Training for new and current Peer Support Workers.",
    "community": "Get-togethers, talks and groups open to everyone.",
}
LATER_MAX = 6
"""Later dates of a repeating event that the page's script can move on to, at most."""
LATER_DAYS = 366
"""...and only those within this many days."""
BLOCK_STATUSES = {"scheduled", "moved-online"}
"""Blocks of other pages ("what is on") leave out cancelled and postponed events."""


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
    category: str
    category_label: str
    category_url: str
    venue: Venue | None
    online: str | None
    booking: str | None
    organiser: str | None
    accessibility: str | None
    series: SeriesLink | None
    stories: tuple[Any, ...] = ()
    later: tuple[tuple[str, str, str, str], ...] = ()
    """Later occurrences of a repeating event: (sort start, last day, ISO, words)."""
    google_url: str | None = None
    """Set when the reader can add the event: upcoming and not cancelled."""
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


def event_view(event: Event, hub: Hub, stories: tuple[Any, ...] = ()) -> EventView:
    """The event as shown today: its next occurrence if upcoming, else its last one."""
    meta = event.meta
    tz = hub.settings.tz
    later_limit = LATER_MAX + 1 if meta.repeat else 1
    coming = upcoming_occurrences(meta, hub.settings.today, later_limit)
    occurrence = coming[0] if coming else last_occurrence(meta)
    horizon = occurrence.first_day.toordinal() + LATER_DAYS
    later = tuple(
        (
            o.sort_key.isoformat(timespec="minutes"),
            o.last_day.isoformat(),
            iso_local(o.start, tz),
            when_in_words(o, tz),
        )
        for o in coming[1:]
        if o.first_day.toordinal() <= horizon
    )
    series = hub.series_by_id.get(meta.series) if meta.series else None
    place = []
    if meta.venue is not None and meta.status != "moved-online":
        place.append(meta.venue.name)
    if meta.online is not None or meta.status == "moved-online":
        place.append("Online")
    url = urls.event(meta.id)
    page_url = urls.absolute(hub.settings.site_url, url)
    upcoming = bool(coming)
    offered = upcoming and meta.status != "cancelled"
    return EventView(
        id=meta.id,
        url=url,
        ics_url=urls.event_ics(meta.id),
        title=meta.title,
        summary=meta.summary,
        description=meta.description,
        occurrence=occurrence,
        upcoming=upcoming,
        when=when_in_words(occurrence, tz),
        time_of_day=times_in_words(occurrence, tz),
        start_iso=iso_local(occurrence.start, tz),
        sort_start=occurrence.sort_key.isoformat(timespec="minutes"),
        last_day=occurrence.last_day,
        place=tuple(place),
        repeat_words=rule_in_words(meta.repeat, meta.start) if meta.repeat else None,
        repeats_forever=repeats_forever(meta),
        status=meta.status,
        status_label=STATUS_LABELS[meta.status],
        status_sentence=STATUS_SENTENCES[meta.status],
        category=meta.category,
        category_label=CATEGORY_LABELS[meta.category],
        category_url=urls.event_category(meta.category),
        venue=meta.venue,
        online=meta.online,
        booking=meta.booking,
        organiser=meta.organiser,
        accessibility=meta.accessibility,
        series=SeriesLink(series.id, series.meta.title, urls.series(series.id)) if series else None,
        stories=stories,
        later=later,
        google_url=google_calendar_url(meta, occurrence, page_url, hub.settings) if offered else None,
        jsonld=event_jsonld(meta, occurrence, page_url, hub.settings),
        skipped=tuple((d.isoformat(), day_in_words(d)) for d in skipped_ahead(meta, hub.settings.today)),
    )


def soonest_first(views: list[EventView]) -> list[EventView]:
    return sorted(views, key=lambda v: (v.occurrence.sort_key, v.id))


def newest_first(views: list[EventView]) -> list[EventView]:
    return sorted(views, key=lambda v: (v.occurrence.sort_key, v.id), reverse=True)


def past_by_year(views: list[EventView]) -> list[tuple[int, list[EventView]]]:
    """Past events grouped by the year they started, newest year first, newest first."""
    years: dict[int, list[EventView]] = {}
    for view in views:
        if not view.upcoming:
            years.setdefault(view.start_year, []).append(view)
    return [(year, newest_first(items)) for year, items in sorted(years.items(), reverse=True)]


@dataclass(frozen=True)
class Filter:
    """One link of the category filter: ``All events`` or a category."""

    category: str
    label: str
    url: str


def _filters() -> list[Filter]:
    return [Filter("", "All events", urls.EVENTS)] + [
        Filter(name, label, urls.event_category(name)) for name, label in CATEGORY_LABELS.items()
    ]


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


def series_view(series: Series, views: list[EventView]) -> SeriesView:
    """A series' programme: events over several days, then each day's events by time."""
    mine = soonest_first([v for v in views if v.series is not None and v.series.id == series.id])
    running = [v for v in mine if v.occurrence.last_day != v.occurrence.first_day]
    by_day: dict[date, list[EventView]] = {}
    for view in mine:
        if view not in running:
            by_day.setdefault(view.occurrence.first_day, []).append(view)
    days = [ProgrammeDay(day, items) for day, items in sorted(by_day.items())]
    span = sorted(by_day) or sorted({d for v in mine for d in (v.occurrence.first_day, v.last_day)})
    when = days_in_words(span[0], span[-1]) if span else ""
    return SeriesView(
        id=series.id,
        url=urls.series(series.id),
        title=series.meta.title,
        summary=series.meta.summary,
        description=series.meta.description,
        when=when,
        upcoming=any(v.upcoming for v in mine),
        running=running,
        days=days,
        count=len(mine),
    )


def event_page(view: EventView, markers: tuple[str, str]) -> Page:
    """One event at ``events/<id>/``, with its schema.org ``Event`` in the front matter."""
    body = render("event.md.j2", e=view, link=linker(view.url), body_start=markers[0], body_end=markers[1])
    # No "title": MkDocs takes it from the escaped heading (Material's search renders titles
    # as HTML). The JSON-LD is written by the theme with tojson.
    meta: dict[str, Any] = {"description": view.summary, "jsonld": view.jsonld, **READING_LAYOUT["event"]}
    return Page(view.url, meta, body, sanitize_body=view.description is not None)


def _listings(
    views: list[EventView],
    base: str,
    per_page: int,
    tz: str,
    *,
    heading: str,
    intro: str,
    description: str,
    category: str = "",
    filterable: bool = False,
    series: list[SeriesView] | None = None,
    site_url: str = "",
) -> list[Page]:
    """A listing of ``views`` (upcoming soonest first, then past events by year) as pages of
    ``per_page`` events: ``base``, then ``<base>page/2/`` and on.

    On one page, the category links filter the list in place; over several pages they lead
    to the category pages, which are paginated the same way."""
    upcoming = soonest_first([v for v in views if v.upcoming])
    ordered = upcoming + [v for _, items in past_by_year(views) for v in items]
    page_url = PageUrls(base)
    chunks = paginate(ordered, per_page)
    pages = len(chunks)
    ics = urls.event_category_ics(category) if category else urls.CALENDAR
    calendar = Subscription(ics, urls.webcal(site_url, ics), CATEGORY_LABELS.get(category, ""))
    out = []
    for number, chunk in enumerate(chunks, 1):
        title = page_title(heading, number, pages)
        url = page_url(number)
        body = render(
            "events.md.j2",
            heading=title,
            intro=intro,
            upcoming=[v for v in chunk if v.upcoming],
            past_years=past_by_year(chunk),
            filters=_filters(),
            current=category,
            filterable=filterable and pages == 1,
            series=series if series and number == 1 else [],
            number=number,
            pages=pages,
            page_url=page_url,
            link=linker(url),
            tz=tz,
            calendar=calendar,
        )
        meta = {"title": title, "description": description, "search": {"exclude": True}}
        out.append(Page(url, meta, body))
    return out


@dataclass(frozen=True)
class Subscription:
    """A listing's calendar: the file to download, and a ``webcal:`` link to subscribe."""

    ics: str
    webcal: str | None
    category_label: str
    """Empty for the calendar of every event."""


def events_index(
    views: list[EventView], series: list[SeriesView], tz: str, per_page: int = 50, site_url: str = ""
) -> list[Page]:
    """``events/``: upcoming soonest first, then past events by year, newest year first."""
    return _listings(
        views,
        urls.EVENTS,
        per_page,
        tz,
        heading="Events",
        intro=(
            "Awareness days, open sessions for people thinking of becoming a Peer Support Worker, "
            "training and celebrations."
        ),
        description="Peer support events: awareness days, open sessions, training and celebrations.",
        series=series,
        filterable=True,
        site_url=site_url,
    )


def category_pages(views: list[EventView], tz: str, per_page: int = 50, site_url: str = "") -> list[Page]:
    """``events/category/<category>/``: the listing narrowed to one category, no script needed."""
    pages = []
    for name, label in CATEGORY_LABELS.items():
        pages += _listings(
            [v for v in views if v.category == name],
            urls.event_category(name),
            per_page,
            tz,
            heading=f"{label} events",
            intro=CATEGORY_INTROS[name],
            description=CATEGORY_INTROS[name],
            category=name,
            site_url=site_url,
        )
    return pages


def series_page(view: SeriesView, markers: tuple[str, str]) -> Page:
    """``events/series/<id>/``: the programme day by day."""
    body = render("series.md.j2", s=view, link=linker(view.url), body_start=markers[0], body_end=markers[1])
    meta = {"description": view.summary, **READING_LAYOUT["event"]}  # title: from the escaped heading
    return Page(view.url, meta, body, sanitize_body=view.description is not None)


def event_pages(
    hub: Hub, views: list[EventView], series: list[SeriesView], markers: tuple[str, str]
) -> list[Page]:
    """Every page about events: one per event, one per series, the listing and categories."""
    tz = hub.settings.tz.key
    pages = [event_page(view, markers) for view in views]
    pages += [series_page(view, markers) for view in series]
    site_url = hub.settings.site_url
    pages += events_index(views, series, tz, hub.settings.events_per_page, site_url)
    pages += category_pages(views, tz, hub.settings.events_per_page, site_url)
    return pages


def upcoming_block(
    views: list[EventView], categories: set[str], count: int, link: Callable[[str], str], tz: str
) -> str:
    """The ``<!-- peerhub:upcoming-events -->`` block: the next ``count`` events that are on."""
    wanted = [
        v
        for v in soonest_first([v for v in views if v.upcoming])
        if v.status in BLOCK_STATUSES and (not categories or v.category in categories)
    ]
    return render("blocks/events.md.j2", events=wanted[:count], link=link, tz=tz)
