"""Rendering: the hub's pages as markdown, from Jinja templates in ``generator/templates``.

``render_site`` builds one view per story, event, series and vacancy (``generator.views``)
and every generated page from them; ``expand_blocks`` fills the marker comments of
hand-written pages (latest stories, upcoming events, open vacancies).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ContentError
from generator.hub import Hub
from generator.model import Story
from generator.organisation import Organisation
from generator.render import blocks
from generator.render.common import Linker, Page, Renderer, Templates
from generator.render.events import event_pages, event_view, upcoming_block
from generator.render.stories import help_links, story_listings, story_page, story_view
from generator.render.vacancies import vacancies_block, vacancy_pages, vacancy_view
from generator.review import note_html, page_review
from generator.search.records import story_record, vacancy_record
from generator.settings import HelpLine, Settings
from generator.views import EventView, StoryView, VacancyView

__all__ = ["Page", "Renderer", "Site", "Templates", "expand_blocks", "hand_written_page", "render_site"]


@dataclass
class Site:
    """The rendered hub: every generated page, and the views the blocks of other pages use."""

    pages: list[Page]
    stories: list[StoryView]
    """Stories on the site, newest first."""
    events: list[EventView]
    timezone: str = "Europe/London"
    help_lines: tuple[HelpLine, ...] = ()
    """``extra.crisis`` lines, for the help-line blocks of hand-written pages."""
    organisation: Organisation | None = None
    vacancies: list[VacancyView] = field(default_factory=list)
    """Every vacancy with a page, in file order (the blocks list the open ones)."""


def render_site(hub: Hub, renderer: Renderer) -> Site:
    """Every generated page of the hub, in a stable order."""
    memo = renderer.memo  # ``each``: an unchanged story keeps its view and page (generator.memo)
    settings, renderer = memo.same(hub.settings), memo.same(renderer)
    docs_dir = settings.docs_dir
    stories = hub.stories
    files = memo.files  # a story's picture is read from docs/: its size is kept while docs/ is
    rows = {s.slug: (s, hub.is_draft(s), docs_dir, files) for s in stories}
    story_views = memo.each("views", _story_view, rows)
    event_rows = {}
    for event in hub.events:
        related = tuple([story_views[s.slug] for s in hub.stories_for_event(event.id)])
        series = hub.series_by_id.get(event.meta.series) if event.meta.series else None
        event_rows[event.id] = (event, series, settings, related)
    event_views = memo.each("views", event_view, event_rows)

    help_lines = memo.same(help_links(settings.help_lines))
    page_rows = {
        s.slug: (
            s,
            story_views[s.slug],
            settings,
            [event_views[i] for i in s.meta.events if i in event_views],
            help_lines,
            renderer,
        )
        for s in stories
    }
    story_pages = memo.each("pages", _story_page, page_rows)
    # The rows' order is the hub's; a dict handed back whole from the last build may be in its.
    pages: list[Page] = [story_pages[s.slug] for s in stories]
    ordered: list[StoryView] = [story_views[s.slug] for s in stories]
    pages += story_listings(ordered, settings.stories_per_page, renderer)
    views = [event_views[e.id] for e in hub.events]
    pages += event_pages(settings, views, hub.series, renderer)
    vacancies = [memo.call(vacancy_view, v, settings) for v in hub.vacancies]
    docs = {v.url: vacancy_record(v) for v in vacancies if v.open}
    for page in vacancy_pages(vacancies, renderer):
        page.search = docs.get(page.url)
        pages.append(page)
    return Site(pages, ordered, views, settings.tz.key, settings.help_lines, settings.organisation, vacancies)


def _story_view(story: Story, draft: bool, docs_dir: Path | None, files: Hashable) -> StoryView:
    """``story_view``, made again when the files of ``docs/`` change (``files``, their
    fingerprint in the preview): its picture's size is read from there."""
    return story_view(story, draft, docs_dir)


def _story_page(
    story: Story,
    view: StoryView,
    settings: Settings,
    events: list[EventView],
    help_lines: tuple[tuple[HelpLine, str], ...],
    renderer: Renderer,
) -> Page:
    """A story's page with its search record (remembered whole while its inputs are equal)."""
    page = story_page(story, view, settings, events, help_lines, renderer)
    page.search = story_record(view)
    return page


_BLOCK = re.compile(r"^<!--\s*peerhub:(?P<name>[a-z-]+)(?P<args>[^>]*?)\s*-->\s*$", re.MULTILINE)


_INLINE = re.compile(r"<!--\s*peerhub:(?P<name>call|organisation-name|contact)(?P<args>[^>]*?)\s*-->")


def expand_blocks(markdown: str, page_url: str, site: Site, renderer: Renderer, where: str = "") -> str:
    """Replace ``<!-- peerhub:latest-stories count=3 -->``, ``<!-- peerhub:upcoming-events
    count=3 category=a,b -->`` and ``<!-- peerhub:open-vacancies count=3 -->`` lines of a
    hand-written page with content from the hub, and
    the help-line and organisation blocks with what ``mkdocs.yml`` says (``render.blocks``).

    ``where`` names the page in errors (:class:`blocks.BlockError`); by default its URL."""
    where = where or page_url or "the home page"

    def replace(match: re.Match[str]) -> str:
        args = dict(part.split("=", 1) for part in match["args"].split() if "=" in part)
        count = int(args.get("count", "3")) if args.get("count", "3").isdigit() else 3
        link = Linker(page_url)
        if match["name"] == "latest-stories":
            chosen = [s for s in site.stories if not s.draft][:count]
            return renderer.render("blocks/stories.md.j2", stories=chosen, link=link)
        if match["name"] == "upcoming-events":
            categories = set(filter(None, args.get("category", "").split(",")))
            return upcoming_block(site.events, categories, count, link, site.timezone, renderer)
        if match["name"] == "open-vacancies":
            return vacancies_block(site.vacancies, count, link, renderer)
        if match["name"] == "help-line":
            return blocks.help_line(match["args"].strip(), site.help_lines, where, renderer)
        if match["name"] == "organisation":
            return blocks.organisation_block(site.organisation, where, renderer)
        return match[0]

    def inline(match: re.Match[str]) -> str:
        if match["name"] == "call":
            return blocks.call_link(match["args"].strip(), site.help_lines, where)
        if match["name"] == "organisation-name":
            return blocks.organisation_name(site.organisation, where)
        return blocks.contact_inline(site.organisation, where)

    return _INLINE.sub(inline, _BLOCK.sub(replace, markdown))


def hand_written_page(
    markdown: str, source: str, page_url: str, site: Site, renderer: Renderer, where: str
) -> str:
    """A page of ``docs/`` with its blocks filled in and, when its front matter has review
    dates, the "Page last reviewed" line at the end. ``source`` is the file's text (for the
    line numbers of its front matter); errors are :class:`PeerhubError` naming ``where``."""
    review, problems = page_review(source, where)
    if problems:
        raise ContentError(problems)
    markdown = expand_blocks(markdown, page_url, site, renderer, where)
    return markdown + ("\n\n" + note_html(review) + "\n" if review is not None else "")
