"""Reading built HTML the way a browser would, for tests: what it fetches on its own, and
whether text from content stayed text.

Content text in the hostile tests is wrapped in two markers (``START`` ... ``END``). In
safely escaped output each wrapped value is one piece of text: a single text node or a
single attribute value. If markup from the value were live, the parser would see a tag
or an attribute in between, and the pair would be split.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

START, END = "Qs9", "9eQ"

# What a browser fetches without a click: (tag, attribute) pairs, and <link> rels.
FETCHED = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
}
FETCHED_LINKS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
    "manifest",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def elsewhere(url: str) -> bool:
    """True for an address on another host (http:, https: or protocol-relative //)."""
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


class Fetches(HTMLParser):
    """Every address in a page that a browser would fetch on its own."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in FETCHED:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            if name == "style":
                self.urls += [a or b for a, b in CSS_URL.findall(value)]
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & FETCHED_LINKS:
            self.urls.append(values.get("href", ""))

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style":
            self.urls += [a or b for a, b in CSS_URL.findall(data)]


class Markup(HTMLParser):
    """Tags, attributes, scripts and the pieces of text of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.pieces: list[str] = []
        """Every text node and attribute value, decoded."""
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        self.pieces += list(values.values())
        self.pieces += [f"<{tag}>", *[f"<@{name}>" for name in values]]  # names, to spot markers
        if tag == "script":
            self._script = values

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        self.pieces.append(data)
        if self._script is not None:
            self.scripts.append((self._script, data))

    def handle_comment(self, data: str) -> None:
        self.pieces.append(f"<!--{data}-->")


def parse(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    markup.close()
    return markup


def split_values(markup: Markup) -> list[str]:
    """Pieces where a wrapped value was cut open by markup: START without END after it,
    END without START before it, or a marker in a tag or attribute name."""

    def cut(piece: str) -> bool:
        starts, ends = piece.count(START), piece.count(END)
        if piece.startswith("<"):  # a tag, attribute name or comment
            return bool(starts or ends)
        return starts != ends or bool(starts and piece.index(END) < piece.index(START))

    return [piece for piece in markup.pieces if cut(piece)]


def wrapped(text: str) -> list[str]:
    """Every wrapped value in ``text``, markers excluded."""
    return re.findall(re.escape(START) + "(.*?)" + re.escape(END), text, re.S)
