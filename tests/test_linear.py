"""The editorial checks take time in proportion to the text (issue 15, item 8).

``editorial.py``'s expressions for images and comments (``!\\[[^\\]]*\\]\\(``, ``<img\\b[^>]*>``,
``<!--.*?-->``), the code-span one, and readability's, read to the end of the text from
every opening that never closes: 80 KB of ``![`` took 50-99 seconds. Their replacements
find exactly what the expressions found (checked against them on generated texts), and a
text of 200 KB of any such opening is checked in well under a second.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.editorial.images import body_images, html_images, markdown_images
from generator.editorial.language import Language, _shipped_terms
from generator.editorial.privacy import contacts
from generator.editorial.prose import code_spans, comments, prose
from generator.editorial.readability import read

# The expressions as they were.
OLD_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)")
OLD_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
OLD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
OLD_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")

PIECES = st.sampled_from(
    [
        "![",
        "]",
        "(",
        ")",
        "<",
        ">",
        " ",
        "\n",
        "a",
        "<img",
        "<IMG ",
        "<!--",
        "-->",
        "-",
        "`",
        "``",
        "```x",
        "\t",
        "<",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)
EXAMPLES = settings(
    max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@EXAMPLES
@given(text=TEXTS)
def test_the_scanners_find_what_the_expressions_found(text: str) -> None:
    assert list(markdown_images(text)) == [
        (m.start(), m["alt"], m["src"]) for m in OLD_MD_IMAGE.finditer(text)
    ]
    assert list(html_images(text)) == [(m.start(), m[0]) for m in OLD_HTML_IMAGE.finditer(text)]
    assert list(comments(text)) == [m.span() for m in OLD_COMMENT.finditer(text)]
    assert list(code_spans(text)) == [m.span() for m in OLD_CODE_SPAN.finditer(text)]


SIZE = 200_000
HOSTILE = {
    "[": "[",
    "![": "![",
    "![a](": "![a](",
    "[a](": "[a](",
    "<img ": "<img ",
    "<!--": "<!--",
    "<": "<",
    "{": "{",
    "backtick runs": "".join("`" * n + "a" for n in range(1, 300)),
    "a.": "a.",
    "@a.": "@a.",
    "[ lines": "[\n",
    "blank lines": "\n",
    "digits": "0 ",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_text_is_checked_in_linear_time(name: str) -> None:
    unit = HOSTILE[name]
    text = unit * (SIZE // len(unit))
    language = Language(_shipped_terms())
    started = time.process_time()
    readable = prose(text)
    list(body_images(text))
    contacts(text, set())
    list(language.find(readable))
    read(readable)
    spent = time.process_time() - started
    # Quadratic, the fastest of these took about a minute at this size; linear, a fraction
    # of a second (the bound leaves room for a slow, shared machine).
    assert spent < 3.0, f"{name}: {spent:.1f} s for {len(text):,} characters"
