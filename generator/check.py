"""``peerhub check``: every error, warning and withheld story of the content, in one report."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import Problem
from generator.hub import Settings, select
from generator.load import load_content
from generator.publish import decide, review_due
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

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The report as staff read it: errors, then warnings, then withheld stories, then totals."""
        out = [str(p) for p in sorted(self.errors)]
        out += [str(p) for p in sorted(self.warnings)]
        out += [f"{p.path}:{p.line}: {p.field}: withheld: {p.message}" for p in sorted(self.withheld)]
        summary = (
            f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}, "
            f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}; "
            f"{self.public} of {self.stories} stories public, {self.events} events."
        )
        out.append(summary)
        return out


def run_check(settings: Settings) -> Report:
    """Load, validate and apply the publication rules without building anything."""
    content = load_content(settings.stories_dir, settings.events_file, settings.root)
    problems = content.problems + validate(content)
    report = Report(
        errors=[p for p in problems if p.severity == "error"],
        warnings=[p for p in problems if p.severity == "warning"],
        stories=len(content.stories),
        events=len(content.events),
    )
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
