"""``skip:`` dates of repeating events, calendars per category, and who organises an event.

A skipped date is an EXDATE in every calendar (read back by an independent reader), and it
is left out of the event's "next" date, its later dates, the listings and its JSON-LD.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from generator import pipeline
from generator.feeds import render_files
from generator.render import Renderer, render_site
from generator.settings import Settings
from tests.conftest import REPO, TODAY, write_files
from tests.test_events_rules import HEAD, entry, problems

LONDON = ZoneInfo("Europe/London")

SKIPPING = """\
events:
  - id: session
    title: Monthly session
    summary: First Wednesday of the month.
    start: 2026-01-07T18:00
    end: 2026-01-07T19:00
    repeat: FREQ=MONTHLY;BYDAY=+1WE
    skip: [2026-12-02, 2027-08-04]
    category: recruitment
    online: https://example.org/s
    organiser: Recruitment team of another trust
  - id: day
    title: Yearly day
    summary: Every 10 October.
    start: 2025-10-10
    repeat: FREQ=YEARLY
    skip: [2027-10-10]
    category: awareness
    online: https://example.org/d
  - id: ours
    title: Our own talk
    summary: Organised by the hub.
    start: 2027-02-01T10:00
    category: community
    online: https://example.org/o
"""


def hub(root: Path, today: date = date(2026, 11, 23)) -> Settings:
    return Settings(
        root=root,
        stories_dir=root / "stories",
        events_file=root / "events.yaml",
        tz=LONDON,
        today=today,
        site_url="https://hub.example.org/",
    )


def test_skipped_dates_are_exdates_an_independent_reader_leaves_out(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SKIPPING})
    files = render_files(pipeline.run(hub(tmp_path), warnings=False).valid_hub())
    for path in ("events/session.ics", "events/calendar.ics", "events/category/recruitment.ics"):
        assert b"EXDATE;TZID=Europe/London:20261202T180000,20270804T180000\r\n" in files[path], path
    assert b"EXDATE;VALUE=DATE:20271010\r\n" in files["events/day.ics"]
    imported = IcsCalendarStream.calendar_from_ics(files["events/session.ics"].decode())
    starts = [e.start for e in itertools.islice(imported.timeline_tz(LONDON), 20)]
    assert datetime(2026, 11, 4, 18, tzinfo=LONDON) in starts
    assert datetime(2026, 12, 2, 18, tzinfo=LONDON) not in starts
    assert datetime(2027, 1, 6, 18, tzinfo=LONDON) in starts
    assert datetime(2027, 8, 4, 18, tzinfo=LONDON) not in starts
    assert datetime(2027, 7, 7, 18, tzinfo=LONDON) in starts
    day = IcsCalendarStream.calendar_from_ics(files["events/day.ics"].decode())
    days = [e.start for e in itertools.islice(day.timeline_tz(LONDON), 4)]
    assert days == [date(2025, 10, 10), date(2026, 10, 10), date(2028, 10, 10), date(2029, 10, 10)]


def test_skipped_dates_are_not_next_not_later_and_not_in_json_ld(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SKIPPING})
    site = render_site(pipeline.run(hub(tmp_path), warnings=False).valid_hub(), Renderer.fresh())
    views = {v.id: v for v in site.events}
    session = views["session"]
    assert session.occurrence.start == datetime(2027, 1, 6, 18)  # 2 December is skipped
    assert session.jsonld["startDate"] == "2027-01-06T18:00+00:00"
    later = [item[0] for item in session.later]
    assert "2027-08-04T18:00" not in later and "2027-07-07T18:00" in later
    assert [iso for iso, _ in session.skipped] == ["2026-12-02", "2027-08-04"]
    page = next(p for p in site.pages if p.url == "events/session/").body
    assert 'Not on <time datetime="2026-12-02">Wednesday 2 December 2026</time>' in page
    listing = next(p for p in site.pages if p.url == "events/").body
    card = listing[listing.index('href="session/"') :]
    assert 'data-start="2027-01-06T18:00"' in listing
    assert "Wednesday 6 January 2027" in card[: card.index("</li>")]
    assert views["day"].occurrence.start == date(2028, 10, 10)  # 10 October 2027 is skipped


def test_a_skipped_day_is_not_next_on_the_day_before(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SKIPPING})
    site = render_site(
        pipeline.run(hub(tmp_path, today=date(2027, 10, 1)), warnings=False).valid_hub(), Renderer.fresh()
    )
    day = next(v for v in site.events if v.id == "day")
    assert day.occurrence.start == date(2028, 10, 10)
    assert day.jsonld["startDate"] == "2028-10-10"


def test_an_outside_organiser_is_not_given_the_hubs_address(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SKIPPING})
    site = render_site(pipeline.run(hub(tmp_path), warnings=False).valid_hub(), Renderer.fresh())
    views = {v.id: v for v in site.events}
    assert views["session"].jsonld["organizer"] == {
        "@type": "Organization",
        "name": "Recruitment team of another trust",
    }
    assert views["ours"].jsonld["organizer"] == {
        "@type": "Organization",
        "name": "Peer Support Hub",
        "url": "https://hub.example.org/",
    }


def test_a_calendar_for_each_category_even_an_empty_one(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": SKIPPING})
    files = render_files(pipeline.run(hub(tmp_path), warnings=False).valid_hub())
    uids = {
        name: sorted(
            str(e["UID"]) for e in Calendar.from_ical(files[f"events/category/{name}.ics"]).walk("VEVENT")
        )
        for name in ("awareness", "celebration", "recruitment", "training", "community")
    }
    assert uids == {
        "awareness": ["day@hub.example.org"],
        "celebration": [],
        "recruitment": ["session@hub.example.org"],
        "training": [],
        "community": ["ours@hub.example.org"],
    }
    recruitment = Calendar.from_ical(files["events/category/recruitment.ics"])
    assert str(recruitment["X-WR-CALNAME"]) == "Peer Support Hub: recruitment events"
    assert recruitment["REFRESH-INTERVAL"].to_ical() == b"P1D"
    assert [str(tz["TZID"]) for tz in recruitment.walk("VTIMEZONE")] == ["Europe/London"]
    assert not Calendar.from_ical(files["events/category/awareness.ics"]).walk("VTIMEZONE")  # all day
    for data in files.values():
        assert b"METHOD:" not in data


def test_category_pages_link_their_calendar_to_subscribe(sample_site: Path) -> None:
    html = (sample_site / "events/category/recruitment/index.html").read_text(encoding="utf-8")
    assert 'href="webcal://peersupport.example.org/events/category/recruitment.ics"' in html
    assert re.search(r'href="\.\./recruitment\.ics"[^>]*>Download recruitment events \(\.ics\)', html)
    assert (sample_site / "events/category/recruitment.ics").is_file()
    listing = (sample_site / "events/index.html").read_text(encoding="utf-8")
    assert 'href="webcal://peersupport.example.org/events/calendar.ics"' in listing


def test_the_sample_open_session_skips_august(sample_site: Path) -> None:
    data = (sample_site / "events/becoming-a-psw-open-session.ics").read_bytes()
    assert b"EXDATE;TZID=Europe/London:20270804T180000\r\n" in data
    html = (sample_site / "events/becoming-a-psw-open-session/index.html").read_text(encoding="utf-8")
    assert "Not on" in html and "Wednesday 4 August 2027" in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block and json.loads(block[1])["startDate"] == "2026-12-02T18:00+00:00"
    assert TODAY == "2026-11-23"


def test_skip_mistakes_name_the_line(tmp_path: Path) -> None:
    not_repeating = entry(skip="[2027-03-04]")
    assert problems(tmp_path, HEAD + not_repeating) == [
        "events.yaml:20: events[1].skip: only a repeating event can skip a date: add repeat:, or remove skip"
    ]
    wrong_day = entry(repeat="FREQ=MONTHLY;BYDAY=+1TH", skip="[2027-03-04, 2027-04-02]")
    assert problems(tmp_path, HEAD + wrong_day) == [
        "events.yaml:21: events[1].skip[1]: Friday 2 April 2027 (2027-04-02) is not one of this event's "
        "dates; the nearest are Thursday 1 April 2027 (2027-04-01) or Thursday 6 May 2027 (2027-05-06)"
    ]
    not_a_date = entry(repeat="FREQ=WEEKLY", skip="[next week]")
    assert problems(tmp_path, HEAD + not_a_date) == [
        "events.yaml:21: events[1].skip[0]: expected a date written YYYY-MM-DD, e.g. 2026-10-15; "
        "got 'next week'"
    ]
    everything = entry(repeat="FREQ=WEEKLY;COUNT=2", skip="[2027-03-04, 2027-03-11]")
    assert problems(tmp_path, HEAD + everything) == [
        "events.yaml:21: events[1].skip: every date of this event is skipped; remove the event instead"
    ]
    far = entry(repeat="FREQ=DAILY", skip="[2099-03-04]")
    assert problems(tmp_path, HEAD + far) == [
        "events.yaml:21: events[1].skip[0]: 2099-03-04 is more than 50 years after the event starts"
    ]


def test_new_event_template_mentions_skip() -> None:
    template = (REPO / "generator/templates/new/event.yaml.j2").read_text(encoding="utf-8")
    assert "# skip: [" in template


def test_skips_are_in_utc_terms_the_same_instant(tmp_path: Path) -> None:
    """An EXDATE in summer is 17:00Z for a 6pm session: the zone travels with it."""
    write_files(tmp_path, {"events.yaml": SKIPPING})
    files = render_files(pipeline.run(hub(tmp_path), warnings=False).valid_hub())
    (event,) = Calendar.from_ical(files["events/session.ics"]).walk("VEVENT")
    exdates = [d.dt for d in event["EXDATE"].dts]
    assert [d.astimezone(UTC) for d in exdates] == [
        datetime(2026, 12, 2, 18, tzinfo=UTC),
        datetime(2027, 8, 4, 17, tzinfo=UTC),
    ]
