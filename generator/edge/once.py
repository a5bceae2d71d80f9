"""The site menu, rendered once per build for the pages outside it.

Material renders the whole navigation (``partials/nav.html``) into every page, for the
drawer on a phone. A story, event or vacancy page is not in the navigation, so nothing in
its menu is marked current: its menu is the menu of every other such page, but for the
links, which are written relative to the page. ``overrides/partials/nav.html`` asks
:meth:`NavOnce.__call__` for the menu of the page being rendered; pages whose links come
out the same share one rendering. A page in the navigation is rendered as Material does.

One :class:`NavOnce` lives in the globals of one build's Jinja environment (MkDocs makes a
new one for every build, the preview's too), so a menu never outlives the build whose
navigation it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class Slot:
    """The menu for one set of pages: ``html`` once rendered, else ``None``."""

    def __init__(self) -> None:
        self.html: str | None = None

    def keep(self, html: str) -> str:
        """Remember the menu as rendered for the first page of the set, and give it back."""
        self.html = html
        return html


class NavOnce:
    """``hub_nav_once(page, nav, base_url, config.extra.homepage)`` in the theme: the page's
    menu slot, or ``None`` when the page is in the navigation (its menu marks it as current)."""

    def __init__(self) -> None:
        self._slots: dict[tuple[Any, ...], Slot] = {}
        self._nav: Navigation | None = None
        self._in_nav: set[int] = set()
        self._targets: list[str] = []

    def __call__(
        self, page: Page | None, nav: Navigation | None, base_url: str, homepage: str | None = None
    ) -> Slot | None:
        if page is None or nav is None or page.parent is not None:
            return None
        if nav is not self._nav:
            self._learn(nav)
        if id(page) in self._in_nav:
            return None
        # Every link the menu holds is to a page of the navigation, the home page or a file
        # under the site's root (the logo): the same for two pages when these come out the same.
        targets = [homepage, *self._targets] if homepage else self._targets
        key = (base_url, *(get_relative_url(target, page.url) for target in targets))
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = Slot()
        return slot

    def _learn(self, nav: Navigation) -> None:
        """The pages of this navigation, and the addresses its menu links to."""
        self._nav = nav
        self._in_nav = {id(p) for p in nav.pages}
        self._slots = {}
        home = nav.homepage.url if nav.homepage else ""
        self._targets = [home, *(p.url for p in nav.pages)]
