"""The MkDocs plugin ``peerhub``: thin glue between MkDocs' build events and the core.

It loads and checks the content before MkDocs cleans the site folder (so bad content never
leaves a half-built site), adds the generated pages as virtual files, fills the blocks of
hand-written pages, sanitises story bodies, writes feeds and calendars, and watches the
content under ``mkdocs serve``.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.editorial import privacy_problems
from generator.errors import ContentError, PeerhubError
from generator.feeds import render_files
from generator.hub import Hub, Settings, help_from_config, open_hub
from generator.render import Site, expand_blocks, render_site
from generator.sanitize import Markers, sanitize_marked
from generator.today import resolve_today, zone

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.peerhub")

NAV_PAGES = {"stories/index.md", "events/index.md"}


class PeerHubConfig(base.Config):
    """Options under ``plugins: - peerhub:`` in ``mkdocs.yml``."""

    stories_dir = c.Type(str, default="stories")
    events_file = c.Type(str, default="events.yaml")
    timezone = c.Type(str, default="Europe/London")
    stories_per_page = c.Type(int, default=20)
    preview = c.Optional(c.Type(bool))
    """Show drafts behind a banner; by default on under ``serve``, off for ``build``."""
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
        help_lines=help_lines,
        help_url=help_url,
        docs_dir=Path(config.docs_dir),
        readability_max_smog=float(options.readability_max_smog),
        language_file=root / options.language_file,
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            settings = settings_for(config, self.config, preview=self.command == "serve")
            self.hub = open_hub(settings)
            if self.command == "build":  # `mkdocs build` too must never publish private details
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
        self.site = render_site(self.hub, self.markers)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.to_sanitize = set()
        for page in self.site.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{page.src_uri} clashes with a page the hub generates "
                    f"at /{page.url}; rename or remove it"
                )
            # Only the listings are in the nav; the rest are reached from them, without noise.
            in_nav = page.src_uri in NAV_PAGES
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown(), inclusion=inclusion))
            if page.sanitize_body:
                self.to_sanitize.add(page.src_uri)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.site is None or page.file.generated_by:
            return markdown
        return expand_blocks(markdown, page.url, self.site)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.to_sanitize:
            return sanitize_marked(html, self.markers)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.hub is not None
        site_dir = Path(config.site_dir)
        for path, data in render_files(self.hub).items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        for name in (self.config.stories_dir, self.config.events_file):
            if (root / name).exists():
                server.watch(str(root / name))
        return server
