"""Files that are not pages: the stories feed and the calendars.

``render_files`` returns ``{path in site: bytes}``; the plugin (or any other site generator)
writes them after the build.
"""

from __future__ import annotations

from generator import urls
from generator.feeds.ics import calendar_files
from generator.feeds.rss import stories_feed
from generator.hub import Hub

__all__ = ["render_files"]


def render_files(hub: Hub) -> dict[str, bytes]:
    """Every non-page output file of the hub."""
    public = [s for s in hub.stories if not hub.is_draft(s)]
    files = {urls.FEED: stories_feed(public, hub.settings)}
    # Calendars are for subscribing: a draft event is not in them, even in the preview.
    files.update(calendar_files([e for e in hub.events if not e.meta.draft], hub.settings))
    return files
