"""A page outside the navigation, spliced into its set's skeleton, is the page Material renders.

``generator/edge/splice.py`` renders the first page of each set of pages outside the menu
as Material does and keeps what is not the page's own; every later page of the set
renders only its head, title, skip link, table of contents and content and is put into
that skeleton. These tests build one hub with it and with Material's theme alone (no
parts kept at all) and compare every file, on a hub whose pages differ where the
skeleton must not hold them: hostile titles and headings (the header, the head, the
contents and the skip link, which Material writes from ``page.toc`` outside any block),
pages with one heading and with several in one set, headings with ids of their own, and
pages at several depths and in several folders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import generator.edge.splice as splice
from generator.edge.output import FullBuild
from tests.test_theme_once import HOSTILE_TITLE, _build, _differences, _without_once, write_hub

HOSTILE_HEADING = '## A </div> <script>alert("toc")</script> & "quotes"'
"""A heading whose text tries to end the skip link's ``<div>`` and to run a script."""


def _with_headings(text: str, headings: list[str]) -> str:
    return text + "".join(f"\n\n{heading}\n\nMore words here." for heading in headings)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("splice") / "hub"
    write_hub(root, 60, 14, seed=18)
    stories = sorted((root / "stories").glob("*.md"))
    for number, story in enumerate(stories):
        text = story.read_text(encoding="utf-8")
        if number % 3 == 1:  # every third page has contents, in a set whose first may have none
            text = _with_headings(text, [f"## Part {number}", "### Going on {#own-id}"])
        if number % 7 == 2:
            text = _with_headings(text, [HOSTILE_HEADING])
        if number == 5:
            title = re.search(r"^title: .*$", text, re.M)
            assert title is not None
            text = text.replace(title[0], f"title: '{HOSTILE_TITLE}'", 1)
        story.write_text(text, encoding="utf-8")
    return root


def test_every_spliced_page_is_materials_page(hub: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spliced: list[str] = []
    render = splice.Skeleton.render

    def counted(self: splice.Skeleton, template: object, values: dict[str, object]) -> str:
        spliced.append(getattr(values["page"], "url", ""))
        return render(self, template, values)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(splice.Skeleton, "render", counted)
        _build(hub, hub.parent / "spliced")
    monkeypatch.setattr(FullBuild, "environment", _without_once)
    _build(hub, hub.parent / "material")
    site = hub.parent / "spliced"
    # Most pages outside the menu went through a skeleton, at every depth and in every folder.
    assert len(spliced) > 80
    folders = {url.rstrip("/").rsplit("/", 1)[0] for url in spliced}
    assert {"stories", "stories/page", "events"} <= folders
    assert any(url.count("/") >= 4 for url in spliced)  # stories/themes/<theme>/page/<n>/
    assert _differences(site, hub.parent / "material") == []
    # What the hostile page shows is escaped, as Material's own rendering of it is.
    hostile = [p.read_text(encoding="utf-8") for p in (site / "stories").glob("*/index.html")]
    assert sum("alert(1)" in page for page in hostile) == 1
    assert sum('alert("toc")' in page for page in hostile) > 2
    assert not any("<script>alert" in page for page in hostile)
    skips = {re.search(r'<div data-md-component="skip">(.*?)</div>', p, re.S)[1].strip() for p in hostile}  # type: ignore[index]
    assert len(skips) > 40  # each page's skip link goes to its own first heading
