"""``peerhub check``: every error, warning and withheld story of the content, in one report."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.editorial import Grade, check_editorial, load_language, privacy_problems
from generator.errors import Problem
from generator.hub import Settings, select
from generator.load import Content, load_content
from generator.publish import decide, review_due
from generator.review import review_problems
from generator.validate import validate


@dataclass
class Report:
    """What ``peerhub check`` prints; ``ok`` is false when any error was found."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    withheld: list[Problem] = field(default_factory=list)
    """One line per story that is not public, with why (reported, not an error)."""
    stories: int = 0
    public: int = 0
    events: int = 0
    grades: list[Grade] = field(default_factory=list)
    """The reading grade of every story and hand-written page."""
    max_smog: float = 14.0
    content: Content | None = field(default=None, repr=False)
    """What was loaded, for ``peerhub build`` to hand on to the plugin."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self, *, readability: bool = False) -> list[str]:
        """The report as staff read it: errors, then warnings, then withheld stories, then totals;
        with ``readability``, first the reading grade of every story and page."""
        out = self.grade_lines() if readability else []
        out += [str(p) for p in sorted(self.errors)]
        out += [str(p) for p in sorted(self.warnings)]
        out += [f"{p.path}:{p.line}: {p.field}: withheld: {p.message}" for p in sorted(self.withheld)]
        summary = (
            f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}, "
            f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}; "
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

    def grade_lines(self) -> list[str]:
        """One line per story and page: ``path:line: SMOG 9.4 (48 sentences, 612 words)``."""
        out = [f"Reading grades (SMOG; a warning above {self.max_smog:g}, aim for 10 or lower):"]
        for g in sorted(self.grades, key=lambda g: g.path):
            grade = "too short to grade" if g.grade is None else f"SMOG {g.grade:.1f}"
            out.append(f"{g.path}:{g.line}: {grade} ({g.sentences} sentences, {g.words} words)")
        return out


def run_check(settings: Settings, *, warnings: bool = True) -> Report:
    """Load, validate and apply the publication rules without building anything.

    ``warnings=False`` leaves out the checks that can only warn (readability and language
    to avoid): ``peerhub build`` stops on errors and prints no warnings, and at 10,000
    stories those checks take seconds.
    """
    content = load_content(settings.stories_dir, settings.events_file, settings.root)
    problems = content.problems + validate(content)
    report = Report(
        errors=[p for p in problems if p.severity == "error"],
        warnings=[p for p in problems if p.severity == "warning"],
        stories=len(content.stories),
        events=len(content.events),
        content=content,
    )
    if warnings:
        editorial = check_editorial(content.stories, settings)
        report.errors += [p for p in editorial.problems if p.severity == "error"]
        report.warnings += [p for p in editorial.problems if p.severity == "warning"]
        report.grades = editorial.grades
    else:
        _, language_problems = load_language(settings)
        found = language_problems + [p for s in content.stories for p in privacy_problems(s, settings)]
        report.errors += [p for p in found if p.severity == "error"]
    report.max_smog = settings.readability_max_smog
    for problem in review_problems(settings.docs_dir, settings.root, settings.today):
        (report.errors if problem.severity == "error" else report.warnings).append(problem)
    for story in content.stories:
        decision = decide(story, settings.today)
        if not decision.public:
            line = story.lines.line(("status",))
            report.withheld.append(Problem(story.path, line, "-", "; ".join(decision.reasons), "warning"))
            continue
        due = review_due(story, settings.today)
        if due is not None:
            report.warnings.append(
                Problem(
                    story.path,
                    story.lines.line(("consent", "review")),
                    "consent.review",
                    f"consent is due for review on {due.isoformat()}; after that day the story "
                    "is withheld until consent is re-confirmed",
                    "warning",
                )
            )
    report.public = (
        len(select(content, settings).stories) if report.ok else report.stories - len(report.withheld)
    )
    return report
