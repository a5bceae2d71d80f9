"""Loading and validating content: every error names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problem
from generator.load import load_content, load_events, load_story
from generator.validate import validate
from tests.conftest import story, write_files


def problems_of(root: Path) -> list[str]:
    content = load_content(root / "stories", root / "events.yaml", root)
    return [str(p) for p in sorted(content.problems + validate(content))]


def test_valid_story_loads_with_every_field(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "stories/full.md": story(
                extra="kind: lived-experience\ntags: [art]\n"
                "content_notes: [self-harm]\nquote: Hope.\n"
                "image: {src: a.png, alt: A drawing}\n"
            )
        },
    )
    loaded = load_story(tmp_path / "stories/full.md", tmp_path)
    assert not isinstance(loaded, list), loaded
    assert loaded.slug == "full"
    assert loaded.meta.content_notes == ["self-harm"]
    assert loaded.meta.image is not None and loaded.meta.image.alt == "A drawing"
    assert loaded.body.strip() == "Some words of the story."


def test_missing_title_and_impossible_date_are_both_reported_with_lines(tmp_path: Path) -> None:
    text = story().replace("title: A story\n", "").replace("date: 2026-06-01", "date: 2025-02-30")
    write_files(tmp_path, {"stories/bad.md": text})
    assert problems_of(tmp_path) == [
        "stories/bad.md:2: date: 2025-02-30 is not a real date (check the day and month)",
        "stories/bad.md:2: title: is required but missing",
    ]


def test_wrong_values_name_the_field_and_what_is_expected(tmp_path: Path) -> None:
    text = (
        "---\ntitle: T\ndate: 2026-01-01\nsummary: S\n"
        "storyteller:\n  name: Sam\n  role: boss\n"
        "themes: [hope, joy]\nstatus: live\ntitel: x\n---\nbody\n"
    )
    write_files(tmp_path, {"stories/x.md": text})
    got = problems_of(tmp_path)
    assert (
        "stories/x.md:7: storyteller.role: expected one of 'peer-support-worker', 'service-user', "
        "'carer', 'staff' or 'team'; got 'boss'" in got
    )
    assert any(p.startswith("stories/x.md:8: themes[1]: expected one of") and "'joy'" in p for p in got)
    assert any(p.startswith("stories/x.md:9: status: expected one of") for p in got)
    assert "stories/x.md:10: titel: is not a known field; did you mean 'title'?" in got


def test_summary_over_300_characters(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"stories/long.md": story().replace("summary: A short summary of A story.", "summary: " + "x" * 301)},
    )
    assert problems_of(tmp_path) == [
        "stories/long.md:4: summary: must be at most 300 characters; this one has 301"
    ]


def test_front_matter_problems(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "stories/empty.md": "",
            "stories/open.md": "---\ntitle: x\n",
            "stories/none.md": "Just text\n",
            "stories/tabs.md": "---\ntitle: x\nstoryteller:\n\tname: Sam\n---\n",
        },
    )
    (tmp_path / "stories/latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    got = problems_of(tmp_path)
    assert (
        "stories/empty.md:1: -: the file is empty; a story starts with front matter between --- lines" in got
    )
    assert (
        "stories/open.md:1: -: the front matter is not closed: add a line '---' after the last field" in got
    )
    assert any(p.startswith("stories/none.md:1: -: a story must start with a line '---'") for p in got)
    assert (
        "stories/tabs.md:4: name: has a tab character: YAML needs spaces for indenting; "
        "replace the tab with spaces" in got
    )
    assert "stories/latin1.md:2: -: is not UTF-8 text (byte 0xe9); save the file as UTF-8" in got


EVENTS_OK = """\
series:
  - id: week
    title: A week
    summary: Things.
events:
  - id: day
    title: Global Peer Support Day
    summary: Every year.
    start: 2025-10-16
    category: awareness
    online: https://example.org/gpsd
    repeat: FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH
  - id: talk
    title: A talk
    summary: A talk.
    start: 2016-07-04T11:00
    end: 2016-07-04T12:00
    category: community
    series: week
    venue: {name: Hall, address: 1 Road, postcode: AB1 2CD}
"""


def test_valid_events_load(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": EVENTS_OK})
    series, events, problems = load_events(tmp_path / "events.yaml", tmp_path)
    assert problems == []
    assert [s.id for s in series] == ["week"]
    assert [e.id for e in events] == ["day", "talk"]


def test_event_cross_checks(tmp_path: Path) -> None:
    bad = (
        EVENTS_OK
        + """\
  - id: talk
    title: Dup
    summary: Dup.
    start: 2016-07-05T11:00
    end: 2016-07-05
    category: party
    series: nope
  - id: Bad_Id
    title: Back to front
    summary: x
    start: 2016-07-05T11:00
    end: 2016-07-05T10:00
    category: training
    online: ftp://x
    repeat: FREQ=SOMETIMES
