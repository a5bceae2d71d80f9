"""A page outside the navigation: the theme's skeleton once per set, the page's own parts each time.

:mod:`generator.edge.once` keeps the chrome's parts for the pages outside the navigation
whose links come out the same, but Jinja still walked Material's whole ``base.html`` for
each of them. Here the first page of each such set is rendered as Material renders it,
with a mark around each of the page's own parts, and what lies between the marks is kept:
the skeleton. Every later page of the set renders only its own parts, each in the context
it would have at that point of ``base.html``, and is the skeleton with them put in.

A page's own parts: the blocks ``site_meta``, ``htmltitle`` and ``extrahead`` (its head),
``site_nav`` (the menu, kept by ``once``, and the page's table of contents) and
``container`` (its content); the skip link, which Material writes outside any block from
``page.toc`` (rendered from Material's own lines, read from its ``base.html``); and the
page's title in the header. What ``base.html`` sets outside its blocks (``lang``,
``features``, the palette) comes from the settings only and is kept with the skeleton; a
name it does not know stops the splicing for that set. Material's translations
(``lang.t``) are remembered with it: they too come from the settings alone.

A set is spliced only if rendering its first page again, as a later page would be, gives
exactly what Material gave; otherwise its pages are rendered by Material, as before.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from jinja2 import Template
from jinja2.runtime import Context, new_context

if TYPE_CHECKING:
    from jinja2 import Environment

    from generator.edge.once import PartsOnce

log = logging.getLogger(__name__)

BLOCKS = ("site_meta", "htmltitle", "extrahead", "site_nav", "container")
"""The blocks of ``base.html`` that are a page's own, in the order they are rendered."""
SETTINGS = frozenset({"lang", "hub", "direction", "palette", "scheme", "primary", "accent", "features"})
"""What ``base.html`` and ``main.html`` set outside their blocks from the settings alone."""
SKIP = '<div data-md-component="skip">'
TITLE = "{{ hub.page_title(page) }}"
"""The page's title as ``overrides/partials/header.html`` writes it between its halves."""

Part = Callable[[Context], Iterator[str]]
Piece = tuple[str, dict[str, Any], Part]
"""Text of the skeleton, what ``base.html`` has set outside its blocks by then, a part."""


class Skeleton:
    """A set's page with the page's own parts cut out: ``pieces`` are (text before,
    the settings set by then, part); ``tail`` is the text after the last part."""

    def __init__(self, blocks: dict[str, list[Any]], pieces: list[Piece], tail: str) -> None:
        self.blocks = blocks
        self.pieces = pieces
        self.tail = tail

    def render(self, template: Template, values: dict[str, Any]) -> str:
        """The page for the context ``values``, as ``template.render(values)`` gives it."""
        context = new_context(template.environment, template.name, {}, values, False, template.globals, None)
        context.blocks = self.blocks
        out: list[str] = []
        for text, settings, part in self.pieces:
            out.append(text)
            context.vars.update(settings)
            out.extend(part(context))
        out.append(self.tail)
        return "".join(out)


class Translations:
    """Material's ``lang`` (``partials/language.html``) with each translation remembered:
    ``lang.t(key)`` reads only the settings' language, the same for every page."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._seen: dict[Any, Any] = {}

    def t(self, key: Any) -> Any:
        """``lang.t(key)``, as Material's macro renders it."""
        try:
            return self._seen[key]
        except KeyError:
            found = self._seen[key] = self._module.t(key)
            return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def _block(name: str) -> Part:
    return lambda context: context.blocks[name][0](context)


