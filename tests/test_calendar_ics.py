"""The calendar files: parsed back with ``icalendar`` field by field, and imported with an
independent reader (``ical``, the library behind Home Assistant's calendar) to check that
every event lands at the right local time, summer or winter, repeating or not."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from dateutil.rrule import rrulestr
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from generator import pipeline
from generator.feeds import render_files
from generator.settings import Settings
from tests.conftest import REPO, write_files

LONDON = ZoneInfo("Europe/London")
HOST = "peersupport.example.org"
SAMPLE_IDS = [e["id"] for e in yaml.safe_load((REPO / "events.yaml").read_text(encoding="utf-8"))["events"]]


def parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def vevents(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


@pytest.fixture(scope="module")
def calendar(sample_site: Path) -> Calendar:
    return parse(sample_site / "events/calendar.ics")


def test_calendar_has_every_event_once_with_stable_uid_and_dtstamp(calendar: Calendar) -> None:
    events = calendar.walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(f"{i}@{HOST}" for i in SAMPLE_IDS)
    for event in events:
        assert event["DTSTAMP"].dt == datetime(2026, 11, 23, tzinfo=UTC)  # the build's today
        assert str(event["URL"]) == f"https://{HOST}/events/{str(event['UID']).split('@')[0]}/"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    assert str(calendar["REFRESH-INTERVAL"].to_ical().decode()) == "P1D"


def test_each_event_file_parses_back_with_its_fields(sample_site: Path) -> None:
    for event_id in SAMPLE_IDS:
        cal = parse(sample_site / f"events/{event_id}.ics")
        (event,) = cal.walk("VEVENT")
        assert str(event["UID"]) == f"{event_id}@{HOST}"
        assert event["SUMMARY"]
        timed = isinstance(event["DTSTART"].dt, datetime)
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == (["Europe/London"] if timed else [])
        if timed:
            assert event["DTSTART"].params["TZID"] == "Europe/London"


def test_timed_event_in_summer_is_local_bst(calendar: Calendar) -> None:
    fun_day = vevents(calendar)["beacon-fun-day-2016"]
    assert fun_day["SUMMARY"] == "Fun day at The Beacon"
    assert fun_day["DTSTART"].dt == datetime(2016, 7, 4, 11, tzinfo=LONDON)
    assert fun_day["DTSTART"].dt.astimezone(UTC) == datetime(2016, 7, 4, 10, tzinfo=UTC)
    assert fun_day["DTEND"].dt.astimezone(UTC) == datetime(2016, 7, 4, 14, tzinfo=UTC)
    assert fun_day["LOCATION"] == "The Beacon, Courtyard, 40 Northdown Road, Margate, Kent, CT9 2RS"
    assert fun_day["STATUS"] == "CONFIRMED"
    assert fun_day["CATEGORIES"].cats == ["celebration"]
    assert "Organiser: Thanet community mental health team" in fun_day["DESCRIPTION"]


def test_all_day_event_is_a_date_with_exclusive_end(calendar: Calendar) -> None:
    day = vevents(calendar)["world-mental-health-day-2027"]
    assert day["DTSTART"].dt == date(2027, 10, 10) and not isinstance(day["DTSTART"].dt, datetime)
    assert day["DTEND"].dt == date(2027, 10, 11)
    assert day["DTSTART"].to_ical() == b"20271010"
    assert day["TRANSP"] == "TRANSPARENT"


def test_statuses(calendar: Calendar) -> None:
    events = vevents(calendar)
    assert events["new-year-walk-and-talk-2027"]["STATUS"] == "CANCELLED"
    assert events["new-year-walk-and-talk-2027"]["SEQUENCE"] == 1
    assert events["network-spring-meet-2027"]["STATUS"] == "TENTATIVE"
    moved = events["carers-peer-support-evening-2027"]
    assert moved["STATUS"] == "CONFIRMED"
    assert moved["LOCATION"] == "https://example.org/events/carers-peer-support-evening"
    assert moved["DESCRIPTION"].startswith("NOW ONLINE ONLY")


def test_repeating_events_are_one_vevent_with_their_rule(calendar: Calendar) -> None:
    events = vevents(calendar)
    gpsd = events["global-peer-support-day"]
    assert gpsd["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=+3TH;BYMONTH=10"
    assert gpsd["DTSTART"].dt == date(2025, 10, 16)
    rule = rrulestr(gpsd["RRULE"].to_ical().decode(), dtstart=datetime(2025, 10, 16))
    assert rule.after(datetime(2026, 11, 23)) == datetime(2027, 10, 21)
    session = events["becoming-a-psw-open-session"]
    assert session["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=+1WE"
    assert session["DTSTART"].params["TZID"] == "Europe/London"


def test_vtimezone_holds_for_ever_by_its_own_rules(calendar: Calendar) -> None:
    """A calendar without a time zone database must still get summer time right, for a
    repeating event with no end: read the VTIMEZONE alone (under another name, so no
    library can look Europe/London up) and compare it with the real zone to 2060."""
    (vtimezone,) = calendar.walk("VTIMEZONE")
    text = vtimezone.to_ical().replace(b"Europe/London", b"Test/Only-From-The-File")
    alone = Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n" + text + b"END:VCALENDAR\r\n"
    )
    zone = alone.walk("VTIMEZONE")[0].to_tz()

    def same(moment: datetime) -> bool:
        return moment.astimezone(zone).utcoffset() == moment.astimezone(LONDON).utcoffset()

    def change(start: datetime, end: datetime) -> datetime:
        """The instant (to the second) the real zone changes its offset between the two."""
        before = start.astimezone(LONDON).utcoffset()
        while end - start > timedelta(seconds=1):
            middle = start + (end - start) / 2
            start, end = (middle, end) if middle.astimezone(LONDON).utcoffset() == before else (start, middle)
        return end

    # Every year to 2060: a moment in each month, and each clock change of the real zone
    # to the second (the second before it, and the change itself). Stepping every 11
    # hours through the years took 30 times as long and saw each change to within hours.
    for year in range(2016, 2060):
        for month in range(1, 13):
            assert same(datetime(year, month, 15, 12, tzinfo=UTC)), (year, month)
        halves = [datetime(year, m, 1, tzinfo=UTC) for m in (1, 7)] + [datetime(year + 1, 1, 1, tzinfo=UTC)]
        for start, end in itertools.pairwise(halves):
            instant = change(start, end)
            assert same(instant - timedelta(seconds=1)) and same(instant), instant
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text


def test_an_independent_calendar_imports_it_at_the_right_local_times(sample_site: Path) -> None:
    data = (sample_site / "events/calendar.ics").read_text(encoding="utf-8")
    imported = IcsCalendarStream.calendar_from_ics(data)
    assert len(imported.events) == len(SAMPLE_IDS)
    timeline = imported.timeline_tz(LONDON)
    after_today = list(itertools.islice(timeline.start_after(datetime(2026, 11, 23, tzinfo=LONDON)), 40))
    seen = {(e.uid.split("@")[0], e.start) for e in after_today}
    assert ("global-peer-support-day", date(2027, 10, 21)) in seen
    assert ("becoming-a-psw-open-session", datetime(2027, 4, 7, 18, tzinfo=LONDON)) in seen
    april = next(e for e in after_today if e.start == datetime(2027, 4, 7, 18, tzinfo=LONDON))
    assert april.start.astimezone(UTC) == datetime(2027, 4, 7, 17, tzinfo=UTC)  # 6pm BST
    december = next(e for e in after_today if e.uid.startswith("winter-get-together-2026"))
    assert december.start.astimezone(UTC) == datetime(2026, 12, 10, 13, tzinfo=UTC)  # 1pm GMT
    walk = next(e for e in after_today if e.uid.startswith("new-year-walk-and-talk-2027"))
    assert walk.status is not None and walk.status.value == "CANCELLED"
    week = list(
        timeline.overlapping(datetime(2016, 7, 4, tzinfo=LONDON), datetime(2016, 7, 9, tzinfo=LONDON))
    )
    assert ("beacon-fun-day-2016", datetime(2016, 7, 4, 11, tzinfo=LONDON)) in {
        (e.uid.split("@")[0], e.start) for e in week
    }


def hub_files(root: Path, today: date = date(2026, 11, 23)) -> dict[str, bytes]:
    settings = Settings(
        root=root,
        stories_dir=root / "stories",
        events_file=root / "events.yaml",
        tz=LONDON,
        today=today,
        site_url="https://hub.example.org/",
    )
    return render_files(pipeline.run(settings, warnings=False).valid_hub())


SUMMER_WINTER = """\
events:
  - id: summer
    title: "Summer; a talk, with commas \\\\ and </script>"
    summary: "Line one.\\nLine two."
    start: 2026-07-01T11:00
    end: 2026-07-01T12:30
    category: community
    venue: {name: "Hall, upstairs", address: 1 High Street, postcode: ME14 1AA}
  - id: winter
    title: Winter talk
    summary: In December.
    start: 2026-12-03T11:00
    category: community
    online: https://example.org/w
  - id: course
    title: A course
    summary: Six weeks, until the end of June.
    start: 2027-05-04T18:00
    end: 2027-05-04T20:00
    repeat: FREQ=WEEKLY;UNTIL=20270629T235959
    category: training
    online: https://example.org/c
