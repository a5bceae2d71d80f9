"""Parse a data file's list entries one by one, so a save re-parses only the entries it changed.

``events.yaml`` is two lists of entries (``series:``, ``events:``). When the file has the
plain shape every template and the editor write (top-level keys alone on their line, each
entry starting with ``-`` at its list's indentation, every other line indented further, or
blank, or a comment), each entry's lines are a YAML document of their own that reads exactly
as it reads inside the file, only with lines counted from the entry's first line. Then a
save re-parses the entries whose text changed, takes the others' parse from the last save,
and adds each entry's line in the file to its lines.

Anything else (another shape, a syntax error, an alias, deep nesting, a key given twice at
the top) gives ``None``: the caller parses the whole file, so every message is exactly the
one a full parse gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

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


def split_entries(text: str, known: frozenset[str]) -> Split | None:
    """``text`` cut at its entries, or ``None`` when it is not of the plain shape."""
    lines = text.split("\n")
    sections: list[tuple[str, int, list[int]]] = []
    first = -1
    indent = -1
    starts = [0]
    """Where each line starts in ``text``: an entry's text is exactly its part of the file (a
    ``|+`` value keeps the blank lines after it, up to the next entry)."""
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    starts[-1] = len(text)
    for row, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        item = stripped == "-" or stripped.startswith("- ")
        if depth == 0 and not (item and sections and indent <= 0):
            match = _SECTION.fullmatch(line)
            if match is None or match.group(1) not in known or any(s[0] == match.group(1) for s in sections):
                return None
            if sections and not sections[-1][2]:
                return None
            sections.append((match.group(1), row, []))
            first = row if first < 0 else first
            indent = -1
            continue
        if not sections:
            return None
        entries = sections[-1][2]
        if indent < 0:
            indent = depth
        if depth < indent:
            return None
        if depth == indent:
            if not item:
                return None
            entries.append(row)
        elif not entries:
            return None
    if not sections or not sections[-1][2]:
        return None
    out = []
    for index, (name, row, entries) in enumerate(sections):
        end = sections[index + 1][1] if index + 1 < len(sections) else len(lines)
        rows = [*entries, end]
        chunks = tuple(
            (start, text[starts[start] : starts[rows[k + 1]]]) for k, start in enumerate(rows[:-1])
        )
        out.append((name, row, chunks))
    return Split(first, tuple(out))


def parse_entry(text: str) -> Entry | None:
    """One entry's text (a list of one item) parsed alone, or ``None`` when only a parse of
    the whole file can say what it is (an error, an alias, nesting near the limit)."""
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
        if split is None:
            return None
        kept: dict[str, Entry | None] = {}
        self._was_valid, self._valid = self._valid, {}
        data: dict[str, list[Any]] = {}
        lines: dict[Loc, int] = {(): split.first + 1}
        hidden: list[tuple[int, str, str]] = []
        duplicates: list[list[tuple[Loc, int]]] = []
        for name, key_row, chunks in split.sections:
            lines[(name,)] = key_row + 1
            items: list[Any] = []
            section_dupes: list[list[tuple[Loc, int]]] = []
            for index, (row, chunk) in enumerate(chunks):
                if chunk in kept:
                    entry = kept[chunk]
                elif chunk in self._entries:
                    entry = self._entries[chunk]
                else:
                    entry = parse_entry(chunk)
                    self.parsed += 1
                kept[chunk] = entry
                if entry is None:
                    self._entries = kept
                    return None
                items.append(entry.data)
                for loc, line in entry.lines.items():
                    lines[(name, index, *loc)] = line + row + 1
                section_dupes.append(
                    [((name, index, *loc), line + row + 1) for loc, line in entry.duplicates]
                )
                hidden += [(r + row, f, m) for r, f, m in entry.hidden]
            data[name] = items
            duplicates.append([d for chunk_dupes in reversed(section_dupes) for d in chunk_dupes])
        self._entries = kept
        return Assembled(
            data, LineMap(lines), [d for section in reversed(duplicates) for d in section], hidden
        )


@dataclass(frozen=True)
class Assembled:
    """A whole file's parse put together from its entries': what ``load_yaml`` gives, in parts."""

    data: dict[str, list[Any]]
    lines: LineMap
    duplicates: list[tuple[Loc, int]]
    """Keys given twice, in the order a full parse finds them (1-based lines)."""
    hidden: list[tuple[int, str, str]]
    """Values cut short by a ``#``, in row order (0-based rows)."""
