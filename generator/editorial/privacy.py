"""Editorial checks of ``peerhub check``: how a story or page reads, and what it must not say.

- readability (warning): the SMOG grade of every story and hand-written page, above the
  plugin option ``readability_max_smog``; the warning points at the hardest paragraph;
- language (warning): phrases the Samaritans' media guidelines and Time to Change advise
  against, with what to say instead (``generator/data/language.yaml`` plus the project's
  ``language.yaml``); code, HTML comments and text between ``<!-- language-check: off -->``
  and ``<!-- language-check: on -->`` are skipped;
- privacy (error): an NHS number, a UK phone number or an email address in a story, unless
  ``allow_contacts`` lists it; the consent reference anywhere in a story's text;
- images (error): a story image from another site or missing from ``docs/``, and an image
  in a story's text without alt text.

Every finding names the file and the line where the text is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from generator import urls
from generator.errors import Problem
from generator.hub import Settings
from generator.load import read_text, relative_path
from generator.model import Story
from generator.readability import Reading, read
from generator.yamlsource import Loc, field_name, load_yaml

MAX_PAGE_BYTES = 2_000_000

# ---------------------------------------------------------------------------------------
# Parts of the text that are not prose: blanked (kept as spaces and newlines, so offsets
# and line numbers stay true) before a check reads it.

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


# ---------------------------------------------------------------------------------------
# Language to avoid


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


def _terms(data: Any, path: str, lines: Any) -> tuple[list[Term], list[Problem]]:
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


# ---------------------------------------------------------------------------------------
# Privacy: NHS numbers, phone numbers, email addresses

_NHS = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])")
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d{2,5}\)?(?:[ -]?\d){5,8}(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_DIGITS = re.compile(r"\D")
_NUMBER = re.compile(r"\d(?:[ ()-]{0,2}\d){8}")
"""Nine digits or more, perhaps spaced: the least an NHS or phone number has."""


def nhs_number_ok(digits: str) -> bool:
    """True when ten digits pass the NHS number's modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _national(number: str) -> str:
    """A UK phone number as its digits from the leading 0: ``+44 (0)113`` is ``0113``."""
    digits = _DIGITS.sub("", number)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and number.lstrip().startswith("+"):
        digits = digits[2:]
    if digits.startswith("0"):
        digits = digits[1:]
    return "0" + digits


def _allowed(values: Iterable[str]) -> set[str]:
    out = set()
    for value in values:
        value = value.strip()
        out.add(value.lower() if "@" in value else _national(value))
    return out


@dataclass(frozen=True)
class Contact:
    offset: int
    kind: str
    """``nhs``, ``phone`` or ``email``."""
    text: str

    def message(self) -> str:
        if self.kind == "nhs":
            shown = _DIGITS.sub("", self.text)[:3] + " *** ****"
            return f"looks like an NHS number ({shown}); remove it: a story must never contain an NHS number"
        what = "a phone number" if self.kind == "phone" else "an email address"
        return (
            f"{what} ({self.text}); remove it, or if it is a public service's, cleared for "
            "sharing, list it exactly under allow_contacts"
        )


def contacts(text: str, allowed: set[str]) -> list[Contact]:
    """NHS numbers, UK phone numbers and email addresses in ``text``, except those allowed."""
    found: list[Contact] = []
    taken: set[int] = set()
    if _NUMBER.search(text):
        for match in _NHS.finditer(text):
            digits = _DIGITS.sub("", match[0])
            if nhs_number_ok(digits) and digits not in allowed and _national(digits) not in allowed:
                found.append(Contact(match.start(), "nhs", match[0]))
                taken.update(range(match.start(), match.end()))
        for match in _PHONE.finditer(text):
            national = _national(match[0])
            if len(national) not in (10, 11) or national[1] == "0" or match.start() in taken:
                continue
            if national not in allowed:
                found.append(Contact(match.start(), "phone", match[0]))
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if match[0].lower() not in allowed:
                found.append(Contact(match.start(), "email", match[0]))
    return sorted(found, key=lambda c: c.offset)


# ---------------------------------------------------------------------------------------
# Images

_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s>]+))""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s>]+))""", re.IGNORECASE)


def _attribute(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    return None if match is None else next(v for v in match.groupdict().values() if v is not None)


def body_images(text: str) -> Iterator[tuple[int, str, str, bool]]:
    """``(offset, alt text, src, written in markdown)`` for each image in a story's text."""
    for match in _MD_IMAGE.finditer(text):
        yield match.start(), match["alt"], match["src"], True
    for match in _HTML_IMAGE.finditer(text):
        yield match.start(), _attribute(_ALT, match[0]) or "", _attribute(_SRC, match[0]) or "", False


# ---------------------------------------------------------------------------------------
# Checking stories and pages


@dataclass(frozen=True)
class Grade:
    """The reading grade of one story or page."""

    path: str
    line: int
    grade: float | None
    """SMOG grade; ``None`` when the text is too short to grade."""
    sentences: int
    words: int


@dataclass
class Findings:
    """Everything the editorial checks found."""

    problems: list[Problem] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)


def _text_fields(story: Story) -> Iterator[tuple[Loc, str]]:
    """The front-matter text of a story that is shown on the site."""
    meta = story.meta
    yield ("title",), meta.title
    yield ("summary",), meta.summary
    if meta.quote:
        yield ("quote",), meta.quote
    yield ("storyteller", "name"), meta.storyteller.name
    if meta.storyteller.team:
        yield ("storyteller", "team"), meta.storyteller.team
    for index, tag in enumerate(meta.tags):
        yield ("tags", index), tag
    for index, note in enumerate(meta.content_notes):
        yield ("content_notes", index), note
    if meta.image is not None:
        yield ("image", "alt"), meta.image.alt


