"""Rules that span fields or files: ids, references, dates in order, repeat rules,
vacancies' placeholders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass

from generator.bodies import body_problems
from generator.errors import Problem
from generator.event_checks import RESERVED_EVENT_IDS as RESERVED_EVENT_IDS
from generator.event_checks import EventChecks
from generator.load import Content
from generator.memo import Memo, NoMemo
from generator.model import Story
from generator.yamlsource import Loc, field_name

RESERVED_STORY_SLUGS = frozenset({"page", "themes", "roles", "feed", "tags", "index"})
"""Story file names that would clash with listing folders under ``stories/`` or the listing."""
RESERVED_VACANCY_IDS = frozenset({"page", "feed", "index"})
"""Vacancy ids kept for the site (a paginated listing, a feed, the listing) under ``vacancies/``."""


def _story_problems(story: Story, event_ids: Set[str], unchecked: Set[str]) -> Iterator[Problem]:
    for index, event_id in enumerate(story.meta.events):
        if event_id not in event_ids and event_id not in unchecked:
            loc: Loc = ("events", index)
            yield Problem(
                story.path,
                story.lines.line(loc),
                f"events[{index}]",
                f"no event in events.yaml has the id {event_id!r}",
            )


def _consent_problems(story: Story) -> Iterator[Problem]:
    consent = story.meta.consent
    if consent and consent.recorded and consent.review and consent.review < consent.recorded:
        yield Problem(
            story.path,
            story.lines.line(("consent", "review")),
            "consent.review",
            "the review date is before the date consent was recorded",
        )


def _unchecked_events(content: Content) -> Iterator[Problem]:
    """One line, when ``events.yaml`` cannot be read, naming the stories whose events wait on it
    (each would otherwise get an error of its own for a mistake in another file)."""
    if content.events_read:
        return
    stories = sorted((s for s in content.stories if s.meta.events), key=lambda s: s.path)
    if not stories:
        return
    waiting = [s.path for s in stories]
    shown = ", ".join(waiting[:5]) + (f" and {len(waiting) - 5} more" if len(waiting) > 5 else "")
    story_count = f"{len(waiting)} stor{'ies' if len(waiting) != 1 else 'y'}"
    yield Problem(
        stories[0].path,
        stories[0].lines.line(("events",)),
        "events",
        f"the events named by {story_count} ({shown}) could not be checked, because events.yaml "
        "cannot be read: fix events.yaml first",
        "warning",
    )


@dataclass(frozen=True, slots=True)
class StoryRules:
    """What the rules find in one story alone, and the story (whose events are checked
    against ``events.yaml`` on every run)."""

    story: Story
    reserved: Problem | None
    """Its file name is one the site keeps."""
    body: list[Problem]
    """Ids and cost of its body (``generator.bodies``)."""
    consent: list[Problem]
    any: bool
    """Whether :func:`validate` has anything to report or check of this story."""


def story_rules(story: Story) -> StoryRules:
    """The :class:`StoryRules` of one story: a function of the loaded story alone."""
    reserved = None
    if story.slug in RESERVED_STORY_SLUGS:
        message = f"the file name {story.slug}.md is reserved for the site; rename the file"
        reserved = Problem(story.path, 1, "-", message)
    body = list(body_problems(story.body, story.path, story.body_line, "body"))
    consent = list(_consent_problems(story))
    return StoryRules(story, reserved, body, consent, bool(reserved or body or consent or story.meta.events))


def validate(
    content: Content,
    stories: Sequence[StoryRules] | None = None,
    events: EventChecks | None = None,
    memo: Memo | None = None,
) -> list[Problem]:
    """Every cross-field and cross-file problem of the loaded content. ``stories``: the rules
    of the stories of ``content`` that have any (``StoryRules.any``), in order, made already
    (``generator.story_checks``); ``events``: the checks of ``events.yaml``'s entries, kept
    from the last run by the preview; ``memo`` (the preview's) keeps each story's check of the
    events it names while it and the events' ids are unchanged."""
    memo = memo or NoMemo()
    problems = (events or EventChecks()).problems(content.series, content.events)
    if stories is None:
        stories = [rules for rules in map(story_rules, content.stories) if rules.any]
    problems += [rules.reserved for rules in stories if rules.reserved is not None]
    for rules in stories:
        problems += rules.body
    event_ids = memo.same(frozenset(e.id for e in content.events))
    checked = (event_ids, content.unreadable_ids, content.events_read)
    for found in memo.every("named", _named_problems, stories, *checked):
        problems += found
    problems.extend(_unchecked_events(content))
    problems.extend(_vacancy_problems(content))
    return problems


def _named_problems(
    rules: StoryRules, event_ids: Set[str], unreadable: Set[str], events_read: bool
) -> list[Problem]:
    """The events a story names that ``events.yaml`` does not have, then its consent dates."""
    named = list(_story_problems(rules.story, event_ids, unreadable)) if events_read else []
    return named + rules.consent


def _vacancy_problems(content: Content) -> Iterator[Problem]:
    """Ids unique and not reserved, closing not before posting, no placeholder left."""
    first_line: dict[str, int] = {}
    for vacancy in content.vacancies:
        meta, path = vacancy.meta, vacancy.path
        line = vacancy.lines.line(("vacancies", vacancy.index, "id"))
        name = f"vacancies[{vacancy.index}].id"
        if meta.id in first_line:
            yield Problem(
                path, line, name, f"the id {meta.id!r} is already used on line {first_line[meta.id]}"
            )
        else:
            first_line[meta.id] = line
        if meta.id in RESERVED_VACANCY_IDS:
            yield Problem(path, line, name, f"{meta.id!r} is reserved for the site; choose another id")
        if meta.closes < meta.posted:
            loc: Loc = ("vacancies", vacancy.index, "closes")
            yield Problem(
                path,
                vacancy.lines.line(loc),
                field_name(loc),
                f"closes before it was posted (posted is {meta.posted}, closes is {meta.closes})",
            )
