"""Shared pieces of rendering: the templates, the page record, links and escaping helpers."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import urls
from generator.memo import Memo, NoMemo
from generator.sanitize import Markers
from generator.schedule import day_in_words
from generator.search.records import Record
from generator.views import StoryImage

T = TypeVar("T")

# Python-Markdown's own escapable characters; a backslash before any other shows up literally.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


@dataclass
class Page:
    """A generated page: where it lives, what the theme shows of it, and its markdown body.

    The fields besides ``url`` and ``body`` reach the theme as front matter; which keys
    they become is the theme contract, at the edge (``generator.edge.theme``).
    """

    url: str
    """Directory URL relative to the site root, e.g. ``stories/my-story/``."""
    body: str
    description: str
    """For search engines and link previews: a summary or the listing's introduction."""
    title: str | None = None
    """The page's title, for listings; other pages take theirs from the (escaped) heading."""
    article: bool = False
    """A story: an article, for link previews (Open Graph)."""
    image: StoryImage | None = None
    jsonld: dict[str, Any] | None = None
    """schema.org structured data of the page."""
    draft: bool = False
    """Shown only in a preview: the theme puts a "Draft — not public" banner above it."""
    layout: str | None = None
    """``story`` or ``event``: a page read top to bottom, in one column with no menu or
    contents beside it (the menu stays in the header's drawer)."""
    sanitize_body: bool = False
    """True when the body holds story markdown to be sanitised after conversion to HTML."""
    search: Record | None = None
    """Set on story, event, series and open vacancy pages: what the site search finds them by (the
    text of their body is added once converted)."""
    in_search: bool = True
    """False: the site search leaves the page's text out. Listings say so (each story or
    event on them is a record of its own), and so may a page kept only so that old links
    work (a closed vacancy). A generated page with no record that is in the search (a
    vacancy, say) is found by the text of its content, as a hand-written page is."""
    indexed: bool = True
    """False for a page kept only so that shared links work (a closed vacancy): search
    engines are asked not to index it, and it is left out of the sitemap."""

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)


class Templates:
    """The Jinja templates of ``generator/templates``, each parsed once per object."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("generator", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
            auto_reload=False,
        )
        self.env.filters["md"] = md_inline
        self.env.filters["day"] = day_in_words
        self.env.filters["iso"] = iso
        self.env.globals["page_window"] = page_window


def render_template(templates: Templates, template: str, context: dict[str, Any]) -> str:
    return templates.env.get_template(template).render(**context)


@dataclass(frozen=True)
class Renderer:
    """What rendering uses besides the hub, all made by the edge: the templates, the memo
    (the preview's keeps pages from one build to the next) and the markers of bodies."""

    templates: Templates
    memo: Memo
    markers: Markers

    @classmethod
    def fresh(cls, markers: Markers | None = None, templates: Templates | None = None) -> Renderer:
        """A renderer that remembers nothing, for one render (tests, benchmarks)."""
        return cls(templates or Templates(), NoMemo(), markers or Markers.new())

    def render(self, template: str, **context: Any) -> str:
        """Render one template of ``generator/templates`` (or take last build's result)."""
        return self.memo.call(render_template, self.templates, template, context)

    def render_page(self, template: str, **context: Any) -> str:
        """Render one template, without a key in the memo: for a page that the memo keeps
        whole by its own arguments (``Memo.each``), which hold everything the template shows."""
        return render_template(self.templates, template, context)


@dataclass(frozen=True)
class Linker:
    """``link(target_url)`` for templates rendered at ``page_url``: the shortest relative link."""

    page_url: str

    def __call__(self, target: str) -> str:
        return urls.relative(self.page_url, target)


@dataclass(frozen=True)
class PageUrls:
    """The URLs of a listing's pages: ``base`` for page 1, then ``<base>page/N/``."""

    base: str

    def __call__(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"


def paginate(items: list[T], per_page: int) -> list[list[T]]:
    """``items`` in pages of ``per_page``: always one page at least, which may be empty."""
    pages = max(1, math.ceil(len(items) / per_page))
    return [items[(n - 1) * per_page : n * per_page] for n in range(1, pages + 1)]


def page_title(heading: str, number: int, pages: int) -> str:
    """Page 1 of a listing has its heading; later pages say which page they are."""
    return heading if number == 1 else f"{heading} (page {number} of {pages})"


def md_inline(text: str) -> Markup:
    """Text made safe for a markdown line: HTML characters escaped, markdown syntax inert."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def iso(value: date) -> str:
    return value.isoformat()


def page_window(number: int, pages: int, *, around: int = 2) -> list[int | None]:
    """Page numbers to link from page ``number``: the first, the last and ``around`` either
    side of it; ``None`` marks a gap. Links stay few however many pages there are."""
    wanted = {1, pages, *range(number - around, number + around + 1)}
    wanted |= {n for n in range(2, pages) if n - 1 in wanted and n + 1 in wanted}  # no gap of one
    out: list[int | None] = []
    for n in range(1, pages + 1):
        if n in wanted:
            out.append(n)
        elif out and out[-1] is not None:
            out.append(None)
    return out
