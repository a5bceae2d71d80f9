"""Shared pieces of rendering: the Jinja environment, page records, escaping helpers."""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import urls
from generator.memo import frozen, remembered
from generator.schedule import day_in_words

if TYPE_CHECKING:
    from generator.search import SearchDoc

T = TypeVar("T")

# Python-Markdown's own escapable characters; a backslash before any other shows up literally.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


READING_LAYOUT: dict[str, dict[str, Any]] = {
    kind: {"hide": ["navigation", "toc"], "layout": kind} for kind in ("story", "event")
}
"""Story and event pages are read top to bottom: no menu or contents beside them (the menu
stays in the header's drawer), one column of comfortable width (``hub-layout--story``)."""


@dataclass
class Page:
    """A generated markdown page: where it lives, its front matter and its body."""

    url: str
    """Directory URL relative to the site root, e.g. ``stories/my-story/``."""
    meta: dict[str, Any]
    body: str
    sanitize_body: bool = False
    """True when the body holds story markdown to be sanitised after conversion to HTML."""
    extra: dict[str, Any] = field(default_factory=dict)
    search: SearchDoc | None = None
    """Set on story and event pages: indexed by ``generator.search``, not by the page's text."""

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)

    def markdown(self) -> str:
        """The whole file: front matter (YAML, written as JSON), then the body."""
        front = remembered(lambda: ("front matter", repr(self.meta)), lambda: _front_matter(self.meta))
        return f"---\n{front}---\n\n{self.body}"


# Characters JSON leaves as they are but YAML reads as a line break or refuses.
_NOT_YAML = re.compile("[\x80-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _front_matter(meta: dict[str, Any]) -> str:
    """The front matter as JSON, which YAML reads as it is, and which is written ten times
    faster than YAML (a quarter of a second per 1,000 stories)."""
    text = json.dumps(meta, ensure_ascii=False, indent=1)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


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


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One Jinja environment for the process: templates are parsed once and cached."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters["md"] = md_inline
    env.filters["day"] = day_in_words
    env.filters["iso"] = iso
    env.globals["page_window"] = page_window
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of ``generator/templates``."""
    return remembered(
        lambda: (template, frozen(context)), lambda: environment().get_template(template).render(**context)
    )


@lru_cache(maxsize=1 << 16)
def linker(page_url: str) -> Any:
    """A ``link(target_url)`` function for templates rendered at ``page_url`` (one per URL,
    so rendered pages can be remembered by their inputs)."""

    def link(target: str) -> str:
        return urls.relative(page_url, target)

    return link
