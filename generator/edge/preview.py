"""``peerhub serve``: a live preview that rebuilds only what a saved change touched.

MkDocs' own ``serve`` rebuilds the whole site on every save, about 20 seconds for a hub
of 1,000 stories. Here the site is built once. A save of content alone (the watcher says
which files were saved) is shown without MkDocs' build at all
(``generator.edge.content_rebuild``); any other save, or one that content rebuild cannot
be sure of, runs a MkDocs "dirty" build, in which the plugin marks a page to be built
again only when:

- it is generated and its markdown differs from the last build (the render memo makes
  producing that markdown cheap), or it links to a ``.md`` file and pages came or went;
- it is in the navigation and generated, or hand-written with a title taken from itself;
- it is a hand-written page that shows stories or events (``<!-- peerhub:... -->``).

Every other page keeps the HTML it already has. The files served are the files a clean
build writes: pages that disappeared are deleted, feeds, calendars and search files are
written when they change (``generator.edge.search`` keeps the text of pages not built
again, and makes again only the index files a change touched). A change anywhere else
(``mkdocs.yml``, ``docs/``, the theme's ``custom_dir``) or a failed build makes the next
rebuild a clean one.

A clean build writes only the pages in the navigation and the hand-written pages, then
the preview serves: the other generated pages are *pending* (``generator.edge.pending``),
written when a browser asks for one and otherwise by a background thread, and the search
index follows once every page is written (at 10,000 stories the first page is served in
about 25 s instead of two and a half minutes). A rebuild keeps what is still pending
pending. The memo remembers, besides rendered markdown, each story's checks of its own
words and its whole page while its file is unchanged (``generator.pipeline``), and
:class:`Previewer` pauses Python's cyclic garbage collector while a build runs.

The preview differs from a full build by this object alone: the plugin calls the same
methods on :class:`Incremental` as on :class:`~generator.edge.output.FullBuild`.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

import click
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.audience import front_matter
from generator.edge.collector import collector_paused
from generator.edge.output import FullBuild, Request
from generator.edge.pending import PendingPages
from generator.edge.search import SiteSearch
from generator.load import ParseCache
from generator.memo import Memo
from generator.sitedir import preview_folder

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage

    from generator.edge.plugin import PeerHubPlugin
    from generator.render import Page

log = logging.getLogger("mkdocs.plugins.peerhub")

POLLING_SECONDS = 0.25
"""How often the watched folders are checked for saved changes (MkDocs waits 0.5 s)."""


class PreviewFile(File):
    """A generated page that MkDocs' dirty build skips while its markdown is unchanged, or
    while it is pending (written later, on request or in the background)."""

    changed: bool = True
    pending: bool = False
    noindex: bool = False
    """Its front matter asks search engines not to index it (a closed vacancy): the sitemap
    leaves it out, read this build or not."""

    def is_modified(self) -> bool:
        if self.pending:
            return False
        return self.changed or not os.path.isfile(self.abs_dest_path)


def noindex(markdown: str) -> bool:
    """Whether a generated page's front matter asks search engines not to index it (a closed
    vacancy): the sitemap leaves such a page out."""
    return "noindex" in markdown and front_matter(markdown).get("robots") == "noindex"


def in_nav(file: File) -> bool:
    """Whether the page of ``file`` is in the navigation."""
    return bool(file.inclusion.is_in_nav())


def _snapshot(folder: str | None) -> list[tuple[str, int, int]]:
    """Every file under ``folder`` with its modification time and size."""
    if not folder or not os.path.isdir(folder):
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            out.append((path, stat.st_mtime_ns, stat.st_size))
    return out


class Incremental(FullBuild):
    """What the preview remembers between builds, and the decisions it makes with it."""

    def __init__(self) -> None:
        super().__init__()
        self.memo = Memo()
        """Rendered markdown of the hub's pages, reused while their inputs are equal."""
        self.parsed = ParseCache()
        self._search = SiteSearch()
        """Search records and texts, kept for the pages a build does not build again."""
        self._fingerprint = ""
        self._markdown: dict[str, str] = {}
        """Generated markdown of the last successful build, by ``src_uri``."""
        self._pages: set[str] = set()
        self._outputs: set[str] = set()
        """Files the last successful build wrote or kept, as absolute paths."""
        self._written: dict[str, bytes] = {}
        """Digest of each feed and calendar file as last written."""
        self._written_data: dict[str, bytes] = {}
        """The bytes last written (or found written) to each feed and calendar file."""
        self._built: set[str] = set()
        self.files: Files | None = None
        """The files of the last build (its pages, written or pending)."""
        self._documents: dict[bool, Sequence[File]] = {}
        """The documentation pages of ``files``, in order; by whether drafts are in (served)."""
        self.still_pending: set[str] = set()
        """URLs of the pages the last build left pending and nobody has written since, as
        :class:`~generator.edge.pending.PendingPages` said when this build began."""
        self._search_paths: set[str] = set()
        """The search index's files as last written."""
        self._search_due = False
        """The search index waits for pending pages (written by :meth:`pending_done`)."""
        self.changed_files: list[PreviewFile] | None = None
        """The only generated pages whose markdown this build changed, when a content rebuild
        knows them (the files are the last build's, at the same URLs)."""
        self._file_outputs: tuple[Files | None, int, set[str]] = (None, 0, set())
        """The files of the last build, how many, and the paths they are written to."""
        self.flags_clear: Files | None = None
        """The files whose pages all say they are not pending (a content rebuild left them so),
        until MkDocs builds again: :meth:`pending_files` need not look through them."""
        self._page_markdown: dict[int, tuple[Page, str]] = {}
        """Markdown of the last build's page objects, by identity (the page is held, so its
        ``id`` is not reused)."""
        self._next_markdown: dict[int, tuple[Page, str]] = {}
        self.config: MkDocsConfig | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None
        self.full = True
        """The next build is a clean one: everything is built."""
        self.clean_build = True
        """The build under way (or just done) is a clean one."""
        self.succeeded = False
        """The last build finished: its files, navigation and templates can be built again."""

    # -- before the pages are read

    def search(self) -> SiteSearch:
        self._search.begin(clean=self.clean_build, preview=True)
        return self._search

    def begin(self, config: MkDocsConfig) -> None:
        """Decide whether this build can reuse the last one; if not, start clean."""
        theme_dir = config.theme.custom_dir if config.theme else None
        state = [
            Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
            repr(_snapshot(config.docs_dir)).encode(),
            repr(_snapshot(theme_dir)).encode(),
            config.site_dir.encode(),
        ]
        fingerprint = hashlib.blake2b(b"\0".join(state)).hexdigest()
        self.full = self.full or fingerprint != self._fingerprint
        self._fingerprint = self.memo.files = fingerprint
        self.clean_build = self.full
        if self.full:
            _clean(config.site_dir)
            self._markdown, self._pages, self._outputs = {}, set(), set()
            self._written, self.still_pending, self._search_paths = {}, set(), set()
            self._written_data = {}
        self.config = config
        self.next_build()

    def next_build(self) -> None:
        """Start a build, clean, dirty or of content alone (``generator.edge.content_rebuild``)."""
        self.memo.next_build()
        self.succeeded = False
        self.changed_files = None
        self._built = set()
        self._page_markdown, self._next_markdown = self._next_markdown or self._page_markdown, {}

    def page_markdown(self, page: Page) -> str:
        """A page's markdown; the same page object as in the last build (the memo hands back
        an unchanged story's) has the same markdown."""
        kept = self._page_markdown.get(id(page))
        if kept is not None and kept[0] is page:
            markdown = kept[1]
        else:  # a page made again (a listing, say): one copy of its markdown if it is the same
            markdown = super().page_markdown(page)
            last = self._markdown.get(page.src_uri)
            markdown = last if last == markdown and last is not None else markdown
        self._next_markdown[id(page)] = (page, markdown)
        return markdown

    def markdown_kept(self, replaced: Sequence[Page]) -> None:
        """The pages of the last build are this build's but for those that ``replaced``
        ones: a content rebuild asked :meth:`page_markdown` only for the new pages; the rest
        keep the markdown they had."""
        kept = dict(self._page_markdown)
        for page in replaced:
            found = kept.get(id(page))
            if found is not None and found[0] is page:
                del kept[id(page)]
        kept.update(self._next_markdown)
        self._next_markdown = kept

    def page_file(self, config: MkDocsConfig, src_uri: str, markdown: str, inclusion: InclusionLevel) -> File:
        """The MkDocs file of a generated page, marked changed when it must be built. In a
        clean build a page outside the navigation is left pending, as is a page still pending."""
        file = cast(
            PreviewFile, PreviewFile.generated(config, src_uri, content=markdown, inclusion=inclusion)
        )
        file.changed = self.full or self._markdown.get(src_uri) != markdown or inclusion.is_in_nav()
        file.pending = (self.full and not inclusion.is_in_nav()) or file.url in self.still_pending
        file.noindex = noindex(markdown)
        return file

    def prepare(self, files: Files) -> None:
        """Mark what else must be built: hand-written pages that show stories or events, and
        pages whose ``.md`` links may point elsewhere now that pages came or went."""
        documents = files.documentation_pages()
        pages = {f.src_uri for f in documents}
        moved = pages != self._pages
        for file in documents:
            if isinstance(file, PreviewFile):
                if moved and ".md" in file.content_string:
                    file.changed = True
            elif "peerhub:" in file.content_string:
                _build_again(file)
        self.files = files
        self.files_moved()
        self.flags_clear = None
        self._current_pages = pages

    def nav_ready(self, nav: Navigation) -> None:
        """Build again the hand-written pages whose navigation title comes from the page
        itself: other pages' navigation shows it, so it must be read."""
        self.nav = nav
        for page in nav.pages:
            if not isinstance(page.file, PreviewFile) and page.title is None:
                _build_again(page.file)

    def environment(self, env: Environment) -> None:
        """Every page this build reads is read. A generated page it did not read (pending, or
        unchanged) has no front matter yet: one that is not to be indexed says so, as
        :func:`generator.audience.hide_from_nav` does for staff pages, so that the sitemap,
        which is written next, leaves it out as a full build does."""
        super().environment(env)
        self.env = env
        for file in self.files or ():
            if isinstance(file, PreviewFile) and file.noindex and file.page is not None:
                file.page.meta.setdefault("robots", "noindex")

    def built(self, page: MkDocsPage) -> None:
        """MkDocs wrote ``page`` in this build (or after it, when it was pending). The HTML,
        markdown and front matter of a generated page outside the navigation are let go: no
        other page shows them, not even its title (hundreds of MB at 10,000 stories)."""
        self._built.add(page.url)
        if isinstance(page.file, PreviewFile) and not page.file.inclusion.is_in_nav():
            page.content = page.markdown = None
            # Its front matter (JSON-LD and all) is read again when it is built again; the
            # sitemap, written from every page, needs only whether it is to be indexed.
            page.meta = {key: page.meta[key] for key in ("robots",) if key in page.meta}

    def failed(self) -> None:
        """The build stopped; if any page was written, the next one starts clean."""
        if self._built:
            self.full = True

    # -- after the build

    def needs_writing(self, path: str, data: bytes) -> bool:
        """False when the file at ``path`` already holds ``data`` from an earlier build: the
        very bytes the memo handed back for an unchanged feed or calendar, or equal ones."""
        if self._written_data.get(path) is data:
            return False
        digest = hashlib.blake2b(data, digest_size=16).digest()
        self._written_data[path] = data
        if self._written.get(path) == digest and os.path.isfile(path):
            return False
        self._written[path] = digest
        return True

    def finish(self, config: MkDocsConfig, written: set[str]) -> None:
        """Delete what the last build wrote and this one did not; remember this build."""
        assert self.files is not None
        if self._file_outputs[0] is not self.files or self._file_outputs[1] != len(self.files):
            self._file_outputs = (self.files, len(self.files), {f.abs_dest_path for f in self.files})
        outputs = self._file_outputs[2] | written
        for path in sorted(self._outputs - outputs):
            _remove(path, config.site_dir)
        self._outputs = outputs
        if self.changed_files is None:
            pages = self.documents()
            self._markdown = {f.src_uri: f.content_string for f in pages if isinstance(f, PreviewFile)}
        else:  # a content rebuild: the others' markdown is as it was
            self._markdown.update((f.src_uri, f.content_string) for f in self.changed_files)
        self.changed_files = None
        self._pages = self._current_pages
        self.full = False
        self.succeeded = True

    def write_search(self, search: SiteSearch, site_dir: str) -> set[str]:
        """The search index needs every page's text: while pages are pending it is left as
        it is, and written once they are (:meth:`pending_done`)."""
        self._search_due = bool(self.pending_files())
        if not self._search_due:
            self._write_search(search, site_dir)
        return set(self._search_paths)

    def _write_search(self, search: SiteSearch, site_dir: str) -> None:
        """Write the search index; remember its files as this build's."""
        self._search_paths = search.write(site_dir)
        self._outputs |= self._search_paths

    def let_go(self) -> None:
        """Before a build: the last build's pages are not needed any more. Each is a cycle
        with its file (``file.page``, ``page.file``), which only the cyclic collector would
        free, after the build; broken now, the two are freed at once (at 10,000 stories,
        otherwise every build would hold two sites' pages)."""
        for file in self.files or ():
            file.page = None

    def pending_files(self) -> list[File]:
        """The pages this build left pending, in the order MkDocs would have built them."""
        assert self.files is not None
        if self.flags_clear is self.files:
            return []
        return [f for f in self.documents() if isinstance(f, PreviewFile) and f.pending]

    def documents(self, *, served: bool = False) -> Sequence[File]:
        """The pages of the last build's files, in MkDocs' order (drafts too when ``served``),
        worked out once: at 10,000 stories each look through the files takes 0.05 s."""
        assert self.files is not None
        if served not in self._documents:
            inclusion = InclusionLevel.is_in_serve if served else InclusionLevel.is_included
            self._documents[served] = self.files.documentation_pages(inclusion=inclusion)
        return self._documents[served]

    def files_moved(self) -> None:
        """The files, or their order, changed."""
        self._documents = {}

    def pending_done(self) -> None:
        """Every pending page is written: now the search index, from every page's text (unless
        no page was left pending, and the build wrote it already)."""
        assert self.config is not None
        if self._search_due:
            self._search_due = False
            self._write_search(self._search, self.config.site_dir)


