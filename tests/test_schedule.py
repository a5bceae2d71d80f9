"""Repeat rules, next occurrences and times in words, across summer time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from generator.model import EventMeta
from generator.schedule import (
    aware,
    is_upcoming,
    next_occurrence,
    rule_in_words,
    when_in_words,
)
from generator.today import resolve_today

LONDON = ZoneInfo("Europe/London")


def event(**fields: object) -> EventMeta:
    base: dict[str, object] = {
        "id": "e",
        "title": "E",
        "summary": "S",
        "category": "awareness",
        "online": "https://example.org/e",
    }
    return EventMeta.model_validate(base | fields)


def test_global_peer_support_day_next_occurrence() -> None:
    gpsd = event(start="2025-10-16", repeat="FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH")
    assert next_occurrence(gpsd, date(2026, 10, 15)).start == date(2026, 10, 15)  # type: ignore[union-attr]
    nxt = next_occurrence(gpsd, date(2026, 11, 23))
    assert nxt is not None and nxt.start == date(2027, 10, 21)
    assert when_in_words(nxt, LONDON) == "Thursday 21 October 2027, all day"
    assert rule_in_words(gpsd.repeat or "") == "every year on the third Thursday of October"
    assert is_upcoming(gpsd, date(2030, 1, 1))


def test_upcoming_until_its_last_day() -> None:
    exhibition = event(start="2016-07-01T11:00", end="2016-07-15T16:00")
    assert is_upcoming(exhibition, date(2016, 7, 15))
    assert not is_upcoming(exhibition, date(2016, 7, 16))


@pytest.mark.parametrize(
    ("local", "utc_hour"),
    [(datetime(2026, 7, 1, 11), 10), (datetime(2026, 12, 3, 11), 11)],
)
def test_summer_time(local: datetime, utc_hour: int) -> None:
    assert aware(local, LONDON).astimezone(ZoneInfo("UTC")).hour == utc_hour


def test_times_in_words() -> None:
    talk = event(start="2026-10-15T11:00", end="2026-10-15T15:00")
    assert when_in_words(next_occurrence(talk, date(2026, 1, 1)), LONDON) == (  # type: ignore[arg-type]
        "Thursday 15 October 2026, 11am to 3pm BST"
    )
    winter = event(start="2026-12-03T10:30", end="2026-12-03T12:00")
    assert when_in_words(next_occurrence(winter, date(2026, 1, 1)), LONDON) == (  # type: ignore[arg-type]
        "Thursday 3 December 2026, 10:30am to midday GMT"
    )


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;BYDAY=+1WE", "every month on the first Wednesday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "every 2 weeks on Monday and Thursday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1;COUNT=6", "every month on the 1st, 6 times"),
        ("FREQ=YEARLY;BYMONTH=5;BYDAY=-1FR", "every year on the last Friday of May"),
    ],
)
def test_rule_in_words(rule: str, words: str) -> None:
    assert rule_in_words(rule) == words


def test_today_order() -> None:
    assert resolve_today("2026-01-02", LONDON, {"PEERHUB_TODAY": "2025-01-01"}) == date(2026, 1, 2)
    assert resolve_today(None, LONDON, {"PEERHUB_TODAY": "2025-01-01"}) == date(2025, 1, 1)
    assert resolve_today(None, LONDON, {}) == datetime.now(LONDON).date()
