"""The hub as one value: settings, loaded content, and what is public today.

``open_hub`` is the single entry point the MkDocs plugin, the CLI and the tests share:
load, validate, apply the publication rules, and fail with every error at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator import urls
from generator.errors import ContentError, Problem
from generator.load import Content, load_content
from generator.model import Event, Series, Story
from generator.organisation import Organisation
from generator.publish import Decision, decide
from generator.validate import validate


@dataclass(frozen=True)
class HelpLine:
    """One line of the "Need help now?" block (``extra.crisis.lines`` in ``mkdocs.yml``)."""

    name: str
    number: str
    when: str = ""
    text: str = ""
    """An SMS keyword: the line is a text message with this body, not a call."""


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to know about the site, with no MkDocs types."""

    root: Path
    """The project folder (where ``mkdocs.yml`` is); content paths are reported relative to it."""
    stories_dir: Path
    events_file: Path
    tz: ZoneInfo
    today: date
    site_url: str = ""
    """Absolute address of the site, ending in ``/``; used by feeds, calendars and JSON-LD."""
    site_name: str = "Peer Support Hub"
    preview: bool = False
    """Local preview: drafts are shown behind a "not public" banner."""
    stories_per_page: int = 20
    events_per_page: int = 50
    help_lines: tuple[HelpLine, ...] = ()
    """Crisis numbers repeated after each story; the same as the banner on every page."""
    help_url: str = "help/"
    """The page with every way to get help, as a directory URL."""
    docs_dir: Path | None = None
    """Hand-written pages, for the editorial checks."""
    readability_max_smog: float = 14.0
    """A story or page with a higher SMOG grade gets a warning."""
    language_file: Path | None = None
    """The project's own additions to the list of language to avoid (optional)."""
    organisation: Organisation | None = None
    """Who runs the hub (``extra.organisation`` in ``mkdocs.yml``), if set."""


def help_from_config(crisis: Any) -> tuple[tuple[HelpLine, ...], str]:
    """Help lines and the help page's URL from ``extra.crisis`` of ``mkdocs.yml``.

    ``more`` may be a page (``help/index.md``) or a URL (``help/``); lines without a name
    or number are left out (the theme shows the same config, so it is the source of truth).
    """
    if not isinstance(crisis, dict):
        return (), "help/"
    lines = []
    for entry in crisis.get("lines") or []:
        if isinstance(entry, dict) and entry.get("name") and entry.get("number"):
            lines.append(
                HelpLine(
                    name=str(entry["name"]),
                    number=str(entry["number"]),
                    when=str(entry.get("when") or ""),
                    text=str(entry.get("text") or ""),
                )
            )
    more = str(crisis.get("more") or "help/")
    return tuple(lines), urls.page_url(more)


@dataclass
class Hub:
    """Loaded content split by the publication rules; the only input of rendering."""

    settings: Settings
    stories: list[Story]
    """Stories on the site (public, plus previewable drafts in preview), newest first."""
    withheld: list[tuple[Story, Decision]]
    """Stories not public, with the reasons; in preview, drafts shown are listed here too."""
    events: list[Event]
    series: list[Series]
    warnings: list[Problem] = field(default_factory=list)
    decisions: dict[str, Decision] = field(default_factory=dict)

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
        self.events_by_id = {e.id: e for e in self.events}
        self.series_by_id = {s.id: s for s in self.series}


def newest_first(stories: list[Story]) -> list[Story]:
    """Publication date descending; the slug breaks ties so order never depends on the disk."""
    return sorted(stories, key=lambda s: (-s.meta.date.toordinal(), s.slug))


def select(content: Content, settings: Settings) -> Hub:
    """Apply the publication rules to loaded, valid content."""
    shown: list[Story] = []
    withheld: list[tuple[Story, Decision]] = []
    decisions: dict[str, Decision] = {}
    for story in content.stories:
        decision = decide(story, settings.today)
        decisions[story.slug] = decision
        if decision.public or (settings.preview and decision.previewable):
            shown.append(story)
        if not decision.public:
            withheld.append((story, decision))
    return Hub(
        settings=settings,
        stories=newest_first(shown),
        withheld=withheld,
        events=list(content.events),
        series=list(content.series),
        decisions=decisions,
    )


def open_hub(settings: Settings, content: Content | None = None) -> Hub:
    """Load and validate everything; raise :class:`ContentError` listing every error.

    ``content`` is what ``peerhub check`` has just loaded from the same files, so that
    ``peerhub build`` reads and parses every story once, not twice.
    """
    if content is None:
        content = load_content(settings.stories_dir, settings.events_file, settings.root)
    problems = content.problems + validate(content)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    hub = select(content, settings)
    hub.warnings = [p for p in problems if p.severity == "warning"]
    return hub
