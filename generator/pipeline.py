"""The one pipeline: load → validate → publish → editorial checks, for every command.

``peerhub check`` prints the :class:`Report` that :func:`run` returns; ``peerhub build``,
``peerhub serve`` and ``mkdocs build`` render its hub (``generator.edge.plugin``). Each
stage collects every problem instead of stopping at the first:

1. load (``generator.load``): read and parse the content files into the model;
2. validate (``generator.validate``): rules across fields and files;
3. privacy (``generator.editorial.privacy``): contact details, the consent reference and
   pictures, in every story, drafts too: private details must not sit in the files at all;
4. publish (``generator.hub``, ``generator.publish``): which stories are public today,
   which are withheld and why, and whose consent is due for review;
5. with ``warnings``, the checks that can only warn (``generator.editorial``): readability
   and language to avoid, of stories and hand-written pages. They take seconds at 10,000
   stories, so builds leave them to ``peerhub check``.

The hub is made only when no stage found an error, so nothing half-valid is ever rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.editorial import Grade, check_editorial
from generator.editorial.language import load_language
from generator.entry_checks import entry_checks
from generator.errors import ContentError, Problem
from generator.hub import Hub, select
from generator.links import site_problems
from generator.load import ParseCache, load_content
from generator.memo import Memo, NoMemo
from generator.model import Vacancy
from generator.placeholders import placeholder_problems
from generator.review import review_problems
from generator.settings import Settings
from generator.story_checks import HELD_BACK, facts_of
from generator.vacancy_rules import state
from generator.validate import validate
from generator.yamlsource import Loc, field_name


@dataclass
class Report:
    """What the pipeline found, and the hub when it found no error (``ok``)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    withheld: list[Problem] = field(default_factory=list)
    """One line per story that is not public, with why (reported, not an error)."""
    held_back: list[Problem] = field(default_factory=list)
    """Stories that say ``published`` but are withheld today: warnings of ``peerhub check``
    that a build names in its summary, so a nightly build's log shows them. They are not
    in ``warnings``, which MkDocs' log carries, so ``mkdocs build --strict`` does not fail on
    a consent review that lapsed overnight."""
    stories: int = 0
    public: int = 0
    """Stories public today; drafts shown in a preview are not counted."""
    events: int = 0
    vacancies: int = 0
    open_vacancies: int = 0
    """Vacancies loaded, and those open today (published, not past their closing day)."""
    grades: list[Grade] = field(default_factory=list)
    """The reading grade of every story and hand-written page (with ``warnings``)."""
    max_smog: float = 14.0
    hub: Hub | None = field(default=None, repr=False)
    """The content split by the publication rules; ``None`` when there are errors."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def valid_hub(self) -> Hub:
        """The hub, or a :class:`ContentError` listing every error."""
        if self.hub is None:
            raise ContentError(self.errors)
        return self.hub

    def lines(self, *, readability: bool = False) -> list[str]:
        """The report as staff read it: errors, then warnings, then withheld stories, then totals;
        with ``readability``, first the reading grade of every story and page."""
        out = self.grade_lines() if readability else []
        out += [str(p) for p in sorted(self.errors)]
        warnings = sorted(self.warnings + self.held_back)
        out += [str(p) for p in warnings]
        out += [f"{p.path}:{p.line}: {p.field}: withheld: {p.message}" for p in sorted(self.withheld)]
        summary = (
            f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}, "
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}; "
            f"{self.public} of {self.stories} stories public, {self.events} events."
        )
        out.append(summary)
        graded = [g for g in self.grades if g.grade is not None]
        if graded:
            hardest = max(graded, key=lambda g: (g.grade, g.path))
            out.append(
                f"Reading grades (SMOG): {len(graded)} stories and pages graded, highest {hardest.grade:.1f} "
                f"({hardest.path}); a warning above {self.max_smog:g}; see them all with --readability."
            )
        return out

    def held_back_lines(self) -> list[str]:
        """The end of ``peerhub build``'s summary: each story marked published but not on the site."""
        if not self.held_back:
            return []
        count = len(self.held_back)
        said = f"{count} stories say published but are" if count != 1 else "1 story says published but is"
        out = [f"{said} withheld, so not on the site (see peerhub check):"]
        out += [f"  {p.path}:{p.line}: {p.message.removeprefix(HELD_BACK)}" for p in sorted(self.held_back)]
        return out

    def grade_lines(self) -> list[str]:
        """One line per story and page: ``path:line: SMOG 9.4 (48 sentences, 612 words)``."""
        out = [f"Reading grades (SMOG; a warning above {self.max_smog:g}, aim for 10 or lower):"]
        for g in sorted(self.grades, key=lambda g: g.path):
            grade = "too short to grade" if g.grade is None else f"SMOG {g.grade:.1f}"
            out.append(f"{g.path}:{g.line}: {grade} ({g.sentences} sentences, {g.words} words)")
        return out


