"""The "Add to Google Calendar" link of an event page.

A plain link to ``calendar.google.com/calendar/render?action=TEMPLATE&...`` that the reader
may choose to follow; the page itself makes no request to Google. Times are local wall
clock times with ``ctz`` (the site's zone), so a repeating event keeps its local time
across summer time; all-day events use dates with an exclusive end, as in iCalendar.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

from generator.event_rules import location
from generator.model import EventMeta
from generator.schedule import Occurrence, remaining_rule, rule_parts, to_utc
from generator.settings import Settings

GOOGLE_RENDER = "https://calendar.google.com/calendar/render"
DETAILS_MAX = 1000
"""Google truncates long links; the summary and a link back are what matter."""


def _dates(occurrence: Occurrence) -> str:
    if occurrence.all_day:
        return f"{occurrence.first_day:%Y%m%d}/{occurrence.last_day + timedelta(days=1):%Y%m%d}"
    start = occurrence.start
    end = occurrence.end if isinstance(occurrence.end, datetime) else start
    assert isinstance(start, datetime)
    return f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"


def _recur(meta: EventMeta, occurrence: Occurrence, settings: Settings) -> str:
    parts = rule_parts(remaining_rule(meta, occurrence.start))
    until = parts.get("UNTIL", "")
    if "T" in until:  # a local time; Google, like RFC 5545, wants UTC with a timed start
        local = datetime.strptime(until, "%Y%m%dT%H%M%S")
        parts["UNTIL"] = f"{to_utc(local, settings.tz):%Y%m%dT%H%M%SZ}"
    return "RRULE:" + ";".join(f"{key}={value}" for key, value in parts.items())


def google_calendar_url(meta: EventMeta, occurrence: Occurrence, page_url: str, settings: Settings) -> str:
    """The link, for ``occurrence`` (the next one) and, for a repeating event, those after."""
    details = f"{meta.summary}\n\n{page_url}"
    if len(details) > DETAILS_MAX:
        details = page_url
    params = [
        ("action", "TEMPLATE"),
        ("text", meta.title),
        ("dates", _dates(occurrence)),
        ("ctz", settings.tz.key),
        ("details", details),
    ]
    place = location(meta)
    if place:
        params.append(("location", place))
    if meta.repeat:
        params.append(("recur", _recur(meta, occurrence, settings)))
    return f"{GOOGLE_RENDER}?{urlencode(params, safe='/', quote_via=quote)}"
