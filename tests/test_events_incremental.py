"""The preview parses only the entries of ``events.yaml`` a save changed, and what it gets is
exactly what a parse of the whole file from scratch gets: the same series and events, the
same problems with the same lines and messages (``generator.yamlentries``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.event_checks import EventChecks
from generator.load import EventsRead, ParseCache, parse_events_file, read_events
from generator.model import EventsFile
from generator.yamlentries import EntryCache
from generator.yamlsource import LineMap, Loc, load_yaml

KNOWN = frozenset(EventsFile.model_fields)
SAMPLE = (Path(__file__).resolve().parent.parent / "events.yaml").read_text(encoding="utf-8")


class Saves:
    """``events.yaml`` saved again and again, read as the preview reads it (one parse cache)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = ParseCache()
        self.last: EventsRead | None = None

    def save(self, text: str) -> EventsRead:
        """Save ``text``; check the preview's read equals a read from scratch; return it."""
        path = self.root / "events.yaml"
        path.write_text(text, encoding="utf-8")
        read = read_events(path, self.root, self.cache)
        fresh = parse_events_file(text.encode(), "events.yaml")
        assert read == fresh  # events, series (each with its line map), problems, readability
        # The checks across fields and entries, each entry's own kept from the save before:
        # the same problems, on the lines the entries are on now.
        kept = self.cache.event_checks.problems(read.series, read.events)
        assert sorted(kept) == sorted(EventChecks().problems(fresh.series, fresh.events))
        whole = load_yaml(text, "events.yaml")
        pieces = EntryCache().load(text, KNOWN)
        if pieces is not None:  # the data itself, even of entries the model refuses
            assert (pieces.data, pieces.lines) == (whole.data, whole.lines)
            assert_same_lines(pieces.lines, whole.lines)
        self.last = read
        return read


def assert_same_lines(pieces: LineMap, whole: LineMap) -> None:
    """Every location of the whole file's map, and below, beside and past them, has the same
    line in the map put together from the entries (which looks lines up when asked)."""
    asked: set[Loc] = set()
    for loc in whole.lines:
        asked.update({loc, (*loc, "nothing"), (*loc, 0, "x"), (*loc, 10_000), (*loc, -1)})
        if len(loc) > 1 and isinstance(loc[1], int):
            asked.update({(loc[0], loc[1] + 1, *loc[2:]), (loc[0], -1, *loc[2:]), (loc[0], "x")})
    asked.update({(), ("nothing",), (0,), ("events", True), ("series", 1, 2, 3)})
    for loc in asked:
        assert pieces.line(loc) == whole.line(loc), loc


@pytest.fixture
def saves(tmp_path: Path) -> Saves:
    saves = Saves(tmp_path)
    saves.save(SAMPLE)
    return saves


