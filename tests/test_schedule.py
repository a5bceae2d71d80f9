"""When events happen: repeat rules in words, next occurrences, summer time, one today."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import EventMeta
from generator.schedule import (
    Occurrence,
    _rule_from,
    as_datetime,
    aware,
    iso_local,
    last_occurrence,
    parse_rule,
    remaining_rule,
    rule_in_words,
    times_in_words,
    to_utc,
    upcoming_occurrences,
    when_in_words,
)
from generator.today import resolve_today

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)


def event(**fields: object) -> EventMeta:
    base: dict[str, object] = {
        "id": "e",
        "title": "E",
        "summary": "S",
        "category": "awareness",
        "online": "https://example.org/e",
    }
    return EventMeta.model_validate(base | fields)


GPSD = event(start="2025-10-16", repeat="FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH")


def next_occurrence(meta: EventMeta, today: date) -> Occurrence | None:
    """The first occurrence that has not ended before ``today`` (what a page shows)."""
    found = upcoming_occurrences(meta, today, 1)
    return found[0] if found else None


def is_upcoming(meta: EventMeta, today: date) -> bool:
    return bool(upcoming_occurrences(meta, today, 1))


def test_global_peer_support_day_after_15_october_2026_is_21_october_2027() -> None:
    assert next_occurrence(GPSD, date(2026, 10, 15)) == Occurrence(date(2026, 10, 15), None)
    nxt = next_occurrence(GPSD, TODAY)
    assert nxt == Occurrence(date(2027, 10, 21), None)
    assert when_in_words(nxt, LONDON) == "Thursday 21 October 2027, all day"
    assert [o.start for o in upcoming_occurrences(GPSD, TODAY, 3)] == [
        date(2027, 10, 21),
        date(2028, 10, 19),
        date(2029, 10, 18),
    ]


def test_a_rule_without_end_stays_upcoming_and_a_bounded_one_ends() -> None:
    assert is_upcoming(GPSD, date(2090, 12, 31))
    bounded = event(
        start="2026-01-07T18:00", end="2026-01-07T19:00", repeat="FREQ=MONTHLY;BYDAY=+1WE;COUNT=3"
    )
    assert last_occurrence(bounded) == Occurrence(datetime(2026, 3, 4, 18), datetime(2026, 3, 4, 19))
    assert is_upcoming(bounded, date(2026, 3, 4))
    assert not is_upcoming(bounded, date(2026, 3, 5))


def test_upcoming_until_the_last_day_of_a_long_event() -> None:
    exhibition = event(start="2016-07-01T11:00", end="2016-07-15T16:00")
    assert is_upcoming(exhibition, date(2016, 7, 15))
    assert not is_upcoming(exhibition, date(2016, 7, 16))
    weekend = event(start="2027-06-05", end="2027-06-06", repeat="FREQ=YEARLY")
    # still on during its second day, whichever year
    assert next_occurrence(weekend, date(2028, 6, 4)) == Occurrence(date(2028, 6, 5), date(2028, 6, 6))
    assert next_occurrence(weekend, date(2028, 6, 6)) == Occurrence(date(2028, 6, 5), date(2028, 6, 6))


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2026, 7, 1, 11), datetime(2026, 7, 1, 10, tzinfo=UTC)),  # BST
        (datetime(2026, 12, 3, 11), datetime(2026, 12, 3, 11, tzinfo=UTC)),  # GMT
        (datetime(2026, 3, 29, 0, 30), datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),  # before the change
        (datetime(2026, 3, 29, 3, 0), datetime(2026, 3, 29, 2, 0, tzinfo=UTC)),  # after it
    ],
)
def test_local_times_across_summer_time(local: datetime, utc: datetime) -> None:
    assert to_utc(local, LONDON) == utc


def test_iso_local_carries_the_offset_of_that_day() -> None:
    assert iso_local(datetime(2026, 7, 1, 11), LONDON) == "2026-07-01T11:00+01:00"
    assert iso_local(datetime(2026, 12, 3, 11), LONDON) == "2026-12-03T11:00+00:00"
    assert iso_local(date(2027, 10, 21), LONDON) == "2027-10-21"


def test_a_monthly_evening_keeps_its_local_time_through_summer() -> None:
    session = event(start="2026-01-07T18:00", end="2026-01-07T19:00", repeat="FREQ=MONTHLY;BYDAY=+1WE")
    dates = upcoming_occurrences(session, date(2027, 3, 1), 3)
    assert [o.start for o in dates] == [
        datetime(2027, 3, 3, 18),
        datetime(2027, 4, 7, 18),
        datetime(2027, 5, 5, 18),
    ]
    assert [to_utc(o.start, LONDON).hour for o in dates if isinstance(o.start, datetime)] == [18, 17, 17]
    assert when_in_words(dates[1], LONDON) == "Wednesday 7 April 2027, 6pm to 7pm BST"


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2026-10-15T11:00", "2026-10-15T15:00", "Thursday 15 October 2026, 11am to 3pm BST"),
        ("2026-12-03T10:30", "2026-12-03T12:00", "Thursday 3 December 2026, 10:30am to midday GMT"),
        ("2026-12-03T18:00", None, "Thursday 3 December 2026, 6pm GMT"),
        ("2026-10-25T00:30", "2026-10-25T03:00", "Sunday 25 October 2026, 12:30am to 3am BST to GMT"),
        ("2016-07-04", "2016-07-08", "Monday 4 to Friday 8 July 2016"),
        ("2016-06-30", "2016-07-02", "Thursday 30 June to Saturday 2 July 2016"),
        ("2026-12-31", "2027-01-01", "Thursday 31 December 2026 to Friday 1 January 2027"),
        ("2016-07-01T11:00", "2016-07-15T16:00", "Friday 1 July, 11am to Friday 15 July 2016, 4pm BST"),
        (
            "2026-10-24T18:00",
            "2026-11-01T12:00",
            "Saturday 24 October 2026, 6pm BST to Sunday 1 November 2026, midday GMT",
        ),
    ],
)
def test_when_in_words(start: str, end: str | None, words: str) -> None:
    meta = event(start=start, end=end)
    assert when_in_words(Occurrence(meta.start, meta.end), LONDON) == words


def test_time_of_day_for_a_programme() -> None:
    talk = event(start="2016-07-05T10:30", end="2016-07-05T12:00")
    assert times_in_words(Occurrence(talk.start, talk.end), LONDON) == "10:30am to midday BST"
    assert times_in_words(Occurrence(date(2016, 7, 5), None), LONDON) == "All day"


@pytest.mark.parametrize(
    ("rule", "start", "words"),
    [
        ("FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH", "2025-10-16", "every year on the third Thursday of October"),
        ("FREQ=MONTHLY;BYDAY=+1WE", "2026-01-07", "every month on the first Wednesday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "2026-01-30", "every month on the last Friday"),
        ("FREQ=WEEKLY", "2026-01-08", "every week on Thursday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2026-01-05", "every 2 weeks on Monday and Thursday"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "2026-01-05", "every weekday (Monday to Friday)"),
        ("FREQ=DAILY;COUNT=5", "2026-01-05", "every day, 5 times"),
        ("FREQ=MONTHLY", "2026-01-07", "every month on the 7th"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-01-31", "every month on the last day"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "2026-01-01", "every month on the 1st and 15th"),
        ("FREQ=YEARLY", "2027-10-10", "every year on 10 October"),
        ("FREQ=YEARLY;INTERVAL=2", "2027-10-10", "every 2 years on 10 October"),
        ("FREQ=YEARLY;BYMONTH=5;BYDAY=-1FR", "2027-05-28", "every year on the last Friday of May"),
        (
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T235959",
            "2027-01-05T10:00",
            "every week on Tuesday, until Tuesday 29 June 2027",
        ),
    ],
)
def test_rule_in_words(rule: str, start: str, words: str) -> None:
    meta = event(start=start, repeat=rule)
    parse_rule(rule, meta.start)  # the rules in words are all valid rules
    assert rule_in_words(rule, meta.start) == words


def test_remaining_rule_counts_from_the_next_occurrence() -> None:
    course = event(start="2026-01-07T18:00", repeat="FREQ=WEEKLY;COUNT=6")
    assert remaining_rule(course, datetime(2026, 1, 7, 18)) == "FREQ=WEEKLY;COUNT=6"
    assert remaining_rule(course, datetime(2026, 1, 28, 18)) == "FREQ=WEEKLY;COUNT=3"
    assert remaining_rule(GPSD, date(2027, 10, 21)) == "FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH"


def test_parse_rule_is_cached() -> None:
    rule = "FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH"
    assert parse_rule(rule, date(2025, 10, 16)) is parse_rule(rule, date(2025, 10, 16))


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
def test_rule_in_words_of_common_rules(rule: str, words: str) -> None:
    assert rule_in_words(rule) == words


def test_today_order() -> None:
    assert resolve_today("2026-01-02", LONDON, {"PEERHUB_TODAY": "2025-01-01"}) == date(2026, 1, 2)
    assert resolve_today(None, LONDON, {"PEERHUB_TODAY": "2025-01-01"}) == date(2025, 1, 1)
    assert resolve_today(None, LONDON, {}) == datetime.now(LONDON).date()


# --- cost bounded by the rule, not by how long ago the event started (issue 15, item 8) ---

RULES = st.builds(
    lambda freq, interval, days, months, monthdays: ";".join(
        part
        for part in (
            f"FREQ={freq}",
            f"INTERVAL={interval}" if interval > 1 else "",
            f"BYDAY={','.join(days)}" if days else "",
            f"BYMONTH={','.join(map(str, months))}" if months else "",
            f"BYMONTHDAY={','.join(map(str, monthdays))}" if monthdays and not days else "",
        )
        if part
    ),
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.integers(1, 4),
    st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), max_size=3, unique=True),
    st.lists(st.integers(1, 12), max_size=2, unique=True),
    st.lists(st.sampled_from([1, 15, 29, 30, 31, -1]), max_size=2, unique=True),
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    rule=RULES,
    start=st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)),
    timed=st.booleans(),
    ahead=st.integers(0, 120 * 366),
)
def test_the_next_date_of_a_rule_that_started_long_ago_is_the_rules_own(
    rule: str, start: datetime, timed: bool, ahead: int
) -> None:
    first_day = start.replace(second=0, microsecond=0) if timed else start.date()
    try:
        full = parse_rule(rule, first_day)
    except ValueError:
        return  # not a rule the hub accepts (e.g. start is not its first date)
    moment = as_datetime(first_day) + timedelta(days=ahead)
    assert _rule_from(rule, first_day, moment).after(moment, inc=True) == full.after(moment, inc=True)


def test_a_daily_event_that_started_in_1900_costs_no_more_than_one_from_last_week() -> None:
    meta = event(start="1900-01-01T10:00", repeat="FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR")
    found = next_occurrence(meta, TODAY)
    assert found is not None and found.start == datetime(2026, 11, 23, 10, 0)
    parse_rule.cache_clear()
    _rule_from.cache_clear()
    started = time.process_time()
    for day in range(200):  # 200 builds on 200 days: each would step through 33,000 dates
        next_occurrence(meta, date.fromordinal(TODAY.toordinal() + day))
    assert time.process_time() - started < 2.0


@pytest.mark.parametrize(
    ("rule", "start"),
    [("FREQ=DAILY;COUNT=100000000", "2027-01-01"), ("FREQ=DAILY;UNTIL=21991231T120000", "2027-01-01T10:00")],
)
def test_a_rule_with_an_end_gives_at_most_a_thousand_dates(rule: str, start: str) -> None:
    meta = event(start=start)
    started = time.process_time()
    with pytest.raises(ValueError, match="more than 1,000 dates"):
        parse_rule(rule, meta.start)
    assert time.process_time() - started < 1.0
