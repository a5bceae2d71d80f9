"""A save of content alone, shown without running MkDocs' build again.

When the files saved are only content (a story, ``events.yaml``, ``vacancies.yaml``) and
the last build finished, the preview does not need MkDocs to find the files, make the
navigation and a template environment again: nothing they depend on changed. It runs the
pipeline (which reuses unchanged stories and their checks), renders the hub (the memo
hands back unchanged pages), and writes with MkDocs' own functions (``_populate_page``,
``_build_page``, as :mod:`generator.edge.pending` does) only the generated pages whose
markdown changed, the pages in the navigation and the hand-written pages that show
content (``<!-- peerhub:... -->``), then the feeds, calendars and search index that
changed. These are the pages a dirty build would write.

Whenever that could differ from MkDocs' build, it is not tried and the caller runs the
dirty build: a file outside content was saved (or which files were saved is not known),
pages came or went, a page in the navigation has a new title, a page's ``noindex``
changed (the sitemap), the files only withheld stories use changed, the day changed, the
content has errors (the dirty build shows them), or another plugin is configured.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.utils.meta import get_data

from generator import pipeline
from generator.audience import front_matter
from generator.edge.build import SiteBuild
from generator.edge.config import settings_for
from generator.edge.preview import Incremental, PreviewFile, in_nav, noindex
from generator.errors import PeerhubError
from generator.settings import Settings
from generator.withheld import withheld_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from generator.edge.plugin import PeerHubPlugin

log = logging.getLogger("mkdocs.plugins.peerhub")


def only_content(changed: Iterable[str], settings: Settings) -> bool:
    """Whether every path in ``changed`` is a content file: a story, or the events' or the
    vacancies' file."""
    stories = os.path.abspath(settings.stories_dir) + os.sep
    data = {os.path.abspath(p) for p in (settings.events_file, settings.vacancies_file) if p is not None}
    paths = [os.path.abspath(p) for p in changed]
    return bool(paths) and all(p.startswith(stories) or p in data for p in paths)


