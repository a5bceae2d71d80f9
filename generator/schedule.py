"""When events happen: repeat rules, next occurrences, upcoming or past, times in words.

Times in ``events.yaml`` are local to the site's time zone; they become aware datetimes
only at the edges (calendars, JSON-LD), so summer time is handled by ``zoneinfo``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from icalendar import vRecur

from generator.model import EventMeta

ALLOWED_FREQ = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second-to-last"}
_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_UNIT = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def is_all_day(value: date) -> bool:
    """A plain date (not a date-time) means an all-day event."""
    return not isinstance(value, datetime)


def as_datetime(value: date) -> datetime:
    """Midnight for a date; the value itself for a date-time."""
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def normalise_rule(text: str) -> str:
    """Strip an ``RRULE:`` prefix and spaces; upper-case the rule."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    return rule.replace(" ", "").upper()


def rule_parts(text: str) -> dict[str, str]:
    """``FREQ=YEARLY;BYMONTH=10`` as ``{"FREQ": "YEARLY", "BYMONTH": "10"}``."""
    parts: dict[str, str] = {}
    for item in normalise_rule(text).split(";"):
        if item:
            key, _, value = item.partition("=")
            parts[key] = value
    return parts


@lru_cache(maxsize=4096)
def parse_rule(text: str, start: date) -> rrule:
    """The rule as a dateutil ``rrule`` from ``start``; ``ValueError`` with a clear message."""
    parts = rule_parts(text)
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQ:
        raise ValueError(
            "a repeat rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY, "
            "e.g. FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH"
        )
    if "UNTIL" in parts and ("T" in parts["UNTIL"]) == is_all_day(start):
        kind = "a date (20271231)" if is_all_day(start) else "a date and time (20271231T235959)"
        raise ValueError(f"UNTIL must be {kind}, the same kind as start")
    try:
        rule = rrulestr(normalise_rule(text), dtstart=as_datetime(start))
        vRecur.from_ical(normalise_rule(text)).to_ical()  # the calendar files must carry it
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a valid RFC 5545 repeat rule ({exc})") from None
    if not isinstance(rule, rrule):  # an rruleset: several rules in one string
        raise ValueError("give one rule only, e.g. FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH")
    first = rule.after(as_datetime(start), inc=True)
    if first is None:
        raise ValueError("the rule gives no dates at all")
    if first != as_datetime(start):
        raise ValueError(
            f"start must be the first date the rule gives; the rule's first date is "
            f"{first.date().isoformat()}"
        )
    return rule


