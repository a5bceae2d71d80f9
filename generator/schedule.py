"""When events happen: repeat rules, next occurrences, upcoming or past, times in words.

Times in ``events.yaml`` are local to the site's time zone; they become aware datetimes
only at the edges (calendars, JSON-LD), so summer time is handled by ``zoneinfo``.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from icalendar import vRecur

from generator.model import EventMeta

ALLOWED_FREQ = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
ALLOWED_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTH", "BYMONTHDAY", "WKST")
"""The parts of RFC 5545 rules the hub can put into words; others are refused by validation."""
EXAMPLE_RULE = "FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH"
SKIP_YEARS = 50
"""A ``skip`` date may be at most this many years after the start (checking it walks the rule)."""
MAX_OCCURRENCES = 1000
"""A rule that ends (COUNT or UNTIL) may give at most this many dates: the calendars and
the last date of a past event are worked out from all of them."""
_ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    -1: "last",
    -2: "second-to-last",
    -3: "third-to-last",
}
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
_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_UNIT = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_BYDAY_RE = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL_RE = re.compile(r"^\d{8}(T\d{6})?$")


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


def _check_parts(parts: dict[str, str], start: date) -> None:
    """Refuse what dateutil would accept but loop on, or what we cannot say in words."""
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQ:
        raise ValueError(f"a repeat rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY, e.g. {EXAMPLE_RULE}")
    for key in parts:
        if key not in ALLOWED_PARTS:
            allowed = ", ".join(ALLOWED_PARTS[:-1])
            raise ValueError(f"{key} is not supported in a repeat rule; use {allowed}")
    for key in ("INTERVAL", "COUNT"):
        if key in parts and not (parts[key].isdigit() and int(parts[key]) >= 1):
            raise ValueError(f"{key} must be a whole number from 1 up; got {parts[key]!r}")
    if "COUNT" in parts and int(parts["COUNT"]) > MAX_OCCURRENCES:
        raise ValueError(_TOO_MANY)
    if "INTERVAL" in parts and int(parts["INTERVAL"]) > 1000:
        raise ValueError(f"INTERVAL must be at most 1000; got {parts['INTERVAL']}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError("give COUNT or UNTIL, not both")
    if "UNTIL" in parts:
        until = parts["UNTIL"]
        if until.endswith("Z"):
            raise ValueError("write UNTIL in local time without Z, e.g. UNTIL=20271231T235959")
        if not _UNTIL_RE.match(until):
            raise ValueError(f"UNTIL must be written 20271231 or 20271231T235959; got {until!r}")
        if ("T" in until) == is_all_day(start):
            kind = "a date (20271231)" if is_all_day(start) else "a date and time (20271231T235959)"
            raise ValueError(f"UNTIL must be {kind}, the same kind as start")
    months = _numbers(parts, "BYMONTH", 1, 12)
    month_days = _numbers(parts, "BYMONTHDAY", 1, 31, negative=True)
    if (
        months
        and month_days
        and not any(abs(day) <= _MONTH_DAYS[month - 1] for month in months for day in month_days)
    ):
        raise ValueError("the rule gives no dates at all: none of those months has that day")
    for token in filter(None, parts.get("BYDAY", "").split(",")):
        match = _BYDAY_RE.match(token)
        if not match:
            raise ValueError(f"BYDAY has {token!r}; use days such as MO, TH or +3TH (the third Thursday)")
        if match[1] is not None:
            number = int(match[1])
            limit = 5 if freq == "MONTHLY" or "BYMONTH" in parts else 53
            if freq in {"DAILY", "WEEKLY"}:
                raise ValueError(f"{token}: a numbered day such as +3TH needs FREQ=MONTHLY or YEARLY")
            if number == 0 or abs(number) > limit:
                raise ValueError(f"{token}: the number before the day must be 1 to {limit} or -1 to -{limit}")


_TOO_MANY = (
    f"the rule gives more than {MAX_OCCURRENCES:,} dates: end it sooner (a smaller COUNT or an "
    "earlier UNTIL), or leave out COUNT and UNTIL for an event that repeats with no end"
)


def _numbers(parts: dict[str, str], key: str, low: int, high: int, *, negative: bool = False) -> list[int]:
    numbers = []
    for item in filter(None, parts.get(key, "").split(",")):
        try:
            number = int(item)
        except ValueError:
            raise ValueError(f"{key} must be numbers separated by commas; got {parts[key]!r}") from None
        if not (low <= abs(number) <= high) or (number < 0 and not negative):
            span = f"{low} to {high}" + (f" (or -{low} to -{high} from the end)" if negative else "")
            raise ValueError(f"{key} must be {span}; got {number}")
        numbers.append(number)
    return numbers


@lru_cache(maxsize=8192)
def parse_rule(text: str, start: date) -> rrule:
    """The rule as a dateutil ``rrule`` from ``start``; ``ValueError`` with a clear message.

    Cached: every page, listing and calendar of one build asks about the same rules."""
    parts = rule_parts(text)
    _check_parts(parts, start)
    try:
        rule = rrulestr(normalise_rule(text), dtstart=as_datetime(start), cache=True)
        vRecur.from_ical(normalise_rule(text)).to_ical()  # the calendar files must carry it
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a valid RFC 5545 repeat rule ({exc})") from None
    if not isinstance(rule, rrule):  # an rruleset: several rules in one string
        raise ValueError(f"give one rule only, e.g. {EXAMPLE_RULE}")
    first = rule.after(as_datetime(start), inc=True)
    if first is None:
        raise ValueError("the rule gives no dates at all")
    if first != as_datetime(start):
        raise ValueError(
            f"start must be the first date the rule gives; the rule's first date is "
            f"{day_in_words(first.date())} ({first.date().isoformat()})"
        )
    if "UNTIL" in parts and sum(1 for _ in itertools.islice(rule, MAX_OCCURRENCES + 1)) > MAX_OCCURRENCES:
        raise ValueError(_TOO_MANY)  # counted once: the rule caches what it gave
    return rule


_PERIOD = {"DAILY": 1, "WEEKLY": 7}
"""Days in one period of a rule counted in days; monthly and yearly rules count months."""


@lru_cache(maxsize=8192)
def _rule_from(text: str, start: date, moment: datetime) -> rrule:
    """The rule restarted a whole number of periods after ``start``, at least one period
    before ``moment``: for a rule without COUNT it gives the same dates from ``moment`` on,
    so finding the next date costs the same for an event that started years ago as for
    one that started last week (dateutil steps through every date from the start)."""
    parts = rule_parts(text)
    if "COUNT" in parts:
        return parse_rule(text, start)
    first = as_datetime(start)
    freq, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    # What the rule leaves to the start date is written out, as the restart moves it.
    if freq == "WEEKLY" and "BYDAY" not in parts:
        parts["BYDAY"] = list(_DAYS)[first.weekday()]
    elif freq in {"MONTHLY", "YEARLY"} and "BYDAY" not in parts and "BYMONTHDAY" not in parts:
        parts["BYMONTHDAY"] = str(first.day)
        if freq == "YEARLY" and "BYMONTH" not in parts:
            parts["BYMONTH"] = str(first.month)
    if freq in _PERIOD:
        step = _PERIOD[freq] * interval
        periods = max(0, (moment - first).days // step - 1)
        restart = first + timedelta(days=periods * step)
    else:
        months = 12 * interval if freq == "YEARLY" else interval
        gone = (moment.year - first.year) * 12 + moment.month - first.month
        periods = max(0, gone // months - 1)
        if periods == 0:
            return parse_rule(text, start)
        month = first.month - 1 + periods * months
        restart = first.replace(year=first.year + month // 12, month=month % 12 + 1, day=1)
        if freq == "YEARLY":
            restart = restart.replace(month=1)
    if restart <= first:
        return parse_rule(text, start)
    rule = ";".join(f"{key}={value}" for key, value in parts.items())
    result = rrulestr(rule, dtstart=restart, cache=True)
    assert isinstance(result, rrule)
    return result


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

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def all_day(self) -> bool:
        return is_all_day(self.start)

    @property
    def sort_key(self) -> datetime:
        """Soonest first; an all-day event sorts at the start of its day."""
        return as_datetime(self.start)


def _occurrence_at(meta: EventMeta, start: datetime) -> Occurrence:
    span = duration(meta)
    if is_all_day(meta.start):
        return Occurrence(start.date(), (start + span).date() if meta.end is not None else None)
    return Occurrence(start, start + span if meta.end is not None else None)


def first_occurrence(meta: EventMeta) -> Occurrence:
    """The event as written."""
    return Occurrence(meta.start, meta.end)


def upcoming_occurrences(meta: EventMeta, today: date, limit: int = 1) -> list[Occurrence]:
    """Up to ``limit`` occurrences, soonest first, that have not ended before ``today``.

    The dates in ``skip`` are left out (each costs one more step, so this stays bounded)."""
    if not meta.repeat:
        occurrence = first_occurrence(meta)
        return [occurrence] if occurrence.last_day >= today and limit > 0 else []
    skipped = set(meta.skip)
    span_days = duration(meta).days + 1
    moment = datetime.combine(today - timedelta(days=span_days), time())
    rule = _rule_from(meta.repeat, meta.start, moment)
    found = rule.after(moment, inc=True)
    result: list[Occurrence] = []
    while found is not None and len(result) < limit:
        occurrence = _occurrence_at(meta, found)
        if occurrence.last_day >= today and occurrence.first_day not in skipped:
            result.append(occurrence)
        found = rule.after(found)
    return result


def repeats_forever(meta: EventMeta) -> bool:
    """True for a repeat rule with neither COUNT nor UNTIL."""
    if not meta.repeat:
        return False
    parts = rule_parts(meta.repeat)
    return "COUNT" not in parts and "UNTIL" not in parts


def last_occurrence(meta: EventMeta) -> Occurrence:
    """The final occurrence that is not skipped (the event itself when it does not repeat,
    or repeats forever)."""
    if not meta.repeat or repeats_forever(meta):
        return first_occurrence(meta)
    skipped = set(meta.skip)
    last = None
    for found in parse_rule(meta.repeat, meta.start):  # bounded by COUNT or UNTIL
        if found.date() not in skipped:
            last = found
    return _occurrence_at(meta, last) if last is not None else first_occurrence(meta)


def skip_problem(meta: EventMeta, day: date) -> str | None:
    """Why ``day`` cannot be a ``skip`` date of this event, or ``None`` when it can."""
    if not meta.repeat:
        return "only a repeating event can skip a date: add a repeat: rule, or remove skip"
    first = as_datetime(meta.start).date()
    if day.year - first.year > SKIP_YEARS:
        return f"{day.isoformat()} is more than {SKIP_YEARS} years after the event starts"
    rule = parse_rule(meta.repeat, meta.start)
    start = datetime.combine(day, time())
    after = rule.after(start, inc=True)
    if after is not None and after.date() == day:
        return None
    before = rule.before(start)
    near = " or ".join(f"{day_in_words(d.date())} ({d.date().isoformat()})" for d in (before, after) if d)
    hint = f"; the nearest are {near}" if near else ""
    return f"{day_in_words(day)} ({day.isoformat()}) is not one of this event's dates{hint}"


def skipped_ahead(meta: EventMeta, today: date) -> list[date]:
    """The ``skip`` dates from ``today`` on, soonest first (the event page names them)."""
    return sorted(d for d in set(meta.skip) if d >= today)


def remaining_rule(meta: EventMeta, start: date) -> str:
    """The event's rule for occurrences from ``start`` on: COUNT less those already gone.

    For "add to calendar" from the next occurrence rather than the first."""
    assert meta.repeat
    parts = rule_parts(meta.repeat)
    if "COUNT" in parts:
        rule = parse_rule(meta.repeat, meta.start)
        gone = sum(1 for _ in rule.between(as_datetime(meta.start), as_datetime(start), inc=False))
        gone += 1 if as_datetime(start) != as_datetime(meta.start) else 0
        parts["COUNT"] = str(max(1, int(parts["COUNT"]) - gone))
    return ";".join(f"{key}={value}" for key, value in parts.items())


# ---------------------------------------------------------------------------------------
# In words
# ---------------------------------------------------------------------------------------


def rule_in_words(text: str, start: date | None = None) -> str:
    """A repeat rule as a phrase: ``every year on the third Thursday of October``.

    ``start`` fills in what the rule leaves to the start date (the weekday of a weekly
    rule, the day of a monthly or yearly one)."""
    parts = rule_parts(text)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or 1) if parts.get("INTERVAL", "1").isdigit() else 1
    unit = _UNIT.get(freq, "time")
    phrase = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    days = [_day_phrase(day) for day in parts.get("BYDAY", "").split(",") if day]
    months = [
        _MONTHS[int(m) - 1] for m in parts.get("BYMONTH", "").split(",") if m.isdigit() and 1 <= int(m) <= 12
    ]
    month_days = [_month_day(d) for d in parts.get("BYMONTHDAY", "").split(",") if d.lstrip("-").isdigit()]
    start_day = start.date() if isinstance(start, datetime) else start
    if freq == "DAILY" and days and interval == 1:
        phrase = "every " + ("weekday (Monday to Friday)" if _is_weekdays(parts) else _join(days))
    elif days:
        phrase += " on " + _join(days)
    elif month_days:
        phrase += " on the " + _join(month_days)
    elif start_day is not None and freq == "WEEKLY":
        phrase += f" on {start_day:%A}"
    elif start_day is not None and freq == "MONTHLY":
        phrase += f" on the {_month_day(str(start_day.day))}"
    elif start_day is not None and freq == "YEARLY" and not months:
        phrase += f" on {start_day.day} {start_day:%B}"
    elif start_day is not None and freq == "YEARLY":
        phrase += f" on the {_month_day(str(start_day.day))}"
    if months:
        phrase += (" of " if days or month_days or freq == "YEARLY" else " in ") + _join(months)
    if "COUNT" in parts:
        phrase += f", {parts['COUNT']} times"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        with contextlib.suppress(ValueError):
            phrase += f", until {day_in_words(date(int(until[:4]), int(until[4:6]), int(until[6:8])))}"
    return phrase


def _is_weekdays(parts: dict[str, str]) -> bool:
    return sorted(parts.get("BYDAY", "").split(",")) == sorted(["MO", "TU", "WE", "TH", "FR"])


def _month_day(token: str) -> str:
    number = int(token)
    if number == -1:
        return "last day"
    if number < 0:
        return f"{_ORDINALS.get(number, f'{-number}th-from-last')} day"
    return f"{number}{_suffix(number)}"


def _day_phrase(token: str) -> str:
    name = _DAYS.get(token[-2:], token[-2:])
    ordinal = token[:-2].lstrip("+")
    if ordinal and ordinal.lstrip("-").isdigit():
        number = int(ordinal)
        word = _ORDINALS.get(number) or (f"{number}{_suffix(number)}" if number > 0 else f"{-number}th-last")
        return f"the {word} {name}"
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


def zone_name(value: datetime, tz: ZoneInfo) -> str:
    """The zone's abbreviation at that local time: ``BST`` in summer, ``GMT`` in winter."""
    return aware(value, tz).tzname() or tz.key


