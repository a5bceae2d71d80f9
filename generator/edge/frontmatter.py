"""The front matter of a generated page, read as the JSON it is written as.

A generated page's front matter is JSON (``generator.edge.theme``), which YAML reads as it
is; MkDocs reads it with PyYAML's pure-Python loader, which took about as long as
converting the page's heading and bodies. For a generated page the plugin hands MkDocs the
page's markdown without its front matter, stripped as MkDocs strips it (or, should the
markdown start as MultiMarkdown's metadata does, ``Key: value``, or hold a carriage return,
behind an empty front matter, ``{}``, which MkDocs reads as no keys: PyYAML's loader costs
0.08 ms even for that), and sets ``page.meta`` to what JSON reads of the real one: the same
mapping (``tests/test_frontmatter.py`` compares the two for every generated page).
A source whose front matter is not a JSON object, or holds what YAML would read otherwise
(a number with a fraction or an exponent, a character PyYAML refuses), is left to MkDocs.
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.utils.meta import META_RE, YAML_RE
from yaml.reader import Reader

EMPTY = "---\n{}\n---\n"
"""Front matter MkDocs reads as no keys, taking the rest of the source as the markdown."""


def split(source: str) -> tuple[str, dict[str, Any]] | None:
    """``(source without its front matter, meta)``, or ``None`` when the front matter is
    missing or is not a JSON object (then MkDocs reads the source itself)."""
    match = YAML_RE.match(source)
    if match is None:
        return None
    text = match[1]
    if Reader.NON_PRINTABLE.search(text):  # PyYAML refuses the whole front matter
        return None
    try:
        meta = json.loads(text, parse_float=_not_plain, parse_constant=_not_plain)
    except ValueError:
        return None
    if not isinstance(meta, dict):
        return None
    rest = source[match.end() :].lstrip("\n")
    if "\r" in rest or META_RE.match(rest):  # what MkDocs would read as metadata, or change
        return EMPTY + rest, meta
    return rest, meta


def _not_plain(text: str) -> Any:
    """YAML 1.1 reads ``1e5`` as text, and JSON's ``NaN`` not at all: not ours to read."""
    raise ValueError(text)
