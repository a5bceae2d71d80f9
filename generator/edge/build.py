"""One build of the hub inside MkDocs, from the hub to the files of the site.

The plugin makes a :class:`SiteBuild` when MkDocs starts a build and hands it each of
MkDocs' events in turn: the generated pages become MkDocs files; hand-written pages get
their blocks filled; story bodies are sanitised once they are HTML (and kept for the
search); after the build, the feeds, calendars and the search index are written.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from generator import urls
from generator.audience import hide_from_nav, staff_pages
from generator.edge.finished import FinishedHtml
from generator.edge.frontmatter import split as split_front_matter
from generator.edge.onemarkdown import OneMarkdown
from generator.edge.output import FullBuild
from generator.edge.search import drop_theme_search, mark_blocks
from generator.errors import PeerhubError
from generator.feeds import render_files
from generator.hub import Hub
from generator.memo import NoMemo
from generator.organisation import missing_contact_page
from generator.render import Page, Renderer, hand_written_page, render_site
from generator.sanitize import Markers, clean_toc, sanitize_marked
from generator.withheld import drop_withheld_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage

NAV_PAGES = {urls.src_uri(urls.STORIES), urls.src_uri(urls.EVENTS), urls.src_uri(urls.VACANCIES)}
"""Only the listings are in the navigation; the rest are reached from them."""


class SiteBuild:
    """The hub's part of one MkDocs build."""

    def __init__(self, hub: Hub, output: FullBuild, markers: Markers) -> None:
        self.hub = hub
        self.output = output
        self.renderer = Renderer(output.templates, output.memo, markers)
        self.site = render_site(hub, self.renderer)
        self.search = output.search()
        self.to_sanitize: set[str] = set()
        self.generated: set[str] = set()
        self.finished = FinishedHtml(markers)
        """The finished HTML of generated pages, kept out of Python-Markdown."""
        self.markdown = OneMarkdown()
        """The one Python-Markdown that converts the generated pages."""
        self.meta: dict[str, dict[str, Any]] = {}
        """The front matter of generated pages read as JSON, until MkDocs has read the page."""
        self.staff: set[str] = set()
        """Hand-written pages for staff (``audience: staff``): kept out of the navigation."""
        self.pages: list[Page] = []
        self.files: list[File] = []
        """The generated pages and their MkDocs files, in order; kept by the preview alone
        (its memo keeps the pages anyway), whose next content rebuild compares pages by
        identity (``generator.edge.content_rebuild``)."""
        self._keep = not isinstance(output.memo, NoMemo)
        self.hand: list[File] | None = None
        """The hand-written pages, once a content rebuild has looked for them (they are the
        same until MkDocs builds again)."""
        self.withheld: set[str] | None = None
        """The files only withheld stories use, once a content rebuild has worked them out."""
        self._date = _SourceDate(hub.settings.today)

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """The generated pages as MkDocs files, next to the hand-written ones; the files of
        ``docs/`` that only withheld stories use (a withdrawn storyteller's photo) left out."""
        drop_withheld_files(files, self.hub)
        self.staff = staff_pages(files)
        missing = missing_contact_page(self.hub.settings.organisation, files, config.docs_dir)
        if missing:
            raise PluginError(missing)
        for page in self.site.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{page.src_uri} clashes with a page the hub generates "
                    f"at /{page.url}; rename or remove it"
                )
            in_nav = page.src_uri in NAV_PAGES
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            markdown = self.output.page_markdown(page)
            file = self.output.page_file(config, page.src_uri, markdown, inclusion)
            files.append(file)
            if self._keep:
                self.pages.append(page)
                self.files.append(file)
            self.generated.add(page.src_uri)
            if page.search is not None:
                self.search.add(page.search, file.url)
            if page.sanitize_body:
                self.to_sanitize.add(page.src_uri)
        self.output.prepare(files)
        drop_theme_search(files)
        self.search.known(files)
        # MkDocs' files hold the pages now; keep only the views the blocks of other pages use.
        self.site.pages.clear()
        return files

    def hide_staff_pages(self, nav: Navigation, files: Files) -> list[str]:
        """Take the pages for staff out of the navigation; their titles, for the log."""
        return hide_from_nav(nav, self.staff, files)

    def read_source(self, page: MkDocsPage) -> str | None:
        """A generated page's source with its front matter read as JSON (set as ``page.meta``
        by :meth:`page_markdown`), or ``None``: MkDocs reads the page (``edge/frontmatter``)."""
        if page.file.src_uri not in self.generated or not page.file.generated_by:
            return None
        split = split_front_matter(page.file.content_string)
        if split is None:
            return None
        source, self.meta[page.file.src_uri] = split
        return source

    def page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        """What MkDocs converts: a generated page without its finished HTML (put back by
        :meth:`sanitise`, and converted by the build's one Markdown), a hand-written page
        with its blocks filled."""
        if page.file.generated_by:
            if page.file.src_uri not in self.generated:
                return markdown
            meta = self.meta.pop(page.file.src_uri, None)
            if meta is not None:
                page.meta = meta
            self.markdown.take(page)
            return self.finished.hold(markdown, page.file.src_uri)
        return self.fill_blocks(markdown, page, config)

    def fill_blocks(self, markdown: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        """A hand-written page with its ``<!-- peerhub:... -->`` blocks filled and its review
        dates shown; an error names the page's file."""
        where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        try:
            return hand_written_page(
                mark_blocks(markdown), page.file.content_string, page.url, self.site, self.renderer, where
            )
        except PeerhubError as exc:
            raise PluginError(str(exc)) from None

    def sanitise(self, html: str, page: MkDocsPage) -> str:
        """A page's HTML with its finished HTML back in place, its marked bodies sanitised,
        its text for the search index, and its table of contents made safe (Material prints
        it unescaped)."""
        src_uri = page.file.src_uri
        html = self.finished.restore(html, page)
        clean_toc(page.toc, rename=src_uri in self.to_sanitize)
        if src_uri not in self.to_sanitize:
            self.search.converted(page, html)
            return html
        regions: list[str] = []
        html = sanitize_marked(html, self.renderer.markers, regions)
        self.search.converted(page, html, regions)
        return html

    def write(self, config: MkDocsConfig) -> None:
        """After MkDocs has written the pages: feeds, calendars and the search index."""
        site_dir = str(Path(config.site_dir))
        written: set[str] = set()
        for path, data in render_files(self.hub, self.renderer.memo).items():
            target = f"{site_dir}/{path}"  # as str(Path(site_dir) / path): the paths are plain
            written.add(target)
            if self.output.needs_writing(target, data):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as file:
                    file.write(data)
        written |= self.output.write_search(self.search, config.site_dir)
        self.output.finish(config, written)

    def end(self) -> None:
        """The build is over, done or failed."""
        self._date.restore()

    def resume(self) -> None:
        """Pages of this build are written after it (the preview's pending pages): the
        build's date again, until :meth:`end`."""
        self._date = _SourceDate(self.hub.settings.today)


class _SourceDate:
    """``SOURCE_DATE_EPOCH`` at midnight UTC of today while the build runs (unless it is set
    already), so the sitemap's dates follow "today", not the clock; restored afterwards."""

    def __init__(self, today: date) -> None:
        self.before = os.environ.get("SOURCE_DATE_EPOCH")
        if not self.before:
            midnight = datetime.combine(today, time(), tzinfo=UTC)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))

    def restore(self) -> None:
        if self.before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.before
