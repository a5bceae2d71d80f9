"""YAML that remembers where each value came from, so errors can name a line.

Dates are *not* turned into ``date`` objects here: the timestamp resolver is removed so
that ``2025-02-30`` reaches the model as text and gets a clear message, not a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import Problem
from generator.yamlerrors import explain, hidden_comments

Loc = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader (the C one when available) that leaves timestamps as strings."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """``BaseResolver.resolve`` for a loader with no path resolvers and no implicit
        resolver for any first character (the safe loader's): the same tags without the lists
        it joins for each of a document's values."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _TAG + "str"
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        """Path resolvers follow where a node is; there are none to follow."""

    def ascend_resolver(self) -> None:
        """See :meth:`descend_resolver`."""


_TAG = "tag:yaml.org,2002:"
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _IMPLICIT
if None in _IMPLICIT or _Loader.yaml_path_resolvers or _Loader.DEFAULT_SCALAR_TAG != _TAG + "str":
    raise ImportError("PyYAML's safe loader resolves tags in a way _Loader.resolve does not know")
_SCALARS = frozenset(_TAG + name for name in ("int", "float", "bool", "null"))
_UNSET = object()


class _NotPlain(Exception):
    """The document holds more than :func:`_plain_data` makes: PyYAML's constructor makes it."""


def _plain_data(loader: yaml.SafeLoader, root: yaml.Node) -> Any:
    """What ``loader.construct_document(root)`` makes, for a document of text, numbers,
    booleans, nulls, lists and mappings with such keys (what content is made of), made by one
    walk instead of PyYAML's generators; :class:`_NotPlain` for anything else (another tag,
    a merge key ``<<``, a key that is not a scalar). An alias is the same object, as there."""
    made: dict[int, Any] = {}
    constructors = loader.yaml_constructors

    def scalar(node: yaml.Node) -> Any:
        if node.tag == _TAG + "str":
            return node.value
        if node.tag in _SCALARS:
            return constructors[node.tag](loader, node)
        raise _NotPlain

    def build(node: yaml.Node) -> Any:
        known = made.get(id(node), _UNSET)
        if known is not _UNSET:
            return known
        if isinstance(node, yaml.ScalarNode):
            return scalar(node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
            items: list[Any] = []
            made[id(node)] = items
            items.extend(build(item) for item in node.value)
            return items
        if isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
            mapping: dict[Any, Any] = {}
            made[id(node)] = mapping
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise _NotPlain
                mapping[scalar(key)] = build(value)
            return mapping
        raise _NotPlain

    return build(root)


def _plain_lines(loader: yaml.SafeLoader, root: yaml.Node) -> tuple[Any, dict[Loc, int]]:
    """:func:`_plain_data` and :func:`_walk`'s lines in one walk, for a document without
    aliases (each node is reached once); :class:`_NotPlain` for what ``_plain_data`` does not
    make, and for a key given twice (``_walk`` then says where)."""
    constructors = loader.yaml_constructors
    lines: dict[Loc, int] = {(): root.start_mark.line + 1}

    def scalar(node: yaml.Node) -> Any:
        if node.tag == _TAG + "str":
            return node.value
        if node.tag in _SCALARS:
            return constructors[node.tag](loader, node)
        raise _NotPlain

    def build(node: yaml.Node, loc: Loc) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return scalar(node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
            items: list[Any] = []
            for index, item in enumerate(node.value):
                here = (*loc, index)
                lines[here] = item.start_mark.line + 1
                items.append(build(item, here))
            return items
        if isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
            mapping: dict[Any, Any] = {}
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise _NotPlain
                here = (*loc, key.value)
                if here in lines:
                    raise _NotPlain
                lines[here] = key.start_mark.line + 1
                mapping[scalar(key)] = build(value, here)
            return mapping
        raise _NotPlain

    return build(root, ()), lines


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


def _too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where nesting passes ``limit`` (:data:`MAX_DEPTH`), if it does.

    Every level needs a ``[``, ``{``, ``-`` or ``:``, so most texts are cleared by
    counting; the rest are scanned event by event, which does not recurse. The C parser
    of PyYAML 6.0.4 and later (libyaml) stops at a nesting limit of its own, reading ahead
    before it gives the first event; then the pure-Python parser, which has no such limit
    and reads ahead at most a line, measures the depth, so the rule and its message do
    not depend on the PyYAML release installed.
    """
    if sum(text.count(c) for c in "[{-:") <= limit:
        return None
    try:
        return _deepest(text, _Loader, limit)
    except yaml.YAMLError as exc:
        try:
            found = _deepest(text, yaml.SafeLoader, limit)
        except yaml.YAMLError:
            raise exc from None  # a mistake both parsers see: report the one already found
        if found is None:
            raise
        return found


def _deepest(text: str, loader: type[yaml.SafeLoader], limit: int = MAX_DEPTH) -> int | None:
    """The line of the first collection deeper than ``limit``, read with ``loader``."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return event.start_mark.line + 1 if event.start_mark else 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


ALIAS_FACTOR = 10
"""Aliases (``*name``) may make a document's values at most this many times its text (and at
least :data:`ALIAS_ALLOWANCE` characters): reusing a venue is fine; 5,000 ``*quote`` of 10 KB
in ``tags:`` (50 MB of tags from a 25 KB file) took 16 s and 950 MB to build."""
ALIAS_ALLOWANCE = 100_000


def expanded_size(root: yaml.Node) -> int:
    """How many characters the document's values hold with every alias written out.

    Counted without expanding anything: each node once, from its children's sizes (a node
    reached again through an alias adds its size again). A node inside itself (``&a [*a]``)
    counts nothing the second time; the model refuses it."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    """Nodes being counted: the path from the root to the node at hand."""
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(child), 0) for child in _children(node))
        elif key not in sizes and key not in open_:
            if isinstance(node, yaml.ScalarNode):
                sizes[key] = len(node.value) + 1
                continue
            open_.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _first_alias_line(text: str) -> int:
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1
    return 1


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


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str, offset: int, front_matter: bool) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1 + offset
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return Problem(
            path,
            line,
            "-",
            f"contains the control character U+{ord(char):04X}, which is not allowed; delete it",
        )
    said = explain(exc, text, offset=offset, front_matter=front_matter)
    return Problem(path, said.row + 1 + offset, said.field, said.message)


def duplicate_problem(path: str, loc: Loc, line: int) -> Problem:
    """The problem of a key given twice in one mapping, at ``line``."""
    return Problem(path, line, field_name(loc), "this field is given twice; keep only one")


def load_yaml(text: str, path: str, *, offset: int = 0, front_matter: bool = False) -> Parsed:
    """Parse one YAML document into data and its line map, collecting every problem.

    ``front_matter``: the text is a story's fields (messages then mention the closing ``---``).
    """
    try:
        deep_at = _too_deep(text)
    except yaml.YAMLError as exc:
        return Parsed(None, LineMap(offset=offset), [_syntax_problem(exc, text, path, offset, front_matter)])
    if deep_at is not None:
        message = f"nested more than {MAX_DEPTH} levels deep; content needs only a few levels"
        return Parsed(None, LineMap(offset=offset), [Problem(path, deep_at + offset, "-", message)])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed(None, LineMap(offset=offset), [])
        size = expanded_size(node) if "*" in text else 0
        if size > max(ALIAS_FACTOR * len(text), ALIAS_ALLOWANCE):
            message = (
                f"uses aliases (*name) that make its values {size:,} characters long, from a text "
                f"of {len(text):,}: write the values out, or repeat less"
            )
            return Parsed(
                None, LineMap(offset=offset), [Problem(path, _first_alias_line(text) + offset, "-", message)]
            )
        walked: dict[Loc, int] | None = None
        try:
            if "*" in text:  # perhaps aliases: a node reached twice is walked once, by _walk
                data = _plain_data(loader, node)
            else:
                data, walked = _plain_lines(loader, node)
        except _NotPlain:
            data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        return Parsed(None, LineMap(offset=offset), [_syntax_problem(exc, text, path, offset, front_matter)])
    finally:
        loader.dispose()
    lines, duplicates = (walked, []) if walked is not None else _walk(node)
    problems = [duplicate_problem(path, loc, line + offset) for loc, line in duplicates]
    problems += [Problem(path, e.row + 1 + offset, e.field, e.message) for e in hidden_comments(node, text)]
    return Parsed(data, LineMap(lines, offset), problems)