def _build_again(file: File) -> None:
    """Make MkDocs' dirty build read and build a hand-written page again."""
    if os.path.isfile(file.abs_dest_path):
        os.utime(file.abs_dest_path, ns=(0, 0))  # older than its source


def _clean(site_dir: str) -> None:
    """Empty the site folder (but keep it: the server serves from it)."""
    if not os.path.isdir(site_dir):
        return
    for entry in os.listdir(site_dir):
        path = os.path.join(site_dir, entry)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def _remove(path: str, site_dir: str) -> None:
    """Delete a file left from an earlier build, and the folders it leaves empty."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(path)
    root = os.path.abspath(site_dir)
    while os.path.abspath(folder).startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = os.path.dirname(folder)


class _QuietDirtyBuild(logging.Filter):
    """MkDocs warns that a dirty build may show stale navigation; here it does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class Previewer:
    """The preview's builds in one process: after each save, a rebuild of the content alone
    when only content changed (``generator.edge.content_rebuild``), else MkDocs' dirty build
    (one at a time); then the pages it left pending, written on request or in the background."""

    def __init__(self, plugin: PeerHubPlugin, incremental: Incremental) -> None:
        from generator.edge.content_rebuild import ContentRebuild

        self.plugin = plugin
        self.incremental = incremental
        self.lock = threading.RLock()
        self.pending = PendingPages(self.lock)
        self.content = ContentRebuild(plugin, incremental)

    def build(self, config: MkDocsConfig, serve_url: str, changed: set[str] | None = None) -> None:
        """Build the preview of ``config`` (the plugin's request is the preview's); ``changed``:
        the files saved since the last build, when known."""
        from mkdocs.commands.build import build

        self.incremental.still_pending = self.pending.forget()
        with self.lock:
            if self.pending.failure is not None:
                self.incremental.full = True
            with collector_paused():
                if self.content.rebuild(changed):
                    self._leave_pending()
                    # What it made lives on until the next save replaces it (and is freed then,
                    # by reference counts). Frozen, the collector does not go through it once it
                    # is on again: that collection of everything the save made, a young
                    # generation of some 100,000 objects, took 0.03 s every save at 10,000
                    # stories and sometimes 0.3 s. Cycles a save leaves wait for the next clean
                    # build's collection below.
                    gc.freeze()
                    return
                self.content.last_path = "mkdocs"
                self.incremental.let_go()
                build(config, serve_url=serve_url, dirty=True)
            if self.incremental.clean_build:
                # What a clean build leaves (the hub, the memo, compiled templates) lives on. Kept
                # out of the cyclic garbage collector, a small rebuild no longer pays for a full
                # collection of it (about 0.2 s at 1,000 stories).
                gc.unfreeze()
                gc.collect()
                gc.freeze()
            self._leave_pending()

    def _leave_pending(self) -> None:
        incremental, site = self.incremental, self.plugin.build
        assert site is not None and incremental.config is not None and incremental.files is not None
        assert incremental.nav is not None and incremental.env is not None
        files = incremental.files
        built = (
            incremental.config,
            files,
            incremental.documents(served=True),
            incremental.nav,
            incremental.env,
        )
        around = (site.resume, site.end)
        self.pending.leave(incremental.pending_files(), built, around=around, done=incremental.pending_done)


