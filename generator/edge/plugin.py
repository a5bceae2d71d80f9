"""The MkDocs plugin ``peerhub``: MkDocs' build events, each handed to the core or an edge
module (``generator.edge.build`` does one build's work: pages, blocks, sanitising, feeds and
search). The content is checked before MkDocs cleans the site folder, so bad content never
leaves a half-built site. ``peerhub build`` and ``serve`` hand the plugin a :class:`Request`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from generator import pipeline
from generator.edge.build import SiteBuild
from generator.edge.config import PeerHubConfig, project_root, settings_for
from generator.edge.output import FullBuild, Request
from generator.edge.search import configure as configure_search
from generator.editor.options import write_editor
from generator.errors import PeerhubError
from generator.sanitize import Markers
from generator.sitedir import Staged, abandon_build, begin_build, end_build
from generator.withheld import DIRTY_REFUSED

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.peerhub")


class PeerHubPlugin(BasePlugin[PeerHubConfig]):
    """Adds stories and events to a MkDocs site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.request = Request()  # set by peerhub build and serve (generator.edge.output)
        self.full_build = FullBuild()
        self.markers = Markers.new()
        self.build: SiteBuild | None = None
        self.staged: Staged | None = None  # the folder a build writes, swapped in at the end

    @property
    def output(self) -> FullBuild:
        return self.request.output or self.full_build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.request = Request()  # MkDocs keeps one plugin for the process: each run asks anew
        if dirty:  # it would leave the pages and pictures of stories withheld since in place
            raise PluginError(DIRTY_REFUSED)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        configure_search(config)  # the hub's search box; Material's search plugin refused
        try:  # the site folder is checked; a build writes a staging folder, swapped in at the end
            self.staged = begin_build(config, self.config, command=self.command)
        except PeerhubError as exc:
            raise PluginError(str(exc)) from None
        return config

    def on_shutdown(self) -> None:
        self.request = Request()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.build = None
        self.output.begin(config)
        report, self.request = self.request.checked, Request(output=self.request.output)
        try:
            if report is None:
                preview = self.command == "serve" and self.config.preview is not False  # never a build
                settings, out = settings_for(config, self.config, preview=preview), self.output
                report = pipeline.run(settings, warnings=False, parsed=out.parsed, memo=out.memo)
                for problem in sorted(report.warnings):
                    log.warning("%s", problem)
            hub = report.valid_hub()
        except PeerhubError as exc:
            raise PluginError(str(exc)) from None
        for story, decision in hub.withheld:
            shown = " (shown in this preview)" if hub.settings.preview and decision.previewable else ""
            log.info("%s: withheld: %s%s", story.path, "; ".join(decision.reasons), shown)
        self.build = SiteBuild(hub, self.output, self.markers)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        return self.build.add_pages(files, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.build is not None
        for title in self.build.hide_staff_pages(nav, files):
            log.info("%s: a page for staff (audience: staff), left out of the navigation", title)
        self.output.nav_ready(nav)
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.build.read_source(page) if self.build is not None else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.build is None:
            return markdown
        return self.build.page_markdown(markdown, page, config)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.build is not None
        return self.build.sanitise(html, page)

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.output.environment(env)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.output.built(page)
        return output

    @event_priority(-50)  # before the swap
    def _write_files(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        try:
            self.build.write(config)
            write_editor(config, self.config.editor, self.build.hub.settings)  # site/admin/
        finally:
            self.build.end()

    @event_priority(-100)  # last of all: the site is complete
    def _swap_in_site(self, *, config: MkDocsConfig) -> None:
        try:  # end_build and abandon_build do nothing once either has run
            end_build(self.staged)
        except PeerhubError as exc:
            raise PluginError(str(exc)) from None

    on_post_build = CombinedEvent(_write_files, _swap_in_site)

    def on_build_error(self, *, error: Exception) -> None:
        abandon_build(self.staged)
        if self.build is not None:
            self.build.end()
        self.output.failed()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = project_root(config)
        for name in (self.config.stories_dir, self.config.events_file, self.config.vacancies_file):
            if (root / name).exists():
                server.watch(str(root / name))
        return server
