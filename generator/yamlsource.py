"""YAML that remembers where each value came from, so errors can name a line.

Dates are *not* turned into ``date`` objects here: the timestamp resolver is removed so
that ``2025-02-30`` reaches the model as text and gets a clear message, not a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import Problem

Loc = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader (the C one when available) that leaves timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LineMap:
    """Maps a location in the data (``("events", 3, "start")``) to a 1-based line."""

    lines: dict[Loc, int] = field(default_factory=dict)
    offset: int = 0
    """Added to every line: the line of the file where this YAML document starts."""

    def line(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest parent that has one."""
        for end in range(len(loc), -1, -1):
            found = self.lines.get(loc[:end])
            if found is not None:
                return found + self.offset
        return 1 + self.offset


def _walk(node: yaml.Node, loc: Loc, out: dict[Loc, int], dupes: list[tuple[Loc, int]]) -> None:
    out[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in seen:
                dupes.append(((*loc, key), key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, (*loc, key), out, dupes)
            # A missing or empty value is best reported on the key's own line.
            out[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), out, dupes)


def field_name(loc: Loc) -> str:
    """``("events", 3, "start")`` becomes ``events[3].start``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "-"


@dataclass
class Parsed:
    """A parsed YAML document: its data, where each value is, and what is wrong with it."""

    data: Any
    lines: LineMap
    problems: list[Problem]


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str, offset: int) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1 + offset
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return Problem(
            path,
            line,
            "-",
            f"contains the control character U+{ord(char):04X}, which is not allowed; delete it",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line_no = mark.line if mark else 0
    what = (getattr(exc, "problem", None) or str(exc)).strip()
    lines = text.splitlines()
    if line_no < len(lines) and "\t" in lines[line_no][: (mark.column + 1 if mark else None)]:
        what += " (a tab character: YAML needs spaces for indenting)"
    return Problem(path, line_no + 1 + offset, "-", f"this is not valid YAML: {what}")


def load_yaml(text: str, path: str, *, offset: int = 0) -> Parsed:
    """Parse one YAML document into data and its line map, collecting every problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed(None, LineMap(offset=offset), [])
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        return Parsed(None, LineMap(offset=offset), [_syntax_problem(exc, text, path, offset)])
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    duplicates: list[tuple[Loc, int]] = []
    _walk(node, (), lines, duplicates)
    problems = [
        Problem(path, line + offset, field_name(loc), "this field is given twice; keep only one")
        for loc, line in duplicates
    ]
    return Parsed(data, LineMap(lines, offset), problems)
