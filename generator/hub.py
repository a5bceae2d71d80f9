"""The hub as one value: the loaded, valid content split by the publication rules.

:func:`select` applies :func:`generator.publish.decide` to every story; the :class:`Hub`
it returns is the only input of rendering and feeds. ``generator.pipeline`` makes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import InitVar, dataclass, field
from operator import attrgetter

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

    events_named: InitVar[Iterable[tuple[Story, tuple[str, ...]]] | None] = None
    """The stories of ``stories`` that name events, in order, with the ids they name (made
    already); ``None``: read from ``stories``."""

    def __post_init__(self, events_named: Iterable[tuple[Story, tuple[str, ...]]] | None) -> None:
        named = ((s, s.meta.events) for s in self.stories) if events_named is None else events_named
        by_event: dict[str, list[Story]] = defaultdict(list)
        for story, event_ids in named:
            for event_id in event_ids:
                by_event[event_id].append(story)
        self._by_event = dict(by_event)
        self.series_by_id = {s.id: s for s in self.series}


@dataclass(frozen=True, slots=True)
class Decided:
    """A story and the publication rules' decision on it today, as :func:`select` uses them."""

    story: Story
    decision: Decision
    shown: bool
    """On the site: public, or (in a preview) a draft it shows behind its banner."""
    newest: tuple[int, str]
    """Its place among stories, newest first (:func:`newest_first`)."""
    slug: str
    events: tuple[str, ...]
    """The events it names."""


def decided(story: Story, settings: Settings) -> Decided:
    """The :class:`Decided` of one story: :func:`generator.publish.decide` and its place."""
    decision = decide(story, settings.today)
    shown = decision.public or (settings.preview and decision.previewable)
    return Decided(story, decision, shown, _newest(story), story.slug, tuple(story.meta.events))


def _newest(story: Story) -> tuple[int, str]:
    return (-story.meta.date.toordinal(), story.slug)


def newest_first(stories: list[Story]) -> list[Story]:
    """Publication date descending; the slug breaks ties so order never depends on the disk."""
    return sorted(stories, key=_newest)


def select(content: Content, settings: Settings, stories: Sequence[Decided] | None = None) -> Hub:
    """Apply the publication rules to loaded, valid content; ``stories``: the
    :class:`Decided` of its stories, in order, made already (``generator.story_checks``)."""
    if stories is None:
        stories = [decided(story, settings) for story in content.stories]
    shown = sorted((d for d in stories if d.shown), key=attrgetter("newest"))
    return Hub(
        settings=settings,
        stories=[d.story for d in shown],
        withheld=[(d.story, d.decision) for d in stories if not d.decision.public],
        events=[e for e in content.events if settings.preview or not e.meta.draft],
        series=list(content.series),
        decisions={d.slug: d.decision for d in stories},
        vacancies=[
            v for v in content.vacancies if settings.preview or state(v.meta, settings.today) != "draft"
        ],
        events_named=[(d.story, d.events) for d in shown if d.events],
    )
