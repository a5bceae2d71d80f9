"""Files that are not pages: the stories feed and the calendars.

``render_files`` returns ``{path in site: bytes}``; the plugin (or any other site generator)
writes them after the build.
"""

from __future__ import annotations

from itertools import islice

from generator import urls
from generator.feeds.ics import calendar_files
from generator.feeds.rss import FEED_SIZE, stories_feed
from generator.hub import Hub
from generator.memo import Memo, NoMemo

__all__ = ["render_files"]


def render_files(hub: Hub, memo: Memo | None = None) -> dict[str, bytes]:
    """Every non-page output file of the hub (``memo``: the preview's, see ``generator.memo``)."""
    memo = memo or NoMemo()
    newest = list(islice((s for s in hub.stories if not hub.is_draft(s)), FEED_SIZE))
    files = {urls.FEED: memo.again(urls.FEED, stories_feed, newest, memo.same(hub.settings))}
    # Calendars are for subscribing: a draft event is not in them, even in the preview.
    events = [e for e in hub.events if not e.meta.draft]
    files.update(calendar_files(events, memo.same(hub.settings), memo))
    return files
