"""Pages for staff: out of the public menu, out of search engines.

A hand-written page whose front matter says ``audience: staff`` (the publishing guide) is
for communications staff, who reach it from README and the editor. The site still builds
it, but it is not in the navigation (nor in the previous/next links), its ``<head>`` says
``<meta name="robots" content="noindex">`` and it is not in ``sitemap.xml`` (both in the
theme, from ``page.meta``). The search engineer's index reads the same key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import yaml

KEY = "audience"
STAFF = "staff"
_HEAD_LIMIT = 64_000
"""Front matter is read from at most this much of the start of a page."""


def is_staff(meta: Mapping[str, Any] | None) -> bool:
    """True for the front matter of a page for staff."""
    return bool(meta) and str((meta or {}).get(KEY, "")).strip().lower() == STAFF


def front_matter(text: str) -> Mapping[str, Any]:
    """The YAML front matter of a markdown page (empty when it has none or it is not valid:
    MkDocs reports broken front matter itself)."""
    head = text[:_HEAD_LIMIT]
    if not head.startswith("---"):
        return {}
    end = head.find("\n---", 3)
    if end < 0:
        return {}
    try:
        data = yaml.safe_load(head[3:end])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def staff_pages(files: Any) -> set[str]:
    """The ``src_uri`` of every hand-written page of MkDocs ``files`` that is for staff."""
    return {
        file.src_uri
        for file in files.documentation_pages()
        if not file.generated_by and is_staff(front_matter(file.content_string))
    }


def hide_from_nav(nav: Any, staff: set[str], files: Any = ()) -> list[str]:
    """Take pages whose ``file.src_uri`` is in ``staff`` out of a MkDocs navigation (items,
    sections and the page list), and link the previous/next pages around them.

    Each staff page of ``files`` is marked ``audience: staff`` in its ``meta`` at once, so
    the sitemap leaves it out even in a preview's rebuild that does not read it again.
    Returns the titles taken out. Duck-typed, so the core imports nothing from MkDocs."""
    if not staff:
        return []
    for file in getattr(files, "documentation_pages", lambda: files)():
        if file.src_uri in staff and getattr(file, "page", None) is not None:
            file.page.meta.setdefault(KEY, STAFF)
    removed: list[str] = []

    def keep(item: Any) -> bool:
        file = getattr(item, "file", None)
        if file is not None and getattr(file, "src_uri", None) in staff:
            removed.append(str(getattr(item, "title", None) or file.src_uri))
            return False
        return True

    def prune(items: Iterable[Any]) -> list[Any]:
        kept = []
        for item in items:
            if not keep(item):
                continue
            children = getattr(item, "children", None)
            if children:
                item.children = prune(children)
                if not item.children:  # a section of staff pages only
                    continue
            kept.append(item)
        return kept

    nav.items = prune(nav.items)
    for page in nav.pages:
        if page.file.src_uri in staff:
            page.previous_page = page.next_page = None
    pages = [p for p in nav.pages if p.file.src_uri not in staff]
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
    nav.pages = pages
    return removed
