"""How much work Python-Markdown would do on a story body or an event description, found in
one pass over the text, so that a body that would take minutes is refused with its line.

Python-Markdown (and the HTML parser it uses) is quadratic on some inputs, and recursive:

- every ``[`` (a link, an image, a footnote) is followed to its ``]``, and every ``](`` to
  its ``)``; one that never closes is followed to the end of its paragraph, so 20 KB of ``[``
  took 99 seconds;
- every ``<`` that may start a tag, comment or ``<![CDATA[`` section is followed to its end;
  one that never ends is followed to the end of the text (18 KB of ``<![CDATA[``: 10 s);
- in a paragraph, each heading, ``===``/``---`` underline, rule or ``!!!`` line splits the
  rest of the paragraph again (10,000 setext headings without blank lines: 17 s);
- lists, quotes and ``markdown="1"`` blocks inside each other recurse: a few hundred
  levels end in a ``RecursionError``.

:func:`problem` adds up that work in text units (about half a microsecond each on a slow
machine) and the nesting depth; a text over :data:`BUDGET` or :data:`MAX_DEPTH` gets a
message saying what to change, where. Ordinary stories use a few per cent of the budget.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

BUDGET = 3_000_000
"""Work (characters read again) allowed beyond one reading of the text: about a second."""
MAX_DEPTH = 40
"""Lists, quotes and blocks inside each other; a story needs a few levels."""

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPLIT = r"(?:[ \t]*> ?)*(?:#| {0,3}(?:=+|-+)[ \t]*$| {0,3}(?:[-*_][ \t]*){3,}$|[ \t]*!!! )"
_SPLITS = re.compile(_SPLIT, re.M)
"""A line at which a paragraph is cut (headings, underlines, rules, admonitions), in quotes too."""
_LATER_SPLITS = re.compile(r"\n" + _SPLIT, re.M)
"""Such a line after the first: found from each line break, not tried at every character (as
``^`` is); no match reaches past its line's end, so the two count the same lines."""
_MAY_SPLIT = re.compile(r"\n[ \t>]*[#=\-*_!]")
_MARKERS = re.compile(r"[ \t]*(?:<[^<>\n]*>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)]|!!!|\?\?\?)[ \t]+|>)")
"""A list marker, quote or admonition at the start of a line, after any HTML there."""
_LEAD = r"(?:[ \t>*+\-\d.)!?]|<[^<>\n]*>){40,}"
_LONG_LEAD = re.compile(_LEAD)
"""A line that may be nested deeply: each level takes at least two of these characters."""
_LATER_LONG_LEAD = re.compile(r"\n" + _LEAD)
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>")
_MARKDOWN_ATTR = re.compile(r"\bmarkdown\s*=", re.IGNORECASE)
_BACKTICKS = re.compile(r"`+")
_OPENING_TICK = re.compile(r"(?<!\\)`")
_INLINE_MARKS = "\\*_`&<[!"
INLINE_RATIO = 300
"""A copy of a character costs about a 300th of the Python work of reading one again."""
LONG_PARAGRAPH = 2_000
_OPENERS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", ">"), ("<!", ">"), ("</", ">"))


