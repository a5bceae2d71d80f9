"""The VTIMEZONE of a calendar file: the site's time zone written for calendar programs.

A repeating event with no end goes on for ever, so a list of the next few clock changes
(what ``icalendar.Timezone.from_tzinfo`` writes) would run out. The time zone database
ends every zone with a POSIX rule that holds from some year on (``GMT0BST,M3.5.0/1,M10.5.0``
for Europe/London: summer time from 01:00 on the last Sunday of March to 02:00 on the
last Sunday of October); we write that rule as yearly ``RRULE`` observances, which hold
for ever, and fall back to ``from_tzinfo`` for the years before the rule took effect.
Built once per zone and first year, then shared by every calendar of the build.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

CHECK_UNTIL = 2040
"""The rule is compared with the zone's own data up to this year."""
FALLBACK_YEARS = 30
"""Without a usable rule, ``from_tzinfo`` covers this many years from the latest year needed."""

_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_DATE = r"M\d{1,2}\.\d\.\d(?:/" + _OFFSET + ")?"
_POSIX_RE = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_off>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_off>{_OFFSET})?,(?P<start>{_DATE}),(?P<end>{_DATE}))?$"
)
_DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


@dataclass(frozen=True)
class _Change:
    """One yearly clock change: month, week (5 = last), weekday (0 = Sunday), local time."""

    month: int
    week: int
    weekday: int
    at: timedelta

    def day(self, year: int) -> date:
        first = date(year, self.month, 1)
        # Python's weekday(): Monday 0 .. Sunday 6; POSIX: Sunday 0 .. Saturday 6.
        shift = (self.weekday - (first.weekday() + 1) % 7) % 7
        day = first + timedelta(days=shift + 7 * (self.week - 1))
        while day.month != self.month:  # week 5 means the last one in the month
            day -= timedelta(days=7)
        return day

    def local(self, year: int) -> datetime:
        return datetime.combine(self.day(year), time()) + self.at

    def byday(self) -> str:
        return f"{-1 if self.week == 5 else self.week}{_DAY_CODES[self.weekday]}"


@dataclass(frozen=True)
class _Rule:
    std_name: str
    std_offset: timedelta
    dst_name: str | None = None
    dst_offset: timedelta | None = None
    start: _Change | None = None
    end: _Change | None = None


def _offset(text: str, *, posix: bool) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    fields = [int(f) for f in text.lstrip("+-").split(":")] + [0, 0]
    value = sign * timedelta(hours=fields[0], minutes=fields[1], seconds=fields[2])
    return -value if posix else value  # POSIX offsets are west of Greenwich: GMT0, EST5


def _change(text: str) -> _Change:
    spec, _, at = text.partition("/")
    month, week, weekday = (int(p) for p in spec[1:].split("."))
    return _Change(month, week, weekday, _offset(at, posix=False) if at else timedelta(hours=2))


def parse_posix(text: str) -> _Rule | None:
    """The rule of a POSIX TZ string, or ``None`` for forms we do not write as RRULEs."""
    match = _POSIX_RE.match(text.strip())
    if not match:
        return None
    std_offset = _offset(match["std_off"], posix=True)
    if not match["dst"]:
        return _Rule(match["std"].strip("<>"), std_offset)
    start, end = _change(match["start"]), _change(match["end"])
    if not all(timedelta(0) <= c.at < timedelta(hours=24) for c in (start, end)):
        return None  # a change before midnight or after 24:00 falls on another weekday
    if not (1 <= start.month <= 12 and 1 <= end.month <= 12 and 1 <= start.week <= 5 >= end.week >= 1):
        return None
    dst_offset = (
        _offset(match["dst_off"], posix=True) if match["dst_off"] else std_offset + timedelta(hours=1)
    )
    return _Rule(match["std"].strip("<>"), std_offset, match["dst"].strip("<>"), dst_offset, start, end)