def duration(meta: EventMeta) -> timedelta:
    """From start to end; zero when there is no end."""
    if meta.end is None:
        return timedelta(0)
    return as_datetime(meta.end) - as_datetime(meta.start)


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event: local start and (inclusive) end, dates or date-times."""

    start: date
    end: date | None

    @property
    def last_day(self) -> date:
        """The day it ends (or starts, with no end)."""
        value = self.end if self.end is not None else self.start
        return value.date() if isinstance(value, datetime) else value


def _occurrence_at(meta: EventMeta, start: datetime) -> Occurrence:
    span = duration(meta)
    if is_all_day(meta.start):
        return Occurrence(start.date(), (start + span).date() if meta.end is not None else None)
    return Occurrence(start, start + span if meta.end is not None else None)


def first_occurrence(meta: EventMeta) -> Occurrence:
    """The event as written."""
    return Occurrence(meta.start, meta.end)


def next_occurrence(meta: EventMeta, today: date) -> Occurrence | None:
    """The first occurrence that has not ended before ``today``, or ``None``."""
    if not meta.repeat:
        occurrence = first_occurrence(meta)
        return occurrence if occurrence.last_day >= today else None
    rule = parse_rule(meta.repeat, meta.start)
    span_days = duration(meta).days + 1
    found = rule.after(datetime.combine(today - timedelta(days=span_days), time()), inc=True)
    while found is not None:
        occurrence = _occurrence_at(meta, found)
        if occurrence.last_day >= today:
            return occurrence
        found = rule.after(found)
    return None


def last_occurrence(meta: EventMeta) -> Occurrence:
    """The final occurrence (the event itself when it does not repeat forever)."""
    if not meta.repeat:
        return first_occurrence(meta)
    rule = parse_rule(meta.repeat, meta.start)
    parts = rule_parts(meta.repeat)
    if "COUNT" not in parts and "UNTIL" not in parts:
        return first_occurrence(meta)
    last = None
    for last in rule:  # noqa: B007 - bounded by COUNT or UNTIL
        pass
    return _occurrence_at(meta, last) if last is not None else first_occurrence(meta)


def is_upcoming(meta: EventMeta, today: date) -> bool:
    """Upcoming while its end (or start, or next occurrence) is not before today."""
    return next_occurrence(meta, today) is not None


def rule_in_words(text: str) -> str:
    """A repeat rule as a phrase: ``every year on the third Thursday of October``."""
    parts = rule_parts(text)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    unit = _UNIT.get(freq, "time")
    phrase = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    days = [_day_phrase(day) for day in parts.get("BYDAY", "").split(",") if day]
    months = [
        _MONTHS[int(m) - 1] for m in parts.get("BYMONTH", "").split(",") if m.isdigit() and 1 <= int(m) <= 12
    ]
    month_days = [
        f"{int(d)}{_suffix(int(d))}"
        for d in parts.get("BYMONTHDAY", "").split(",")
        if d.lstrip("-").isdigit()
    ]
    if days:
        phrase += " on " + _join(days)
    elif month_days:
        phrase += " on the " + _join(month_days)
    if months:
        phrase += (" of " if days or month_days else " in ") + _join(months)
    if "COUNT" in parts:
        phrase += f", {parts['COUNT']} times"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        with contextlib.suppress(ValueError):
            phrase += f", until {day_in_words(date(int(until[:4]), int(until[4:6]), int(until[6:8])))}"
    return phrase


def _day_phrase(token: str) -> str:
    name = _DAYS.get(token[-2:], token[-2:])
    ordinal = token[:-2].lstrip("+")
    if ordinal and ordinal.lstrip("-").isdigit():
        return f"the {_ORDINALS.get(int(ordinal), f'{ordinal}th')} {name}"
    return name


def _suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def day_in_words(value: date) -> str:
    """``Thursday 15 October 2026``."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def time_in_words(value: datetime) -> str:
    """``11am``, ``2:30pm``, ``midday``, ``midnight``."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def when_in_words(occurrence: Occurrence, tz: ZoneInfo) -> str:
    """``Thursday 15 October 2026, 11am to 3pm BST``, or a date range for all-day events."""
    start, end = occurrence.start, occurrence.end
    if not isinstance(start, datetime):
        if end is None or end == start:
            return f"{day_in_words(start)}, all day"
        return f"{day_in_words(start)} to {day_in_words(end)}"
    zone_name = start.replace(tzinfo=tz).tzname() or ""
    if not isinstance(end, datetime):
        return f"{day_in_words(start)}, {time_in_words(start)} {zone_name}"
    if end.date() == start.date():
        end_zone = end.replace(tzinfo=tz).tzname() or ""
        suffix = zone_name if end_zone == zone_name else f"{zone_name} to {end_zone}"
        return f"{day_in_words(start)}, {time_in_words(start)} to {time_in_words(end)} {suffix}"
    end_zone = end.replace(tzinfo=tz).tzname() or ""
    return (
        f"{day_in_words(start)}, {time_in_words(start)} {zone_name} to "
        f"{day_in_words(end)}, {time_in_words(end)} {end_zone}"
    )


def aware(value: datetime, tz: ZoneInfo) -> datetime:
    """A local wall-clock time in the site's zone as an aware datetime."""
    return value.replace(tzinfo=tz)
