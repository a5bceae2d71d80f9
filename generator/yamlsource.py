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


def _walk(root: yaml.Node) -> tuple[dict[Loc, int], list[tuple[Loc, int]]]:
    """The line of every value under ``root``, and every key given twice in one mapping.

    A key's location gets the key's own line (a missing or empty value is best reported
    there). A node reached a second time is an alias (``*name``): it is not walked again,
    so ``&a [*a]`` or a "billion laughs" document costs no more than its text.
    """
    lines: dict[Loc, int] = {(): root.start_mark.line + 1}
    dupes: list[tuple[Loc, int]] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                if key in keys:
                    dupes.append(((*loc, key), key_node.start_mark.line + 1))
                keys.add(key)
                lines[(*loc, key)] = key_node.start_mark.line + 1
                stack.append((value_node, (*loc, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*loc, index)] = item.start_mark.line + 1
                stack.append((item, (*loc, index)))
    return lines, dupes


MAX_DEPTH = 50
"""Content is a few levels deep; deeper nesting is refused before it is read into memory
(PyYAML's C composer recurses, and crashes on tens of thousands of levels)."""


def _too_deep(text: str) -> int | None:
    """The line where nesting passes :data:`MAX_DEPTH`, if it does.

    Every level needs a ``[``, ``{``, ``-`` or ``:``, so most texts are cleared by
    counting; the rest are scanned event by event, which does not recurse.
    """
    if sum(text.count(c) for c in "[{-:") <= MAX_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1 if event.start_mark else 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def field_name(loc: Loc) -> str:
    """``("events", 3, "start")`` becomes ``events[3].start``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if len(part) <= 60 else part[:57] + "..."  # a pasted paragraph as a key
            text += f".{name}" if text else name
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
        what += (
            " (YAML needs spaces for indenting)"
            if "tab" in what
            else " (a tab character: YAML needs spaces for indenting)"
        )
    else:  # e.g. "while scanning a quoted scalar": say where the unfinished thing began
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and start.line != line_no:
            what += f" ({context} that starts on line {start.line + 1 + offset})"
    return Problem(path, line_no + 1 + offset, "-", f"this is not valid YAML: {what}")


def load_yaml(text: str, path: str, *, offset: int = 0) -> Parsed:
    """Parse one YAML document into data and its line map, collecting every problem."""
    try:
        deep_at = _too_deep(text)
    except yaml.YAMLError as exc:
        return Parsed(None, LineMap(offset=offset), [_syntax_problem(exc, text, path, offset)])
    if deep_at is not None:
        message = f"nested more than {MAX_DEPTH} levels deep; content needs only a few levels"
        return Parsed(None, LineMap(offset=offset), [Problem(path, deep_at + offset, "-", message)])
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
    lines, duplicates = _walk(node)
    problems = [
        Problem(path, line + offset, field_name(loc), "this field is given twice; keep only one")
        for loc, line in duplicates
    ]
    return Parsed(data, LineMap(lines, offset), problems)
