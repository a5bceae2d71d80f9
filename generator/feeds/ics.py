"""iCalendar files (RFC 5545) made with the ``icalendar`` library: one per event, and one
with every event. Repeating events are one VEVENT with their RRULE."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from generator import urls
from generator.hub import Settings
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


def _with_timezone(cal: Calendar, events: list[Event], settings: Settings) -> Calendar:
    timed = [e.meta.start for e in events if isinstance(e.meta.start, datetime)]
    if timed:
        first = min(timed).replace(tzinfo=settings.tz)
        last = max(max(timed), datetime.combine(settings.today, time())).replace(tzinfo=settings.tz)
        cal.add_component(
            Timezone.from_tzinfo(
                settings.tz,
                first_date=first.date() - timedelta(days=366),
                last_date=last.date() + timedelta(days=3 * 366),
            )
        )
    return cal


def event_file(event: Event, settings: Settings) -> bytes:
    """``events/<id>.ics``."""
    cal = _calendar(settings, event.meta.title)
    _with_timezone(cal, [event], settings)
    cal.add_component(_vevent(event, settings))
    return bytes(cal.to_ical())


def calendar_file(events: list[Event], settings: Settings) -> bytes:
    """``events/calendar.ics``: every event in the file."""
    cal = _calendar(settings, f"{settings.site_name} events")
    _with_timezone(cal, events, settings)
    for event in sorted(events, key=lambda e: e.id):
        cal.add_component(_vevent(event, settings))
    return bytes(cal.to_ical())