class ContentRebuild:
    """Rebuilds the preview after a save of content alone, or says it cannot."""

    def __init__(self, plugin: PeerHubPlugin, incremental: Incremental) -> None:
        self.plugin = plugin
        self.incremental = incremental
        self.last_path = ""
        """How the last rebuild went: ``"content"`` (this one) or ``"mkdocs"`` (the caller's)."""
        self.reordered = False
        """The generated pages' order changed in this rebuild."""

    def rebuild(self, changed: set[str] | None) -> bool:
        """Show the saved ``changed`` files (absolute paths; ``None``: not known) in the pages;
        ``False`` when it cannot be done here, and nothing was written."""
        inc, plugin, last = self.incremental, self.plugin, self.plugin.build
        config, files, nav, env = inc.config, inc.files, inc.nav, inc.env
        if changed is None or not inc.succeeded or inc.full or last is None:
            return False
        if config is None or files is None or nav is None or env is None:
            return False
        if set(config.plugins) != {"peerhub"}:  # another plugin's events would be missed
            return False
        preview = plugin.command == "serve" and plugin.config.preview is not False
        try:
            settings = settings_for(config, plugin.config, preview=preview)
        except PeerhubError:
            return False
        if not only_content(changed, settings) or settings.today != last.hub.settings.today:
            return False
        inc.next_build()
        inc.clean_build = False  # the search keeps what earlier builds converted
        report = pipeline.run(settings, warnings=False, parsed=inc.parsed, memo=inc.memo)
        if not report.ok:  # the dirty build shows the errors, as after any save
            return False
        site = SiteBuild(report.valid_hub(), inc, plugin.markers)
        try:
            plan = self._changed_pages(site, last, files)
            if plan is None:
                return False
            self._build(site, plan)
        except BaseException:
            inc.full = True  # pages may be half written: the next build is a clean one
            raise
        finally:
            site.end()
        self.last_path = "content"
        return True

    def _changed_pages(self, site: SiteBuild, last: SiteBuild, files: Files) -> list[PreviewFile] | None:
        """The generated pages whose markdown changed, their new markdown set; ``None`` (and
        nothing changed) when the site's shape differs from the last build's."""
        inc = self.incremental
        site.hand = last.hand if last.hand is not None else [f for f in inc.documents() if not f.generated_by]
        hand = [(f.src_uri, f.content_string) for f in site.hand]
        before = last.withheld if last.withheld is not None else withheld_files(last.hub, hand, inc.memo)
        site.withheld = withheld_files(site.hub, hand, inc.memo)
        if site.withheld != before:
            return None
        pages, old_pages = site.site.pages, last.pages
        if len(pages) == len(old_pages) == len(last.files):
            moved = [i for i, (a, b) in enumerate(zip(old_pages, pages, strict=True)) if a is not b]
            if all(pages[i].url == old_pages[i].url for i in moved):
                return self._in_place(site, last, moved)
        return self._anew(site, last, files)

    def _in_place(self, site: SiteBuild, last: SiteBuild, moved: list[int]) -> list[PreviewFile] | None:
        """The pages are the last build's, at the same places; those at ``moved`` are new
        objects (the memo hands back the same page for what did not change): only they are
        looked at, their markdown compared and their search records replaced."""
        inc = self.incremental
        pages, old_pages = site.site.pages, last.pages
        files = cast("list[PreviewFile]", last.files)
        new: list[tuple[PreviewFile, str]] = []
        for i in moved:
            file = files[i]
            markdown = inc.page_markdown(pages[i])
            if markdown == file.content_string:
                continue
            if not _same_shape(file, markdown):
                return None
            new.append((file, markdown))
        inc.markdown_kept([old_pages[i] for i in moved])
        site.search.resume()
        site.to_sanitize = set(last.to_sanitize)
        for i in moved:
            page, file = pages[i], files[i]
            if page.search is not None:
                site.search.add(page.search, file.url)
            else:
                site.search.drop(file.url)
            if page.sanitize_body:
                site.to_sanitize.add(file.src_uri)
            else:
                site.to_sanitize.discard(file.src_uri)
        site.generated = last.generated
        site.pages, site.files = pages[:], last.files
        for file, markdown in new:
            file.content_string = markdown
        self.reordered = False
        site.staff = last.staff
        site.site.pages.clear()
        return [file for file, _ in new]

    def _anew(self, site: SiteBuild, last: SiteBuild, files: Files) -> list[PreviewFile] | None:
        """As :meth:`_in_place`, when pages moved, came or went: every page is looked at."""
        inc = self.incremental
        old = {f.src_uri: f for f in inc.documents() if isinstance(f, PreviewFile)}
        pages = site.site.pages
        order = [p.src_uri for p in pages]
        if len(order) != len(old) or any(src_uri not in old for src_uri in order):
            return None  # pages came or went
        new: list[tuple[PreviewFile, str]] = []
        for page, src_uri in zip(pages, order, strict=True):
            file = old[src_uri]
            markdown = inc.page_markdown(page)
            if markdown == file.content_string:
                continue
            if not _same_shape(file, markdown):
                return None
            new.append((file, markdown))
        for page, src_uri in zip(pages, order, strict=True):
            if page.search is not None:
                site.search.add(page.search, old[src_uri].url)
            if page.sanitize_body:
                site.to_sanitize.add(src_uri)
        site.generated.update(order)
        site.pages, site.files = pages[:], [old[src_uri] for src_uri in order]
        for file, markdown in new:
            file.content_string = markdown
        self.reordered = order != [f.src_uri for f in old.values()]
        if self.reordered:  # a new title or date moves a story: MkDocs' order is the hub's
            for src_uri in order:
                files.remove(old[src_uri])
                files.append(old[src_uri])
            inc.files_moved()
        site.staff = last.staff
        site.search.known(files)
        site.site.pages.clear()
        return [file for file, _ in new]

    def _build(self, site: SiteBuild, changed: list[PreviewFile]) -> None:
        """Write the changed pages, the navigation's and those showing content; then the
        feeds, calendars and search index (as MkDocs' ``on_post_build`` would)."""
        inc = self.incremental
        config, files, nav, env = inc.config, inc.files, inc.nav, inc.env
        assert config is not None and files is not None and nav is not None and env is not None
        self.plugin.build = site
        chosen: list[File] = []
        if inc.still_pending or inc.flags_clear is not files:
            for file in inc.documents():  # pending pages stay pending; the others are written
                if isinstance(file, PreviewFile):
                    file.pending = file.url in inc.still_pending
            inc.flags_clear = None if inc.still_pending else files
        assert site.hand is not None  # MkDocs' order: the hand-written pages, then the generated
        showing = [f for f in site.hand if "peerhub:" in f.content_string]
        chosen += [f for f in showing if _blocks_changed(site, f, config)]
        chosen += [file for file in changed if not file.pending]
        for file in chosen:
            assert file.page is not None
            _populate_page(file.page, config, files, dirty=False)
        if self.reordered:  # the sitemap lists the pages in order
            _build_theme_template("sitemap.xml", env, files, config, nav)
        for file in chosen:
            assert file.page is not None
            _build_page(file.page, config, inc.documents(served=True), nav, env, dirty=False)
        inc.changed_files = changed
        site.write(config)


def _blocks_changed(site: SiteBuild, file: File, config: MkDocsConfig) -> bool:
    """Whether a hand-written page's blocks (latest stories, upcoming events...) come out
    differently from the last time its page was made (MkDocs keeps that markdown)."""
    page = file.page
    if page is None or page.markdown is None:
        return True
    markdown, _ = get_data(file.content_string)
    return site.fill_blocks(markdown, page, config) != page.markdown


def _same_shape(file: PreviewFile, markdown: str) -> bool:
    """Whether the page's new ``markdown`` leaves the sitemap (its ``noindex``) and the
    navigation (the title of a page in it) as they were: else MkDocs must build again."""
    if noindex(markdown) != file.noindex:
        return False
    return not (in_nav(file) and _title(markdown) != _title(file.content_string))


def _title(markdown: str) -> object:
    """The title a generated page's front matter gives it (MkDocs' navigation shows it)."""
    return front_matter(markdown).get("title")
