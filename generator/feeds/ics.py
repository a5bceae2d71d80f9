"""iCalendar files (RFC 5545) made with the ``icalendar`` library: one per event, and one
with every event. A repeating event is one VEVENT with its RRULE.

- Times are local to the site's zone, written with ``TZID`` and a VTIMEZONE (see
  ``vtimezone``), so a monthly 6pm event stays at 6pm across summer time.
- All-day events are DATE values with an exclusive DTEND (the day after the last day).
- UIDs are ``<event id>@<site host>``: stable across builds, so a re-imported calendar
  updates events instead of doubling them. DTSTAMP is midnight UTC of the build's today,
  never the clock, so two builds with the same today are identical.
- ``skip`` dates of a repeating event are EXDATEs, at the event's own time of day.
- No METHOD: these are calendars to import or subscribe to, not iTIP messages. With
  ``METHOD:PUBLISH``, RFC 5546 requires an ORGANIZER (an email address) in every event,
  which outside organisers do not give us; libical's check rejects one without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from generator import event_rules, urls
from generator.event_rules import location
from generator.feeds.vtimezone import vtimezone
from generator.memo import Memo
from generator.model import CATEGORY_LABELS, Event, EventMeta
from generator.schedule import as_datetime, is_all_day, last_occurrence, normalise_rule, to_utc
from generator.settings import Settings

PRODID = "-//Peer Support Hub//peerhub//EN"
_END = b"END:VCALENDAR\r\n"


def _calendar(settings: Settings, name: str, *, subscription: bool = False) -> Calendar:
    name = " ".join(name.split())  # NAME and X-WR-CALNAME are one line (icalendar asserts it)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.tz.key)
    if subscription:  # a subscribed calendar asks again once a day
        cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "P1D")
    return cal


def host(settings: Settings) -> str:
    """The site's host name, for UIDs; ``peerhub.invalid`` when the site has no address."""
    return settings.site_url.split("//", 1)[-1].split("/", 1)[0] or "peerhub.invalid"


def description(meta: EventMeta, page_url: str) -> str:
    """Plain text: status, summary, online link, organiser, accessibility, the page."""
    lines = [event_rules.status(meta).calendar_note, meta.summary]
    if meta.online:
        lines.append(f"Online: {meta.online}")
    if meta.booking:
        lines.append(f"Booking: {meta.booking}")
    if meta.organiser:
        lines.append(f"Organiser: {meta.organiser}")
    if meta.accessibility:
        lines.append(f"Accessibility: {meta.accessibility}")
    lines.append(f"More: {page_url}")
    return "\n\n".join(line for line in lines if line)


def rule_for_calendar(meta: EventMeta, settings: Settings) -> vRecur:
    """The repeat rule; a local UNTIL of a timed event becomes UTC, as RFC 5545 requires."""
    assert meta.repeat
    recur: vRecur = vRecur.from_ical(normalise_rule(meta.repeat))
    until = recur.get("UNTIL")
    if until:
        value = until[0]
        if isinstance(value, datetime):
            recur["UNTIL"] = [to_utc(value, settings.tz)]
    return recur


def exdates(meta: EventMeta, settings: Settings) -> list[date]:
    """The ``skip`` dates as EXDATE values: dates for an all-day event, else the date at the
    event's start time in the site's zone (EXDATE must match DTSTART's kind and zone)."""
    days = sorted(set(meta.skip))
    if is_all_day(meta.start):
        return list(days)
    assert isinstance(meta.start, datetime)
    start = meta.start.time()
    return [datetime.combine(day, start).replace(tzinfo=settings.tz) for day in days]


def _vevent(event: Event, settings: Settings) -> VEvent:
    meta = event.meta
    page_url = urls.absolute(settings.site_url, urls.event(meta.id))
    vevent = VEvent()
    vevent.add("uid", f"{meta.id}@{host(settings)}")
    vevent.add("dtstamp", datetime.combine(settings.today, time(), tzinfo=UTC))
    vevent.add("summary", meta.title)
    if is_all_day(meta.start):
        last = meta.end if meta.end is not None else meta.start
        vevent.add("dtstart", meta.start)
        vevent.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
        vevent.add("transp", "TRANSPARENT")  # a day of awareness does not make anyone busy
    else:
        assert isinstance(meta.start, datetime)
        vevent.add("dtstart", meta.start.replace(tzinfo=settings.tz))
        if isinstance(meta.end, datetime):
            vevent.add("dtend", meta.end.replace(tzinfo=settings.tz))
    if meta.repeat:
        vevent.add("rrule", rule_for_calendar(meta, settings))
        if meta.skip:
            vevent.add("exdate", exdates(meta, settings))
    place = location(meta)
    if place:
        vevent.add("location", place)
    vevent.add("description", description(meta, page_url))
    vevent.add("url", page_url)
    vevent.add("status", event_rules.status(meta).ics)
    # A change of status is a new version of the event: calendars that have it update it.
    vevent.add("sequence", 0 if meta.status == "scheduled" else 1)
    vevent.add("categories", [meta.category])
    return vevent


