"""The MkDocs plugin ``peerhub``: thin glue between MkDocs' build events and the core.

It loads and checks the content before MkDocs cleans the site folder (so bad content never
leaves a half-built site), adds the generated pages as virtual files, fills the blocks of
hand-written pages, sanitises story bodies, writes feeds and calendars, and watches the
content under ``mkdocs serve``.
"""

from __future__ import annotations

import json
import logging
import os
from contextlib import nullcontext
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.audience import hide_from_nav, staff_pages
from generator.editorial import privacy_problems
from generator.errors import ContentError, PeerhubError
from generator.feeds import render_files
from generator.hub import Hub, Settings, help_from_config, open_hub
from generator.load import Content
from generator.organisation import missing_contact_page, organisation_from_config
from generator.preview import Incremental
from generator.render import Site, hand_written_page, render_site
from generator.sanitize import Markers, sanitize_marked
from generator.search import DEFAULT_BUDGET_MB, Bodies, Entry, SearchDoc, add_entries, dumps, text_of_html
from generator.today import resolve_today, zone

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.peerhub")

NAV_PAGES = {"stories/index.md", "events/index.md"}


class PeerHubConfig(base.Config):
    """Options under ``plugins: - peerhub:`` in ``mkdocs.yml``."""

    stories_dir = c.Type(str, default="stories")
    events_file = c.Type(str, default="events.yaml")
    timezone = c.Type(str, default="Europe/London")
    stories_per_page = c.Type(int, default=20)
    events_per_page = c.Type(int, default=50)
    preview = c.Optional(c.Type(bool))
    """Show drafts behind a banner; by default on under ``serve``, off for ``build``."""
    search_budget_mb = c.Type((int, float), default=DEFAULT_BUDGET_MB)
    """Size limit of the search index: bodies of the latest stories are indexed within it."""
    readability_max_smog = c.Type((int, float), default=14)
    """``peerhub check`` warns about a story or page with a higher SMOG grade."""
    language_file = c.Type(str, default="language.yaml")
    """The project's additions to the list of language to avoid, if the file exists."""


