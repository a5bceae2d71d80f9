"""Event pages, the events listing, category and series pages, and the upcoming-events
block of hand-written pages, rendered from templates to markdown.

One :class:`EventView` per event holds what every page shows of it for the build's today:
its next occurrence while it is upcoming (a repeating event, while it repeats), else its
last one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from generator import event_rules, urls
from generator.model import CATEGORY_LABELS, Event, Series
from generator.render.common import Linker, Page, PageUrls, Renderer, page_title, paginate
from generator.render.google_calendar import google_calendar_url
from generator.render.jsonld_event import event_jsonld
from generator.schedule import (
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
from generator.search.records import event_record, series_record
from generator.settings import Settings
from generator.views import EventView, ProgrammeDay, SeriesLink, SeriesView, StoryView

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


def event_view(
    event: Event, series: Series | None, settings: Settings, stories: tuple[StoryView, ...] = ()
) -> EventView:
    """The event as shown today: its next occurrence if upcoming, else its last one."""
    meta = event.meta
    tz = settings.tz
    later_limit = LATER_MAX + 1 if meta.repeat else 1
    coming = upcoming_occurrences(meta, settings.today, later_limit)
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
    venue = event_rules.venue(meta)
    place = [venue.name] if venue is not None else []
    if event_rules.is_online(meta):
        place.append("Online")
    status = event_rules.status(meta)
    url = urls.event(meta.id)
    page_url = urls.absolute(settings.site_url, url)
    upcoming = bool(coming)
    offered = event_rules.offered(meta, upcoming)
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
        status_label=status.label,
        status_sentence=status.sentence,
        on=status.on,
        offered=offered,
        category=meta.category,
        category_label=CATEGORY_LABELS[meta.category],
        category_url=urls.event_category(meta.category),
        venue=meta.venue,
        at_venue=venue,
        online=meta.online,
        booking=meta.booking,
        organiser=meta.organiser,
        accessibility=meta.accessibility,
        series=SeriesLink(series.id, series.meta.title, urls.series(series.id)) if series else None,
        stories=stories,
        draft=meta.draft,
        later=later,
        google_url=google_calendar_url(meta, occurrence, page_url, settings) if offered else None,
        jsonld=event_jsonld(meta, occurrence, page_url, settings),
        skipped=tuple((d.isoformat(), day_in_words(d)) for d in skipped_ahead(meta, settings.today)),
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


def event_page(view: EventView, renderer: Renderer) -> Page:
    """One event at ``events/<id>/``, with its schema.org ``Event``."""
    markers = renderer.markers
    body = renderer.render_page(
        "event.md.j2", e=view, link=Linker(view.url), body_start=markers.start, body_end=markers.end
    )
    # No title: MkDocs takes it from the escaped heading (Material's search renders titles
    # as HTML). The JSON-LD is written by the theme with tojson.
    return Page(
        view.url,
        body,
        description=view.summary,
        jsonld=view.jsonld,
        draft=view.draft,
        layout="event",
        sanitize_body=view.description is not None,
    )


def _listings(
    views: list[EventView],
    base: str,
    per_page: int,
    tz: str,
    renderer: Renderer,
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
    memo = renderer.memo  # hands back a page whose events are the same views (Memo.each)
    upcoming = soonest_first([v for v in views if v.upcoming])
    ordered = upcoming + [v for _, items in past_by_year(views) for v in items]
    page_url = memo.same(PageUrls(base))
    chunks = paginate(ordered, per_page)
    pages = len(chunks)
    ics = urls.event_category_ics(category) if category else urls.CALENDAR
    calendar = memo.same(Subscription(ics, urls.webcal(site_url, ics), CATEGORY_LABELS.get(category, "")))
    shown = tuple(series or ())  # compared view by view: unchanged programmes are the same
    rows = {
        number: (
            chunk,
            number,
            pages,
            page_url,
            heading,
            intro,
            description,
            category,
            filterable,
            shown if number == 1 else (),  # only the first page shows the programmes
            tz,
            calendar,
            renderer,
        )
        for number, chunk in enumerate(chunks, 1)
    }
    return list(memo.each(base, _events_page, rows).values())


def _events_page(
    chunk: list[EventView],
    number: int,
    pages: int,
    page_url: PageUrls,
    heading: str,
    intro: str,
    description: str,
    category: str,
    filterable: bool,
    series: tuple[SeriesView, ...],
    tz: str,
    calendar: Subscription,
    renderer: Renderer,
) -> Page:
    """Page ``number`` of ``pages`` of an events listing, showing ``chunk``."""
    title = page_title(heading, number, pages)
    url = page_url(number)
    body = renderer.render_page(
        "events.md.j2",
        heading=title,
        intro=intro,
        upcoming=[v for v in chunk if v.upcoming],
        past_years=past_by_year(chunk),
        filters=_filters(),
        current=category,
        filterable=filterable and pages == 1,
        series=list(series) if series and number == 1 else [],
        number=number,
        pages=pages,
        page_url=page_url,
        link=Linker(url),
        tz=tz,
        calendar=calendar,
    )
    return Page(url, body, description=description, title=title, in_search=False)


@dataclass(frozen=True)
class Subscription:
    """A listing's calendar: the file to download, and a ``webcal:`` link to subscribe."""

    ics: str
    webcal: str | None
    category_label: str
    """Empty for the calendar of every event."""


