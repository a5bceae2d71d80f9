"""The hub as one value: the loaded, valid content split by the publication rules.

:func:`select` applies :func:`generator.publish.decide` to every story; the :class:`Hub`
it returns is the only input of rendering and feeds. ``generator.pipeline`` makes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.load import Content
from generator.model import Event, Series, Story, Vacancy
from generator.publish import Decision, decide
from generator.settings import Settings
from generator.vacancy_rules import state


@dataclass
class Hub:
    """Loaded content split by the publication rules; the only input of rendering."""

    settings: Settings
    stories: list[Story]
    """Stories on the site (public, plus previewable drafts in preview), newest first."""
    withheld: list[tuple[Story, Decision]]
    """Stories not public, with the reasons; in preview, drafts shown are listed here too."""
    events: list[Event]
    """Events on the site: all but drafts, which only the preview shows (``draft: true``)."""
    series: list[Series]
    decisions: dict[str, Decision] = field(default_factory=dict)
    """The decision on every story loaded, by slug."""
    vacancies: list[Vacancy] = field(default_factory=list)
    """Vacancies with a page: published ones, open or closed (a closed one's page says so),
    and drafts in the preview only; in file order (``generator.vacancy_rules``)."""

    def is_draft(self, story: Story) -> bool:
        """True for a story shown only because this is a preview."""
        return not self.decisions[story.slug].public

    def stories_for_event(self, event_id: str) -> list[Story]:
        """Stories on the site that name this event."""
        return self._by_event.get(event_id, [])

    def __post_init__(self) -> None:
        by_event: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            for event_id in story.meta.events:
                by_event[event_id].append(story)
        self._by_event = dict(by_event)
        self.series_by_id = {s.id: s for s in self.series}


def newest_first(stories: list[Story]) -> list[Story]:
    """Publication date descending; the slug breaks ties so order never depends on the disk."""
    return sorted(stories, key=lambda s: (-s.meta.date.toordinal(), s.slug))


def select(content: Content, settings: Settings, decisions: Sequence[Decision] | None = None) -> Hub:
    """Apply the publication rules to loaded, valid content; ``decisions``: those of its
    stories, in order, made already (``generator.story_checks``)."""
    if decisions is None:
        decisions = [decide(story, settings.today) for story in content.stories]
    shown: list[Story] = []
    withheld: list[tuple[Story, Decision]] = []
    by_slug: dict[str, Decision] = {}
    for story, decision in zip(content.stories, decisions, strict=True):
        by_slug[story.slug] = decision
        if decision.public or (settings.preview and decision.previewable):
            shown.append(story)
        if not decision.public:
            withheld.append((story, decision))
    return Hub(
        settings=settings,
        stories=newest_first(shown),
        withheld=withheld,
        events=[e for e in content.events if settings.preview or not e.meta.draft],
        series=list(content.series),
        decisions=by_slug,
        vacancies=[
            v for v in content.vacancies if settings.preview or state(v.meta, settings.today) != "draft"
        ],
    )