def settings_for(
    config: MkDocsConfig, options: PeerHubConfig, *, today: str | None = None, preview: bool = False
) -> Settings:
    """The core's settings from MkDocs' config and the plugin's options."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    tz = zone(options.timezone)
    help_lines, help_url = help_from_config(config.extra.get("crisis"))
    return Settings(
        root=root,
        stories_dir=root / options.stories_dir,
        events_file=root / options.events_file,
        tz=tz,
        today=resolve_today(today, tz),
        site_url=config.site_url or "",
        site_name=config.site_name,
        preview=preview if options.preview is None else options.preview,
        stories_per_page=options.stories_per_page,
        events_per_page=options.events_per_page,
        help_lines=help_lines,
        help_url=help_url,
        docs_dir=Path(config.docs_dir),
        readability_max_smog=float(options.readability_max_smog),
        language_file=root / options.language_file,
        organisation=organisation_from_config(config.extra, Path(config.config_file_path or "mkdocs.yml")),
    )


class PeerHubPlugin(BasePlugin[PeerHubConfig]):
    """Adds stories and events to a MkDocs site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.hub: Hub | None = None
        self.site: Site | None = None
        self.markers = Markers.new()
        self.to_sanitize: set[str] = set()
        self.search_docs: dict[str, SearchDoc] = {}
        """Story and event pages by ``src_uri``: what ``generator.search`` indexes."""
        self.search_urls: dict[str, str] = {}
        self.search_bodies = Bodies()
        self.markdown: dict[str, str] = {}
        self.incremental: Incremental | None = None
        """Set by ``peerhub serve``: rebuild only what changed (see ``generator.preview``)."""
        self.staff: set[str] = set()
        """Hand-written pages for staff (``audience: staff``): kept out of the navigation."""
        self.checked: Content | None = None
        """Set by ``peerhub build``: the content its check has just loaded and passed
        (privacy included), used once instead of reading every file again."""

    @property
    def budget_bytes(self) -> int:
        return int(self.config.search_budget_mb * 1_000_000)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.incremental is not None:
            self.incremental.begin(config)
        try:
            settings = settings_for(config, self.config, preview=self.command == "serve")
            checked, self.checked = self.checked, None
            self.hub = open_hub(settings, checked)
            # `mkdocs build` too must never publish private details (`peerhub build` checked them)
            if self.command == "build" and checked is None:
                errors = [p for s in self.hub.stories for p in privacy_problems(s, settings)]
                if errors:
                    raise ContentError(errors)
        except PeerhubError as exc:
            raise PluginError(str(exc)) from None
        if not os.environ.get("SOURCE_DATE_EPOCH"):  # sitemap dates follow "today", not the clock
            midnight = datetime.combine(settings.today, time(), tzinfo=UTC)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
        for story, decision in self.hub.withheld:
            shown = " (shown in this preview)" if settings.preview and decision.previewable else ""
            log.info("%s: withheld: %s%s", story.path, "; ".join(decision.reasons), shown)
        with self.incremental.memo.active() if self.incremental else nullcontext():
            self.site = render_site(self.hub, self.markers)
            self.markdown = {page.src_uri: page.markdown() for page in self.site.pages}
        self.search_docs = {p.src_uri: p.search for p in self.site.pages if p.search is not None}
        if self.incremental is None:  # the preview keeps the bodies of pages it does not rebuild
            self.search_bodies = Bodies(limit=self.budget_bytes)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.hub is not None
        self.to_sanitize = set()
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
            # Only the listings are in the nav; the rest are reached from them, without noise.
            in_nav = page.src_uri in NAV_PAGES
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            markdown = self.markdown[page.src_uri]
            if self.incremental is not None:
                file = self.incremental.page_file(config, page.src_uri, markdown, inclusion)
            else:
                file = File.generated(config, page.src_uri, content=markdown, inclusion=inclusion)
            files.append(file)
            if page.search is not None:
                self.search_urls[page.src_uri] = file.url
            if page.sanitize_body:
                self.to_sanitize.add(page.src_uri)
        if self.incremental is not None:
            self.incremental.prepare(files)
        # MkDocs' files hold the pages now; keep only the views the blocks of other pages use.
        self.markdown = {}
        self.site.pages.clear()
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        for title in hide_from_nav(nav, self.staff, files):
            log.info("%s: a page for staff (audience: staff), left out of the navigation", title)
        if self.incremental is not None:
            self.incremental.nav_ready(nav)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.site is None or page.file.generated_by:
            return markdown
        where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        try:
            return hand_written_page(markdown, page.file.content_string, page.url, self.site, where)
        except PeerhubError as exc:
            raise PluginError(str(exc)) from None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src_uri = page.file.src_uri
        if src_uri in self.to_sanitize:
            regions: list[str] = []
            html = sanitize_marked(html, self.markers, regions)
            doc = self.search_docs.get(src_uri)
            if doc is not None and self.search_bodies.wanted(src_uri, doc.day):
                self.search_bodies.add(src_uri, doc.day, text_of_html(" ".join(regions)))
        return html

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.incremental is not None:
            env.bytecode_cache = self.incremental.templates
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.incremental is not None:
            self.incremental.built(page.url)
        return output

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.hub is not None
        site_dir = Path(config.site_dir)
        written: set[str] = set()
        with self.incremental.memo.active() if self.incremental else nullcontext():
            feeds = render_files(self.hub)
        for path, data in feeds.items():
            target = site_dir / path
            written.add(str(target))
            if self.incremental is None or self.incremental.needs_writing(str(target), data):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        self._add_to_search_index(site_dir / "search" / "search_index.json")
        if self.incremental is not None:
            self.incremental.finish(config, written)

    def on_build_error(self, *, error: Exception) -> None:
        if self.incremental is not None:
            self.incremental.failed()

    def _add_to_search_index(self, path: Path) -> None:
        """Add story and event entries to the theme's search index, bodies within the budget."""
        if not path.is_file():
            return  # no search plugin
        index = json.loads(path.read_text(encoding="utf-8"))
        if self.incremental is not None:
            index["docs"] = self.incremental.search_docs(index.get("docs", []))
        entries = [
            Entry(self.search_urls[uri], doc, self.search_bodies.get(uri))
            for uri, doc in self.search_docs.items()
        ]
        report = add_entries(index, entries, self.budget_bytes)
        path.write_text(dumps(index), encoding="utf-8")
        log.info("%s", report)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        for name in (self.config.stories_dir, self.config.events_file):
            if (root / name).exists():
                server.watch(str(root / name))
        return server