def _timezone_years(events: Iterable[Event], settings: Settings) -> tuple[int, int] | None:
    """The years a VTIMEZONE must cover for these events; ``None`` when none has a time."""
    timed = [e.meta for e in events if not is_all_day(e.meta.start)]
    if not timed:
        return None
    first = min(as_datetime(m.start) for m in timed).year
    last = max(as_datetime(last_occurrence(m).start).year for m in timed)
    return first, max(last, settings.today.year)


@lru_cache(maxsize=256)
def _timezone_bytes(tz: ZoneInfo, first: int, last: int) -> bytes:
    return bytes(vtimezone(tz, first, last).to_ical())


def _assemble(cal: Calendar, components: Iterable[bytes]) -> bytes:
    """The calendar's own lines, then components already serialised by ``icalendar``.

    Each VEVENT is built and serialised once, for its own file and for ``calendar.ics``,
    rather than once for each."""
    head = bytes(cal.to_ical())
    assert head.endswith(_END)
    return head[: -len(_END)] + b"".join(components) + _END


def calendar_files(events: list[Event], settings: Settings, memo: Memo) -> dict[str, bytes]:
    """``events/<id>.ics`` for each event, ``events/calendar.ics`` with every event, and
    ``events/category/<category>.ics`` for each category (written even when empty, so a
    subscription never breaks).

    In the live preview, ``memo`` keeps each event's VEVENT, file and place in the order
    while the event is unchanged (the parse cache hands back the same event while
    events.yaml is), and the shared calendars while every event is."""
    rows = {e.id: (e, settings) for e in events}
    serialised = memo.each("vevent", vevent_bytes, rows)
    spans = memo.each("span", _span, rows)
    own = memo.each("file", event_file, {e.id: (e, settings, serialised[e.id]) for e in events})
    files = {urls.event_ics(e.id): own[e.id] for e in events}
    # The shared calendars: their order is kept while every event's place in it is equal, and
    # each calendar while its VEVENTs are the same bytes (a title edit makes one again).
    order = memo.each("order", _order, {"": (tuple(spans[e.id] for e in events),)})[""]
    ordered = [events[n] for n in order]
    calendars = {"": (ordered, f"{settings.site_name} events")}
    for name, label in CATEGORY_LABELS.items():
        mine = [e for e in ordered if e.meta.category == name]
        calendars[name] = (mine, f"{settings.site_name}: {label.lower()} events")
    shared = {}
    for name, (mine, title) in calendars.items():
        vevents = tuple(serialised[e.id] for e in mine)
        shared[name] = (vevents, _years([spans[e.id] for e in mine], settings), title, settings)
    made = memo.each("calendar", _shared_calendar, shared)
    files[urls.CALENDAR] = made[""]
    for name in CATEGORY_LABELS:
        files[urls.event_category_ics(name)] = made[name]
    return files


_Span = tuple[datetime, str, tuple[int, int] | None]
"""An event's place in the calendars' order, and the years of a timed one (see :func:`_span`)."""


def _span(event: Event, settings: Settings) -> _Span:
    """The event's sort key in the calendars, and for a timed event the years from its start
    to its last occurrence's (which a VTIMEZONE must cover)."""
    meta = event.meta
    years = None
    if not is_all_day(meta.start):
        years = (as_datetime(meta.start).year, as_datetime(last_occurrence(meta).start).year)
    return as_datetime(meta.start), event.id, years


def _order(spans: tuple[_Span, ...]) -> list[int]:
    """The events in the calendars' order (by start, then id), as their numbers."""
    return sorted(range(len(spans)), key=lambda n: spans[n][:2])


def _years(spans: list[_Span], settings: Settings) -> tuple[int, int] | None:
    """The years a VTIMEZONE must cover for these events (as :func:`_timezone_years`)."""
    timed = [years for _, _, years in spans if years is not None]
    if not timed:
        return None
    return min(first for first, _ in timed), max(max(last for _, last in timed), settings.today.year)


def _shared_calendar(
    vevents: tuple[bytes, ...], years: tuple[int, int] | None, name: str, settings: Settings
) -> bytes:
    """A calendar to subscribe to, of these VEVENTs, with the VTIMEZONE for ``years``."""
    zone = [_timezone_bytes(settings.tz, *years)] if years else []
    return _assemble(_calendar(settings, name, subscription=True), [*zone, *vevents])


def vevent_bytes(event: Event, settings: Settings) -> bytes:
    """The event's VEVENT, serialised once for its own file and for ``calendar.ics``."""
    return bytes(_vevent(event, settings).to_ical())


def event_file(event: Event, settings: Settings, vevent: bytes) -> bytes:
    """``events/<id>.ics``: the event's VEVENT and, for a timed event, the VTIMEZONE."""
    years = _timezone_years([event], settings)
    zone = [_timezone_bytes(settings.tz, *years)] if years else []
    return _assemble(_calendar(settings, event.meta.title), [*zone, vevent])
