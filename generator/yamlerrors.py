"""YAML mistakes in plain words: what was typed wrong, on the line where the fix goes.

PyYAML's messages speak parser ("mapping values are not allowed in this context"), and
their wording differs between releases. Here a syntax error is described from the text
itself, at the two places the parser gives: where it stopped, and where the unfinished
thing it was reading began. So every message is ours, says what to do, and is the same
whatever PyYAML release is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY = re.compile(r"^(?P<indent>[ \t]*)(?:- +)?(?P<key>[A-Za-z_][\w-]*) *:(?: +(?P<value>.*))?$")
_QUOTES = "\"'"
_MUST_QUOTE = "*&!@`%|>"
"""Characters that cannot start unquoted text."""


@dataclass(frozen=True)
class Explained:
    """A syntax error as staff read it."""

    row: int
    """0-based line of the text where the fix goes."""
    field: str
    """The field written on that line, or ``-``."""
    message: str


def quoted(text: str) -> str:
    """``text`` in the quotes YAML reads back as exactly that text."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def explain(exc: yaml.YAMLError, text: str, *, offset: int = 0, front_matter: bool = False) -> Explained:
    """Describe ``exc``, raised while reading ``text``, in plain words.

    ``offset``: the line of the file before the text's first line (messages name lines of
    the file); ``front_matter``: the text is a story's fields, which end at a line ``---``.
    """
    lines = text.split("\n")
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    p_row = min(problem.line, len(lines) - 1) if problem is not None else None
    c_row = min(context.line, len(lines) - 1) if context is not None else None

    def line(row: int) -> str:
        return lines[row] if 0 <= row < len(lines) else ""

    def char(mark: yaml.Mark | None) -> str:
        return text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""

    def field(row: int) -> str:
        found = _KEY.match(line(row))
        return found["key"] if found else "-"

    def number(row: int) -> int:
        return row + 1 + offset

    def said(row: int, message: str) -> Explained:
        return Explained(row, field(row), message)

    row = p_row if p_row is not None else (c_row or 0)

    if isinstance(exc, yaml.constructor.ConstructorError):
        return said(
            row,
            "uses a YAML tag (a word starting with !), which content may not use: delete it, "
            "or put the whole text in quotes",
        )

    first = min(r for r in (p_row, c_row, row) if r is not None)
    for r in range(first, row + 1):
        if "\t" in line(r)[: len(line(r)) - len(line(r).lstrip(" \t"))] or (
            r == p_row and char(problem) == "\t"
        ):
            return said(
                r, "has a tab character: YAML needs spaces for indenting; replace the tab with spaces"
            )

    opener = char(context)
    if opener in _QUOTES and c_row is not None and (p_row != c_row or not char(problem)):
        return said(
            c_row,
            _never_closed(opener),
        )
    if opener in "[{" and c_row is not None:
        closer, what = ("]", "list") if opener == "[" else ("}", "group")
        return said(
            c_row,
            f"the {what} that starts with {opener} here is never closed: add {closer} at its end "
            f"(items are separated by commas); if the {opener} is part of the text, put the text in quotes",
        )

    here = line(row)
    match = _KEY.match(here)
    value = (match["value"] or "").strip() if match else ""
    column = problem.column if problem is not None and p_row == row else -1
    if match and value and column > match.start("value"):
        if char(problem) == ":" and value[0] not in _QUOTES:
            return said(
                row,
                f"has a colon inside text that is not in quotes: put the text in quotes, "
                f"e.g. {match['key']}: {quoted(value)}",
            )
        if value[0] in _QUOTES:
            opened = _unclosed_above(lines, row, value[0])
            if opened is not None:
                return said(opened, _never_closed(value[0]))
            whole = len(value) > 1 and value[-1] == value[0]
            return said(
                row,
                f"the text in quotes ends at the second {value[0]} and more follows it: quote the "
                f"whole text so that marks inside it stay text, e.g. "
                f"{match['key']}: {quoted(value[1:-1] if whole else value)}",
            )
    if match and value and value[0] in _MUST_QUOTE and column >= match.start("value"):
        return said(
            row,
            f"text that starts with {value[0]} must be in quotes: {match['key']}: {quoted(value)}",
        )

    above = next(
        (r for r in range(row - 1, -1, -1) if line(r).strip() and not line(r).lstrip().startswith("#")), None
    )
    indent = len(here) - len(here.lstrip(" "))
    if above is not None and here.strip():
        above_indent = len(line(above)) - len(line(above).lstrip(" "))
        if char(problem) == ":" and match and indent > above_indent:
            return said(
                row,
                f"is indented more than the line above it (line {number(above)}), which already has a "
                "value: move it left, in line with the other fields of its group",
            )
        if opener == "-" and column == indent and not here.lstrip().startswith("-"):
            return said(
                row,
                f"each entry of this list starts with '- ', as line {number(c_row or 0)} does: "
                f"write '- {here.strip()}'",
            )
        if column == indent and indent != above_indent and isinstance(exc, yaml.parser.ParserError):
            return said(
                row,
                f"is indented {indent} space{'s' if indent != 1 else ''}, but the line above it "
                f"(line {number(above)}) is indented {above_indent}: the fields of one group start "
                "in the same column",
            )

    if c_row is not None and isinstance(exc, yaml.scanner.ScannerError) and ":" not in line(c_row):
        bare = line(c_row).strip()
        if bare.startswith("-") and not bare.startswith("- "):
            return said(c_row, f"a list item needs a space after '-': write '- {bare[1:].strip()}'")
        prose = front_matter and not line(c_row).startswith((" ", "\t")) and " " in bare
        hint = "; if the fields end above this line, add a line '---' after the last field" if prose else ""
        return said(
            c_row,
            "is neither a field (name: value) nor a list item (- value): add '- ' at its start if it "
            f"belongs to the list above, or write it as 'name: value'{hint}",
        )

    return said(
        row,
        "cannot be read here: look on this line and the one above for a quote that is not "
        "closed, a colon in text that is not in quotes, or indenting that does not line up",
    )


