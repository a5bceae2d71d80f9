"""Rules for the markdown of story bodies and event and series descriptions, beyond the
model's: the ids a page keeps for itself, and a cost at which a page can be made.

- **Ids.** An attribute list (``## Heading {: #support }``) or raw HTML (``<div id="x">``)
  may give an element an id. The page already has ids of its own (the support section a
  content notice links to, Material's ``__config`` that its script reads first), and an id
  that is not a plain name reached Material's table of contents unescaped. The sanitiser
  renames such ids in the page (``generator.sanitize``); the check says so first, so the
  person who wrote it can choose another.
- **Cost.** A body that would take Python-Markdown minutes, or recurse until it fails, is
  refused with the line of the passage (see ``generator.mdcost``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator import mdcost
from generator.editorial.prose import prose
from generator.errors import Problem
from generator.sanitize import RESERVED_IDS, safe_id

_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_LIST_ID = re.compile(r"""(?:^|\s)#([^\s}]+)|(?<![\w-])id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]+))""")
_HTML_ID = re.compile(
    r"""<[A-Za-z][^<>]*?(?<![\w-])id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s<>]+))""", re.IGNORECASE
)


def ids(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, id)`` of each id an attribute list or an HTML tag in ``text`` gives (code,
    where they are only shown, is left out)."""
    text = prose(text)
    if "{" in text:
        for match in _ATTR_LIST.finditer(text):
            for found in _LIST_ID.finditer(match[1]):
                value = next(v for v in found.groups() if v is not None)
                yield match.start(), value
    if "<" in text and "id" in text.lower():
        for match in _HTML_ID.finditer(text):
            yield match.start(), next(v for v in match.groups() if v is not None)


def id_message(value: str) -> str | None:
    """Why an id from content cannot stay as it is, or ``None``."""
    if safe_id(value) == value:
        return None
    if value.startswith("__"):
        return (
            f"the id {value!r} starts with __, which the theme keeps for its own elements "
            f"(__config holds its settings): choose another, e.g. {safe_id(value)!r}"
        )
    if value in RESERVED_IDS:
        return (
            f"the id {value!r} is used by the page itself (the hub's own sections link to it): "
            f"choose another, e.g. {safe_id(value)!r}"
        )
    return (
        f"the id {value[:40]!r} is not a plain name: use letters, digits and hyphens, "
        f"e.g. {safe_id(value)[:40]!r}"
    )


def body_problems(text: str, path: str, line: int, field: str, *, exact: bool = True) -> list[Problem]:
    """Every problem of one body. ``line`` is the file line of the text's first line, or, when
    the text's lines are not known line for line (``exact=False``, a YAML value), of its field."""

    def at(offset: int, message: str) -> Problem:
        nth = text.count("\n", 0, offset)
        if exact:
            return Problem(path, line + nth, field, message)
        return Problem(path, line, field, f"{message} (line {nth + 1} of the text)" if nth else message)

    problems = [at(offset, message) for offset, value in ids(text) if (message := id_message(value))]
    costly = mdcost.problem(text)
    if costly is not None:
        problems.append(at(*costly))
    return problems
