"""Parts of the theme rendered once per build for the pages outside the navigation.

Material renders the same chrome around every page: the whole navigation
(``partials/nav.html``, for the drawer on a phone), the header, the crisis block, the
footer, its settings and scripts. A story, event or vacancy page is not in the
navigation, so nothing in its menu is marked current and it has no previous or next page:
its chrome is the chrome of every other such page, but for the links, which are written
relative to the page, and for the page's own title in the header. ``overrides/`` asks
:meth:`PartsOnce.slot` (``hub_once(name)`` in the theme) for the slot of a part for the
page being rendered; pages whose links come out the same share one rendering, and what is
the page's own (its title, its head, its contents and content) is rendered for each page
by the theme as before. A page in the navigation is rendered as Material does.

Two pages' links come out the same when they have the same path to the site's root, sit
in the same folder (``stories/a/`` and ``stories/b/``: a link from either to anything
outside its own folder is the same) and link the same way to every page of the menu; the
key is these. No part rendered once links into a page's own folder.

:mod:`generator.edge.splice` keeps in a slot of its own (``"page"``) the whole page of each
such set but for what is the page's own, so a later page of the set renders only that.

One :class:`PartsOnce` lives in the globals of one build's Jinja environment (MkDocs makes
a new one for every build, the preview's too), so a part never outlives the build whose
navigation and settings it shows.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from jinja2.runtime import Context
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class Slot:
    """One part for one set of pages: ``html`` once rendered, else ``None``."""

    def __init__(self) -> None:
        self.html: Any = None

    def keep(self, html: Any) -> Any:
        """Remember the part as rendered for the first page of the set, and give it back."""
        self.html = html
        return html


class PartsOnce:
    """The slots of one build: ``once(page, nav, base_url, homepage, part="nav")`` is the
    slot of ``part`` for ``page``, or ``None`` when the page is in the navigation (its menu
    marks it as current, its footer links to the pages before and after it)."""

    def __init__(self) -> None:
        self._slots: dict[tuple[Any, ...], Slot] = {}
        self._keys: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._nav: Navigation | None = None
        self._in_nav: set[int] = set()
        self._targets: list[str] = []
        self._page: Page | None = None
        self._key: tuple[Any, ...] | None = None
        """The key of the page being rendered (``None``: it is in the navigation)."""

    def __call__(
        self,
        page: Page | None,
        nav: Navigation | None,
        base_url: str,
        homepage: str | None = None,
        part: str = "nav",
    ) -> Slot | None:
        if page is None or nav is None:
            return None
        if nav is not self._nav:
            self._learn(nav)
        self._page, self._key = page, self._key_of(page, base_url, homepage)
        return self._slot(part)

    @pass_context
    def slot(self, context: Context, part: str) -> Slot | None:
        """``hub_once(part)`` in the theme: the slot of ``part`` for the page being rendered
        (its key is worked out for its first part; the theme asks for a dozen)."""
        page = context.get("page")
        if page is None or page is not self._page:
            homepage = context["config"].extra.get("homepage")
            return self(page, context.get("nav"), context["base_url"], homepage, part)
        return self._slot(part)

    def kept(self, part: str) -> Any:
        """What the slot of ``part`` holds for the page being rendered (``None``: nothing)."""
        slot = self._slots.get((part, *self._key)) if self._key is not None else None
        return slot.html if slot is not None else None

    def _slot(self, part: str) -> Slot | None:
        if self._key is None:
            return None
        slot = self._slots.get((part, *self._key))
        if slot is None:
            slot = self._slots[(part, *self._key)] = Slot()
        return slot

    def _key_of(self, page: Page, base_url: str, homepage: str | None) -> tuple[Any, ...] | None:
        """What the links of the parts depend on; ``None`` for a page in the navigation."""
        if page.parent is not None or id(page) in self._in_nav:
            return None
        # Every link a part holds is to a page of the navigation, the home page or a file
        # outside the page's folder (the logo, the assets, the help page): the same for two
        # pages in the same folder when these come out the same.
        targets = [homepage, *self._targets] if homepage else self._targets
        url = page.url
        folder = posixpath.dirname(url.rstrip("/"))
        # MkDocs links from a page's own folder ("stories/a/"), or from its parent's for
        # "stories/a.html": the links to what is outside the page's own folder are those of
        # every such page of its parent folder, worked out once.
        filelike = "." in posixpath.basename(url)
        own = url.rstrip("/")
        if not filelike and any(target.startswith(own) for target in targets):
            return (base_url, folder, *(get_relative_url(target, url) for target in targets))
        shared = (base_url, folder, homepage, filelike)
        key = self._keys.get(shared)
        if key is None:
            key = self._keys[shared] = (base_url, folder, *(get_relative_url(t, url) for t in targets))
        return key

    def _learn(self, nav: Navigation) -> None:
        """The pages of this navigation, and the addresses its menu links to."""
        self._nav = nav
        self._in_nav = {id(p) for p in nav.pages}
        self._slots = {}
        self._keys = {}
        self._page = None
        home = nav.homepage.url if nav.homepage else ""
        self._targets = [home, *(p.url for p in nav.pages)]
