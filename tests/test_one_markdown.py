"""Generated pages are converted by one Python-Markdown per build (``generator/edge/
onemarkdown.py``), reset between pages: each page comes out as MkDocs' own ``Page.render``
makes it (HTML, table of contents, title, anchors, links to anchors), and ``--strict`` still
fails on a story's broken link, naming the story's page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from generator.edge import onemarkdown
from tests.conftest import MINIMAL_MKDOCS, mkdocs_build, story

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import write_hub  # noqa: E402


def _toc(links: list[AnchorLink]) -> list[Any]:
    return [(link.title, link.id, link.level, _toc(link.children)) for link in links]


def _rendered(page: Page) -> tuple[Any, ...]:
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return page.content, _toc(list(page.toc)), page._title_from_render, page.present_anchor_ids, links


converted: dict[str, str] = {}
"""The HTML of each page compared, as converted."""


def _compare_with_mkdocs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every page the one Markdown renders is rendered again by MkDocs and compared."""
    compared: list[str] = []
    ours = onemarkdown._Converter.render
    converted.clear()

    def both(self: onemarkdown._Converter, page: Page, files: Any) -> None:
        ours(self, page, files)
        mine = _rendered(page)
        Page.render(page, self.config, files)
        assert mine == _rendered(page), page.file.src_uri
        compared.append(page.file.src_uri)
        converted[page.file.src_uri] = page.content or ""

    monkeypatch.setattr(onemarkdown._Converter, "render", both)
    return compared


def test_every_generated_page_of_the_sample_hub_is_rendered_as_mkdocs_renders_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared = _compare_with_mkdocs(monkeypatch)
    result = mkdocs_build(REPO, tmp_path / "site", strict=True)
    assert result.code == 0, result.err
    assert len(compared) > 40 and "index.md" not in compared  # generated pages only
    assert {uri.split("/")[0] for uri in compared} >= {"stories", "events", "vacancies"}


def test_every_generated_page_of_a_synthetic_hub_is_rendered_as_mkdocs_renders_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_hub(tmp_path / "hub", 40, 20)
    compared = _compare_with_mkdocs(monkeypatch)
    assert mkdocs_build(tmp_path / "hub", tmp_path / "site").code == 0
    assert len(compared) > 60


def test_a_story_with_links_to_anchors_is_rendered_as_mkdocs_renders_it(
    make_hub: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "## Part one\n\n[home](../index.md#home), [here](#part-one), [top](#nowhere)\n\n## Part one\n"
    # a reference defined on one page is not known on the next, whichever comes first
    body += "\n[one][ref-b]\n\n[ref-a]: https://a.example.org/\n"
    other = "Plain [two][ref-a].\n\n[ref-b]: https://b.example.org/\n"
    root = make_hub({"stories/a.md": story(body=body), "stories/b.md": story("B story", body=other)})
    compared = _compare_with_mkdocs(monkeypatch)
    assert mkdocs_build(root, tmp_path / "site").code == 0
    assert {"stories/a.md", "stories/b.md"} <= set(compared)


def test_strict_fails_on_a_link_to_a_missing_anchor_in_a_story_and_names_its_page(
    make_hub: Any, tmp_path: Path
) -> None:
    mkdocs = MINIMAL_MKDOCS.format(overrides=REPO / "overrides") + "validation:\n  anchors: warn\n"
    body = "Fine words.\n\n[home](../index.md#nowhere)\n"
    fine = story("B story", body="[home](../index.md#home)")
    files = {"stories/b.md": fine, "stories/a.md": story(body=body)}
    root = make_hub(files, mkdocs)
    result = mkdocs_build(root, tmp_path / "site", strict=True)
    assert result.code == 1
    assert "'stories/a.md' contains a link '../index.md#nowhere'" in result.err, result.err
    (root / "stories/a.md").write_text(story(body="[home](../index.md#home)"), encoding="utf-8")
    assert mkdocs_build(root, tmp_path / "site", strict=True).code == 0


def test_a_story_that_asks_for_an_extension_gets_it(
    make_hub: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = {
        "admonition": "Words.\n\n!!! note\n\n    Take care.\n",
        "attr-list": "Words.\n{: #words }\n",
        "html": 'Words.\n\n<div markdown="1">*kept*</div>\n',
        "plain": "Words, and a ?? or ! or } alone.\n",
    }
    files = {f"stories/{name}.md": story(name.title(), body=body) for name, body in bodies.items()}
    compared = _compare_with_mkdocs(monkeypatch)
    assert mkdocs_build(make_hub(files), tmp_path / "site").code == 0
    assert {f"stories/{name}.md" for name in bodies} <= set(compared)
    assert '<div class="admonition note">' in converted["stories/admonition.md"]
    assert '<p id="words">Words.</p>' in converted["stories/attr-list.md"]
    assert "<em>kept</em>" in converted["stories/html.md"]
