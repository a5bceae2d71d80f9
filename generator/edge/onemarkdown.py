"""One Python-Markdown instance for the generated pages of a build, reset between pages.

MkDocs' ``Page.render`` makes a new ``markdown.Markdown`` for every page: the site's
extensions loaded and their processors built again, then four processors of MkDocs' own
(ids in raw HTML, ids in the tree, links made relative and checked, the page's title), about
0.3 ms a page and garbage for the collector. :class:`OneMarkdown` makes them once and, for a
generated page, stands in for that one call of ``render``: Python-Markdown's ``reset()``,
MkDocs' processors pointed at the page, then what ``Page.render`` sets (``content``,
``toc``, the title, ``present_anchor_ids``, ``links_to_anchors``), as it sets them.
Hand-written pages keep MkDocs' own render. Written against MkDocs 1.6 (``constraints.txt``),
whose processors it uses: ``tests/test_one_markdown.py`` compares both ways page by page.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


class _Converter:
    """A Markdown with the site's extensions and MkDocs' processors, for one config."""

    def __init__(self, config: MkDocsConfig, files: Files, page: Page) -> None:
        self.config = config
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
        )
        self.raw_html = mkdocs_pages._RawHTMLPreprocessor()
        self.raw_html._register(self.md)
        self.anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        self.anchors._register(self.md)
        self.links = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        self.links._register(self.md)
        self.title = mkdocs_pages._ExtractTitleTreeprocessor()
        self.title._register(self.md)

    def render(self, page: Page, files: Files) -> None:
        """What ``Page.render`` does, with this Markdown reset instead of a new one."""
        assert page.markdown is not None
        self.md.reset()
        self.raw_html.present_anchor_ids = set()  # run() sets them, unless the page is blank
        self.anchors.present_anchor_ids = set()
        self.links.file, self.links.files, self.links.links_to_anchors = page.file, files, {}
        self.title.title = None
        page.content = self.md.convert(page.markdown)
        page.toc = get_toc(getattr(self.md, "toc_tokens", []))
        page._title_from_render = self.title.title
        page.present_anchor_ids = self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = self.links.links_to_anchors


class OneMarkdown:
    """The Markdown of one build's generated pages, made at the first of them."""

    def __init__(self) -> None:
        self._converter: _Converter | None = None
        self._busy = False

    def take(self, page: Page) -> None:
        """MkDocs' next ``page.render(config, files)`` converts with this build's Markdown."""
        vars(page)["render"] = partial(self._render, page)

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        del vars(page)["render"]  # the page's own render again, for any later call
        if self._busy or page.markdown is None:  # never two pages at once in one Markdown
            page.render(config, files)
            return
        converter = self._converter
        if converter is None or converter.config is not config:
            converter = self._converter = _Converter(config, files, page)
        self._busy = True
        try:
            converter.render(page, files)
        except BaseException:
            self._converter = None  # left mid-page: the next page gets a new one
            raise
        finally:
            self._busy = False
