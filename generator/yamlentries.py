"""Parse a data file's list entries one by one, so a save re-parses only the entries it changed.

``events.yaml`` is two lists of entries (``series:``, ``events:``), ``vacancies.yaml`` one.
When the file has the plain shape every template and the editor write (top-level keys alone
on their line, each entry starting with ``-`` at its list's indentation, every other line
indented further, or blank, or a comment; a ``---`` line may open the file), each entry's
lines are a YAML document of their own that reads exactly as it reads inside the file, only
with lines counted from the entry's first line. Then a save re-parses the entries whose text
changed, takes the others' parse from the last save, and adds each entry's line in the file
to its lines (:class:`EntryLines`, which looks them up when asked).

Anything else (another shape, a syntax error, an alias, deep nesting, a key given twice at
the top, a character content may not hold) gives ``None``: the caller parses the whole file,
so every message is exactly the one a full parse gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel

from generator.model import bad_character
from generator.yamlerrors import hidden_comments
from generator.yamlsource import MAX_DEPTH, LineMap, Loc, _Loader, _too_deep, _walk

_SECTION = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ \t]*(?:#.*)?")
"""A top-level key alone on its line (a comment after it is fine)."""


@dataclass(frozen=True)
class Entry:
    """One entry parsed alone: its data and what the full parse would say of it, with lines
    counted from the entry's first line (0)."""

    data: Any
    lines: dict[Loc, int]
    """Locations below the entry (``("start",)``; ``()`` is the entry) to 0-based lines."""
    duplicates: tuple[tuple[Loc, int], ...]
    hidden: tuple[tuple[int, str, str], ...]
    """Values cut short by a ``#``: (0-based row, field, message)."""


@dataclass(frozen=True)
class Split:
    """A data file cut at its entries: each section's key line and its entries' first lines
    and texts, in file order; ``first`` is the 0-based line of the first key."""

    first: int
    sections: tuple[tuple[str, int, tuple[tuple[int, str], ...]], ...]
    between: tuple[str, ...] = ()
    """The text outside every entry: before the first key, and each key's line with the
    blank and comment lines after it."""


_TOP = re.compile(r"\n[^ \n#][^\n]*")
"""A line of content at the left margin (not blank, not a comment) and the line break before
it: a top-level key or, in a list written at the margin, an entry's first line. Searched from
a line break rather than with ``^``, which the engine tries at every character."""
_START = re.compile(r"---(?:[ \t]+(?:#.*)?)?")
"""The marker of a document's start alone on its line (a comment after it is fine)."""
_CONTENT = re.compile(r"(?:^|\n) *[^ \n#]")
"""The first line of content from where the search starts (a line break, or the text's start)."""


def _shallow(depth: int) -> re.Pattern[str]:
    """A line of content indented ``depth`` spaces or fewer, and the line break before it."""
    return re.compile(rf"\n {{0,{depth}}}[^ \n#][^\n]*")


def _item(line: str) -> bool:
    """Whether a line (its indentation taken off) starts a list entry."""
    return line == "-" or line.startswith("- ")


