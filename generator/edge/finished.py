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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain
from operator import methodcaller
from typing import TYPE_CHECKING

import markdown

from generator.sanitize import Markers

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

_BLOCK_LEVEL: frozenset[str] = frozenset(markdown.core.BLOCK_LEVEL_ELEMENTS)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"})
_VOID |= {"track", "wbr", "param"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b([^<>]*)>")
"""A tag: ``/`` if it closes an element, its name, and what follows (``/`` last: self-closing)."""
_TAG_NAME = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>")
"""The tags :data:`_TAG` finds, by their ``/`` and name only (a regex of one group finds them
in two thirds of the time, and most steps follow from the name)."""
_STARTS_BLOCK = re.compile(r"\n?<([a-zA-Z][a-zA-Z0-9-]*)[\s/>]")
_BLANK = re.compile(r"(\n(?:[ \t]*\n)+)")
_END = methodcaller("end")
_ID = re.compile(r"""<[a-zA-Z][^<>]*?\sid="([^"<>]*)"|<a\s[^<>]*?\bname="([^"<>]*)\"""")


def _starts_block(text: str, pos: int = 0) -> bool:
    """True when ``text`` from ``pos`` on starts with a block-level tag (no copy of the rest)."""
    match = _STARTS_BLOCK.match(text, pos)
    return match is not None and match[1].lower() in _BLOCK_LEVEL


@lru_cache(maxsize=64)  # the parts every story page has (support, help lines) come again and again
def is_finished(chunk: str) -> bool:
    """True when Python-Markdown would pass ``chunk`` (text between blank lines) through as it is."""
    return _finished(chunk)


def _finished(chunk: str, steps: list[int] | None = None) -> bool:
    """:func:`is_finished`, given the tags' steps of ``chunk`` when they are known."""
    if not chunk.startswith("<") or not _starts_block(chunk) or not chunk.endswith(">"):
        return False
    if chunk.startswith("<script>"):  # the hub's own script: Python-Markdown leaves it as it is
        return chunk.endswith("</script>") and chunk.count("<script") == chunk.count("</script") == 1
    if "<!--" in chunk or "markdown=" in chunk or "\t" in chunk or "\r" in chunk:
        return False
    if steps is None:
        steps = _steps(chunk)
    if chunk.count("<") != len(steps):  # a "<" outside every tag (each tag holds exactly one)
        return False
    depths = list(accumulate(steps))  # elements open after each tag
    if depths and (depths[-1] != 0 or min(depths) < 0):
        return False
    last_end = chunk.index(">", chunk.rfind("<")) + 1  # where the last tag ends (every "<" is a tag's)
    ends: list[int] = []
    at = -1
    while (at := _index(depths, 0, at + 1)) >= 0:
        if steps[at] == -1:  # an element closed, and none is open: what follows must be a block
            if at == len(steps) - 1:
                end = last_end
            else:
                ends = ends or list(map(_END, _TAG.finditer(chunk)))
                end = ends[at]
            if end < len(chunk) and not _starts_block(chunk, end):
                return False
    return True


@lru_cache(maxsize=64)  # a part is weighed by hold (its balance), then checked whole
def _steps(chunk: str) -> list[int]:
    """For each tag of ``chunk``: 1 if it opens an element, -1 if it closes one, else 0
    (the same list for the same chunk: not to be changed)."""
    if "/>" not in chunk:  # no tag closes itself: a tag's step is its name's (most parts)
        return list(map(_STEP_OF_NAME.__getitem__, _TAG_NAME.findall(chunk)))
    return [
        0 if rest.endswith("/") or name.lower() in _VOID else -1 if end else 1
        for end, name, rest in _TAG.findall(chunk)
    ]


class _StepOfName(dict[str, int]):
    """The step of a tag that does not close itself, by its ``/`` and name: 0 for a void
    element, -1 for a closing tag, else 1 (worked out once for each name met)."""

    def __missing__(self, key: str) -> int:
        name = key.removeprefix("/")
        step = 0 if name.lower() in _VOID else -1 if name != key else 1
        self[key] = step
        return step


_STEP_OF_NAME = _StepOfName()


def _element_steps(parts: list[str], first: int, last: int) -> list[int] | None:
    """The steps of the text of ``parts[first : last + 1]``: those of each part (counted for
    its balance) one after the other, when each ``<`` of each part is one of its tags; ``None``
    when one is not (a tag that spans a blank line: the whole text is counted again)."""
    texts = parts[first : last + 1 : 2]  # between them, only blank lines
    own = [_steps(text) for text in texts]
    if all(text.count("<") == len(steps) for text, steps in zip(texts, own, strict=True)):
        return list(chain.from_iterable(own))
    return None


def _index(values: list[int], value: int, start: int) -> int:
    """The first index of ``value`` in ``values`` from ``start``, or -1."""
    try:
        return values.index(value, start)
    except ValueError:
        return -1


class FinishedHtml:
    """The blocks put aside for each page of one build, and their placeholders."""

    def __init__(self, markers: Markers) -> None:
        self.markers = markers
        self.prefix = f"peerhubhtml{secrets.token_hex(8)}n"
        self._placeholder = re.compile(rf"{self.prefix}(\d+)z")
        """A placeholder; one that is a paragraph of its own (``<p>`` before, ``</p>`` after)
        is a held run, any other is inside a raw block of a body. The pattern starts with
        text, which ``re`` finds by a fast search (with ``<p>`` as an alternative before it,
        it tried every character of the page: 30 us a story page)."""
        self.held: dict[str, _Held] = {}

    def hold(self, markdown: str, src_uri: str) -> str:
        """``markdown`` with each finished block of HTML outside the bodies, and each body
        marker, as a placeholder: one for each run of them (the blank lines between them
        included), none for a run that ends the page (put after the HTML by :meth:`restore`)."""
        text = markdown.rstrip("\n")
        parts = _BLANK.split(text)  # text between blank lines, then the blank lines
        spans: list[tuple[int, int]] = []  # the parts each held element spans, first and last
        in_body = False
        depth = 0  # elements still open in a raw block of HTML that goes on past a blank line
        number = -2
        while (number := number + 2) < len(parts):
            chunk = parts[number]
            if in_body or self.markers.start in chunk:
                was_in_body = in_body
                in_body = chunk.rfind(self.markers.end) < chunk.rfind(self.markers.start) or (
                    in_body and self.markers.end not in chunk
                )
                if chunk == (self.markers.end if was_in_body else self.markers.start):
                    spans.append((number, number))  # a marker alone: a comment passed through
                continue
            if depth > 0:
                depth = max(0, depth + _balance(chunk))
                continue
            if not chunk.startswith("<") or not _starts_block(chunk):
                continue
            last = self._whole_element(parts, number)
            if last >= 0 and (
                is_finished(chunk)
                if last == number
                else _finished("".join(parts[number : last + 1]), _element_steps(parts, number, last))
            ):
                spans.append((number, last))
                number = last
            else:
                depth = max(0, _balance(chunk))
        held = _Held()
        runs = _runs(spans, parts)
        for first, last, elements in runs:
            held.sources.append("".join(parts[first : last + 1]))
            held.blocks.append("\n\n".join(elements))  # Python-Markdown's way between raw blocks
            parts[first : last + 1] = [f"{self.prefix}{len(held.blocks) - 1}z"] + [""] * (last - first)
        self.held[src_uri] = held
        if runs and runs[-1][1] == len(parts) - 1:
            rest = "".join(parts[: max(0, runs[-1][0] - 1)])
            if "<" not in rest:  # no raw HTML the run could be part of: the page ends before it
                held.tail = held.blocks.pop()
                held.sources.pop()
                return rest + markdown[len(text) :]
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

    def _put_back(self, content: str, blocks: list[str], sources: list[str]) -> str:
        """``content`` with each placeholder paragraph as its held run, and each placeholder
        inside a raw block of a body (one that did not close) as the text it stood for."""
        out: list[str] = []
        position = 0
        for match in self._placeholder.finditer(content):
            start, end = match.span()
            number = int(match[1])
            if (
                start - 3 >= position
                and content.startswith("<p>", start - 3)
                and content.startswith("</p>", end)
            ):
                out.append(content[position : start - 3])
                end += 4
                # Python-Markdown ends a raw block with a blank line, unless it ends the page
                out.append(blocks[number] + ("\n" if end < len(content) else ""))
            else:
                out.append(content[position:start])
                out.append(sources[number])
            position = end
        out.append(content[position:])
        return "".join(out)

    def restore(self, content: str, page: Page) -> str:
        """The page's HTML with its blocks back in place, and their ids among its anchors."""
        held = self.held.pop(page.file.src_uri, None)
        if held is None or not (held.blocks or held.tail is not None):
            return content
        blocks, sources = held.blocks, held.sources

        content = self._put_back(content, blocks, sources) if blocks else content
        if held.tail is not None:
            content = f"{content}\n{held.tail}" if content else held.tail
            blocks = [*blocks, held.tail]
        if page.present_anchor_ids is not None:
            for block in blocks:
                if 'id="' not in block and 'name="' not in block:  # most: cards, lists, help lines
                    continue
                page.present_anchor_ids.update(_ids(block))
        return content


@dataclass
class _Held:
    """What :meth:`FinishedHtml.hold` put aside of one page: each run of held parts as the
    HTML Python-Markdown would have made of it, and as its source (for a run that ended up
    inside a raw block of a body); and the run that ended the page, if it was cut off."""

    blocks: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    tail: str | None = None


def _ids(block: str) -> set[str]:
    """The ids (and ``<a name>``) of ``block``: what ``_ID.finditer`` finds, tried only at the
    tags that hold ``id="`` or ``name="`` (a match lies inside one tag, from its ``<``); run
    over a whole block, it tried every ``<`` of it, 36 us for a story page's support part."""
    starts: set[int] = set()
    for needle in ('id="', 'name="'):
        at = block.find(needle)
        while at >= 0:
            starts.add(block.rfind("<", 0, at))
            at = block.find(needle, at + 1)
    found = (_ID.match(block, start) for start in starts if start >= 0)
    return {html.unescape(match[1] if match[1] is not None else match[2]) for match in found if match}


def _runs(spans: list[tuple[int, int]], parts: list[str]) -> list[tuple[int, int, list[str]]]:
    """The held elements, each run of them with only blank lines between as one: its first
    part, its last, and the text of each element."""
    runs: list[tuple[int, int, list[str]]] = []
    for first, last in spans:
        element = "".join(parts[first : last + 1])
        if runs and runs[-1][1] + 2 == first:
            runs[-1] = (runs[-1][0], last, [*runs[-1][2], element])
        else:
            runs.append((first, last, [element]))
    return runs


def _balance(chunk: str) -> int:
    """Elements ``chunk`` opens less those it closes: above 0, a raw block goes on after it
    (a guess that errs towards "open": the blocks after it are then left to Python-Markdown)."""
    return sum(_steps(chunk))