"""


def test_summer_and_winter_times_and_escaping(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SUMMER_WINTER})
    files = hub_files(tmp_path)
    summer = Calendar.from_ical(files["events/summer.ics"]).walk("VEVENT")[0]
    assert summer["DTSTART"].dt.astimezone(UTC) == datetime(2026, 7, 1, 10, tzinfo=UTC)  # 11:00 BST is 10:00Z
    assert summer["SUMMARY"] == "Summer; a talk, with commas \\ and </script>"
    assert summer["DESCRIPTION"].startswith("Line one.\nLine two.")
    assert summer["LOCATION"] == "Hall, upstairs, 1 High Street, ME14 1AA"
    assert b"SUMMARY:Summer\\; a talk\\, with commas \\\\ and </script>" in files["events/summer.ics"]
    winter = Calendar.from_ical(files["events/winter.ics"]).walk("VEVENT")[0]
    assert winter["DTSTART"].dt.astimezone(UTC) == datetime(
        2026, 12, 3, 11, tzinfo=UTC
    )  # 11:00 GMT is 11:00Z
    assert "DTEND" not in winter


def test_until_of_a_timed_rule_is_written_in_utc(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SUMMER_WINTER})
    course = Calendar.from_ical(hub_files(tmp_path)["events/course.ics"]).walk("VEVENT")[0]
    assert course["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270629T225959Z"
    imported = IcsCalendarStream.calendar_from_ics(hub_files(tmp_path)["events/course.ics"].decode())
    starts = [e.start for e in imported.timeline_tz(LONDON)]
    assert starts[0] == datetime(2027, 5, 4, 18, tzinfo=LONDON)
    assert starts[-1] == datetime(2027, 6, 29, 18, tzinfo=LONDON)
    assert len(starts) == 9


def test_same_today_same_bytes_and_dtstamp_follows_today(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SUMMER_WINTER})
    first, second = hub_files(tmp_path), hub_files(tmp_path)
    assert first == second
    later = hub_files(tmp_path, today=date(2027, 1, 2))
    assert b"DTSTAMP:20270102T000000Z" in later["events/calendar.ics"]
    assert b"DTSTAMP:20261123T000000Z" in first["events/calendar.ics"]