def _readability(
    path: str, reading: Reading, text: str, first_line: int, settings: Settings, name: str
) -> Iterator[Problem | Grade]:
    grade = reading.grade
    yield Grade(path, first_line, grade, reading.sentences, reading.words)
    if grade is not None and grade > settings.readability_max_smog:
        hardest = reading.hardest()
        line = line_at(text, hardest.offset, first_line) if hardest else first_line
        yield Problem(
            path,
            line,
            name,
            f"reading grade (SMOG) is {grade:.1f}, above {settings.readability_max_smog:g}: use shorter "
            "sentences and everyday words; the hardest paragraph starts on this line",
            "warning",
        )


def check_story(story: Story, settings: Settings, language: Language) -> Iterator[Problem | Grade]:
    """Every editorial finding of one story, and its grade."""
    path = story.path
    readable = prose(story.body)
    for loc, value in _text_fields(story):
        for _, term, found in language.find(value):
            yield Problem(path, story.lines.line(loc), field_name(loc), term.message(found), "warning")
    for offset, term, found in language.find(readable):
        line = line_at(story.body, offset, story.body_line)
        yield Problem(path, line, "body", term.message(found), "warning")
    yield from privacy_problems(story, settings)
    yield from _readability(path, read(readable), story.body, story.body_line, settings, "body")


def privacy_problems(story: Story, settings: Settings) -> Iterator[Problem]:
    """The errors of one story: contacts, its consent reference, and its images."""
    path = story.path
    meta = story.meta
    allowed = _allowed(meta.allow_contacts)
    reference = meta.consent.reference if meta.consent and meta.consent.reference else None
    body = story.body
    for loc, value in _text_fields(story):
        line, name = story.lines.line(loc), field_name(loc)
        for contact in contacts(value, allowed):
            yield Problem(path, line, name, contact.message())
        if reference and reference in value:
            yield Problem(path, line, name, _REFERENCE_MESSAGE)
    for contact in contacts(body, allowed):
        yield Problem(path, line_at(body, contact.offset, story.body_line), "body", contact.message())
    if reference and reference in body:
        yield Problem(path, line_at(body, body.index(reference), story.body_line), "body", _REFERENCE_MESSAGE)
    yield from _image_problems(story, settings)


_REFERENCE_MESSAGE = (
    "contains the consent reference (consent.reference), which must never be published; remove it"
)


def _image_problems(story: Story, settings: Settings) -> Iterator[Problem]:
    image = story.meta.image
    if image is not None:
        line = story.lines.line(("image", "src"))
        if not urls.is_local(image.src):
            yield Problem(
                story.path,
                line,
                "image.src",
                f"{image.src} is on another website, and pages must not load anything from other "
                "sites: save the picture under docs/ (e.g. docs/images/photo.jpg) and give its path "
                "(images/photo.jpg)",
            )
        elif settings.docs_dir is not None and not (settings.docs_dir / image.src.lstrip("/")).is_file():
            where = relative_path(settings.docs_dir / image.src.lstrip("/"), settings.root)
            yield Problem(story.path, line, "image.src", f"there is no picture at {where}; check the path")
    if "<img" not in story.body.lower() and "![" not in story.body:
        return
    for offset, alt, src, markdown in body_images(story.body):
        line = line_at(story.body, offset, story.body_line)
        if not alt.strip():
            yield Problem(
                story.path,
                line,
                "body",
                "an image without alt text: describe what it shows between the brackets, "
                "e.g. ![Two people walking by a lake](../images/walk.jpg)",
            )
        if src and not urls.is_local(src):
            yield Problem(
                story.path,
                line,
                "body",
                f"the image {src} is on another website and will not be shown; save it under docs/ instead",
            )
        elif markdown and src and settings.docs_dir is not None:
            # A story's page is built from stories/<slug>.md inside the docs folder.
            target = (settings.docs_dir / "stories" / src.split("?", 1)[0].split("#", 1)[0]).resolve()
            if not target.is_file():
                yield Problem(
                    story.path,
                    line,
                    "body",
                    f"there is no picture at {relative_path(target, settings.root)}; pictures go in "
                    "docs/images, and a story links to them as ../images/<name>",
                )


def check_page(path: Path, settings: Settings, language: Language) -> Iterator[Problem | Grade]:
    """Readability and language of one hand-written page of ``docs/``."""
    rel = relative_path(path, settings.root)
    text = read_text(path, rel, MAX_PAGE_BYTES)
    if isinstance(text, Problem):
        yield text
        return
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            text = _NOT_NEWLINE.sub(" ", text[: end + 4]) + text[end + 4 :]
    readable = prose(text)
    for offset, term, found in language.find(readable):
        yield Problem(rel, line_at(text, offset, 1), "-", term.message(found), "warning")
    yield from _readability(rel, read(readable), text, 1, settings, "-")


def check_editorial(stories: Iterable[Story], settings: Settings) -> Findings:
    """Run every editorial check on the stories and the hand-written pages."""
    findings = Findings()
    language, problems = load_language(settings)
    findings.problems += problems
    results: list[Iterable[Problem | Grade]] = [check_story(s, settings, language) for s in stories]
    if settings.docs_dir is not None and settings.docs_dir.is_dir():
        pages = sorted(settings.docs_dir.rglob("*.md"))
        results += [check_page(p, settings, language) for p in pages]
    for result in results:
        for item in result:
            if isinstance(item, Grade):
                findings.grades.append(item)
            else:
                findings.problems.append(item)
    return findings