def _tzif_footer(key: str) -> str | None:
    """The POSIX rule at the end of the zone's TZif file (version 2 and later)."""
    data: bytes | None = None
    for base in zoneinfo.TZPATH:
        path = Path(base) / key
        if path.is_file():
            data = path.read_bytes()
            break
    if data is None:
        try:
            data = resources.files("tzdata").joinpath("zoneinfo", *key.split("/")).read_bytes()
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            return None
    if not data.startswith(b"TZif") or data[4:5] in (b"\0", b""):
        return None
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii", "replace")


def _holds(rule: _Rule, tz: ZoneInfo, year: int) -> bool:
    """Whether the zone's own data agrees with the rule in ``year``."""

    def offset_at(moment: datetime) -> timedelta | None:
        return moment.astimezone(tz).utcoffset()

    if rule.start is None or rule.end is None or rule.dst_offset is None:
        return all(
            offset_at(datetime(year, month, 15, 12, tzinfo=UTC)) == rule.std_offset for month in (1, 4, 7, 10)
        )
    changes = [
        (rule.start.local(year) - rule.std_offset, rule.std_offset, rule.dst_offset),
        (rule.end.local(year) - rule.dst_offset, rule.dst_offset, rule.std_offset),
    ]
    for local_utc, before, after in changes:
        instant = local_utc.replace(tzinfo=UTC)
        if offset_at(instant - timedelta(minutes=1)) != before or offset_at(instant) != after:
            return False
    return True


def _observance(
    kind: type[TimezoneStandard] | type[TimezoneDaylight],
    name: str,
    change: _Change | None,
    year: int,
    offset_from: timedelta,
    offset_to: timedelta,
) -> TimezoneStandard | TimezoneDaylight:
    observance = kind()
    observance.add("tzname", name)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    if change is None:
        observance.add("dtstart", datetime(year, 1, 1))
    else:
        observance.add("dtstart", change.local(year))
        observance.add("rrule", {"freq": "yearly", "bymonth": change.month, "byday": change.byday()})
    return observance


def _rule_observances(rule: _Rule, year: int) -> list[TimezoneStandard | TimezoneDaylight]:
    if rule.start is None or rule.end is None or rule.dst_name is None or rule.dst_offset is None:
        return [_observance(TimezoneStandard, rule.std_name, None, year, rule.std_offset, rule.std_offset)]
    return [
        _observance(TimezoneDaylight, rule.dst_name, rule.start, year, rule.std_offset, rule.dst_offset),
        _observance(TimezoneStandard, rule.std_name, rule.end, year, rule.dst_offset, rule.std_offset),
    ]


@lru_cache(maxsize=64)
def vtimezone(tz: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for ``tz`` valid from ``first_year`` on.

    ``last_year`` is the latest year an event needs; it matters only for a zone whose
    future changes are not a yearly rule, where the clock changes are listed one by one."""
    begin = first_year - 1  # so that an event early in the first year has an observance before it
    text = _tzif_footer(tz.key)
    rule = parse_posix(text) if text else None
    if rule is None:
        return Timezone.from_tzinfo(
            tz, first_date=date(begin, 1, 1), last_date=date(max(last_year, begin) + FALLBACK_YEARS, 1, 1)
        )
    holds_from = CHECK_UNTIL + 1
    while holds_from > begin and _holds(rule, tz, holds_from - 1):
        holds_from -= 1
    if holds_from > CHECK_UNTIL:
        return Timezone.from_tzinfo(
            tz, first_date=date(begin, 1, 1), last_date=date(max(last_year, begin) + FALLBACK_YEARS, 1, 1)
        )
    if holds_from <= begin:
        component = Timezone()
        component.add("tzid", tz.key)
    else:  # the years before the rule, change by change
        component = Timezone.from_tzinfo(tz, first_date=date(begin, 1, 1), last_date=date(holds_from, 1, 1))
        component.pop("COMMENT", None)
    for observance in _rule_observances(rule, max(begin, holds_from)):
        component.add_component(observance)
    return component