"""
    )
    write_files(tmp_path, {"events.yaml": bad})
    got = problems_of(tmp_path)
    assert (
        "events.yaml:26: events[2].category: expected one of 'awareness', 'celebration', "
        "'recruitment', 'training' or 'community'; got 'party'" in got
    )
    assert any(p.startswith("events.yaml:28: events[3].id: expected an id of lowercase") for p in got)
    assert any(p.startswith("events.yaml:34: events[3].online: expected a web address") for p in got)
    # the entries that loaded are cross-checked too
    write_files(
        tmp_path,
        {
            "events.yaml": bad.replace("category: party", "category: awareness")
            .replace("Bad_Id", "bad")
            .replace("ftp://x", "https://x")
        },
    )
    got = problems_of(tmp_path)
    assert "events.yaml:21: events[2].id: the id 'talk' is already used on line 13" in got
    assert any(
        p.startswith("events.yaml:25: events[2].end: start and end must be the same kind") for p in got
    )
    assert any(p.startswith("events.yaml:27: events[2].series: no series has the id 'nope'") for p in got)
    assert any(p.startswith("events.yaml:21: events[2]: an event needs a venue, an online link") for p in got)
    assert any(p.startswith("events.yaml:32: events[3].end: ends before it starts") for p in got)
    assert any(p.startswith("events.yaml:35: events[3].repeat: a repeat rule needs FREQ=") for p in got)


def test_story_must_name_existing_events(tmp_path: Path) -> None:
    write_files(tmp_path, {"events.yaml": EVENTS_OK, "stories/a.md": story(extra="events: [day, missing]\n")})
    assert problems_of(tmp_path) == [
        "stories/a.md:9: events[1]: no event in events.yaml has the id 'missing'"
    ]


def test_problem_format() -> None:
    assert str(Problem("stories/a.md", 3, "date", "bad")) == "stories/a.md:3: date: bad"


def test_the_preview_s_parse_cache_keeps_what_did_not_change(tmp_path: Path) -> None:
    """A story file not touched is not read again; a saved one is; an event equal to the
    one loaded before (same fields, same place) is that object, so the preview's memo
    knows it; when a line moves, it is still that object, and names the new lines."""
    import os

    from generator.load import ParseCache, load_stories

    write_files(tmp_path, {"stories/a.md": story("A"), "stories/b.md": story("B"), "events.yaml": EVENTS_OK})
    cache = ParseCache()
    first, _ = load_stories(tmp_path / "stories", tmp_path, cache)
    again, _ = load_stories(tmp_path / "stories", tmp_path, cache)
    assert [s is t for s, t in zip(first, again, strict=True)] == [True, True]
    (tmp_path / "stories/b.md").write_text(story("B, saved"), encoding="utf-8")
    saved, _ = load_stories(tmp_path / "stories", tmp_path, cache)
    assert saved[0] is first[0] and saved[1] is not first[1] and saved[1].meta.title == "B, saved"
    # Same size and times put back by hand: still read, as the inode's change time moved.
    stat = os.stat(tmp_path / "stories/a.md")
    (tmp_path / "stories/a.md").write_text(story("Z"), encoding="utf-8")
    os.utime(tmp_path / "stories/a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_stories(tmp_path / "stories", tmp_path, cache)[0][0].meta.title == "Z"

    events_file = tmp_path / "events.yaml"
    _, events, _ = load_events(events_file, tmp_path, cache)
    events_file.write_text(EVENTS_OK.replace("title: A talk", "title: A longer talk"), encoding="utf-8")
    _, retitled, _ = load_events(events_file, tmp_path, cache)
    assert retitled[0] is events[0] and retitled[1] is not events[1]
    assert retitled[1].meta.title == "A longer talk"
    title_line = retitled[0].lines.line(("events", 0, "title"))
    events_file.write_text("\n" + events_file.read_text(), encoding="utf-8")  # every line moves down one
    _, moved, _ = load_events(events_file, tmp_path, cache)
    assert all(m is e for m, e in zip(moved, retitled, strict=True))
    assert moved[0].lines.line(("events", 0, "title")) == title_line + 1
    assert moved == load_events(events_file, tmp_path)[1]  # as a parse from scratch


@pytest.mark.parametrize(
    "text",
    [
        "title: A day\ndate: '2026-01-02'\nthemes: [hope, identity]\n"
        "consent: {recorded: '2026-01-01', withdrawn: no}\n",
        "a: yes\nb: off\nc: 0x1f\nd: 1_000\ne: 1:30\nf: .inf\ng: ~\nh: 2025-01-01\ni: !!str 3\nj: -1.5e3\n",
        "1: a\n2.5: b\nnull: c\ntrue: d\na: 1\na: 2\n",
        "a: &x [1, {k: v}]\nb: *x\n",
        "- &r [*r]\n",
        "<<: {a: 1}\nb: 2\n",
        "? [1, 2]\n: x\n",
        "a: !!binary aGk=\nb: !!set {x, y}\n",
        "a: !!float 1\nb: !!timestamp 2026-01-02\n",
    ],
)
def test_front_matter_data_is_what_pyyaml_makes(text: str) -> None:
    """The one walk that makes plain documents' data gives PyYAML's data, aliases shared,
    and anything else (merge keys, other tags, a key that is a list) is left to PyYAML."""
    import yaml

    from generator.yamlsource import _Loader, load_yaml

    loader = _Loader(text)
    try:
        expected = loader.construct_document(loader.get_single_node())
    except yaml.YAMLError:  # a key PyYAML cannot make: a problem, and no data, as before
        parsed = load_yaml(text, "x.yaml")
        assert parsed.data is None and parsed.problems
        return
    finally:
        loader.dispose()
    data = load_yaml(text, "x.yaml").data
    assert repr(data) == repr(expected) and type(data) is type(expected)
    if isinstance(expected, dict) and "b" in expected and isinstance(expected.get("a"), list):
        assert data["a"] is data["b"]  # an alias is the same object, as PyYAML makes it
