"""Editorial checks of ``peerhub check``: how a story or page reads, and what it must not say.

- readability (warning, ``readability``): the SMOG grade of every story and hand-written
  page, above the plugin option ``readability_max_smog``; the warning points at the
  hardest paragraph;
- language (warning, ``language``): phrases to avoid, with what to say instead; code,
  HTML comments and switched-off passages are skipped (``prose``);
- privacy (error, ``privacy`` and ``images``): contact details, the consent reference and
  pictures. The pipeline runs it on every story of every build (``generator.pipeline``);
  the warnings are ``peerhub check``'s alone.

Every finding names the file and the line where the text is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.editorial.language import Language
from generator.editorial.privacy import shown_fields
from generator.editorial.prose import MAX_PAGE_BYTES, blank_front_matter, line_at, prose
from generator.editorial.readability import Reading, Syllables, read
from generator.errors import Problem
from generator.load import read_text, relative_path
from generator.model import Story
from generator.settings import Settings
from generator.yamlsource import field_name


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


def check_story(
    story: Story, settings: Settings, language: Language, syllables: Syllables
) -> Iterator[Problem | Grade]:
    """The language and readability findings of one story, and its grade."""
    path = story.path
    readable = prose(story.body)
    for loc, value in shown_fields(story):
        for _, term, found in language.find(value):
            yield Problem(path, story.lines.line(loc), field_name(loc), term.message(found), "warning")
    for offset, term, found in language.find(readable):
        line = line_at(story.body, offset, story.body_line)
        yield Problem(path, line, "body", term.message(found), "warning")
    yield from _readability(path, read(readable, syllables), story.body, story.body_line, settings, "body")


def check_page(
    path: Path, settings: Settings, language: Language, syllables: Syllables
) -> Iterator[Problem | Grade]:
    """Readability and language of one hand-written page of ``docs/``."""
    rel = relative_path(path, settings.root)
    text = read_text(path, rel, MAX_PAGE_BYTES)
    if isinstance(text, Problem):
        yield text
        return
    text = blank_front_matter(text)
    readable = prose(text)
    for offset, term, found in language.find(readable):
        yield Problem(rel, line_at(text, offset, 1), "-", term.message(found), "warning")
    yield from _readability(rel, read(readable, syllables), text, 1, settings, "-")


def check_editorial(stories: Iterable[Story], settings: Settings, language: Language) -> Findings:
    """Language and readability of the stories and the hand-written pages (warnings only;
    privacy is a stage of the pipeline of its own, see ``generator.editorial.privacy``)."""
    findings = Findings()
    syllables = Syllables()  # each word counted once in this run
    results: list[Iterable[Problem | Grade]] = [
        check_story(s, settings, language, syllables) for s in stories
    ]
    if settings.docs_dir is not None and settings.docs_dir.is_dir():
        pages = sorted(settings.docs_dir.rglob("*.md"))
        results += [check_page(p, settings, language, syllables) for p in pages]
    for result in results:
        for item in result:
            if isinstance(item, Grade):
                findings.grades.append(item)
            else:
                findings.problems.append(item)
    return findings
