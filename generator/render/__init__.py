"""Rendering: the hub's pages as markdown, from Jinja templates in ``generator/templates``.

``render_pages`` returns every generated page; ``expand_blocks`` fills the marker comments
of hand-written pages (latest stories, upcoming events).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.hub import Hub
from generator.memo import Same, remembered
from generator.model import Event, Story
from generator.render.common import Page, linker, render
from generator.render.events import EventView, event_pages, event_view, series_view, upcoming_block
from generator.render.stories import StoryView, story_listings, story_page, story_view
from generator.sanitize import Markers
from generator.search import SearchDoc, event_doc, series_doc, story_doc

__all__ = ["Page", "Site", "expand_blocks", "render_site"]


@dataclass
class Site:
    """The rendered hub: every generated page, and the views the blocks of other pages use."""

    pages: list[Page]
    stories: list[StoryView]
    """Stories on the site, newest first."""
    events: list[EventView]
    timezone: str = "Europe/London"


def render_site(hub: Hub, markers: Markers) -> Site:
    """Every generated page of the hub, in a stable order."""
    story_views = {s.slug: _story_view(s, hub) for s in hub.stories}
    event_views: dict[str, EventView] = {}
    for event in hub.events:
        related = tuple(story_views[s.slug] for s in hub.stories_for_event(event.id))
        event_views[event.id] = _event_view(event, hub, related)

    pages: list[Page] = []
    for story in hub.stories:
        view = story_views[story.slug]
        events = [event_views[i] for i in story.meta.events if i in event_views]
        pages.append(searchable(story_page(story, view, hub, markers.pair, events), story_doc(view)))
    ordered: list[StoryView] = [story_views[s.slug] for s in hub.stories]
    pages += story_listings(ordered, hub.settings.stories_per_page)
    views = list(event_views.values())
    series = [series_view(s, views) for s in hub.series]
    docs = {event.url: event_doc(event) for event in views}
    docs |= {view.url: series_doc(view) for view in series}
    for page in event_pages(hub, views, series, markers.pair):
        doc = docs.get(page.url)
        pages.append(searchable(page, doc) if doc is not None else page)
    return Site(pages, ordered, views, hub.settings.tz.key)


def _story_view(story: Story, hub: Hub) -> StoryView:
    """The story's view; in the preview, last build's while the story is the same."""
    return remembered(
        lambda: ("story view", Same(story), hub.is_draft(story), hub.settings),
        lambda: story_view(story, hub),
    )


def _event_view(event: Event, hub: Hub, related: tuple[StoryView, ...]) -> EventView:
    """The event's view; in the preview, last build's while its inputs are the same."""
    series = hub.series_by_id.get(event.meta.series) if event.meta.series else None
    return remembered(
        lambda: ("event view", Same(event), Same(series), hub.settings, related),
        lambda: event_view(event, hub, related),
    )


def searchable(page: Page, doc: SearchDoc) -> Page:
    """Leave the page out of the theme's own search; ``generator.search`` indexes ``doc``."""
    page.meta["search"] = {"exclude": True}
    page.search = doc
    return page


_BLOCK = re.compile(r"^<!--\s*peerhub:(?P<name>[a-z-]+)(?P<args>[^>]*?)\s*-->\s*$", re.MULTILINE)


def expand_blocks(markdown: str, page_url: str, site: Site) -> str:
    """Replace ``<!-- peerhub:latest-stories count=3 -->`` and ``<!-- peerhub:upcoming-events
    count=3 category=a,b -->`` lines of a hand-written page with content from the hub."""

    def replace(match: re.Match[str]) -> str:
        args = dict(part.split("=", 1) for part in match["args"].split() if "=" in part)
        count = int(args.get("count", "3")) if args.get("count", "3").isdigit() else 3
        link = linker(page_url)
        if match["name"] == "latest-stories":
            chosen = [s for s in site.stories if not s.draft][:count]
            return render("blocks/stories.md.j2", stories=chosen, link=link)
        if match["name"] == "upcoming-events":
            categories = set(filter(None, args.get("category", "").split(",")))
            return upcoming_block(site.events, categories, count, link, site.timezone)
        return match[0]

    return _BLOCK.sub(replace, markdown)
