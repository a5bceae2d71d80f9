"""Sanitising story and event text written by staff: raw HTML in markdown is allowed, but
scripts, event handlers, iframes, ``javascript:`` links and requests to other hosts are not.

Rendering wraps each body in a pair of HTML comments carrying a per-build nonce; after the
markdown has become HTML, everything between the pair goes through ``nh3`` (ammonia).

What the theme's own code relies on is kept out of content as well: the ids of elements the
templates make (Material's all start ``__``: ``__config`` holds the settings its script
reads first, so a body's ``<div id="__config">`` would rewrite them), and the classes its
script acts on (``<pre class="mermaid">`` makes Material load a script from unpkg.com).
An id from content that is not a plain name, or is one of those, is renamed (the same way
in the page and in its table of contents, see :func:`clean_toc`); classes are kept only
from a short list of the ones the markdown extensions write.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nh3

from generator import urls

RESERVED_IDS = frozenset(
    {
        # generator/templates and overrides/ (tests/test_sanitize.py keeps this list complete)
        "need-help",
        "need-help-heading",
        "support",
        "support-heading",
        "content-notice-heading",
        "related-events",
        "related-stories",
        "add-to-calendar",
        "how-to-apply",
        "hub-search-results",
    }
)
"""Ids the hub's own templates give elements; every id starting ``__`` is reserved too
(Material's: ``__config``, ``__search``, ``__drawer``, ``__toc``, ``__nav_2_1`` ...)."""
RENAMED_PREFIX = "content-"
"""What a reserved id from content is renamed to start with: ``support`` becomes ``content-support``."""
_PLAIN_ID = re.compile(r"[^\W_][\w.:-]*|_(?!_)[\w.:-]*")
_NOT_ID = re.compile(r"[^\w-]+")

CONTENT_CLASSES = frozenset(
    {
        # admonition: "!!! note" is <div class="admonition note"><p class="admonition-title">
        "admonition",
        "admonition-title",
        # the admonition types Material styles
        *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"),
        *("success", "check", "done", "question", "help", "faq", "warning", "caution"),
        *("attention", "failure", "fail", "missing", "danger", "error", "bug", "example"),
        *("quote", "cite"),
        # footnotes
        "footnote",
        "footnote-ref",
        "footnote-backref",
    }
)
"""The classes an element from content may keep: those markdown extensions write. The
theme's script acts on others (``mermaid``, ``annotate``, ``md-*``), and ``hub-*`` would
make a body look like the hub's own blocks (the crisis numbers)."""


def is_reserved_id(value: str) -> bool:
    """True for an id the theme or the hub's templates give an element of their own."""
    return value.startswith("__") or value in RESERVED_IDS


def safe_id(value: str) -> str:
    """``value`` if it is a plain id (letters, digits, ``-``, ``_``, ``.``, ``:``) that is
    not reserved; else a plain, unreserved id made from it (the same each time)."""
    if _PLAIN_ID.fullmatch(value) and not is_reserved_id(value):
        return value
    name = _NOT_ID.sub("-", value).strip("-_") or "section"
    if is_reserved_id(value):
        name = RENAMED_PREFIX + name
    while is_reserved_id(name) or not _PLAIN_ID.fullmatch(name):
        name = RENAMED_PREFIX + name
    return name


_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
}


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return safe_id(value)
    if attribute == "class":
        kept = [name for name in value.split() if name in CONTENT_CLASSES]
        return " ".join(kept) or None
    if tag == "img" and attribute == "src" and not urls.is_local(value):
        return None  # no image from another host: pages must make no third-party request
    return value


_CONTENT = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    url_schemes={"http", "https", "mailto", "tel"},
    attribute_filter=_filter,
    link_rel=None,
    strip_comments=True,
)
"""Made once: ``nh3.clean`` builds its rules from these sets on every call, which cost as
much as sanitising a story's body."""


def clean(html: str) -> str:
    """Keep ordinary formatting; drop everything that could run code or leave the site."""
    return _CONTENT.clean(html)


@dataclass(frozen=True)
class Markers:
    """The comment pair around text to sanitise; the nonce makes it impossible to forge."""

    start: str
    end: str

    @classmethod
    def new(cls) -> Markers:
        nonce = secrets.token_hex(12)
        return cls(f"<!-- peerhub-body-start {nonce} -->", f"<!-- peerhub-body-end {nonce} -->")

    @property
    def pair(self) -> tuple[str, str]:
        return self.start, self.end


def sanitize_marked(html: str, markers: Markers, regions: list[str] | None = None) -> str:
    """Sanitise every marked section of a rendered page and remove the markers.

    Each sanitised section is also appended to ``regions`` when given (for the search index).
    """
    out: list[str] = []
    position = 0
    while True:
        start = html.find(markers.start, position)
        if start < 0:
            break
        end = html.find(markers.end, start)
        if end < 0:
            end = len(html)
        out.append(html[position:start])
        cleaned = clean(html[start + len(markers.start) : end])
        out.append(cleaned)
        if regions is not None:
            regions.append(cleaned)
        position = min(len(html), end + len(markers.end))
    out.append(html[position:])
    return "".join(out)


_TEXT_CHANGED = re.compile("[\x00\r&<>\xa0]")
"""What nh3 changes in text with no tags (every other code point it leaves as it is, tested
one by one): a title without any is its own clean text, with no call into nh3."""


_TEXT = nh3.Cleaner(tags=set(), attributes={}, strip_comments=True)


def clean_text(html: str) -> str:
    """HTML reduced to escaped text: tags removed, ``<``, ``>`` and ``&`` escaped."""
    if _TEXT_CHANGED.search(html) is None:
        return html
    return _TEXT.clean(html)


def clean_toc(items: Iterable[Any], *, rename: bool) -> None:
    """Make a page's table of contents (MkDocs' ``page.toc``) safe for any template.

    Material prints each entry's ``url`` and ``title`` into HTML as they are (MkDocs renders
    themes without autoescape). An id set with an attribute list, ``{: id='x" onfocus=...'}``,
    would end the ``href`` and add a handler. Titles become escaped text. With ``rename``
    (a page with sanitised content, whose ids :func:`clean` renamed) each id is made safe
    the same way; otherwise (a hand-written page) it is escaped, so the link still works.
    """
    for item in items:
        item.id = safe_id(item.id) if rename else _escape_attribute(item.id)
        item.title = clean_text(item.title)
        typeset = getattr(item, "typeset", None)  # Material's typeset plugin: the heading as HTML
        if isinstance(typeset, dict) and "title" in typeset:
            typeset["title"] = clean(str(typeset["title"]))
        clean_toc(item.children, rename=rename)


def _escape_attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
