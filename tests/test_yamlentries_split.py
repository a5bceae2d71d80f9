"""Where a data file is cut into its entries (``yamlentries.split_entries``), and that nothing
in an entry's text fools the cut: a ``- id:`` inside a block of text, a comment, a document
marker, CRLF line ends, a byte order mark, tabs, characters content may not hold. Each file
is read as the preview reads it, one save after another, and compared with a parse of the
whole file from scratch (the same entries, lines, problems and messages)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from generator.errors import Problem
from generator.load import ParseCache, load_vacancies, parse_events_file, parse_vacancies, read_events
from generator.model import EventsFile, VacanciesFile, Vacancy
from generator.yamlentries import EntryCache, Split, split_entries
from tests.test_events_incremental import SAMPLE, Saves, line_edits

KNOWN = frozenset(EventsFile.model_fields)
VACANCIES = (Path(__file__).resolve().parent.parent / "vacancies.yaml").read_text(encoding="utf-8")
_OPEN = re.compile(r"---(?:[ \t]+(?:#.*)?)?")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ \t]*(?:#.*)?")


def split_by_lines(text: str, known: frozenset[str]) -> Split | None:
    """The plain shape read line by line, as the rule says it (the cut it gives is the one
    ``split_entries`` must give): top-level keys alone on their line, each entry starting
    with ``-`` at its list's indentation, every other line indented further, blank or a
    comment."""
    lines = text.split("\n")
    sections: list[tuple[str, int, list[int]]] = []
    indent = -1
    opened = False
    for row, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if not sections and not opened and _OPEN.fullmatch(line):  # a document start, once
            opened = True
            continue
        depth = len(line) - len(stripped)
        item = stripped == "-" or stripped.startswith("- ")
        if depth == 0 and not (item and sections and indent <= 0):
            match = _KEY.fullmatch(line)
            if match is None or match.group(1) not in known or any(s[0] == match.group(1) for s in sections):
                return None
            if sections and not sections[-1][2]:
                return None
            sections.append((match.group(1), row, []))
            indent = -1
            continue
        if not sections:
            return None
        if indent < 0:
            indent = depth
        if depth < indent or (depth == indent and not item) or (depth > indent and not sections[-1][2]):
            return None
        if depth == indent:
            sections[-1][2].append(row)
    if not sections or not sections[-1][2]:
        return None
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    starts[-1] = len(text)
    out = []
    for index, (name, row, entries) in enumerate(sections):
        rows = [*entries, sections[index + 1][1] if index + 1 < len(sections) else len(lines)]
        chunks = tuple((s, text[starts[s] : starts[rows[k + 1]]]) for k, s in enumerate(rows[:-1]))
        out.append((name, row, chunks))
    between = [text[: starts[sections[0][1]]]]
    between += [text[starts[row] : starts[entries[0]]] for _, row, entries in sections]
    return Split(sections[0][1], tuple(out), tuple(between))


def test_the_cut_is_the_rule_read_line_by_line() -> None:
    """Thousands of seeded edits of the sample (entries at two spaces, and at the margin) and
    of a vacancies file, each cut both ways."""
    rng = random.Random(6)
    extra = ["", "  # note", "    title: x", "  - id: new-one", "- a", "  -", "-", "events:", "x: 1"]
    extra += ["\t- id: t", "---", "...", "# c", " # c", "- id: z", "series:", "  ", "   - id: q", " - q"]
    extra += ["vacancies:", "  -\tid: tab", "events: # soon", "events: []", "  #", "-x", "---", "--- # a"]
    extra += ["---\t", "--- x", "----"]
    margin = SAMPLE.replace("\n  ", "\n")
    cut = 0
    for base, known in ((SAMPLE, KNOWN), (margin, KNOWN), (VACANCIES, frozenset(VacanciesFile.model_fields))):
        assert split_entries(base, known) == split_by_lines(base, known) is not None
        for _ in range(1500):
            text = line_edits(rng, base, extra, most=3)
            found = split_entries(text, known)
            assert found == split_by_lines(text, known), text
            cut += found is not None
    assert cut > 1500  # most edits keep the plain shape


def test_the_cut_at_the_margin_and_indented() -> None:
    text = "# events\nseries:\n- id: a\n  title: A\n\nevents:  # all of them\n  - id: b\n\n  - id: c\n"
    found = split_entries(text, KNOWN)
    assert found is not None and found.first == 1
    assert found.sections == (
        ("series", 1, ((2, "- id: a\n  title: A\n\n"),)),
        ("events", 5, ((6, "  - id: b\n\n"), (8, "  - id: c\n"))),
    )
    assert found.between == ("# events\n", "series:\n", "events:  # all of them\n")
    for wrong in ("", "\n", "events:\n", "events:\n# none\n", "  events:\n  - id: a\n", "x\nevents:\n- a\n"):
        assert split_entries(wrong, KNOWN) is None, wrong


BAD = "which is not allowed; delete it"

TRICKY = {  # where, what, and whether the file is still cut at its entries
    "a '- id:' inside a block of text": (
        "    description: |\n",
        "    description: |\n      A list in the text:\n      - id: not-an-event\n\n",
        True,
    ),
    "a '- id:' at the margin of a block of text": (
        "    description: |\n",
        "    description: |\n  - id: z\n",
        True,  # it ends the text, as it does in the whole file: an entry of its own
    ),
    "a '- id:' after a folded text": ("    summary: >-\n", "    summary: >-\n  - id: folded\n", False),
    "comments shaped like entries": ("\nevents:\n", "\nevents:\n# - id: gone\n  # - id: gone-too\n", True),
    "a comment at the entries' indentation": ("    category: celebration\n", "  # - id: c\n", True),
    "a document marker": ("\nevents:\n", "\n---\nevents:\n", False),
    "a document start at the top": ("# yaml-language-server", "---\n# yaml-language-server", True),
    "a document start after comments": ("\nseries:\n", "\n--- # the events\n\nseries:\n", True),
    "a document start with a value": ("\nseries:\n", "\n--- x\nseries:\n", False),
    "two document starts": ("\nseries:\n", "\n---\n---\nseries:\n", False),
    "a document end": ("\nevents:\n", "\n...\nevents:\n", False),
    "a marker in a block of text": ("    description: |\n", "    description: |\n---\n", False),
    "a tab before an entry": ("\n  - id: ", "\n\t- id: ", False),
    "a tab after a dash": ("\n  - id: ", "\n  -\tid: ", False),
    "a tab inside an entry": ("    category: celebration\n", "    category:\tcelebration\n", True),
    "a tab indenting a field": ("    category: celebration\n", "\t  category: celebration\n", False),
    "a line separator in an entry": ("title: Art exhibition", "title: Art\u2028exhibition", False),
    "a line separator in a comment": ("\nevents:\n", "\n# \u2028\nevents:\n", False),
    "a control character after a key": ("\nevents:\n", "\nevents: # \x07\n", False),
    "a control character before the first key": ("series:\n", "# \x01\nseries:\n", False),
    "a byte order mark in the middle": (
        "    category: celebration\n",
        "    category: \ufeffcelebration\n",
        False,
    ),
}


@pytest.mark.parametrize("old, new, cut", list(TRICKY.values()), ids=list(TRICKY))
def test_nothing_in_an_entry_fools_the_cut(saves: Saves, old: str, new: str, cut: bool) -> None:
    assert old in SAMPLE
    read = saves.save(SAMPLE.replace(old, new, 1))
    assert (EntryCache().load(SAMPLE.replace(old, new, 1), KNOWN) is not None) == cut
    if any(c in new for c in "\u2028\x07\x01\ufeff"):  # one message, for the whole file
        assert len(read.problems) == 1 and BAD in read.problems[0].message and not read.readable
    saves.save(SAMPLE.replace(old, new))  # every place it fits
    saves.save(SAMPLE)


@pytest.fixture
def saves(tmp_path: Path) -> Saves:
    saves = Saves(tmp_path)
    saves.save(SAMPLE)
    return saves


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(SAMPLE.replace("\n", "\r\n").encode(), id="CRLF"),
        pytest.param(SAMPLE.replace("\n", "\r").encode(), id="CR"),
        pytest.param(b"\xef\xbb\xbf" + SAMPLE.encode(), id="BOM"),
        pytest.param(b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode(), id="BOM and CRLF"),
        pytest.param(SAMPLE.encode().replace(b"title: Art", b"title: \xa3 Art"), id="not UTF-8"),
    ],
)
def test_line_ends_and_a_byte_order_mark_read_as_a_parse_from_scratch(saves: Saves, raw: bytes) -> None:
    path = saves.root / "events.yaml"
    path.write_bytes(raw)
    read = read_events(path, saves.root, saves.cache)
    assert read == parse_events_file(raw, "events.yaml")
    assert read.readable == (b"\xa3" not in raw)
    edited = raw.replace(b"Art exhibition", b"An art exhibition", 1)
    path.write_bytes(edited)
    assert read_events(path, saves.root, saves.cache) == parse_events_file(edited, "events.yaml")
    if read.readable:
        assert saves.cache.events_entries.parsed == 1  # the others were the same text


def test_vacancies_read_as_a_parse_from_scratch_one_entry_parsed_per_edit(tmp_path: Path) -> None:
    path = tmp_path / "vacancies.yaml"
    cache = ParseCache()

    def save(text: str) -> tuple[list[Vacancy], list[Problem]]:
        path.write_text(text, encoding="utf-8")
        read = load_vacancies(path, tmp_path, cache)
        assert read == parse_vacancies(text.encode(), "vacancies.yaml")
        return read

    vacancies, problems = save(VACANCIES)
    assert len(vacancies) == 5 and not problems
    title = vacancies[2].meta.title
    vacancies, _ = save(VACANCIES.replace(f"title: {title}", f"title: {title} (edited)", 1))
    assert cache.vacancy_entries.parsed == 1 and vacancies[2].meta.title.endswith("(edited)")
    _, problems = save(VACANCIES.replace("closes: ", "closes: 2027-02-30 #", 1))  # wrong: its line
    assert cache.vacancy_entries.parsed == 2 and problems  # the first, and the third as it was
    save(VACANCIES + "  - id: added\n    title: x\n")
    save(VACANCIES.replace("\nvacancies:\n", "\nvacancies:\n  - id: 'unclosed\n", 1))
    save(VACANCIES.replace("      - Meet people", "  - Meet people", 1))
    save(VACANCIES)
