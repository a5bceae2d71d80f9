"""Sanitising story and event text written by staff: raw HTML in markdown is allowed, but
scripts, event handlers, iframes, ``javascript:`` links and requests to other hosts are not.

Rendering wraps each body in a pair of HTML comments carrying a per-build nonce; after the
markdown has become HTML, everything between the pair goes through ``nh3`` (ammonia).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import nh3

RESERVED_IDS = frozenset(
    {
        "need-help",
        "support",
        "support-heading",
        "content-notice-heading",
        "related-events",
        "related-stories",
        "__search",
        "__drawer",
    }
)
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
    if attribute == "id" and value in RESERVED_IDS:
        return None
    if tag == "img" and attribute == "src" and ("//" in value.split("?")[0][:8] or ":" in value[:12]):
        return None  # no image from another host: pages must make no third-party request
    return value


def clean(html: str) -> str:
    """Keep ordinary formatting; drop everything that could run code or leave the site."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        attribute_filter=_filter,
        link_rel=None,
        strip_comments=True,
    )


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
