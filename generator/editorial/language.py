"""Language to avoid: phrases the Samaritans' media guidelines and Time to Change advise
against, with what to say instead.

The list is data: ``generator/data/language.yaml``, extended by the project's own
``language.yaml`` (plugin option ``language_file``), whose entries are checked here with a
message naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from generator.editorial.prose import MAX_PAGE_BYTES
from generator.errors import Problem
from generator.load import read_text, relative_path
from generator.settings import Settings
from generator.yamlsource import LineMap, Loc, field_name, load_yaml


@dataclass(frozen=True)
class Term:
    """A phrase to avoid and what to say instead."""

    phrase: str
    instead: str
    why: str = ""

    def message(self, found: str) -> str:
        reason = f" ({self.why})" if self.why else ""
        return f'"{" ".join(found.split())}": instead, say {self.instead}{reason}'


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
_ENDS_A_WORD = bytes(b for b in range(256) if b not in _WORD_BYTES)
_NOT_A_WORD = bytes.maketrans(_ENDS_A_WORD, b" " * len(_ENDS_A_WORD))
"""Bytes that end a word: everything but ASCII letters, digits and hyphens."""


def _words(text: str) -> list[str]:
    """The lower-case ASCII words of ``text``, cut at every other character."""
    return text.lower().encode().translate(_NOT_A_WORD).decode("ascii").split()


class Language:
    """Finds every phrase of a list of terms, whatever the case or line breaks.

    A text is first cut into a set of words (fast, on bytes); only the phrases whose every
    word is in that set are searched for with a regular expression, so a text with no
    term to avoid costs one pass.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = {" ".join(t.phrase.lower().split()): t for t in terms}
        self.by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for phrase in self.terms:
            words = tuple(_words(phrase)) or ("",)
            self.by_word.setdefault(max(words, key=len), []).append((phrase, words))

    def find(self, text: str) -> Iterator[tuple[int, Term, str]]:
        """``(offset, term, text found)`` for each use of a phrase in ``text``."""
        present = {"", *_words(text)}
        candidates = tuple(
            sorted(
                phrase
                for key in present.intersection(self.by_word)
                for phrase, words in self.by_word[key]
                if all(w in present for w in words)
            )
        )
        if not candidates:
            return
        for match in _phrase_pattern(candidates).finditer(text):
            yield match.start(), self.terms[" ".join(match[0].lower().split())], match[0]


@lru_cache(maxsize=256)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for these phrases, the longest first so it wins."""
    ordered = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _terms(data: Any, path: str, lines: LineMap) -> tuple[list[Term], list[Problem]]:
    terms: list[Term] = []
    problems: list[Problem] = []
    if not isinstance(data, list):
        return [], [Problem(path, 1, "-", "expected a list of entries, each starting with '- avoid:'")]
    for index, entry in enumerate(data):
        loc: Loc = (index,)
        if not isinstance(entry, dict):
            problems.append(
                Problem(path, lines.line(loc), field_name(loc), "expected 'avoid:' and 'instead:'")
            )
            continue
        avoid = entry.get("avoid")
        avoid = [avoid] if isinstance(avoid, str) else avoid
        instead = entry.get("instead")
        why = entry.get("why") or ""
        unknown = set(entry) - {"avoid", "instead", "why"}
        if unknown:
            name = sorted(unknown)[0]
            problems.append(
                Problem(path, lines.line((*loc, name)), field_name((*loc, name)), "is not a known field")
            )
        if not avoid or not all(isinstance(p, str) and p.strip() for p in avoid):
            problems.append(
                Problem(
                    path,
                    lines.line((*loc, "avoid")),
                    field_name((*loc, "avoid")),
                    "expected a list of phrases",
                )
            )
            continue
        if not isinstance(instead, str) or not instead.strip() or not isinstance(why, str):
            problems.append(
                Problem(
                    path,
                    lines.line((*loc, "instead")),
                    field_name((*loc, "instead")),
                    "expected text to say instead",
                )
            )
            continue
        terms += [Term(phrase.strip(), instead.strip(), why.strip()) for phrase in avoid]
    return terms, problems


@lru_cache(maxsize=1)
def _shipped_terms() -> tuple[Term, ...]:
    text = resources.files("generator").joinpath("data/language.yaml").read_text(encoding="utf-8")
    parsed = load_yaml(text, "generator/data/language.yaml")
    terms, problems = _terms(parsed.data, "generator/data/language.yaml", parsed.lines)
    assert not problems and not parsed.problems, problems + parsed.problems
    return tuple(terms)


def load_language(settings: Settings) -> tuple[Language, list[Problem]]:
    """The shipped list of terms plus the project's own file, if there is one."""
    terms = list(_shipped_terms())
    problems: list[Problem] = []
    extra = settings.language_file
    if extra is not None and extra.is_file():
        rel = relative_path(extra, settings.root)
        text = read_text(extra, rel, MAX_PAGE_BYTES)
        if isinstance(text, Problem):
            return Language(terms), [text]
        parsed = load_yaml(text, rel)
        problems += parsed.problems
        if parsed.data is not None:
            more, bad = _terms(parsed.data, rel, parsed.lines)
            terms += more
            problems += bad
    return Language(terms), problems
