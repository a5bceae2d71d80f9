"""One Python-Markdown instance for the generated pages of a build, reset between pages.

MkDocs' ``Page.render`` makes a new ``markdown.Markdown`` for every page: the site's
extensions loaded and their processors built again, then four processors of MkDocs' own
(ids in raw HTML, ids in the tree, links made relative and checked, the page's title), about
0.3 ms a page and garbage for the collector. :class:`OneMarkdown` makes them once and, for a
generated page, stands in for that one call of ``render``: Python-Markdown's ``reset()``,
MkDocs' processors pointed at the page, then what ``Page.render`` sets (``content``,
``toc``, the title, ``present_anchor_ids``, ``links_to_anchors``), as it sets them.
Hand-written pages keep MkDocs' own render.

A page none of whose markdown could ask for ``attr_list``, ``md_in_html`` or ``admonition``
(no ``{``, no ``<``, no ``!!!``: its finished HTML is held out, ``edge/finished``) is
converted without them, which is what they would have left it: running their processors
over every block and element cost 0.15 ms a story page. Only when the site's extensions are
MkDocs' own and these (:data:`KNOWN`); with any other, every page has them all.

Written against MkDocs 1.6 (``constraints.txt``), whose processors it uses:
``tests/test_one_markdown.py`` renders every generated page both ways and compares them.
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


ASKED_FOR: dict[str, tuple[str, ...]] = {"attr_list": ("{",), "md_in_html": ("<",), "admonition": ("!!!",)}
"""Extensions that change nothing in markdown without these texts."""
KNOWN = frozenset({"toc", "tables", "fenced_code", *ASKED_FOR})
"""The extensions whose pages may be converted without those of :data:`ASKED_FOR`."""


def _lean(config: MkDocsConfig) -> list[str] | None:
    """The site's extensions less those of :data:`ASKED_FOR`; ``None`` unless every one of
    them is one of :data:`KNOWN` (another might work with one of those)."""
    extensions = config["markdown_extensions"]
    if not all(isinstance(name, str) and name in KNOWN for name in extensions):
        return None
    lean = [name for name in extensions if name not in ASKED_FOR]
    return lean if len(lean) < len(extensions) else None


def _asks_for_none(markdown: str) -> bool:
    """True when no extension of :data:`ASKED_FOR` would find its text in ``markdown``."""
    return not any(text in markdown for texts in ASKED_FOR.values() for text in texts)


class _Converter:
    """A Markdown with the site's extensions (or ``extensions``) and MkDocs' processors."""

    def __init__(
        self, config: MkDocsConfig, files: Files, page: Page, extensions: list[str] | None = None
    ) -> None:
        self.config = config
        configs = config["mdx_configs"] or {}
        if extensions is not None:
            configs = {name: value for name, value in configs.items() if name in extensions}
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"] if extensions is None else extensions,
            extension_configs=configs,
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
        self._lean: _Converter | None = None
        self._lean_extensions: list[str] | None = None
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
            self._lean_extensions = _lean(config)
            self._lean = None
        if self._lean_extensions is not None and _asks_for_none(page.markdown):
            if self._lean is None:
                self._lean = _Converter(config, files, page, self._lean_extensions)
            converter = self._lean
        self._busy = True
        try:
            converter.render(page, files)
        except BaseException:
            self._converter = self._lean = None  # left mid-page: the next page gets new ones
            raise
        finally:
            self._busy = False