def _unclosed_above(lines: list[str], row: int, quote: str) -> int | None:
    """The line above ``row`` whose ``quote`` is never closed, when ``row`` itself balances
    its quotes: the parser read on from there, and stopped only at ``row``."""
    if lines[row].count(quote) % 2:
        return None
    for r in range(row - 1, -1, -1):
        if lines[r].count(quote) % 2:
            return r
    return None


def _never_closed(quote: str) -> str:
    return (
        f"the text in quotes that starts here is never closed: add a closing {quote} at the end of the text"
    )


_HIDDEN_COMMENT = re.compile(r"^[ \t]+#(?=\S)")
"""A ``#`` after a space and right before a word: ``#1``, ``#recovery``. A comment a person
writes on purpose has a space after the ``#`` (``# optional``), as the templates do."""
_EMPTY_BEFORE_COMMENT = re.compile(r"^[ \t]*#(?=\S)")
"""The same after an empty value, whose end the parsers place before or after the spaces."""


def hidden_comments(root: yaml.Node, text: str) -> list[Explained]:
    """Plain text values cut short by a ``#`` that YAML reads as the start of a comment.

    ``title: Our #1 day`` reads as ``Our``, and ``title: #1 day`` as nothing, with no
    syntax error: the rest of the line silently disappears. Each such line gets a message
    saying to put the text in quotes, with the text as typed.
    """
    if "#" not in text:  # no comment at all, so none that cut a value short
        return []
    lines = text.split("\n")
    found: list[Explained] = []
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "-"
                found += _cut_short(value, lines, str(name))
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            for item in node.value:
                found += _cut_short(item, lines, "-")
                stack.append(item)
    return sorted(found, key=lambda e: e.row)


def _cut_short(node: yaml.Node, lines: list[str], name: str) -> list[Explained]:
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):  # plain: libyaml says ""
        return []
    end = node.end_mark
    if end.line >= len(lines) or node.start_mark.line != end.line:
        return []
    line = lines[end.line]
    rest = line[end.column :]
    if not (_HIDDEN_COMMENT if node.value else _EMPTY_BEFORE_COMMENT).match(rest):
        return []
    start = node.start_mark.column
    typed = (line[start:].strip() if node.value else rest.strip()).rstrip()
    read = f"reads as {node.value!r}" if node.value else "reads as empty"
    prefix = f"{name}: " if name != "-" else "- "
    return [
        Explained(
            end.line,
            name,
            f"has a # inside text that is not in quotes: after a space, # starts a comment, which is left "
            f"out with the rest of the line, so this {read}; put the text in quotes, "
            f"e.g. {prefix}{quoted(typed)}",
        )
    ]