@dataclass
class _Work:
    """Work of each kind, and where the most of it starts."""

    amount: dict[str, int] = field(default_factory=dict)
    where: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per kind: (the largest single piece, its offset)."""

    def add(self, kind: str, units: int, offset: int) -> None:
        self.amount[kind] = self.amount.get(kind, 0) + units
        if units > self.where.get(kind, (-1, 0))[0]:
            self.where[kind] = (units, offset)


MESSAGES = {
    "brackets": (
        "has more [ and ( that never close than a page can be made from quickly (the first "
        "such passage starts on this line): close them, or write \\[ for a bracket that is text"
    ),
    "html": (
        "has more < that never end with > than a page can be made from quickly (the first such "
        "passage starts on this line): write &lt; for a < that is text"
    ),
    "backticks": (
        "has more runs of ` (backticks) that are never closed than a page can be made from "
        "quickly (the first such passage starts on this line): close each inline code, or "
        "write \\` for a backtick that is text"
    ),
    "inline": (
        "is a paragraph with more markup (*, _, `, <, &, [, \\) than a page can be made from "
        "quickly (it starts on this line): split it into paragraphs with blank lines"
    ),
    "splits": (
        "has more headings, rules or lines of === or --- without a blank line between them than "
        "a page can be made from quickly (from this line): put a blank line after each heading"
    ),
}


def problem(text: str) -> tuple[int, str] | None:
    """``(offset, message)`` when ``text`` is too costly or too deeply nested, else ``None``."""
    deep = _too_deep(text)
    if deep is not None:
        return deep
    work = _Work()
    start = 0
    for block_end in [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]:
        if block_end > start:
            _block_work(text, start, block_end, work)
        start = block_end + 1
    if "<" in text:
        _html_work(text, work)
    if sum(work.amount.values()) <= BUDGET:
        return None
    kind = max(work.amount, key=lambda k: work.amount[k])
    return work.where[kind][1], MESSAGES[kind]


def _block_work(text: str, start: int, end: int, work: _Work) -> None:
    """Brackets, backticks, splits and inline markup of one paragraph."""
    block = text[start:end]
    first = start + len(block) - len(block.lstrip())  # where the paragraph's text begins
    if "[" in block:
        _bracket_work(block, start, work)
    if "`" in block:
        _backtick_work(block, start, work)
    if "\n" in block and _MAY_SPLIT.search(block):
        splits = (_SPLITS.match(block) is not None) + len(_LATER_SPLITS.findall(block))
        if splits > 1:
            work.add("splits", (splits - 1) * len(block), first)
    # Each piece of inline markup found makes a new copy of the rest of the paragraph; in a
    # paragraph shorter than LONG_PARAGRAPH that is a few thousand units at most.
    if len(block) >= LONG_PARAGRAPH:
        marks = sum(block.count(c) for c in _INLINE_MARKS) + block.count("  \n")
        work.add("inline", marks * len(block) // INLINE_RATIO, first)


def _backtick_work(block: str, offset: int, work: _Work) -> None:
    """Inline code as Python-Markdown 3 finds it (``BacktickInlineProcessor``): from a
    backtick not after a backslash it counts the backticks that follow, then reads on to
    a run of exactly as many. With none, it has read to the end of the paragraph, and goes
    on as many characters past the backticks as it counted, which can be the middle of the
    next run: then every run is read to the end again (20 KB of ``a`` between runs of two
    and one backticks took 12 seconds)."""
    runs = [m.span() for m in _BACKTICKS.finditer(block)]
    starts = [start for start, _ in runs]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    longest: list[tuple[int, int]] = [(0, -1)] * (len(runs) + 1)
    """From each run on: the longest run, and the first run that long."""
    for index in range(len(runs) - 1, -1, -1):
        size = runs[index][1] - runs[index][0]
        longest[index] = (size, index) if size >= longest[index + 1][0] else longest[index + 1]
    position = 0
    while (found := _OPENING_TICK.search(block, position)) is not None:
        opens = found.start()
        run = bisect.bisect_right(starts, opens) - 1
        ticks = runs[run][1] - opens
        same = by_length.get(ticks, [])
        after = bisect.bisect_right(same, run)
        if after < len(same):
            closer = same[after]
            work.add("backticks", runs[closer][0] - opens, offset + opens)
            position = runs[closer][1]
            continue
        work.add("backticks", len(block) - opens, offset + opens)
        best_size, best = longest[run + 1]
        position = runs[best][1] if 0 < best_size < ticks else runs[run][1] + ticks


_BRACKETS = re.compile(r"\\.|[\[\]()]", re.S)


def _bracket_work(block: str, offset: int, work: _Work) -> None:
    squares: list[int] = []
    rounds: list[int] = []
    after_close = -2
    for match in _BRACKETS.finditer(block):
        char, index = match[0], match.start()
        if char == "[":
            squares.append(index)
        elif char == "]":
            if squares:
                opened = squares.pop()
                work.add("brackets", index - opened, offset + opened)
            after_close = index
        elif char == "(":
            rounds.append(index if after_close == index - 1 else -1)
        elif char == ")" and rounds:
            opened = rounds.pop()
            if opened >= 0:  # the "(" of a link: "](" ... ")"
                work.add("brackets", index - opened, offset + opened)
    end = len(block)
    for opened in [*squares, *rounds]:
        if opened >= 0:
            work.add("brackets", end - opened, offset + opened)


def _html_work(text: str, work: _Work) -> None:
    """Every ``<`` that may start markup, followed to the end the HTML parser looks for."""
    ends: dict[str, int] = {}
    position = 0
    while (start := text.find("<", position)) >= 0:
        position = start + 1
        following = text[start + 1 : start + 2]
        if not (following.isalpha() or following in "/!?"):
            continue
        closer = next((c for o, c in _OPENERS if text.startswith(o, start)), ">")
        found = ends.get(closer, -2)
        if found < start:  # look again only past the last one found: linear overall
            found = ends[closer] = text.find(closer, start + 1)
        if found < 0:
            found = ends[closer] = len(text) + 1  # none after this one either
        work.add("html", min(found, len(text)) - start, start)


def _too_deep(text: str) -> tuple[int, str] | None:
    """Where lists, quotes and ``markdown="1"`` blocks are nested more than MAX_DEPTH deep."""
    long_lead = _LONG_LEAD.match(text) or _LATER_LONG_LEAD.search(text)
    if not long_lead and not ("<" in text and "markdown" in text.lower()):  # blocks need tags
        return None
    blocks: list[str] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.expandtabs(4)
        indent = len(stripped) - len(stripped.lstrip(" "))
        rest = stripped[indent:]
        markers = 0
        position = 0
        while (match := _MARKERS.match(rest, position)) is not None and markers <= MAX_DEPTH:
            markers += 1
            position = match.end()
        if "<" in line:
            for tag in _TAG.finditer(line):
                if tag[1]:
                    if blocks and blocks[-1] == tag[2].lower():
                        blocks.pop()
                elif _MARKDOWN_ATTR.search(tag[3]):
                    blocks.append(tag[2].lower())
        depth = (indent // 4 + markers if markers else 0) + len(blocks)
        if depth > MAX_DEPTH:
            return offset, (
                f"is nested more than {MAX_DEPTH} levels deep from this line (lists, quotes or "
                "blocks inside each other); a story needs only a few levels: flatten it"
            )
        offset += len(line) + 1
    return None
