"""Story pages and story listings, rendered from templates to markdown."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator import urls
from generator.hub import Hub
from generator.model import ROLE_LABELS, THEME_LABELS, Story
from generator.render.common import Page, linker, render

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class ThemeLink:
    name: str
    label: str
    url: str


@dataclass(frozen=True)
class StoryView:
    """What templates show of a story; built once per story and shared by every page."""

    slug: str
    url: str
    title: str
    summary: str
    date: date
    storyteller_name: str
    role_label: str
    team: str | None
    themes: tuple[ThemeLink, ...]
    tags: tuple[str, ...]
    content_notes: tuple[str, ...]
    quote: str | None
    reading_minutes: int
    draft: bool


def story_view(story: Story, hub: Hub) -> StoryView:
    meta = story.meta
    words = len(story.body.split())
    return StoryView(
        slug=story.slug,
        url=urls.story(story.slug),
        title=meta.title,
        summary=meta.summary,
        date=meta.date,
        storyteller_name=meta.storyteller.name,
        role_label=ROLE_LABELS[meta.storyteller.role],
        team=meta.storyteller.team,
        themes=tuple(ThemeLink(t, THEME_LABELS[t], urls.theme(t)) for t in meta.themes),
        tags=tuple(meta.tags),
        content_notes=tuple(meta.content_notes),
        quote=meta.quote,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        draft=hub.is_draft(story),
    )


def story_page(story: Story, view: StoryView, hub: Hub, markers: tuple[str, str], events: list[Any]) -> Page:
    """One story at ``stories/<slug>/``."""
    body = render(
        "story.md.j2",
        s=view,
        link=linker(view.url),
        body=story.body,
        body_start=markers[0],
        body_end=markers[1],
        events=events,
    )
    # No "title" here: MkDocs takes it from the escaped heading. A raw title in front matter
    # would reach Material's search results, which render titles as HTML.
    meta: dict[str, Any] = {"description": view.summary, "og_type": "article"}
    if view.draft:
        meta["draft"] = True
    return Page(view.url, meta, body, sanitize_body=True)


def listing_pages(
    views: list[StoryView], *, heading: str, intro: str, first_url: str, per_page: int, base: str
) -> list[Page]:
    """A paginated listing: ``first_url`` then ``<base>page/2/`` and on."""

    def page_url(number: int) -> str:
        return first_url if number == 1 else f"{base}page/{number}/"

    pages = max(1, math.ceil(len(views) / per_page))
    result = []
    for number in range(1, pages + 1):
        url = page_url(number)
        chunk = views[(number - 1) * per_page : number * per_page]
        title = heading if number == 1 else f"{heading} (page {number} of {pages})"
        body = render(
            "stories.md.j2",
            heading=title,
            intro=intro,
            stories=chunk,
            number=number,
            pages=pages,
            page_url=page_url,
            link=linker(url),
        )
        meta = {"title": title, "description": intro, "search": {"exclude": True}}
        result.append(Page(url, meta, body))
    return result