def events_index(
    views: list[EventView],
    series: list[SeriesView],
    tz: str,
    per_page: int,
    renderer: Renderer,
    site_url: str = "",
) -> list[Page]:
    """``events/``: upcoming soonest first, then past events by year, newest year first."""
    return _listings(
        views,
        urls.EVENTS,
        per_page,
        tz,
        renderer,
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


def category_pages(
    views: list[EventView], tz: str, per_page: int, renderer: Renderer, site_url: str = ""
) -> list[Page]:
    """``events/category/<category>/``: the listing narrowed to one category, no script needed."""
    pages = []
    for name in CATEGORY_LABELS:
        mine = [v for v in views if v.category == name]
        pages += category_listing(mine, name, tz, per_page, renderer, site_url)
    return pages


def category_listing(
    views: list[EventView], name: str, tz: str, per_page: int, renderer: Renderer, site_url: str = ""
) -> list[Page]:
    """The pages of ``events/category/<name>/``, given the events of that category."""
    return _listings(
        views,
        urls.event_category(name),
        per_page,
        tz,
        renderer,
        heading=f"{CATEGORY_LABELS[name]} events",
        intro=CATEGORY_INTROS[name],
        description=CATEGORY_INTROS[name],
        category=name,
        site_url=site_url,
    )


def series_page(view: SeriesView, renderer: Renderer) -> Page:
    """``events/series/<id>/``: the programme day by day."""
    markers = renderer.markers
    body = renderer.render_page(
        "series.md.j2", s=view, link=Linker(view.url), body_start=markers.start, body_end=markers.end
    )
    # the title comes from the escaped heading
    return Page(
        view.url,
        body,
        description=view.summary,
        layout="event",
        sanitize_body=view.description is not None,
    )


def event_pages(
    settings: Settings, views: list[EventView], series: list[Series], renderer: Renderer
) -> list[Page]:
    """Every page about events: one per event, one per series, the listing and categories.

    Each page carries its search record. In the preview the memo hands back an unchanged
    event's page itself, and a listing whose events are the same views (``Memo.each``)."""
    tz = settings.tz.key
    memo = renderer.memo
    pages = list(memo.each("pages", _event_page, {view.id: (view, renderer) for view in views}).values())
    mine: dict[str, list[EventView]] = {s.id: [] for s in series}
    by_category: dict[str, list[EventView]] = {name: [] for name in CATEGORY_LABELS}
    for view in views:
        if view.series is not None and view.series.id in mine:
            mine[view.series.id].append(view)
        by_category.setdefault(view.category, []).append(view)
    series_views = memo.each("views", series_view, {s.id: (s, mine[s.id]) for s in series})
    programmes = [series_views[s.id] for s in series]
    pages += memo.each("pages", _series_page, {view.id: (view, renderer) for view in programmes}).values()
    site_url, per_page = settings.site_url, settings.events_per_page
    pages += events_index(views, programmes, tz, per_page, renderer, site_url)
    for name in CATEGORY_LABELS:  # each listing's pages are kept page by page (Memo.each)
        pages += category_listing(by_category[name], name, tz, per_page, renderer, site_url)
    return pages


def _event_page(view: EventView, renderer: Renderer) -> Page:
    """An event's page with its search record."""
    page = event_page(view, renderer)
    page.search = event_record(view)
    return page


def _series_page(view: SeriesView, renderer: Renderer) -> Page:
    """A series' page with its search record."""
    page = series_page(view, renderer)
    page.search = series_record(view)
    return page


def upcoming_block(
    views: list[EventView],
    categories: set[str],
    count: int,
    link: Callable[[str], str],
    tz: str,
    renderer: Renderer,
) -> str:
    """The ``<!-- peerhub:upcoming-events -->`` block: the next ``count`` events that are on."""
    wanted = [
        v
        for v in soonest_first([v for v in views if v.upcoming])
        if v.on and (not categories or v.category in categories)
    ]
    return renderer.render("blocks/events.md.j2", events=wanted[:count], link=link, tz=tz)