def run(
    settings: Settings, *, warnings: bool = True, parsed: ParseCache | None = None, memo: Memo | None = None
) -> Report:
    """Run every stage on the content of ``settings``; see the module's docstring.

    ``parsed`` keeps what parsing each file gave from one run to the next, and ``memo`` what
    the checks found in each story and event alone while it is unchanged (both the
    preview's), so that a save costs the checks of what it changed, and of what looks across
    stories and events, not those of every story again (``generator.story_checks``).
    """
    memo = memo or NoMemo()
    settings = memo.same(settings)  # read again on each save: one object while equal (Memo.again)
    content = load_content(
        settings.stories_dir, settings.events_file, settings.root, parsed, settings.vacancies_file
    )
    facts = facts_of(content.stories, settings, memo)
    checks = [f.checks for f in facts]
    flagged = [c for c in checks if c.flagged]  # most stories have nothing to report
    events, series = entry_checks(content, memo)
    rules = [c.rules for c in flagged if c.rules.any]
    kept = parsed.event_checks if parsed is not None else None  # kept by the preview
    problems = content.problems + validate(content, rules, kept, memo)
    problems += placeholder_problems(
        content, [c.placeholders for c in flagged], [e.placeholders for e in events]
    )
    problems += [c.full_name for c in flagged if c.full_name is not None]
    problems += [p for f in facts if f.privacy for p in f.privacy]
    language, language_problems = load_language(settings)  # a broken language.yaml is an error
    problems += language_problems
    problems += review_problems(settings.docs_dir, settings.root, settings.today, memo)  # hand-written pages
    report = Report(stories=len(content.stories), events=len(content.events))
    report.max_smog = settings.readability_max_smog
    if warnings:
        editorial = check_editorial(content.stories, settings, language)
        problems += editorial.problems
        report.grades = editorial.grades
    hub = select(content, settings, [f.decided for f in facts])
    links = [e.links for e in (*events, *series) if e.links is not None]
    shown = [f.checks.links for f in facts if f.decided.shown]
    problems += site_problems(
        content, hub, memo, [c.links for c in checks], shown, links
    )  # broken links, clashes
    report.errors = [p for p in problems if p.severity == "error"]
    report.warnings = [p for p in problems if p.severity == "warning"]
    for f in facts:
        if f.line is not None:
            (report.held_back if f.held_back else report.withheld).append(f.line)
            continue
        report.public += 1
        if f.review is not None:
            report.warnings.append(f.review)
    report.vacancies = len(content.vacancies)
    for vacancy in content.vacancies:
        withheld = _vacancy_withheld(vacancy, settings)
        if withheld is None:
            report.open_vacancies += 1
        else:
            report.withheld.append(withheld)
    for event in content.events:
        if event.meta.draft:
            loc = ("events", event.index, "draft")
            message = f"{event.id} is a draft (draft: true): shown in the preview only"
            report.withheld.append(
                Problem(event.path, event.lines.line(loc), field_name(loc), message, "warning")
            )
    report.hub = hub if report.ok else None
    return report


def _vacancy_withheld(vacancy: Vacancy, settings: Settings) -> Problem | None:
    """The line ``peerhub check`` gives a vacancy that is not open, with why."""
    meta = vacancy.meta
    found = state(meta, settings.today)
    if found == "open":
        return None
    if found == "draft":
        loc: Loc = ("vacancies", vacancy.index, "status")
        message = f"{meta.id} is a draft (status: {meta.status}): shown in the preview only"
    else:
        loc = ("vacancies", vacancy.index, "closes")
        message = (
            f"{meta.id} closed on {meta.closes.isoformat()}: in no listing, search or sitemap; "
            "its page says it has closed"
        )
    return Problem(vacancy.path, vacancy.lines.line(loc), field_name(loc), message, "warning")