def split_entries(text: str, known: frozenset[str]) -> Split | None:
    """``text`` cut at its entries, or ``None`` when it is not of the plain shape.

    Only the lines that can start an entry or a section are looked at in Python: those at
    the left margin, and in a list indented by N spaces those indented N or fewer; regular
    expressions find them (``tests/test_yamlentries_split.py`` holds the rule read line by
    line, and compares the two)."""
    tops = [(m.start() + 1, m.group()[1:]) for m in _TOP.finditer(text)]
    if text[:1] not in ("", " ", "\n", "#"):
        end = text.find("\n")
        tops.insert(0, (0, text[: end if end >= 0 else len(text)]))
    if not tops or _CONTENT.search(text, 0, tops[0][0]) is not None:
        return None  # no key, or content before the first one
    if _START.fullmatch(tops[0][1]):  # a document's start, before its first key
        if len(tops) < 2 or _CONTENT.search(text, tops[0][0] + len(tops[0][1]), tops[1][0]) is not None:
            return None
        del tops[0]
    row, at = 0, 0

    def row_of(pos: int) -> int:  # rows counted forward only, so the text is counted once
        nonlocal row, at
        row += text.count("\n", at, pos)
        at = pos
        return row

    sections: list[tuple[str, int, tuple[tuple[int, str], ...]]] = []
    between = [text[: tops[0][0]]]
    k = 0
    while k < len(tops):
        start, line = tops[k]
        match = _SECTION.fullmatch(line)
        if match is None or match.group(1) not in known or any(s[0] == match.group(1) for s in sections):
            return None
        key_row = row_of(start)
        body = start + len(line)  # the line break that ends the key's line
        found = _CONTENT.search(text, body) if body < len(text) else None
        if found is None:
            return None  # a key with nothing under it
        depth = found.end() - found.start() - 2
        k += 1
        starts: list[int] = []
        if depth == 0:  # entries at the margin: the lines at the margin up to the next key
            while k < len(tops) and _item(tops[k][1]):
                starts.append(tops[k][0])
                k += 1
        else:
            end = tops[k][0] if k < len(tops) else len(text)
            for m in _shallow(depth).finditer(text, body, end):
                line = m.group()[1:]
                if not line.startswith(" " * depth) or not _item(line[depth:]):
                    return None
                starts.append(m.start() + 1)
        if not starts:
            return None
        bounds = [*starts, tops[k][0] if k < len(tops) else len(text)]
        chunks = tuple((row_of(s), text[s : bounds[i + 1]]) for i, s in enumerate(starts))
        sections.append((match.group(1), key_row, chunks))
        between.append(text[start : starts[0]])
    return Split(sections[0][1], tuple(sections), tuple(between))


def parse_entry(text: str) -> Entry | None:
    """One entry's text (a list of one item) parsed alone, or ``None`` when only a parse of
    the whole file can say what it is (an error, an alias, nesting near the limit, a
    character content may not hold)."""
    if bad_character(text) is not None:
        return None
    try:  # alone, an entry is one level less deep than in the file
        if _too_deep(text, MAX_DEPTH - 1) is not None:
            return None
    except yaml.YAMLError:
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
            return None
        data = loader.construct_document(node)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    lines, duplicates = _walk(node)
    if "*" in text and _shared(node):
        return None
    return Entry(
        data[0],
        {loc[1:]: line - 1 for loc, line in lines.items() if loc},
        tuple((loc[1:], line - 1) for loc, line in duplicates),
        tuple((e.row, e.field, e.message) for e in hidden_comments(node, text)),
    )


