"""Privacy: what a story must never contain, for drafts too (errors of ``peerhub check``).

- an NHS number (ten digits that pass its check digit), a UK phone number or an email
  address, unless ``allow_contacts`` lists it (a helpline, say);
- the story's consent reference (``consent.reference``), anywhere in its text;
- a picture from another site or missing from ``docs/``, or one without alt text
  (``generator.editorial.images``).

Every finding names the file and the line where the text is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.editorial.images import image_problems
from generator.editorial.prose import line_at
from generator.errors import Problem
from generator.memo import Memo, NoMemo
from generator.model import Story
from generator.settings import Settings
from generator.yamlsource import Loc, field_name

_NHS = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])")
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d{2,5}\)?(?:[ -]?\d){5,8}(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_DIGITS = re.compile(r"\D")
_NUMBER = re.compile(r"\d(?:[ ()-]{0,2}\d){8}")
"""Nine digits or more, perhaps spaced: the least an NHS or phone number has."""
_ASCII_DIGITS = b"0123456789"


def _may_hold_a_number(text: str) -> bool:
    """Whether :data:`_NUMBER` may be found in ``text``: a text of ASCII alone with fewer than
    nine digits in all holds none (counted by deleting them, far quicker than the search)."""
    if text.isascii():
        data = text.encode("ascii")
        if len(data) - len(data.translate(None, _ASCII_DIGITS)) < 9:
            return False
    return _NUMBER.search(text) is not None


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
    if _may_hold_a_number(text):
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


def shown_fields(story: Story) -> Iterator[tuple[Loc, str]]:
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


def privacy_problems(
    story: Story,
    settings: Settings,
    memo: Memo | None = None,
    words: list[Problem] | None = None,
    real_docs: Path | None = None,
) -> Iterator[Problem]:
    """The errors of one story: contacts, its consent reference, and its images. ``words``:
    those of its words, made already (``generator.story_checks``); ``memo`` (the preview's)
    remembers those of its pictures (files of their own) while the files outside content
    are (``Memo.files``); ``real_docs``: ``docs/`` with its links followed, if made already."""
    memo = memo or NoMemo()
    yield from text_privacy_problems(story) if words is None else words
    yield from memo.again(story.path, picture_problems, story, settings, memo.files, real_docs)


def picture_problems(
    story: Story, settings: Settings, files: object, real_docs: Path | None = None
) -> list[Problem]:
    """The errors of one story's pictures, which look at the files of ``docs/``; ``files``
    stands for their state, so the memo makes them again when it changes."""
    return list(image_problems(story, settings, real_docs))


def text_privacy_problems(story: Story) -> list[Problem]:
    """The errors of one story's words (contacts, its consent reference): a pure function of
    the loaded story, which the preview remembers while the file is unchanged."""
    return list(_text_problems(story))


def _text_problems(story: Story) -> Iterator[Problem]:
    path = story.path
    meta = story.meta
    allowed = _allowed(meta.allow_contacts)
    reference = meta.consent.reference.casefold() if meta.consent and meta.consent.reference else None
    body = story.body
    fields = list(shown_fields(story))
    joined = "\n".join(value for _, value in fields)  # any finding in a field is found in all of them
    may_hold = _may_hold_a_number(joined) or "@" in joined
    if may_hold or (reference and reference in joined.casefold()):
        for loc, value in fields:
            found = [c.message() for c in contacts(value, allowed)] if may_hold else []
            if reference and reference in value.casefold():
                found.append(_REFERENCE_MESSAGE)
            for message in found:  # the line and the field's name only for a field with a finding
                yield Problem(path, story.lines.line(loc), field_name(loc), message)
    if reference and meta.image is not None and reference in meta.image.src.casefold():
        yield Problem(path, story.lines.line(("image", "src")), "image.src", _REFERENCE_MESSAGE)
    if reference and reference in story.slug.casefold():  # the file name is the page's address
        yield Problem(path, 1, "-", "the file name " + _REFERENCE_MESSAGE.replace("contains", "holds"))
    for contact in contacts(body, allowed):
        yield Problem(path, line_at(body, contact.offset, story.body_line), "body", contact.message())
    folded = body.casefold() if reference else ""
    if reference and reference in folded:
        at = folded.index(reference)
        yield Problem(path, line_at(folded, at, story.body_line), "body", _REFERENCE_MESSAGE)


_REFERENCE_MESSAGE = (
    "contains the consent reference (consent.reference), which must never be published; remove it"
)
