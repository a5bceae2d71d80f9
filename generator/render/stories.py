"""Story pages and story listings (all stories, by theme, by storyteller role), rendered
from templates to markdown."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from generator import urls
from generator.images import image_size
from generator.model import ROLE_LABELS, THEME_LABELS, Story
from generator.render.cards import StoryCards
from generator.render.common import (
    Linker,
    Page,
    PageUrls,
    Renderer,
    Templates,
    page_title,
    paginate,
    render_template,
)
from generator.render.jsonld_article import article
from generator.settings import HelpLine, Settings
from generator.views import EventView, Link, StoryImage, StoryView

WORDS_PER_MINUTE = 200
_MARK_WORDS = bytes(32 if chr(code).isspace() else 120 for code in range(256))
"""ASCII whitespace (what ``str.split`` splits at) as a space, any other character as ``x``."""


def word_count(text: str) -> int:
    """``len(text.split())``, without making a string of each word when ``text`` is ASCII:
    a word starts at each ``x`` after a space of the text marked by :data:`_MARK_WORDS`."""
    if not text.isascii():
        return len(text.split())
    marked = text.encode("ascii").translate(_MARK_WORDS)
    return marked.count(b" x") + marked.startswith(b"x")


THEME_MEANINGS: dict[str, str] = {
    "connection": (
        "Connection means feeling part of something: having people around you, and places "
        "where you belong. These stories are about relationships, belonging and not being alone."
    ),
    "hope": (
        "Hope means believing that things can get better and that a good life is possible. "
        "These stories are about meeting someone who has been there, and starting to believe it."
    ),
    "identity": (
        "Identity means seeing yourself as a whole person, not just a diagnosis. These stories "
        "are about finding or rebuilding a sense of who you are."
    ),
    "meaning": (
        "Meaning means having things in your life that matter to you, such as work, family, "
        "faith, a hobby or helping others. These stories are about finding purpose."
    ),
    "empowerment": (
        "Empowerment means having a say and feeling in control of your life, your choices and "
        "your recovery. These stories are about taking back control."
    ),
}
"""What each CHIME theme means, shown at the top of its page (the role page explains CHIME)."""

ROLE_PLURALS: dict[str, str] = {
    "peer-support-worker": "Peer Support Workers",
    "service-user": "People who use services",
    "carer": "Carers",
    "staff": "Staff",
    "team": "Teams",
}
ROLE_HEADINGS: dict[str, tuple[str, str]] = {
    "peer-support-worker": (
        "Stories from Peer Support Workers",
        "Peer Support Workers use their own lived experience of mental health problems and "
        "recovery to support others. Here they tell what the work means to them.",
    ),
    "service-user": (
        "Stories from people who use services",
        "People who use mental health services tell what peer support was like for them.",
    ),
    "carer": (
        "Stories from carers",
        "Family members, partners and friends who care for someone tell their side of the story.",
    ),
    "staff": (
        "Stories from staff",
        "Nurses, doctors, managers and other staff tell what working alongside Peer Support Workers is like.",
    ),
    "team": (
        "Stories from teams",
        "News and stories written by a team or service, about peer support where they work.",
    ),
}
"""The heading and first sentence of each ``stories/roles/<role>/`` page."""


def story_image(src: str, alt: str, docs_dir: Path | None) -> StoryImage | None:
    """The story's picture when it is on this site (a picture elsewhere is never shown)."""
    if not urls.is_local(src):
        return None
    path = src.lstrip("/")
    size = image_size(docs_dir / path) if docs_dir is not None else None
    return StoryImage(path, alt, *(size or (None, None)))


def story_view(story: Story, draft: bool, docs_dir: Path | None) -> StoryView:
    """What every page shows of ``story``; ``draft`` when it is shown only in a preview;
    ``docs_dir`` holds its picture (whose size the page keeps room for)."""
    meta = story.meta
    words = word_count(story.body)
    image = meta.image
    role = meta.storyteller.role
    return StoryView(
        slug=story.slug,
        url=urls.story(story.slug),
        title=meta.title,
        summary=meta.summary,
        date=meta.date,
        storyteller_name=meta.storyteller.name,
        role=Link(role, ROLE_LABELS[role], urls.role(role)),
        team=meta.storyteller.team,
        themes=tuple(Link(t, THEME_LABELS[t], urls.theme(t)) for t in meta.themes),
        tags=tuple(meta.tags),
        content_notes=tuple(meta.content_notes),
        quote=meta.quote,
        image=story_image(image.src, image.alt, docs_dir) if image else None,
        words=words,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        draft=draft,
    )


def help_line_href(line: HelpLine) -> str:
    """``tel:116123``, or for a text line ``sms:85258?&body=SHOUT`` (as the theme's banner)."""
    dial = line.number.replace(" ", "")
    return f"sms:{dial}?&body={quote(line.text)}" if line.text else f"tel:{dial}"


def help_links(lines: tuple[HelpLine, ...]) -> tuple[tuple[HelpLine, str], ...]:
    """Each help line with its link (the same on every story page)."""
    return tuple((line, help_line_href(line)) for line in lines)


