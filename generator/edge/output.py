"""How a build of the hub writes the site, and what the CLI asks of the plugin.

:class:`FullBuild` writes everything, every time: ``mkdocs build``, ``peerhub build`` and
``mkdocs serve``. The live preview of ``peerhub serve`` is the same build with another
object, :class:`generator.edge.preview.Incremental`, which keeps what it can from one
build to the next and rebuilds only what a save touched. The plugin calls the same
methods on either; nothing else tells them apart.

A :class:`Request` is what ``peerhub build`` and ``peerhub serve`` hand the plugin before
MkDocs builds: the report of the pipeline they have just run (``peerhub build`` checks
before it builds, so the content is loaded once) and the output object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.edge.once import PartsOnce
from generator.edge.search import SiteSearch
from generator.edge.splice import Splice, spliced
from generator.edge.theme import page_markdown
from generator.load import ParseCache
from generator.memo import Memo, NoMemo
from generator.pipeline import Report
from generator.render import Page, Templates

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage


class ThemeTemplates(BytecodeCache):
    """The theme's templates, compiled, kept in memory: MkDocs makes a new Jinja environment
    for every build, which would otherwise parse and compile Material's templates each
    time (``mkdocs serve`` rebuilds, the preview, several builds in one process). Jinja
    checks each template's source against the cached code, so an edit is seen."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class FullBuild:
    """Build everything; keep nothing from one build to the next but compiled templates."""

    def __init__(self) -> None:
        self.templates = Templates()
        self.theme_templates = ThemeTemplates()
        self.memo: Memo = NoMemo()
        self.parsed: ParseCache | None = None
        """What parsing each content file gave, kept between builds (the preview's)."""

    def begin(self, config: MkDocsConfig) -> None:
        """A build starts, before the content is loaded."""

    def search(self) -> SiteSearch:
        """The search records of this build (the preview keeps what earlier builds converted)."""
        return SiteSearch()

    def page_markdown(self, page: Page) -> str:
        """The markdown MkDocs reads for a generated page."""
        return page_markdown(page, self.memo)

    def page_file(self, config: MkDocsConfig, src_uri: str, markdown: str, inclusion: InclusionLevel) -> File:
        """The MkDocs file of a generated page."""
        return File.generated(config, src_uri, content=markdown, inclusion=inclusion)

    def prepare(self, files: Files) -> None:
        """Every file of the site is known."""

    def nav_ready(self, nav: Navigation) -> None:
        """The navigation is made."""

    def environment(self, env: Environment) -> None:
        """MkDocs' Jinja environment for the theme's templates."""
        env.bytecode_cache = self.theme_templates
        parts = PartsOnce()
        env.globals["hub_once"] = parts.slot  # parts of the theme rendered once (edge/once)
        env.template_class = spliced(Splice(parts, env))  # the rest once per set (edge/splice)

    def built(self, page: MkDocsPage) -> None:
        """MkDocs wrote ``page``."""

    def write_search(self, search: SiteSearch, site_dir: str) -> set[str]:
        """Write the search index; the paths of its files."""
        return search.write(site_dir)

    def needs_writing(self, path: str, data: bytes) -> bool:
        """Whether the feed or calendar at ``path`` must be written."""
        return True

    def finish(self, config: MkDocsConfig, written: set[str]) -> None:
        """The build is done; ``written`` holds the feeds, calendars and search files, as
        absolute paths."""

    def failed(self) -> None:
        """The build stopped with an error."""


@dataclass(frozen=True)
class Request:
    """What ``peerhub build`` or ``peerhub serve`` asks of the plugin (``PeerHubPlugin.request``,
    set after MkDocs' ``on_startup`` and forgotten at ``on_shutdown``)."""

    checked: Report | None = None
    """The pipeline's report on this content, just made for these settings: the plugin
    renders its hub instead of loading the content again (used by one build only)."""
    output: FullBuild | None = None
    """How the site is written; ``None``: the plugin's own :class:`FullBuild`."""
