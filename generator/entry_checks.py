"""What the pipeline finds in one event or series alone besides the rules of
``generator.event_checks`` (placeholders, the links of its description), made once per entry
while it is unchanged (the events' side of ``generator.story_checks``).

A save of ``events.yaml`` keeps each unchanged event the object it was
(``generator.load``), and a save of a story keeps them all, so the preview's memo
(:meth:`generator.memo.Memo.every`) hands back last build's checks for each such entry. Their
problems name lines, and an entry kept from the last save is given the file's new lines in
place when lines above it came or went: the line maps the entries use, as they are now,
(every attribute of each, which a save that moves lines replaces) are among what the checks
are made of, so such a save makes them all again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.links import TextLinks, description_links
from generator.load import Content
from generator.memo import Memo
from generator.model import Event, Series
from generator.placeholders import event_problems


@dataclass(frozen=True, slots=True)
class EntryChecks:
    """What each check of one event or series alone found in it."""

    placeholders: list[Problem]
    """Text ``peerhub new`` wrote, left in an event (none for a series)."""
    links: TextLinks | None
    """The links of its description that MkDocs checks (``generator.links``)."""


def event_checks(event: Event, *lines: Any) -> EntryChecks:
    """The :class:`EntryChecks` of one event; ``lines``: the line maps in use (see the
    module's docstring)."""
    placeholders = list(event_problems(event))
    return EntryChecks(placeholders, description_links(event, "events"))


def series_checks(series: Series, *lines: Any) -> EntryChecks:
    """The :class:`EntryChecks` of one series (``lines``: as for :func:`event_checks`)."""
    return EntryChecks([], description_links(series, "series"))


def entry_checks(content: Content, memo: Memo) -> tuple[list[EntryChecks], list[EntryChecks]]:
    """The checks of each event and each series of ``content``, in order."""
    entries: Sequence[Event | Series] = [*content.events, *content.series]
    maps = {id(entry.lines): entry.lines for entry in entries}
    lines = tuple(part for found in maps.values() for part in vars(found).values())
    events = memo.every("events", event_checks, content.events, *lines)
    return events, memo.every("series", series_checks, content.series, *lines)
