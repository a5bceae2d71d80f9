"""The site menu and the rest of the theme's chrome are rendered once for the pages outside
the menu whose links come out the same, and as Material renders them for a page in it
(generator.edge.once).

That the parts so shared are byte for byte Material's is the snapshot test's job
(tests/test_snapshot.py builds the sample hub and compares every page), and
tests/test_theme_once.py's (a hub built with and without them)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from generator.edge.once import PartsOnce


def _page(url: str, parent: Any = None) -> Any:
    return SimpleNamespace(url=url, parent=parent)


HOME, ROLE, STORIES = _page(""), _page("role/"), _page("stories/")
NAV: Any = SimpleNamespace(pages=[HOME, ROLE, STORIES], homepage=HOME)


def test_pages_in_the_same_folder_share_one_menu() -> None:
    once = PartsOnce()
    first = once(_page("stories/a/"), NAV, "../..")
    assert first is not None and first.html is None  # the first page renders it
    assert first.keep("<nav>menu</nav>") == "<nav>menu</nav>"
    second = once(_page("stories/b/"), NAV, "../..")
    assert second is first and second.html == "<nav>menu</nav>"


def test_pages_whose_links_differ_get_their_own_menu() -> None:
    once = PartsOnce()
    story = once(_page("stories/a/"), NAV, "../..")
    event = once(_page("events/x/"), NAV, "../..")  # "../" to the stories is "../../stories/" here
    deeper = once(_page("stories/a/b/"), NAV, "../../..")
    assert story is not None and event is not None and deeper is not None
    assert len({id(story), id(event), id(deeper)}) == 3
    elsewhere = once(_page("events/x/"), NAV, "../..", homepage="stories/")
    assert elsewhere is not event  # a home page of the site's own (extra.homepage) is a link too


def test_a_page_in_the_navigation_is_rendered_as_material_does() -> None:
    once = PartsOnce()
    assert once(ROLE, NAV, "..") is None
    assert once(_page("role/benefits/", parent=SimpleNamespace()), NAV, "../..") is None
    assert once(None, NAV, ".") is None  # the 404 page
    assert once(_page("stories/a/"), None, "../..") is None


def test_a_new_navigation_starts_afresh() -> None:
    once = PartsOnce()
    slot = once(_page("stories/a/"), NAV, "../..")
    assert slot is not None
    slot.keep("<nav>old</nav>")
    rebuilt: Any = SimpleNamespace(pages=[HOME, ROLE, STORIES], homepage=HOME)
    fresh = once(_page("stories/a/"), rebuilt, "../..")
    assert fresh is not None and fresh.html is None


def test_each_part_has_its_own_slot() -> None:
    once = PartsOnce()
    menu = once(_page("stories/a/"), NAV, "../..")
    header = once(_page("stories/a/"), NAV, "../..", part="header")
    assert menu is not None and header is not None and menu is not header
    assert once(_page("stories/b/"), NAV, "../..", part="header") is header


def test_pages_in_other_folders_at_the_same_depth_do_not_share() -> None:
    """``stories/themes/hope/`` and ``stories/roles/carer/`` link the same way to every page
    of the menu, but a part may link to ``stories/themes/`` (``../`` from one, ``../../themes/``
    from the other): the folder is part of the key."""
    once = PartsOnce()
    hope = once(_page("stories/themes/hope/"), NAV, "../../..", part="footer")
    carer = once(_page("stories/roles/carer/"), NAV, "../../..", part="footer")
    assert hope is not None and carer is not None and hope is not carer
    assert once(_page("stories/themes/meaning/"), NAV, "../../..", part="footer") is hope


def test_pages_share_a_part_exactly_when_their_own_links_are_the_same() -> None:
    """The links of the pages of one folder are worked out once for the folder: two pages
    still share a slot exactly when each page's own links (and folder) are the same, also
    for a page of the menu inside a page's folder, pages written as ``name.html`` and a
    folder whose name only begins with the page's."""
    from mkdocs.utils import get_relative_url

    nav: Any = SimpleNamespace(pages=[HOME, ROLE, STORIES, _page("stories/a/more/")], homepage=HOME)
    urls = ["stories/b/", "stories/a/", "stories/c/", "stories/a", "stories/ab/", "stories/b.html",
            "stories/c.html", "x/y/z/", "x/y/w/", "x/v/"]  # fmt: skip

    def links(url: str, homepage: str | None) -> tuple[str, ...]:
        targets = [homepage, *(p.url for p in nav.pages)] if homepage else [p.url for p in nav.pages]
        return (url.rstrip("/").rpartition("/")[0], *(get_relative_url(t, url) for t in targets))

    for homepage in (None, "stories/"):
        once = PartsOnce()
        slots = {url: once(_page(url), nav, "../..", homepage) for url in urls + urls[::-1]}
        for one in urls:
            for other in urls:
                same = links(one, homepage) == links(other, homepage)
                assert (slots[one] is slots[other]) == same, (one, other)
