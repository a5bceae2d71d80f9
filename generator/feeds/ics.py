"""iCalendar files (RFC 5545) made with the ``icalendar`` library: one per event, and one
with every event. Repeating events are one VEVENT with their RRULE."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from generator import urls
from generator.hub import Settings
from generator.memo import remembered
from generator.model import Event
from generator.schedule import is_all_day, normalise_rule

PRODID = "-//Peer Support Hub//peerhub//EN"


def _calendar(settings: Settings, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.tz.key)
    return cal


def _host(settings: Settings) -> str:
    return settings.site_url.split("//", 1)[-1].split("/", 1)[0] or "peerhub.invalid"


def _vevent(event: Event, settings: Settings) -> VEvent:
    meta = event.meta
    vevent = VEvent()
    vevent.add("uid", f"{meta.id}@{_host(settings)}")
    # DTSTAMP must not change between builds of the same content: use midnight UTC of today.
    vevent.add("dtstamp", datetime.combine(settings.today, time(), tzinfo=UTC))
    vevent.add("summary", meta.title)
    vevent.add("description", meta.summary)
    if is_all_day(meta.start):
        vevent.add("dtstart", meta.start)
        last = meta.end if meta.end is not None else meta.start
        assert isinstance(last, date)
        vevent.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    else:
        assert isinstance(meta.start, datetime)
        vevent.add("dtstart", meta.start.replace(tzinfo=settings.tz))
        if isinstance(meta.end, datetime):
            vevent.add("dtend", meta.end.replace(tzinfo=settings.tz))
    if meta.repeat:
        vevent.add("rrule", vRecur.from_ical(normalise_rule(meta.repeat)))
    location = []
    if meta.venue is not None:
        location = [p for p in (meta.venue.name, meta.venue.address, meta.venue.postcode) if p]
    if meta.online and not location:
        location = [meta.online]
    if location:
        vevent.add("location", ", ".join(location))
    vevent.add("url", urls.absolute(settings.site_url, urls.event(meta.id)))
    vevent.add("status", "CANCELLED" if meta.status == "cancelled" else "CONFIRMED")
    vevent.add("categories", [meta.category])
    return vevent


def _timezone_years(events: list[Event], settings: Settings) -> tuple[int, int] | None:
    """Whole years the calendar's VTIMEZONE covers: a year before the first timed event to
    three after the last (or today). Whole years let every file share a few cached blocks."""
    timed = [e.meta.start for e in events if isinstance(e.meta.start, datetime)]
    if not timed:
        return None
    last = max(max(timed).date(), settings.today)
    return min(timed).year - 1, last.year + 3


@lru_cache(maxsize=64)
def _timezone_block(tz: ZoneInfo, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE component, serialised once per zone and span of years."""
    component = Timezone.from_tzinfo(tz, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31))
    return bytes(component.to_ical())


def _assemble(cal: Calendar, events: list[Event], settings: Settings, vevents: list[bytes]) -> bytes:
    """The calendar's own lines, its VTIMEZONE, then the serialised VEVENTs: the same bytes
    ``icalendar`` writes for the whole calendar, with each part serialised once."""
    end = b"END:VCALENDAR\r\n"
    head = bytes(cal.to_ical())
    assert head.endswith(end)
    years = _timezone_years(events, settings)
    zone_block = _timezone_block(settings.tz, *years) if years else b""
    return head[: -len(end)] + zone_block + b"".join(vevents) + end


def event_file(event: Event, settings: Settings, vevent: bytes | None = None) -> bytes:
    """``events/<id>.ics``; ``vevent`` is the event already serialised, if at hand."""
    cal = _calendar(settings, event.meta.title)
    return _assemble(cal, [event], settings, [vevent or bytes(_vevent(event, settings).to_ical())])


def calendar_file(events: list[Event], settings: Settings, vevents: dict[str, bytes] | None = None) -> bytes:
    """``events/calendar.ics``: every event in the file."""
    ready = vevents or {}
    cal = _calendar(settings, f"{settings.site_name} events")
    ordered = sorted(events, key=lambda e: e.id)
    parts = [ready.get(e.id) or bytes(_vevent(e, settings).to_ical()) for e in ordered]
    return _assemble(cal, ordered, settings, parts)


def calendar_files(events: list[Event], settings: Settings) -> dict[str, bytes]:
    """``events/calendar.ics`` and every ``events/<id>.ics``, each VEVENT serialised once
    (and, in the live preview, only for events that changed since the last build)."""
    keys = {e.id: (repr(e.meta), settings) for e in events}
    vevents = {e.id: _serialised(e, settings, keys[e.id]) for e in events}
    files = {urls.CALENDAR: calendar_file(events, settings, vevents)}
    for event in events:
        files[urls.event_ics(event.id)] = _event_file(event, settings, keys[event.id], vevents[event.id])
    return files


def _serialised(event: Event, settings: Settings, key: object) -> bytes:
    return remembered(lambda: ("vevent", key), lambda: bytes(_vevent(event, settings).to_ical()))


def _event_file(event: Event, settings: Settings, key: object, vevent: bytes) -> bytes:
    return remembered(lambda: ("event.ics", key), lambda: event_file(event, settings, vevent))
