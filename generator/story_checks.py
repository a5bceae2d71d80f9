"""What the pipeline finds in one story, made together, once per story while it is unchanged.

A save in the preview changes one story of perhaps 10,000, so everything the pipeline
finds in a story alone is made in two records, and the preview's memo
(``generator.memo``) hands back last build's for each story that is the very same object
(:meth:`Memo.every`: one look-up per story, however many checks):

- :class:`StoryChecks`, a function of the loaded story alone: the rules of
  ``generator.validate``, placeholders, a full name, contact details in its words, and what
  the site-wide checks need (its page, listings and links, ``generator.links``);
- :class:`StoryFacts`, which also reads the settings (today) and ``docs/``: its pictures'
  checks, whether it is public, and its lines in the report.

The checks that look across stories (events it names, links to other pages, duplicate ids)
are made on every run from these. A full build makes them the same way, so the report's
problems come in the same order either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.editorial.names import full_name_problem
from generator.editorial.privacy import privacy_problems, text_privacy_problems
from generator.errors import Problem
from generator.hub import Decided, decided
from generator.links import StoryLinks, story_links
from generator.memo import Memo
from generator.model import Story
from generator.placeholders import story_problems
from generator.publish import Decision, review_due
from generator.settings import Settings
from generator.validate import StoryRules, story_rules

HELD_BACK = "says published but is withheld, so it is on no page of the site: "


@dataclass(frozen=True, slots=True)
class StoryChecks:
    """What each check of one story alone found in it."""

    rules: StoryRules
    """Its file name, body and consent dates (``generator.validate``)."""
    placeholders: list[Problem]
    full_name: Problem | None
    words: list[Problem]
    """Contact details and the consent reference in its words (``generator.editorial.privacy``)."""
    links: StoryLinks
    """Its page, listings and the links of its body (``generator.links``)."""
    flagged: bool
    """Any of its rules, placeholders or full name has something to report."""


def story_checks(story: Story) -> StoryChecks:
    """Every check of ``story`` that reads nothing but the loaded story."""
    rules = story_rules(story)
    placeholders = list(story_problems(story))
    full_name = full_name_problem(story)
    flagged = rules.any or bool(placeholders) or full_name is not None
    words = text_privacy_problems(story)
    return StoryChecks(rules, placeholders, full_name, words, story_links(story), flagged)


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the pipeline knows of one story for these settings (today among them)."""

    checks: StoryChecks
    privacy: list[Problem]
    """Its words' and its pictures' privacy errors (``generator.editorial.privacy``)."""
    decided: Decided
    """Whether it is public, or shown at all, and its place (``generator.hub``)."""
    line: Problem | None
    """Its line in the report when it is not public: withheld, or held back (:attr:`held_back`)."""
    held_back: bool
    """It says ``published`` but is withheld today: a warning (``Report.held_back``)."""
    review: Problem | None
    """The warning that a public story's consent is due for review soon."""


def story_facts(
    checks: StoryChecks, settings: Settings, files: object, real_docs: Path | None = None
) -> StoryFacts:
    """The :class:`StoryFacts` of the story of ``checks``; ``files`` stands for the state of
    ``docs/``, which its pictures' checks read (``Memo.files``); ``real_docs``: ``docs/`` with
    its links followed, once for every story."""
    story = checks.rules.story
    privacy = list(privacy_problems(story, settings, None, checks.words, real_docs))
    found = decided(story, settings)
    decision = found.decision
    line, held_back, review = None, False, None
    if not decision.public and story.meta.status == "published":
        line, held_back = _held_back(story, decision), True
    elif not decision.public:
        line = Problem(story.path, story.lines.line(("status",)), "-", "; ".join(decision.reasons), "warning")
    else:
        due = review_due(story, settings.today)
        if due is not None:
            review = Problem(
                story.path,
                story.lines.line(("consent", "review")),
                "consent.review",
                f"consent is due for review on {due.isoformat()}; after that day the story "
                "is withheld until consent is re-confirmed",
                "warning",
            )
    return StoryFacts(checks, privacy, found, line, held_back, review)


def facts_of(stories: Sequence[Story], settings: Settings, memo: Memo) -> list[StoryFacts]:
    """The :class:`StoryFacts` of each of ``stories``, in order: those of a story that is
    the same object as in the last build, with the same settings and ``docs/``, are last
    build's (its checks even when the settings changed)."""
    checks = memo.every("stories", story_checks, stories)
    real_docs = memo.same(settings.docs_dir.resolve()) if settings.docs_dir is not None else None
    return memo.every("stories", story_facts, checks, settings, memo.files, real_docs)


def _held_back(story: Story, decision: Decision) -> Problem:
    """The warning for a story that says ``published`` but is not public today."""
    return Problem(
        story.path,
        story.lines.line(("status",)),
        "status",
        f"{HELD_BACK}{'; '.join(decision.reasons)}. What to do: {'; '.join(decision.fixes)}",
        "warning",
    )
