"""The checks of one story that are a function of its file alone, made together.

The preview asks its memo (``generator.memo``) for them once per story, instead of once per
check: at 10,000 stories a save made 50,000 memo calls for five checks, now 10,000. A full
build makes them the same way, so the report's problems come in the same order either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.bodies import body_problems
from generator.editorial.names import full_name_problem
from generator.editorial.privacy import text_privacy_problems
from generator.errors import Problem
from generator.memo import Memo
from generator.model import Story
from generator.placeholders import story_problems


@dataclass(frozen=True)
class StoryChecks:
    """What each per-story check found in one story."""

    body: list[Problem]
    """Ids and cost of its body (``generator.bodies``)."""
    placeholders: list[Problem]
    full_name: Problem | None
    words: list[Problem]
    """Contact details and the consent reference in its words (``generator.editorial.privacy``)."""


def story_checks(story: Story) -> StoryChecks:
    """Every check of ``story`` that reads nothing but the loaded story."""
    return StoryChecks(
        body=body_problems(story.body, story.path, story.body_line, "body"),
        placeholders=list(story_problems(story)),
        full_name=full_name_problem(story),
        words=text_privacy_problems(story),
    )


def checked(stories: Sequence[Story], memo: Memo) -> Callable[[Story], StoryChecks]:
    """The checks of each of ``stories``, asked of ``memo`` once per story; the function
    returned gives a story's (made on the spot for a story not among them)."""
    found = {id(story): (story, memo.again(story.path, story_checks, story)) for story in stories}

    def of(story: Story) -> StoryChecks:
        kept = found.get(id(story))
        return kept[1] if kept is not None and kept[0] is story else story_checks(story)

    return of
