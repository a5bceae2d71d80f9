"""The theme contract: what a generated page tells the theme, as front matter.

Generated pages reach MkDocs as markdown files whose front matter the theme reads:

- ``title``: the page's title, on listings (other pages take it from their heading, which
  is escaped);
- ``description``: meta description and Open Graph (``overrides/main.html``);
- ``og_type``: ``article`` for a story (``overrides/main.html``; default ``website``);
- ``image``: ``{src, alt}`` of a story's picture, for Open Graph (``overrides/main.html``);
- ``jsonld``: schema.org structured data, written with ``tojson`` (``overrides/main.html``);
- ``draft``: ``true`` shows the "Draft — not public" banner (``overrides/main.html``);
- ``hide: [navigation, toc]`` and ``layout``: a story or event page is one column of
  comfortable width, with no menu or contents beside it (Material; ``overrides/main.html``);
- ``search: {exclude: true}``: the hub's search (``generator.edge.search``) does not index
  the page's text: a listing is not searched, and a story, event or series page is found
  by its record, made from its view. Any other generated page is indexed by its text.
- ``robots: noindex``: a page kept only so that links to it work (a closed vacancy): search
  engines are asked not to index it and the sitemap leaves it out (``overrides/``).

The core's :class:`~generator.render.Page` says these things in its own words; this
module alone knows the keys. A theme that reads other keys needs only another version of it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.memo import Memo
from generator.render import Page

# Characters JSON leaves as they are but YAML reads as a line break or refuses.
_NOT_YAML = re.compile("[\x80-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def front_matter(page: Page) -> dict[str, Any]:
    """The keys the theme reads for ``page``, in a stable order."""
    meta: dict[str, Any] = {}
    if page.title is not None:
        meta["title"] = page.title
    meta["description"] = page.description
    if page.article:
        meta["og_type"] = "article"
    if page.image is not None:
        meta["image"] = {"src": page.image.src, "alt": page.image.alt}
    if page.jsonld is not None:
        meta["jsonld"] = page.jsonld
    if page.draft:
        meta["draft"] = True
    if page.layout is not None:
        meta["hide"] = ["navigation", "toc"]
        meta["layout"] = page.layout
    if not page.indexed:
        meta["robots"] = "noindex"
    if page.search is not None or not page.in_search:
        meta["search"] = {"exclude": True}
    return meta


def page_markdown(page: Page, memo: Memo) -> str:
    """The page as MkDocs reads it: front matter (YAML, written as JSON), then the body."""
    return f"---\n{memo.call(front_matter_text, front_matter(page))}---\n\n{page.body}"


def front_matter_text(meta: dict[str, Any]) -> str:
    """The front matter as JSON, which YAML reads as it is, and which is much quicker to
    write than YAML."""
    text = json.dumps(meta, ensure_ascii=False, indent=1)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"