class Splice:
    """The skeletons of one build, kept in the slots of its :class:`PartsOnce`."""

    def __init__(self, parts: PartsOnce, env: Environment) -> None:
        self.parts = parts
        self._skip = _skip_lines(env)
        self._title = env.from_string(TITLE)

    def render(self, template: Template, values: dict[str, Any]) -> str:
        """``template.render(values)``, spliced when the page is outside the navigation."""
        page, config = values.get("page"), values.get("config")
        homepage = config.extra.get("homepage") if config is not None else None
        slot = self.parts(page, values.get("nav"), values.get("base_url", ""), homepage, part="page")
        if slot is None or slot.html is False:
            return _material(template, values)
        if slot.html is None:
            html, skeleton = self._first(template, values)
            slot.keep(skeleton or False)
            return html
        kept: Skeleton = slot.html
        return kept.render(template, values)

    def _first(self, template: Template, values: dict[str, Any]) -> tuple[str, Skeleton | None]:
        """The first page of a set, as Material renders it, and its set's skeleton (``None``
        when the page cannot be cut as this module expects)."""
        mark = f"\x00{secrets.token_hex(8)}\x00"
        context = template.new_context(values)
        settings: dict[str, dict[str, Any]] = {}
        marks: set[Part] = set()

        def marked(name: str) -> Part:
            def block(ctx: Context) -> Iterator[str]:
                settings[name] = dict(ctx.vars)
                yield mark
                yield from ctx.blocks[name][1](ctx)
                yield mark

            marks.add(block)
            return block

        for name in BLOCKS:
            context.blocks[name] = [marked(name), *context.blocks.get(name, ())]
        # One mark for every block: the pieces are taken in the order of BLOCKS, and a page
        # whose blocks come in another order does not pass the check below.
        pieces = "".join(template.root_render_func(context)).split(mark)
        html = "".join(pieces)
        if len(pieces) != 2 * len(BLOCKS) + 1 or self._skip is None:
            return html, None
        blocks = {name: [b for b in found if b not in marks] for name, found in context.blocks.items()}
        known = [set(settings[name]) - {"skip"} <= SETTINGS for name in BLOCKS]
        if not all(known):
            return html, None
        cut = self._cut(template, values, pieces, settings, blocks)
        if cut is None or cut.render(template, values) != html:
            log.debug("page %s: not spliced", getattr(values.get("page"), "url", None))
            return html, None
        return html, cut

    def _cut(
        self,
        template: Template,
        values: dict[str, Any],
        pieces: list[str],
        settings: dict[str, dict[str, Any]],
        blocks: dict[str, list[Any]],
    ) -> Skeleton | None:
        """The skeleton from the marked pieces of the first page: the text between the head
        and ``site_nav`` is cut again around the skip link and the header's title."""
        header = self.parts.kept("header")
        assert self._skip is not None
        if not isinstance(header, tuple):
            return None
        body = {k: v for k, v in settings["site_nav"].items() if k != "skip"}
        context = new_context(template.environment, template.name, {}, values, False, template.globals, None)
        context.vars.update(body)
        skip = "".join(self._skip.root_render_func(context))
        title = "".join(self._title.root_render_func(context))
        between = pieces[6]
        start = between.find(SKIP + skip + "</div>")
        if start < 0 or between.count(SKIP + skip + "</div>") != 1:
            return None
        before_skip, after_skip = between[: start + len(SKIP)], between[start + len(SKIP) + len(skip) :]
        shown = header[0] + title + header[1]
        at = after_skip.find(shown)
        if at < 0 or after_skip.count(shown) != 1:
            return None
        at += len(header[0])
        before_title, after_title = after_skip[:at], after_skip[at + len(title) :]
        seen: dict[str, Any] = {}

        def new(name: str) -> dict[str, Any]:
            found = {k: v for k, v in settings[name].items() if k != "skip" and seen.get(k, seen) is not v}
            seen.update(found)
            return found

        meta, htmltitle, extrahead = new("site_meta"), new("htmltitle"), new("extrahead")
        if "lang" in meta:
            meta["lang"] = Translations(meta["lang"])
        nav = new("site_nav")
        return Skeleton(
            blocks,
            [
                (pieces[0], meta, _block("site_meta")),
                (pieces[2], htmltitle, _block("htmltitle")),
                (pieces[4], extrahead, _block("extrahead")),
                (before_skip, nav, self._skip.root_render_func),
                (before_title, {}, self._title.root_render_func),
                (after_title, {}, _block("site_nav")),
                (pieces[8], new("container"), _block("container")),
            ],
            pieces[10],
        )


def _material(template: Template, values: dict[str, Any]) -> str:
    """The page as Material renders it."""
    return "".join(template.root_render_func(template.new_context(values)))


def _skip_lines(env: Environment) -> Template | None:
    """Material's lines for the skip link, from its ``base.html`` (``None`` if not found)."""
    assert env.loader is not None
    source = env.loader.get_source(env, "base.html")[0]
    found = re.search(re.escape(SKIP) + "(.*?)</div>", source, re.S)
    return env.from_string(found[1]) if found else None


def spliced(splice: Splice) -> type[Template]:
    """The environment's template class: ``main.html`` renders through ``splice``."""

    class Spliced(Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            if self.name != "main.html":
                return super().render(*args, **kwargs)
            try:
                return splice.render(self, dict(*args, **kwargs))
            except Exception:
                self.environment.handle_exception()

    return Spliced
