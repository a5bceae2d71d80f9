"""Finished HTML of generated pages, held out of Python-Markdown.

A generated page is markdown whose template parts are raw HTML blocks, already escaped by
Jinja; Python-Markdown passes such a block through untouched, but only after its HTML
parser has walked it (and MkDocs' has, again, for anchors), which was most of the cost of
a page. Before MkDocs converts a generated page, :meth:`FinishedHtml.hold` puts each such
block aside and leaves a placeholder paragraph in its place; only what really is markdown
goes through Python-Markdown: the page's heading, the bodies between the markers of
:class:`~generator.sanitize.Markers` (story bodies, event, series and vacancy
descriptions), and any part that is not a whole block of HTML. After the conversion,
:meth:`FinishedHtml.restore` puts the blocks back where their placeholders are, before the
bodies are sanitised, and adds the ids they hold to the page's anchors, as MkDocs would
have found them.

A block is held only when Python-Markdown would have passed it through as it is: it is
outside every body, starts a line with a block-level tag, ends with a tag, closes every
element it opens (and nothing is left after an element closes but another block-level
element), and asks for no markdown inside (``markdown="1"``). Anything else is left to
Python-Markdown, as before. The placeholders carry a random per-build nonce, so text in a
body cannot name one.
"""

from __future__ import annotations

import html
import re
import secrets
from functools import lru_cache
from typing import TYPE_CHECKING

import markdown

from generator.sanitize import Markers

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

_BLOCK_LEVEL: frozenset[str] = frozenset(markdown.core.BLOCK_LEVEL_ELEMENTS)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"})
_VOID |= {"track", "wbr", "param"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
_STARTS_BLOCK = re.compile(r"\n?<([a-zA-Z][a-zA-Z0-9-]*)[\s/>]")
_BLANK = re.compile(r"(\n(?:[ \t]*\n)+)")
_ID = re.compile(r"""<[a-zA-Z][^<>]*?\sid="([^"<>]*)"|<a\s[^<>]*?\bname="([^"<>]*)\"""")


def _starts_block(text: str, pos: int = 0) -> bool:
    """True when ``text`` from ``pos`` on starts with a block-level tag (no copy of the rest)."""
    match = _STARTS_BLOCK.match(text, pos)
    return match is not None and match[1].lower() in _BLOCK_LEVEL


@lru_cache(maxsize=64)  # the parts every story page has (support, help lines) come again and again
def is_finished(chunk: str) -> bool:
    """True when Python-Markdown would pass ``chunk`` (text between blank lines) through as it is."""
    if not chunk.startswith("<") or not _starts_block(chunk) or not chunk.endswith(">"):
        return False
    if chunk.startswith("<script>"):  # the hub's own script: Python-Markdown leaves it as it is
        return chunk.endswith("</script>") and chunk.count("<script") == chunk.count("</script") == 1
    if "<!--" in chunk or "markdown=" in chunk or "\t" in chunk or "\r" in chunk:
        return False
    depth = 0
    for match in _TAG.finditer(chunk):
        closing, name, self_closing = match[1], match[2].lower(), match[3]
        if name in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth < 0:
            return False
        if depth == 0 and match.end() < len(chunk) and not _starts_block(chunk, match.end()):
            return False
    return depth == 0 and _TAG.sub("", chunk).count("<") == 0


class FinishedHtml:
    """The blocks put aside for each page of one build, and their placeholders."""

    def __init__(self, markers: Markers) -> None:
        self.markers = markers
        self.prefix = f"peerhubhtml{secrets.token_hex(8)}n"
        self._placeholder = re.compile(rf"<p>{self.prefix}(\d+)z</p>|{self.prefix}(\d+)z")
        self.held: dict[str, list[str]] = {}

    def hold(self, markdown: str, src_uri: str) -> str:
        """``markdown`` with each finished block of HTML outside the bodies as a placeholder."""
        text = markdown.rstrip("\n")
        parts = _BLANK.split(text)  # text between blank lines, then the blank lines
        blocks: list[str] = []
        in_body = False
        depth = 0  # elements still open in a raw block of HTML that goes on past a blank line
        number = -2
        while (number := number + 2) < len(parts):
            chunk = parts[number]
            if in_body or self.markers.start in chunk:
                in_body = chunk.rfind(self.markers.end) < chunk.rfind(self.markers.start) or (
                    in_body and self.markers.end not in chunk
                )
                continue
            if depth > 0:
                depth = max(0, depth + _balance(chunk))
                continue
            if not chunk.startswith("<") or not _starts_block(chunk):
                continue
            last = self._whole_element(parts, number)
            whole = "".join(parts[number : last + 1])
            if last >= 0 and is_finished(whole):
                parts[number : last + 1] = [f"{self.prefix}{len(blocks)}z"] + [""] * (last - number)
                blocks.append(whole)
            else:
                depth = max(0, _balance(chunk))
        self.held[src_uri] = blocks
        return "".join(parts) + markdown[len(text) :]

    def _whole_element(self, parts: list[str], number: int) -> int:
        """The index of the part where the elements opened in ``parts[number]`` are all closed
        (blank lines inside an element are part of its raw block); -1 if a body or the end
        comes first."""
        depth = _balance(parts[number])
        last = number
        while depth > 0:
            last += 2
            if last >= len(parts) or self.markers.start in parts[last]:
                return -1
            depth += _balance(parts[last])
        return last

    def restore(self, content: str, page: Page) -> str:
        """The page's HTML with its blocks back in place, and their ids among its anchors."""
        blocks = self.held.pop(page.file.src_uri, None)
        if not blocks:
            return content

        def put_back(match: re.Match[str]) -> str:
            if match[2] is not None:  # inside a raw block of a body that did not close: as it was
                return blocks[int(match[2])]
            # Python-Markdown ends a raw block with a blank line, unless it ends the page
            return blocks[int(match[1])] + ("\n" if match.end() < len(content) else "")

        content = self._placeholder.sub(put_back, content)
        if page.present_anchor_ids is not None:
            for block in blocks:
                for match in _ID.finditer(block):
                    page.present_anchor_ids.add(html.unescape(match[1] or match[2]))
        return content


@lru_cache(maxsize=64)
def _balance(chunk: str) -> int:
    """Elements ``chunk`` opens less those it closes: above 0, a raw block goes on after it
    (a guess that errs towards "open": the blocks after it are then left to Python-Markdown)."""
    depth = 0
    for match in _TAG.finditer(chunk):
        if match[2].lower() in _VOID or match[3]:
            continue
        depth += -1 if match[1] else 1
    return depth