def story_page(
    story: Story,
    view: StoryView,
    settings: Settings,
    events: list[EventView],
    help_lines: tuple[tuple[HelpLine, str], ...],
    renderer: Renderer,
) -> Page:
    """One story at ``stories/<slug>/``, with ``Article`` JSON-LD and Open Graph fields."""
    markers = renderer.markers
    body = renderer.render_page(
        "story.md.j2",
        s=view,
        link=Linker(view.url),
        body=story.body,
        body_start=markers.start,
        body_end=markers.end,
        events=events,
        support=support_section(renderer.templates, help_lines, urls.relative(view.url, settings.help_url)),
    )
    # No title here: MkDocs takes it from the escaped heading. A raw title in front matter
    # would reach Material's search results, which render titles as HTML.
    return Page(
        view.url,
        body,
        description=view.summary,
        article=True,
        image=view.image,
        jsonld=article(story, settings, view.words, image=view.image.src if view.image else None),
        draft=view.draft,
        layout="story",
        sanitize_body=True,
    )


@lru_cache(maxsize=8)
def support_section(
    templates: Templates, help_lines: tuple[tuple[HelpLine, str], ...], help_href: str
) -> Markup:
    """The "Support after reading" section that ends every story page, rendered once per
    build: it depends only on the help lines and the link to the help page (the same from
    every story's folder)."""
    return Markup(
        render_template(templates, "_story_support.j2", {"help_lines": help_lines, "help_href": help_href})
    )


@dataclass(frozen=True)
class Browse:
    """A group of links to narrower listings, shown on the first page of ``stories/``."""

    heading: str
    links: tuple[tuple[Link, int], ...]
    """Each listing with how many stories it has; empty ones are left out."""


def story_listings(views: list[StoryView], per_page: int, renderer: Renderer) -> list[Page]:
    """``stories/``, ``stories/themes/<theme>/`` and ``stories/roles/<role>/``, paginated."""
    by_theme: dict[str, list[StoryView]] = {name: [] for name in THEME_LABELS}
    by_role: dict[str, list[StoryView]] = {name: [] for name in ROLE_LABELS}
    for view in views:  # one pass, newest first as given; a theme named twice lists it once
        for theme in view.themes:
            listed = by_theme.get(theme.name)
            if listed is not None and (not listed or listed[-1] is not view):
                listed.append(view)
        listed = by_role.get(view.role.name)
        if listed is not None:
            listed.append(view)
    browse = (
        Browse(
            "Stories by theme",
            tuple(
                (Link(name, label, urls.theme(name)), len(by_theme[name]))
                for name, label in THEME_LABELS.items()
                if by_theme[name]
            ),
        ),
        Browse(
            "Stories by who tells them",
            tuple(
                (Link(name, ROLE_PLURALS[name], urls.role(name)), len(items))
                for name, items in by_role.items()
                if items
            ),
        ),
    )
    cards = StoryCards(renderer.templates)
    pages = listing_pages(
        views,
        heading="Stories",
        intro="Real stories of peer support and recovery, told by the people who lived them.",
        base=urls.STORIES,
        per_page=per_page,
        browse=browse,
        renderer=renderer,
        cards=cards,
    )
    for name, label in THEME_LABELS.items():
        pages += listing_pages(
            by_theme[name],
            heading=f"Stories of {label.lower()}",
            intro=THEME_MEANINGS[name],
            base=urls.theme(name),
            per_page=per_page,
            renderer=renderer,
            cards=cards,
        )
    for name in ROLE_LABELS:
        heading, intro = ROLE_HEADINGS[name]
        pages += listing_pages(
            by_role[name],
            heading=heading,
            intro=intro,
            base=urls.role(name),
            per_page=per_page,
            renderer=renderer,
            cards=cards,
        )
    return pages


def listing_pages(
    views: list[StoryView],
    *,
    heading: str,
    intro: str,
    base: str,
    per_page: int,
    renderer: Renderer,
    browse: tuple[Browse, ...] = (),
    cards: StoryCards | None = None,
) -> list[Page]:
    """A paginated listing: ``base`` then ``<base>page/2/`` and on; newest first as given.
    ``cards`` renders each story's card once for all the listings that share it."""
    memo = renderer.memo  # hands back a listing page whose stories are the same views
    cards = memo.same(cards or StoryCards(renderer.templates))
    page_url, browse = memo.same(PageUrls(base)), memo.same(browse)
    chunks = paginate(views, per_page)
    count = len(chunks)
    rows = {
        number: (chunk, heading, intro, number, count, page_url, browse, base, renderer, cards)
        for number, chunk in enumerate(chunks, 1)
    }
    return list(memo.each(base, _listing_page, rows).values())


def _listing_page(
    chunk: list[StoryView],
    heading: str,
    intro: str,
    number: int,
    pages: int,
    page_url: Callable[[int], str],
    browse: tuple[Browse, ...],
    base: str,
    renderer: Renderer,
    cards: StoryCards,
) -> Page:
    url = page_url(number)
    title = page_title(heading, number, pages)
    body = renderer.render_page(
        "stories.md.j2",
        heading=title,
        intro=intro,
        stories=chunk,
        number=number,
        pages=pages,
        page_url=page_url,
        link=Linker(url),
        browse=browse if number == 1 else (),
        narrower=base != urls.STORIES,
        card=cards,
    )
    return Page(url, body, description=intro, title=title, in_search=False)