def _event_block(text: str, event_id: str) -> str:
    start = text.index(f"  - id: {event_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return text[start : end + 1]


def test_an_edit_of_one_event_parses_that_event_alone(saves: Saves) -> None:
    before = saves.last
    assert before is not None and len(before.events) > 10
    read = saves.save(SAMPLE.replace("title: Art exhibition", "title: An art exhibition", 1))
    assert saves.cache.events_entries.parsed == 1
    assert saves.cache.event_checks.checked == 1  # the others' own problems were kept
    assert read.events[0].meta.title.startswith("An art exhibition")
    assert read.events[0] is not before.events[0]
    assert all(new is old for new, old in zip(read.events[1:], before.events[1:], strict=True))


def test_a_line_added_above_other_events_keeps_them_and_gives_them_their_new_lines(saves: Saves) -> None:
    before = saves.last
    assert before is not None
    first = before.events[0]
    old_line = first.lines.line(("events", 3, "start"))
    text = SAMPLE.replace(
        "    start: 2016-07-01T11:00\n", "    start: 2016-07-01T11:00\n    # opens at eleven\n", 1
    )
    read = saves.save(text)
    assert saves.cache.events_entries.parsed == 1  # the comment is in the first event's text
    assert all(new is old for new, old in zip(read.events, before.events, strict=True))
    assert read.events[3].lines.line(("events", 3, "start")) == old_line + 1
    # A mistake below the new line is reported on its line in the file as it is now.
    broken = text.replace("category: celebration", "category: party", 2)
    read = saves.save(broken)
    row = next(i for i, line in enumerate(broken.split("\n"), 1) if "category: party" in line)
    assert next(p.line for p in read.problems if p.field.endswith("category")) == row


def test_an_events_own_problem_is_kept_and_named_on_its_line_when_lines_above_it_move(saves: Saves) -> None:
    wrong = SAMPLE.replace("    end: 2016-07-15T16:00\n", "    end: 2016-06-15T16:00\n", 1)
    read = saves.save(wrong)
    assert saves.cache.event_checks.checked == 1
    problems = saves.cache.event_checks.problems(read.series, read.events)
    assert [str(p) for p in problems if "ends before" in p.message] == [
        "events.yaml:35: events[0].end: ends before it starts (start is 2016-07-01 11:00:00, "
        "end is 2016-06-15 16:00:00)"
    ]
    moved = wrong.replace("series:\n", "# Series first, then events.\n\nseries:\n", 1)
    read = saves.save(moved)
    assert saves.cache.event_checks.checked == 0  # no entry's text changed
    problems = saves.cache.event_checks.problems(read.series, read.events)
    assert [p.line for p in problems if "ends before" in p.message] == [37]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: "\n\n" + t, id="blank lines at the top"),
        pytest.param(
            lambda t: t.replace("\nevents:\n", "\nevents:\n\n  # more\n", 1), id="comment above all"
        ),
        pytest.param(lambda t: t.replace("    category: celebration\n", "", 1), id="a line removed"),
        pytest.param(
            lambda t: t.replace("title: Peer Support Awareness Week 2016", "title: 'Week", 1), id="syntax"
        ),
        pytest.param(
            lambda t: t.replace("title: Peer Support Awareness Week 2016", "title: Our #1 week", 1), id="#"
        ),
        pytest.param(
            lambda t: t.replace(
                "awareness-week-2016\n    title:", "awareness-week-2016\n    id: x\n    title:", 1
            ),
            id="twice",
        ),
        pytest.param(
            lambda t: t.replace("summary: >-\n      A week", "summary: >-\n      A long week", 1), id="series"
        ),
        pytest.param(
            lambda t: t.replace("    series: awareness-week-2016\n", "    series: no-such\n", 1),
            id="series gone",
        ),
        pytest.param(lambda t: t.replace("\nevents:\n", "\nevent:\n", 1), id="unknown section"),
        pytest.param(lambda t: t + "series:\n  - id: again\n", id="section twice"),
        pytest.param(
            lambda t: (
                t.replace("    venue:\n      name:", "    venue: &v\n      name:", 1)
                + "  - id: alias-x\n    venue: *v\n"
            ),
            id="alias",
        ),
        pytest.param(
            lambda t: t.replace(
                "    category: celebration\n", "    category: " + "[" * 60 + "]" * 60 + "\n", 1
            ),
            id="deep",
        ),
        pytest.param(lambda t: t.replace("\n  - id: ", "\n  -\n    id: ", 3), id="dash alone"),
        pytest.param(
            lambda t: t.replace("    category: celebration\n", "\tcategory: celebration\n", 1), id="tab"
        ),
        pytest.param(
            lambda t: t.replace("title: Art exhibition", 'title: "Art\n  - id: x\n  exhibition', 1),
            id="quote across",
        ),
        pytest.param(lambda t: t + "---\nevents: []\n", id="second document"),
        pytest.param(lambda t: t.replace("\nevents:\n", "\nevents: []\nx:\n", 1), id="inline list"),
        pytest.param(lambda t: "", id="empty"),
        pytest.param(lambda t: t.replace("description: |\n", "description: |+\n"), id="keep blank lines"),
        pytest.param(
            lambda t: t.replace("    description: |\n", "    description: |+\n") + "\n\n", id="keep at end"
        ),
        pytest.param(lambda t: t.rstrip("\n"), id="no newline at end"),
        pytest.param(lambda t: t.replace("\n  - id: ", "\n- id: ", 1), id="indent changes"),
    ],
)
def test_every_kind_of_edit_reads_as_a_parse_from_scratch(saves: Saves, edit: object) -> None:
    assert callable(edit)
    saves.save(edit(SAMPLE))
    saves.save(SAMPLE)  # and back


def test_a_value_that_keeps_its_blank_lines_keeps_those_before_the_next_entry(saves: Saves) -> None:
    text = "events:\n  - id: a\n    description: |+\n      Text.\n\n\n  - id: b\n    title: B\n"
    saves.save(text)
    pieces = EntryCache().load(text, KNOWN)
    assert pieces is not None and pieces.data["events"][0]["description"] == "Text.\n\n\n"
    saves.save(text.rstrip("\n") + "\n\n")  # and at the end of the file
    saves.save(text.replace("  - id: b\n    title: B\n", "").rstrip("\n"))


def test_an_event_added_and_removed_reads_as_a_parse_from_scratch(saves: Saves) -> None:
    block = _event_block(SAMPLE, "art-exhibition-2016")
    added = SAMPLE.replace(block, block.replace("art-exhibition-2016", "art-exhibition-copy") + block, 1)
    assert len(saves.save(added).events) == len(saves.save(SAMPLE).events) + 1
    removed = SAMPLE.replace(block, "", 1)
    saves.save(removed)
    saves.save(SAMPLE)


def line_edits(rng: random.Random, text: str, extra: list[str], *, most: int) -> str:
    """``text`` after one to ``most`` random edits of its lines: a line deleted, a line of it
    copied elsewhere, or one of ``extra`` inserted."""
    lines = text.split("\n")
    for _ in range(rng.randrange(1, most + 1)):
        at = rng.randrange(len(lines))
        kind = rng.randrange(3)
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        else:
            lines.insert(at, rng.choice(extra))
    return "\n".join(lines)


def test_random_line_edits_read_as_a_parse_from_scratch(saves: Saves) -> None:
    """Three hundred saves, each of the sample with a line or two deleted, copied or added
    somewhere (seeded), one after the other with one parse cache."""
    rng = random.Random(17)
    extra = [
        "",
        "  # note",
        "    title: x",
        "  - id: new-one",
        "    draft: true",
        "- a",
        "  -",
        "events:",
        "x: 1",
    ]
    reused = 0
    for _ in range(300):
        read = saves.save(line_edits(rng, SAMPLE, extra, most=2))
        reused += 0 < saves.cache.events_entries.parsed < len(read.events) + len(read.series)
    assert reused > 100  # most saves took the other entries' parse from the save before
