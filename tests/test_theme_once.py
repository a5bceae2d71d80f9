"""The theme's chrome rendered once per build changes no byte of any page (issue 18 item 2).

``overrides/`` renders the menu, the header (all but the page's title), the crisis block,
the footer, Material's settings and its scripts once for the pages outside the navigation
whose links come out the same (``generator/edge/once.py``). These tests build the same hub
with and without it and compare every file of the two sites, and check that what stays
the page's own (its title in the header) is the page's, escaped, on every page.
"""

from __future__ import annotations

import filecmp
import html as entities
import re
import sys
from pathlib import Path

import pytest
from jinja2 import Environment

from generator.edge.output import FullBuild
from tests.conftest import TODAY, run_peerhub

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import write_hub  # noqa: E402

HOSTILE_TITLE = 'Me & "my" <script>alert(1)</script> story'


def _without_once(self: FullBuild, env: Environment) -> None:
    """:meth:`FullBuild.environment` without ``hub_once``: the theme renders every part."""
    env.bytecode_cache = self.theme_templates


def _differences(left: Path, right: Path) -> list[str]:
    """Every file that is in one site only, or differs."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], at: str) -> None:
        found.extend(f"{at}{name}: in one site only" for name in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"{at}{name}" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{at}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("once") / "hub"
    write_hub(root, 45, 12)
    story = next(iter(sorted((root / "stories").glob("*.md"))))
    text = story.read_text(encoding="utf-8")
    title = re.search(r"^title: .*$", text, re.M)
    assert title is not None
    story.write_text(text.replace(title[0], f"title: '{HOSTILE_TITLE}'", 1), encoding="utf-8")
    return root


def _build(hub: Path, site: Path) -> None:
    result = run_peerhub("build", "--today", TODAY, "--site-dir", str(site), cwd=hub)
    assert result.code == 0, result.err


def test_every_file_is_the_same_with_and_without(hub: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(hub, hub.parent / "with")
    monkeypatch.setattr(FullBuild, "environment", _without_once)
    _build(hub, hub.parent / "without")
    pages = list((hub.parent / "with").rglob("index.html"))
    assert len(pages) > 60  # stories, listings over several pages, themes, roles, events, series
    assert _differences(hub.parent / "with", hub.parent / "without") == []


def test_each_page_has_its_own_title_in_the_header(hub: Path) -> None:
    site = hub.parent / "titles"
    _build(hub, site)
    topic = re.compile(r'"header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
    heading = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
    checked = 0
    for page in (site / "stories").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        shown, h1 = topic.search(html), heading.search(html)
        assert shown is not None and h1 is not None, page
        own = entities.unescape(re.sub(r"<[^>]+>", "", h1[1]))
        assert entities.unescape(shown[1]) == own, page  # the page's own title, as its heading
        checked += 1
    assert checked > 20
    hostile = [p.read_text(encoding="utf-8") for p in (site / "stories").glob("*/index.html")]
    hostile = [h for h in hostile if "alert(1)" in h]
    assert len(hostile) == 1
    assert "<script>alert(1)" not in hostile[0]
    assert "Me &amp; &#34;my&#34; &lt;script&gt;alert(1)&lt;/script&gt; story" in topic.search(hostile[0])[1]  # type: ignore[index]