def serve(config_file: str, *, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
    """Serve the site at ``dev_addr`` and rebuild what changed on every save."""
    from mkdocs.config import load_config

    from generator.edge.plugin import PeerHubPlugin
    from generator.edge.preview_server import PreviewServer

    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyBuild())
    site_dir = preview_folder()  # removed when the preview stops, by Ctrl-C or a signal too

    def get_config() -> MkDocsConfig:
        return load_config(config_file, site_dir=site_dir, dev_addr=dev_addr)

    config = get_config()
    incremental = Incremental()
    plugin = config.plugins["peerhub"]
    assert isinstance(plugin, PeerHubPlugin)
    previewer = Previewer(plugin, incremental)
    config.plugins.on_startup(command="serve", dirty=False)
    plugin.request = Request(output=incremental)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    mount_path = "/" + mount_path.strip("/") + "/" if mount_path.strip("/") else "/"
    shown_host = f"[{host}]" if ":" in host else host
    serve_url = f"http://{shown_host}:{port}{mount_path}"
    config.site_url = serve_url

    def builder(config: MkDocsConfig | None = None) -> None:
        log.info("Building the preview...")
        changed = preview.take_saved()
        if config is None:
            config = get_config()
            config.site_url = serve_url
        start = time.perf_counter()
        previewer.build(config, serve_url, changed)
        how = "content alone" if previewer.content.last_path == "content" else "MkDocs' build"
        log.info("The preview is up to date (%s, %.2f s).", how, time.perf_counter() - start)
        previewer.pending.start()  # the pages left pending, one by one, while others are served

    preview = PreviewServer(
        builder=builder,
        host=host,
        port=port,
        root=site_dir,
        mount_path=mount_path,
        polling_interval=POLLING_SECONDS,
        write_pending=previewer.pending.write,
    )
    preview.builder = builder = preview.builder_showing_errors(builder)  # a failed build is shown
    try:
        preview.bind()  # a busy port is said at once, before the first build
        click.echo("Building the preview...")
        builder(config)
        click.echo(f"Serving the preview on {serve_url} (Ctrl+C stops it)")
        preview.watch(config.docs_dir)
        if config.config_file_path:
            preview.watch(config.config_file_path)
        server = config.plugins.on_serve(preview, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        previewer.pending.stop()
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
