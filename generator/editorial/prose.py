"""The prose of a story or page: the text a reader reads, which the editorial checks read.

Code, HTML comments and passages between ``<!-- language-check: off -->`` and
``<!-- language-check: on -->`` are blanked (kept as spaces and newlines, so offsets and
line numbers stay true) before a check reads the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_PAGE_BYTES = 2_000_000
"""The largest hand-written page or language file the checks read."""

_FENCE = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}(?P=fence)[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CHECK_OFF = re.compile(
    r"<!--\s*language-check:\s*off\s*-->.*?(?:<!--\s*language-check:\s*on\s*-->|\Z)", re.DOTALL
)
_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    """``text`` with every match of ``patterns`` replaced by spaces (newlines kept)."""
    for pattern in patterns:
        if pattern.search(text):
            text = pattern.sub(lambda m: _NOT_NEWLINE.sub(" ", m[0]), text)
    return text


def prose(text: str) -> str:
    """The text a reader reads: no code, no comments, no switched-off passages."""
    patterns = []
    if "language-check" in text:
        patterns.append(_CHECK_OFF)
    if "```" in text or "~~~" in text:
        patterns.append(_FENCE)
    if "<!--" in text:
        patterns.append(_COMMENT)
    if "`" in text:
        patterns.append(_CODE_SPAN)
    return blank(text, patterns)


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
