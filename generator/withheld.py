"""Files of ``docs/`` that belong to stories not on the site: they are not published.

MkDocs copies ``docs/`` whole, so a withdrawn storyteller's photo (``image.src``, or a
picture or file the body links to) would stay at its public address after every text
trace of the story is gone. The plugin removes such files from what MkDocs writes, for
every kind of build: ``mkdocs build`` and ``peerhub build`` write a new folder, and the
preview deletes what its last build wrote and this one does not.

A file is kept when anything on the site still uses it: a story that is shown (in the
preview, drafts are shown), an event or series description, or a hand-written page.
A picture shared by a public story and a withdrawn one therefore stays: it is the public
story's picture too, and says nothing of the withdrawn one.

``mkdocs build --dirty`` cannot keep this promise (it leaves what earlier builds wrote,
and does not rebuild the pages that listed the story), so the plugin refuses it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.hub import Hub
from generator.memo import Memo, NoMemo
from generator.model import Story

DIRTY_REFUSED = (
    "--dirty is not supported by the peerhub plugin: a dirty build keeps what earlier builds wrote, "
    "so a story withheld since (withdrawn consent, a draft again, a lapsed review) would stay "
    "public. Build without --dirty; for a quick preview that rebuilds only what changed, use "
    "peerhub serve"
)

_MD_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_HTML_TARGET = re.compile(r"""\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


def targets(text: str) -> Iterator[str]:
    """Every address a markdown text links to or shows: ``](x)`` and ``src=``/``href=``."""
    for match in _MD_TARGET.finditer(text):
        yield match[1]
    if "=" in text:
        for match in _HTML_TARGET.finditer(text):
            yield match[1] or match[2] or match[3] or ""


def docs_path(target: str, page_dir: str) -> str | None:
    """The file of ``docs/`` an address of a page in ``page_dir`` points at, if on this site."""
    if not target or not urls.is_local(target):
        return None
    path = unquote(urlsplit(target.strip()).path)
    if not path:
        return None
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(page_dir, path)
    normal = posixpath.normpath(joined)
    return None if normal.startswith("../") or normal in {".", ".."} else normal


def story_files(story: Story) -> set[str]:
    """The files of ``docs/`` a story uses: its picture, and what its body shows or links to."""
    found = {docs_path(t, "stories") for t in targets(story.body)}
    if story.meta.image is not None:
        found.add(docs_path("/" + story.meta.image.src.lstrip("/"), ""))
    return {f for f in found if f is not None}


def withheld_files(hub: Hub, pages: Iterable[tuple[str, str]] = (), memo: Memo | None = None) -> set[str]:
    """Files of withheld stories that nothing on the site uses. ``pages``: hand-written
    pages as ``(src_uri, markdown)``, whose links keep a file; ``memo`` (the preview's)
    remembers each story's files."""
    memo = memo or NoMemo()
    shown = {s.slug for s in hub.stories}
    hidden: set[str] = set()
    for story, _ in hub.withheld:
        if story.slug not in shown:
            hidden |= memo.call(story_files, story)
    if not hidden:
        return set()
    used: set[str] = set()
    for story in hub.stories:
        used |= memo.call(story_files, story)
    texts = [(urls.src_uri(urls.event(e.id)), e.meta.description or "") for e in hub.events]
    texts += [(urls.src_uri(urls.series(s.id)), s.meta.description or "") for s in hub.series]
    for uri, text in [*texts, *pages]:
        used |= {f for f in (docs_path(t, posixpath.dirname(uri)) for t in targets(text)) if f}
    return hidden - used


def drop_withheld_files(files: Any, hub: Hub) -> None:
    """Remove from MkDocs' ``files`` the files of ``docs/`` that only withheld stories use."""
    pages = [(f.src_uri, f.content_string) for f in files.documentation_pages() if not f.generated_by]
    for path in sorted(withheld_files(hub, pages)):
        file = files.get_file_from_path(path)
        if file is not None and not file.is_documentation_page():
            files.remove(file)
