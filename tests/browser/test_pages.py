"""The browser tests run on every kind of page the hub has (see pages.py), and the kinds
the design names are all there: a page type that went missing would silently drop out
of every browser test, so this says so."""

from __future__ import annotations

from pathlib import Path

from tests.browser.pages import MISSING_PATH, PageType
from tests.conftest import REPO

REQUIRED = {
    "home",
    "stories",
    "story-with-content-notes",
    "theme",
    "events",
    "event",
    "series",
    "vacancies",
    "vacancy",
    "vacancy-closed",
    "search-dialog",
    "404",
}


def test_every_kind_of_page_is_under_test(page_types: list[PageType], built_site: Path) -> None:
    names = [t.name for t in page_types]
    assert len(names) == len(set(names)), names
    sections = {path.parent.name for path in (REPO / "docs").glob("*/index.md")}
    assert sections >= {"role", "getting-support", "becoming-a-psw", "help"}
    missing = (REQUIRED | sections) - set(names)
    assert not missing, f"no page of these kinds in the built site: {sorted(missing)}"
    for page_type in page_types:
        if page_type.path != MISSING_PATH:
            assert (built_site / page_type.path / "index.html").is_file(), page_type
    by_name = {t.name: t for t in page_types}
    assert by_name["series"].path.startswith("events/series/")
    assert by_name["theme"].path.startswith("stories/themes/")
    story = (built_site / by_name["story-with-content-notes"].path / "index.html").read_text(encoding="utf-8")
    assert "hub-content-notice" in story
    vacancy = (built_site / by_name["vacancy"].path / "index.html").read_text(encoding="utf-8")
    assert "hub-apply__button" in vacancy
    closed = (built_site / by_name["vacancy-closed"].path / "index.html").read_text(encoding="utf-8")
    assert "hub-status--closed" in closed and "hub-apply__button" not in closed
