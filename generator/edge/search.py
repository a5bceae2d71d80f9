"""The hub's search in a MkDocs build: gathers the records, writes the index and the script.

MkDocs glue: the plugin and ``generator.edge.build`` call it at a few points of the build:

- ``configure``: names the script and stylesheet for the theme's search box, and refuses
  Material's own search plugin (it would build an index of every page that a phone
  downloads whole on its first search);
- ``SiteSearch.add``: the record of each generated story, event and programme page, from
  its view; ``converted``: each page once converted (and sanitised), which adds the text of
  a record's body, or otherwise makes a record of the page's text (``add_page``);
- ``SiteSearch.add_page``: the text of a hand-written page's content (not the theme's
  chrome), unless its front matter says ``audience: staff`` (``generator.audience``) or
  ``search: exclude``; the same for a generated page with no record that is not a listing
  (a vacancy, say), so a new kind of page is found without any code here;
- ``SiteSearch.write``: the index (``generator.search.index``), the script and the
  stylesheet into the site folder.

In the preview (``peerhub serve``) the same object lives from build to build
(``generator.edge.preview``): pages that a build does not convert again keep the text they
had, and only files that changed are written.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import ConfigurationError

from generator.audience import is_staff
from generator.edge.collector import collector_paused
from generator.search.index import Index, IndexBuilder
from generator.search.records import Record, page_record

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.peerhub")

EXTRA_KEY = "peerhub_search"
"""``config.extra`` key the theme's search partial reads (``overrides/partials/hub/search.html``)."""
META = "search/index.json"
THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
"""Material's search scripts: never loaded without its search plugin, so not copied."""

_BLOCK_LINE = re.compile(r"^(<!--\s*peerhub:(?:latest-stories|upcoming-events)\b[^>]*?-->)\s*$", re.MULTILINE)
"""Blocks filled with stories and events, which have records of their own."""
BLOCK_START = "<!-- peerhub-search: skip -->"
BLOCK_END = "<!-- peerhub-search: end -->"
_SKIPPED = re.compile(re.escape(BLOCK_START) + ".*?" + re.escape(BLOCK_END), re.DOTALL)
_NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"<h1\b.*?</h1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


@dataclass(frozen=True)
class Asset:
    """The script or stylesheet of the search box, named by its content."""

    source: str
    path: str
    data: bytes


def _assets() -> tuple[Asset, Asset]:
    folder = resources.files("generator.search") / "static"
    out = []
    for source, kind, suffix in (("search.js", "javascripts", "js"), ("search.css", "stylesheets", "css")):
        data = (folder / source).read_bytes()
        digest = hashlib.blake2b(data, digest_size=4).hexdigest()
        out.append(Asset(source, f"assets/{kind}/hub-search.{digest}.{suffix}", data))
    return out[0], out[1]


def configure(config: MkDocsConfig) -> None:
    """Tell the theme where the search script and index are; warn about Material's search."""
    script, style = _assets()
    config.extra[EXTRA_KEY] = {"script": script.path, "style": style.path, "index": "search/"}
    if "material/search" in config.plugins or "search" in config.plugins:
        raise ConfigurationError(
            f"{config.config_file_path or 'mkdocs.yml'}: plugins: remove 'search'. It is Material's "
            "search, which builds an index of every page that a phone downloads whole on its first "
            "search; the hub has its own search of stories, events and pages (README: 'Search')."
        )


def mark_blocks(markdown: str) -> str:
    """Put the ``<!-- peerhub:... -->`` lines of a hand-written page between markers, so the
    stories and events they are filled with are left out of the page's own text."""
    return _BLOCK_LINE.sub(lambda m: f"{BLOCK_START}\n\n{m[1]}\n\n{BLOCK_END}", markdown)


def text_of_html(markup: str) -> str:
    """The words of converted HTML as plain text: no tags, comments, scripts or entities."""
    markup = _NOT_TEXT.sub(" ", _SKIPPED.sub(" ", markup))
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def drop_theme_search(files: Files) -> None:
    """Leave Material's search scripts out of the site (nothing loads them)."""
    for file in list(files):
        if file.src_uri.startswith(THEME_SEARCH):
            files.remove(file)


@dataclass
class Report:
    """What went into the index, for the build log and the benchmark."""

    index: Index
    seconds: float
    written: int

    def __str__(self) -> str:
        return (
            f"search index: {self.index.records} pages, {self.index.words} words, "
            f"{len(self.index.files)} files, {self.index.bytes / 1_000_000:.1f} MB "
            f"({self.written} written) in {self.seconds:.2f} s"
        )


