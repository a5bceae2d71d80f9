"""The prose of a story or page: the text a reader reads, which the editorial checks read.

Code, HTML comments and passages between ``<!-- language-check: off -->`` and
``<!-- language-check: on -->`` are blanked (kept as spaces and newlines, so offsets and
line numbers stay true) before a check reads the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

MAX_PAGE_BYTES = 2_000_000
"""The largest hand-written page or language file the checks read."""

_FENCE = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}(?P=fence)[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
_CHECK_OFF = re.compile(
    r"<!--\s*language-check:\s*off\s*-->.*?(?:<!--\s*language-check:\s*on\s*-->|\Z)", re.DOTALL
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_BACKTICKS = re.compile(r"`+")

Spans = Callable[[str], Iterable[tuple[int, int]]]
"""Where the parts of a text to leave out are: ``(start, end)`` offsets, in order."""


def _matches(pattern: re.Pattern[str]) -> Spans:
    return lambda text: (match.span() for match in pattern.finditer(text))


def comments(text: str) -> Iterator[tuple[int, int]]:
    """HTML comments ``<!-- ... -->``. Found with ``find``, not a regular expression: the
    expression ``<!--.*?-->`` reads to the end of the text from every ``<!--`` that is
    never closed, which takes minutes on a body of 80 KB of them."""
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            return  # no comment after this one is closed either
        yield start, end + 3
        position = end + 3


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Inline code: a run of backticks up to the next run of the same length on its line.

    Each run is paired in one pass over the line's runs (the expression it replaces looked
    along the rest of the line from every run, which is quadratic in a line of them)."""
    offset = 0
    for line in text.split("\n"):
        runs = [m.span() for m in _BACKTICKS.finditer(line)] if "`" in line else []
        later: dict[int, int] = {}
        following: list[int | None] = [None] * len(runs)
        for index in range(len(runs) - 1, -1, -1):
            size = runs[index][1] - runs[index][0]
            following[index] = later.get(size)
            later[size] = index
        index = 0
        while index < len(runs):
            match = following[index]
            if match is None:
                index += 1
                continue
            yield offset + runs[index][0], offset + runs[match][1]
            index = match + 1
        offset += len(line) + 1


def blank(text: str, spans: Iterable[Spans]) -> str:
    """``text`` with every span of ``spans`` replaced by spaces (newlines kept)."""
    for find in spans:
        found = list(find(text))
        if found:
            pieces, position = [], 0
            for start, end in found:
                pieces += [text[position:start], _NOT_NEWLINE.sub(" ", text[start:end])]
                position = end
            text = "".join([*pieces, text[position:]])
    return text


def prose(text: str) -> str:
    """The text a reader reads: no code, no comments, no switched-off passages."""
    spans: list[Spans] = []
    if "language-check" in text:
        spans.append(_matches(_CHECK_OFF))
    if "```" in text or "~~~" in text:
        spans.append(_matches(_FENCE))
    if "<!--" in text:
        spans.append(comments)
    if "`" in text:
        spans.append(code_spans)
    return blank(text, spans)


def line_at(text: str, offset: int, first_line: int) -> int:
    """The file line of ``offset`` in ``text``, whose first line is ``first_line``."""
    return first_line + text.count("\n", 0, offset)


def blank_front_matter(text: str) -> str:
    """A page with its front matter (between ``---`` lines at the top) blanked."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            text = _NOT_NEWLINE.sub(" ", text[: end + 4]) + text[end + 4 :]
    return text