def days_in_words(first: date, last: date) -> str:
    """``Monday 4 to Friday 8 July 2016``; the month and year are said once where shared."""
    if first == last:
        return day_in_words(first)
    if first.year != last.year:
        return f"{day_in_words(first)} to {day_in_words(last)}"
    if first.month != last.month:
        return f"{first:%A} {first.day} {first:%B} to {day_in_words(last)}"
    return f"{first:%A} {first.day} to {day_in_words(last)}"


def times_in_words(occurrence: Occurrence, tz: ZoneInfo) -> str:
    """The time of day alone, for a programme under a day heading: ``11am to 3pm BST``."""
    start, end = occurrence.start, occurrence.end
    if not isinstance(start, datetime):
        if end is None or end == start:
            return "All day"
        return f"All day, {days_in_words(start, end)}"
    zone = zone_name(start, tz)
    if not isinstance(end, datetime):
        return f"{time_in_words(start)} {zone}"
    if end.date() == start.date():
        end_zone = zone_name(end, tz)
        suffix = zone if end_zone == zone else f"{zone} to {end_zone}"
        return f"{time_in_words(start)} to {time_in_words(end)} {suffix}"
    return when_in_words(occurrence, tz)


def when_in_words(occurrence: Occurrence, tz: ZoneInfo) -> str:
    """``Thursday 15 October 2026, 11am to 3pm BST``, or a range of days for all-day events."""
    start, end = occurrence.start, occurrence.end
    if not isinstance(start, datetime):
        if end is None or end == start:
            return f"{day_in_words(start)}, all day"
        return days_in_words(start, end)
    if not isinstance(end, datetime) or end.date() == start.date():
        return f"{day_in_words(start.date())}, {times_in_words(occurrence, tz)}"
    zone, end_zone = zone_name(start, tz), zone_name(end, tz)
    if zone == end_zone and start.year == end.year:
        return (
            f"{start:%A} {start.day} {start:%B}, {time_in_words(start)} to "
            f"{day_in_words(end.date())}, {time_in_words(end)} {zone}"
        )
    return (
        f"{day_in_words(start.date())}, {time_in_words(start)} {zone} to "
        f"{day_in_words(end.date())}, {time_in_words(end)} {end_zone}"
    )


def aware(value: datetime, tz: ZoneInfo) -> datetime:
    """A local wall-clock time in the site's zone as an aware datetime.

    A time that does not exist (the hour skipped when clocks go forward) is read with the
    offset before the change, as calendars do; a repeated hour takes its first meaning."""
    return value.replace(tzinfo=tz, fold=0)


def to_utc(value: datetime, tz: ZoneInfo) -> datetime:
    """A local time in the site's zone as UTC: 11:00 on 1 July in London is 10:00Z."""
    return aware(value, tz).astimezone(UTC)


def iso_local(value: date, tz: ZoneInfo) -> str:
    """ISO 8601 for ``<time datetime>`` and JSON-LD: a date, or a time with its UTC offset."""
    if isinstance(value, datetime):
        return aware(value, tz).isoformat(timespec="minutes" if value.second == 0 else "seconds")
    return value.isoformat()