def _shared(root: yaml.Node) -> bool:
    """Whether a node is reached twice (an alias)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


class EntryCache:
    """Each entry's parse by its text, kept from one parse of the file to the next."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry | None] = {}
        self.parsed = 0
        """Entries parsed in the last :meth:`load` (the rest were reused; 0 when the file was
        not of the plain shape): for tests."""
        self._valid: dict[tuple[int, type[BaseModel]], tuple[Any, BaseModel]] = {}
        self._was_valid: dict[tuple[int, type[BaseModel]], tuple[Any, BaseModel]] = {}

    def validate(self, model: type[BaseModel], item: Any) -> BaseModel:
        """``model.model_validate(item)``, done once for an entry's data that the last
        :meth:`load` took from the cache (a ``ValidationError`` is raised each time)."""
        key = (id(item), model)
        found = self._valid.get(key) or self._was_valid.get(key)
        if found is None or found[0] is not item:
            found = (item, model.model_validate(item))
        self._valid[key] = found
        return found[1]

    def load(self, text: str, known: frozenset[str]) -> Assembled | None:
        """The file's data, lines and problems as a full parse gives them, or ``None``."""
        self.parsed = 0
        split = split_entries(text, known)
        if split is None or any(bad_character(part) is not None for part in split.between):
            return None
        kept: dict[str, Entry | None] = {}
        self._was_valid, self._valid = self._valid, {}
        data: dict[str, list[Any]] = {}
        sections: dict[str | int, tuple[int, list[tuple[int, dict[Loc, int]]]]] = {}
        hidden: list[tuple[int, str, str]] = []
        duplicates: list[list[tuple[Loc, int]]] = []
        old = self._entries
        for name, key_row, chunks in split.sections:
            items: list[Any] = []
            rows: list[tuple[int, dict[Loc, int]]] = []
            section_dupes: list[list[tuple[Loc, int]]] = []
            for index, (row, chunk) in enumerate(chunks):
                entry = kept.get(chunk, _MISSING)
                if entry is _MISSING:
                    entry = old.get(chunk, _MISSING)
                    if entry is _MISSING:
                        entry = parse_entry(chunk)
                        self.parsed += 1
                    kept[chunk] = entry
                if entry is None:
                    self._entries = kept
                    return None
                items.append(entry.data)
                rows.append((row, entry.lines))
                if entry.duplicates:
                    section_dupes.append(
                        [((name, index, *loc), line + row + 1) for loc, line in entry.duplicates]
                    )
                if entry.hidden:
                    hidden += [(r + row, f, m) for r, f, m in entry.hidden]
            data[name] = items
            sections[name] = (key_row, rows)
            duplicates.append([d for chunk_dupes in reversed(section_dupes) for d in chunk_dupes])
        self._entries = kept
        return Assembled(
            data,
            EntryLines(first=split.first, sections=sections),
            [d for section in reversed(duplicates) for d in section],
            hidden,
        )


_MISSING: Any = object()


@dataclass(eq=False)
class EntryLines(LineMap):
    """The line map of a file put together from its entries: each entry's own map (lines
    counted from its first) and the row it starts on, looked up when a line is asked for,
    so that a save does not write out a map of every value of the file.

    It gives every location the line a :class:`LineMap` of the whole file's parse gives,
    and equals that map."""

    first: int = 0
    """The 0-based row of the first top-level key."""
    sections: dict[str | int, tuple[int, list[tuple[int, dict[Loc, int]]]]] = field(default_factory=dict)
    """Each top-level key: its 0-based row, and each entry's row and own map."""

    def line(self, loc: Loc) -> int:
        section = self.sections.get(loc[0]) if loc else None
        if section is None:
            return self.first + 1 + self.offset
        index = loc[1] if len(loc) > 1 else None
        if isinstance(index, int) and 0 <= index < len(section[1]):
            row, own = section[1][index]
            for end in range(len(loc), 1, -1):
                found = own.get(loc[2:end])
                if found is not None:
                    return found + row + 1 + self.offset
        return section[0] + 1 + self.offset

    def flat(self) -> dict[Loc, int]:
        """Every location and its line (without the offset), as a whole file's parse has them."""
        lines: dict[Loc, int] = {(): self.first + 1}
        for name, (key_row, rows) in self.sections.items():
            lines[(name,)] = key_row + 1
            for index, (row, own) in enumerate(rows):
                for loc, line in own.items():
                    lines[(name, index, *loc)] = line + row + 1
        return lines

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EntryLines):
            return (self.offset, self.first, self.sections) == (other.offset, other.first, other.sections)
        if isinstance(other, LineMap):
            return self.offset == other.offset and self.flat() == other.lines and not self.lines
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Assembled:
    """A whole file's parse put together from its entries': what ``load_yaml`` gives, in parts."""

    data: dict[str, list[Any]]
    lines: LineMap
    duplicates: list[tuple[Loc, int]]
    """Keys given twice, in the order a full parse finds them (1-based lines)."""
    hidden: list[tuple[int, str, str]]
    """Values cut short by a ``#``, in row order (0-based rows)."""