class SiteSearch:
    """The records of one build (and, in the preview, what earlier builds converted)."""

    def __init__(self) -> None:
        self.builder = IndexBuilder()
        self.records: dict[str, Record] = {}
        """Generated pages' records by URL, from their views; new in every build."""
        self.texts: dict[str, str] = {}
        """Plain text of each generated page's body by URL, kept while the page is not converted again."""
        self.pages: dict[str, Record] = {}
        """Records of pages found by their text (hand-written pages) by URL."""
        self.urls: set[str] | None = None
        """URLs of every page of this build, once known: a page that is gone leaves the index."""
        self._on_disk: set[str] = set()
        """Files the last build wrote or kept, by absolute path."""
        self._meta = b""
        self.report: Report | None = None
        self._last: tuple[dict[str, Record], set[str] | None, bool] = ({}, None, True)
        """The records, URLs and freshness of the build before this one (see :meth:`resume`)."""
        self._fresh = True
        """The records were made anew since the index was last written: it is built whole."""
        self._dirty: set[str] = set()
        """URLs whose record or text may have changed since the index was last written."""

    def begin(self, *, clean: bool, preview: bool = False) -> None:
        """A build starts; a clean one forgets what the earlier builds converted. The
        preview's builder remembers what it made, to make again only what changed."""
        self._last = (self.records, self.urls, self._fresh)
        self.records, self.urls, self._fresh = {}, None, True
        self.builder.remember = preview
        if clean:
            self.texts, self.pages, self._on_disk, self._meta = {}, {}, set(), b""

    def resume(self) -> None:
        """This build has the last one's pages at the same URLs: start from its records (a
        content rebuild then adds or drops those of the pages that changed)."""
        self.records, self.urls, self._fresh = self._last
        self._last = ({}, None, True)

    def drop(self, url: str) -> None:
        """The generated page at ``url`` has no record any more."""
        self.records.pop(url, None)
        self._dirty.add(url)

    def known(self, files: Files) -> None:
        """Every file of this build is known (a preview keeps records of pages it does not
        build again, but not of pages that are gone)."""
        self.urls = {"" if file.url == "./" else file.url for file in files.documentation_pages()}

    def add(self, record: Record, url: str) -> None:
        """A generated page at ``url`` (MkDocs' URL for it) with its record."""
        self.records[url] = record if record.url == url else replace(record, url=url)
        self._dirty.add(url)

    def add_text(self, url: str, regions: list[str]) -> None:
        """The sanitised HTML of a generated page's body (story, description)."""
        self.texts[url] = text_of_html(" ".join(regions))
        self._dirty.add(url)

    def converted(self, page: Page, content: str, regions: list[str] | None = None) -> None:
        """MkDocs converted ``page`` to ``content`` (HTML); ``regions``: its sanitised bodies,
        if it has any. A page with a record adds the text of its bodies to it; any other
        page is found by the text of its content."""
        if page.url not in self.records:
            self.add_page(page, content)
        elif regions is not None:
            self.add_text(page.url, regions)

    def add_page(self, page: Page, content: str) -> None:
        """A page with no record of its own (hand-written, or generated but not a listing),
        converted to ``content`` (HTML)."""
        meta: Mapping[str, Any] = page.meta or {}
        search = meta.get("search")
        self._dirty.add(page.url)
        if is_staff(meta) or (isinstance(search, dict) and search.get("exclude")):
            self.pages.pop(page.url, None)
            return
        heading = _HEADING.search(content)
        text = text_of_html(_HEADING.sub(" ", content, count=1))
        title = str(page.title or "")
        self.pages[page.url] = page_record(page.url, title, text, text_of_html(heading[0]) if heading else "")

    def _changed(self) -> dict[str, Record | None]:
        """The record of each page that may have changed since the index was written, text
        and all; ``None`` for a page that has none (a page for staff, say)."""
        changed: dict[str, Record | None] = {}
        for url in self._dirty:
            record = self.records.get(url)
            if record is not None:
                changed[url] = record.with_text(self.texts.get(url, ""))
            elif url in self.pages and (self.urls is None or url in self.urls):
                changed[url] = self.pages[url]
            else:
                changed[url] = None
        return changed

    def write(self, site_dir: str | os.PathLike[str]) -> set[str]:
        """Write the index, the script and the stylesheet; the paths of every file they are in.

        Every file but ``search/index.json`` is named by its content, so a file the last
        build wrote under the same name is the same, and the preview leaves it be.

        Python's cyclic garbage collector is paused meanwhile: the index is hundreds of
        thousands of small objects made at once, which set off full collections over
        everything the build holds (the preview showed a save 1.3 s later, and its first
        build 13 s later, than with the collector paused; the index has no cycles to free)."""
        with collector_paused():
            return self._write(site_dir)

    def _write(self, site_dir: str | os.PathLike[str]) -> set[str]:
        start = time.perf_counter()
        root = str(Path(site_dir))
        paths: set[str] = set()
        written = 0

        def write(name: str, data: bytes) -> None:
            nonlocal written
            target = f"{root}/{name}"  # as str(Path(root) / name): index names are plain
            paths.add(target)
            if target in self._on_disk and (name != META or self._meta == data) and os.path.isfile(target):
                return
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as file:
                file.write(data)
            written += 1
            if name == META:
                self._meta = data

        changed = None if self._fresh else self._changed()
        index = self.builder.patch(changed, write) if changed is not None else None
        if index is not None:  # the same pages: the files of the others are as last written
            paths = {f"{root}/{name}" for name in index.files}
        else:
            self.texts = {url: text for url, text in self.texts.items() if url in self.records}
            if self.urls is not None:
                self.pages = {url: r for url, r in self.pages.items() if url in self.urls}
            records = [r.with_text(self.texts.get(url, "")) for url, r in self.records.items()]
            index = self.builder.build([*self.pages.values(), *records], write)
        self._fresh, self._dirty = False, set()
        for asset in _assets():
            write(asset.path, asset.data)
        for old in self._on_disk - paths:
            Path(old).unlink(missing_ok=True)
        self._on_disk = paths
        self.report = Report(index, time.perf_counter() - start, written)
        log.info("%s", self.report)
        return set(paths)
