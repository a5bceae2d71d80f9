"""Validation of ``events.yaml``: each rule gives ``path:line: field: message``, all at once.

Each test writes one small events file with one mistake and checks the exact line a
member of staff would read in ``peerhub check``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_content
from generator.validate import validate
from tests.conftest import run_peerhub, write_files

HEAD = """\
series:
  - id: week
    title: A week
    summary: Things.
events:
  - id: talk
    title: A talk
    summary: A talk.
    start: 2016-07-04T11:00
    end: 2016-07-04T12:00
    category: community
    series: week
    venue: {name: Hall, address: 1 Road, postcode: AB1 2CD}
"""
"""A valid file; every test appends one event (its ``- id:`` is on line 14)."""


def entry(**fields: str) -> str:
    """One more event, fields in the order given, starting on line 14."""
    base = {
        "id": "other",
        "title": "Other",
        "summary": "Other.",
        "start": "2027-03-04T10:00",
        "category": "training",
        "online": "https://example.org/x",
    }
    base.update(fields)
    lines = [f"  - id: {base.pop('id')}"] + [f"    {k}: {v}" for k, v in base.items() if v != "-"]
    return "\n".join(lines) + "\n"


def problems(tmp_path: Path, text: str) -> list[str]:
    write_files(tmp_path, {"events.yaml": text})
    content = load_content(tmp_path / "stories", tmp_path / "events.yaml", tmp_path)
    return [str(p) for p in sorted(content.problems + validate(content))]


def test_the_valid_file_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry()) == []


def test_duplicate_id_names_the_first_use(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(id="talk")) == [
        "events.yaml:14: events[1].id: the id 'talk' is already used on line 6"
    ]


def test_event_id_may_not_repeat_a_series_id(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(id="week")) == [
        "events.yaml:14: events[1].id: the id 'week' is already used on line 2"
    ]


@pytest.mark.parametrize("bad", ["Open_Day", "open--day", "-open", "open day"])
def test_malformed_id(tmp_path: Path, bad: str) -> None:
    got = problems(tmp_path, HEAD + entry(id=f'"{bad}"'))
    assert len(got) == 1
    assert got[0].startswith("events.yaml:14: events[1].id: expected an id of lowercase letters, digits")


def test_reserved_id(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(id="calendar")) == [
        "events.yaml:14: events[1].id: 'calendar' is reserved for the site; choose another id"
    ]


def test_unknown_series_lists_the_known_ones(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(series="weak")) == [
        "events.yaml:20: events[1].series: no series has the id 'weak' (known: week)"
    ]


def test_end_before_start(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(end="2027-03-04T09:00")) == [
        "events.yaml:20: events[1].end: ends before it starts (start is 2027-03-04 10:00:00, "
        "end is 2027-03-04 09:00:00)"
    ]


def test_start_and_end_of_different_kinds(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(end="2027-03-05")) == [
        "events.yaml:20: events[1].end: start and end must be the same kind: both dates (all day) "
        "or both dates with times; start is a date and time, end is a date"
    ]


def test_impossible_dates_and_times(tmp_path: Path) -> None:
    got = problems(tmp_path, HEAD + entry(start="2027-02-30", end="2027-03-01T25:00"))
    assert got == [
        "events.yaml:17: events[1].start: 2027-02-30 is not a real date (check the day and month)",
        "events.yaml:20: events[1].end: 2027-03-01T25:00 is not a real time of day (use 00:00 to 23:59)",
    ]


def test_neither_venue_nor_online_link(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(online="-")) == [
        "events.yaml:14: events[1]: an event needs a venue, an online link, or both: add "
        "venue: {name: ..., address: ..., postcode: ...} or online: https://..."
    ]


def test_moved_online_needs_the_link(tmp_path: Path) -> None:
    text = HEAD + entry(online="-", status="moved-online", venue="{name: Hall}")
    assert problems(tmp_path, text) == [
        "events.yaml:19: events[1].status: an event that has moved online needs its link: "
        "add online: https://..."
    ]


def test_unknown_category_and_status(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + entry(category="party", status="maybe")) == [
        "events.yaml:18: events[1].category: expected one of 'awareness', 'celebration', "
        "'recruitment', 'training' or 'community'; got 'party'",
        "events.yaml:20: events[1].status: expected one of 'scheduled', 'cancelled', 'postponed' "
        "or 'moved-online'; got 'maybe'",
    ]


@pytest.mark.parametrize(
    ("rule", "start", "message"),
    [
        ("FREQ=SOMETIMES", "2027-03-04", "a repeat rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=HOURLY", "2027-03-04", "a repeat rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("BYDAY=TH", "2027-03-04", "a repeat rule needs FREQ="),
        ("FREQ=WEEKLY;INTERVAL=0", "2027-03-04", "INTERVAL must be a whole number from 1 up; got '0'"),
        ("FREQ=WEEKLY;COUNT=-2", "2027-03-04", "COUNT must be a whole number from 1 up"),
        ("FREQ=WEEKLY;BYSETPOS=1", "2027-03-04", "BYSETPOS is not supported in a repeat rule"),
        ("FREQ=MONTHLY;BYDAY=XX", "2027-03-04", "BYDAY has 'XX'; use days such as MO, TH or +3TH"),
        ("FREQ=WEEKLY;BYDAY=+2TH", "2027-03-04", "+2TH: a numbered day such as +3TH needs FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYDAY=+6TH", "2027-03-04", "+6TH: the number before the day must be 1 to 5"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "2027-03-04", "BYMONTHDAY must be 1 to 31"),
        ("FREQ=YEARLY;BYMONTH=13", "2027-03-04", "BYMONTH must be 1 to 12; got 13"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "2027-03-04", "none of those months has that day"),
        ("FREQ=WEEKLY;UNTIL=20271231T235959Z", "2027-03-04T10:00", "write UNTIL in local time without Z"),
        ("FREQ=WEEKLY;UNTIL=20271231", "2027-03-04T10:00", "UNTIL must be a date and time (20271231T235959)"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20271231", "2027-03-04", "give COUNT or UNTIL, not both"),
        (
            "FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH",
            "2027-03-04",
            "start must be the first date the rule gives; the rule's first date is "
            "Thursday 21 October 2027 (2027-10-21)",
        ),
    ],
)
def test_invalid_repeat_rule(tmp_path: Path, rule: str, start: str, message: str) -> None:
    got = problems(tmp_path, HEAD + entry(start=start, repeat=rule))
    assert len(got) == 1, got
    assert got[0].startswith("events.yaml:20: events[1].repeat: "), got
    assert message in got[0]


def test_a_series_with_no_events_is_a_warning(tmp_path: Path) -> None:
    text = HEAD.replace("    series: week\n", "")
    assert problems(tmp_path, text) == [
        "events.yaml:2: series[0].id: warning: no event is in this series yet (series: week)"
    ]


def test_every_mistake_is_reported_in_one_run_and_nothing_is_built(
    make_hub,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    root = make_hub(
        {
            "events.yaml": HEAD
            + entry(id="talk")
            + entry(id="x1", category="party")
            + entry(id="x2", end="2027-03-04T09:00")
            + entry(id="x3", repeat="FREQ=NEVER")
        }
    )
    site = tmp_path / "out"
    result = run_peerhub("build", "--today", "2026-11-23", "--site-dir", str(site), cwd=root)
    assert result.code == 1
    assert "events.yaml:14: events[1].id: the id 'talk' is already used on line 6" in result.err
    assert "events.yaml:24: events[2].category: expected one of" in result.err
    assert "events.yaml:32: events[3].end: ends before it starts" in result.err
    assert "events.yaml:39: events[4].repeat: a repeat rule needs FREQ=" in result.err
    assert "Traceback" not in result.text
    assert not site.exists()
