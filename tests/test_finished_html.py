"""Generated pages skip Python-Markdown where their HTML is finished (issue 18 item 1).

The template parts of a generated page are held out of the conversion and put back after it
(``generator/edge/finished.py``); these tests show that the HTML, the table of contents and
the anchors are what converting the whole page gave, for every generated page of the sample
hub and of the synthetic corpus, and for hostile bodies, and that what is converted is little
more than the heading and the bodies.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import markdown
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from mkdocs.structure.pages import _RawHTMLPreprocessor

from generator import pipeline
from generator.edge import finished
from generator.edge.finished import FinishedHtml, is_finished
from generator.hub import select
from generator.load import Content, load_story
from generator.render import Page, Renderer, render_site
from generator.sanitize import Markers, sanitize_marked
from generator.settings import Settings
from tests import test_hostile_markdown as hostile
from tests.test_hostile_markdown import BODIES, EXAMPLES

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import TODAY, hub_settings, write_hub  # noqa: E402

EXTENSIONS: list[Any] = ["attr_list", "md_in_html", "admonition", "tables", "toc"]
"""As in the sample hub's mkdocs.yml."""


def _convert(text: str) -> tuple[str, list[Any], set[str]]:
    """HTML, toc tokens and the ids MkDocs finds in raw HTML, as MkDocs' Page.render has them."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    raw = _RawHTMLPreprocessor()
    raw._register(md)
    html = md.convert(text)
    return html, md.toc_tokens, raw.present_anchor_ids  # type: ignore[attr-defined]


_STASHED = re.compile(r"wzxhzdk[:-]\d+")
"""Python-Markdown's placeholder for raw HTML, numbered in page order: an id made from one
(an attribute list naming raw HTML, ``{: #<b> }``) is numbered by the raw blocks before it."""


def _both_ways(page: Page, markers: Markers) -> tuple[str, str, str]:
    """The page converted whole, and held then converted then restored (both sanitised); and
    what of the page was converted besides its bodies."""
    whole, whole_toc, whole_ids = _convert(page.body)
    finished = FinishedHtml(markers)
    held = finished.hold(page.body, page.src_uri)
    html, toc, ids = _convert(held)
    mkdocs_page = SimpleNamespace(file=SimpleNamespace(src_uri=page.src_uri), present_anchor_ids=set(ids))
    restored = finished.restore(html, mkdocs_page)  # type: ignore[arg-type]
    assert _STASHED.sub("stashed", repr(toc)) == _STASHED.sub("stashed", repr(whole_toc)), page.url
    assert whole_ids <= mkdocs_page.present_anchor_ids, (page.url, whole_ids - mkdocs_page.present_anchor_ids)
    left = _markdown_left(held, page.body, markers, finished.prefix)
    return (
        _STASHED.sub("stashed", sanitize_marked(whole, markers)),
        _STASHED.sub("stashed", sanitize_marked(restored, markers)),
        left,
    )


def _markdown_left(held: str, page: str, markers: Markers, finished_prefix: str) -> str:
    """What of a held page is neither a body (those of ``page``, between its markers) nor a
    placeholder (the markers are held too)."""
    for body in re.findall(rf"{re.escape(markers.start)}(.*?){re.escape(markers.end)}", page, flags=re.S):
        held = held.replace(body.strip("\n"), "", 1)
    text = re.sub(rf"{re.escape(markers.start)}.*?{re.escape(markers.end)}", "", held, flags=re.S)
    return re.sub(rf"{finished_prefix}\d+z", "", text).strip()


def _site(root: Path) -> tuple[list[Page], Markers]:
    renderer = Renderer.fresh()
    hub = pipeline.run(hub_settings(root, TODAY.isoformat()), warnings=False).valid_hub()
    return render_site(hub, renderer).pages, renderer.markers


def test_every_generated_page_of_the_sample_hub_is_the_same_html_with_its_template_parts_held() -> None:
    pages, markers = _site(REPO)
    assert len(pages) > 40
    held_chars = total_chars = 0
    for page in pages:
        whole, restored, left = _both_ways(page, markers)
        assert restored == whole, page.url
        held_chars += len(left)
        total_chars += len(_markdown_left(page.body, page.body, markers, "peerhubhtml-none"))
        assert "<section" not in left and "hub-card" not in left, (page.url, left[:300])
    # What goes through Python-Markdown besides the bodies: headings, a few per page.
    assert held_chars < total_chars / 25, (held_chars, total_chars)


def test_a_story_page_converts_only_its_heading_and_body() -> None:
    pages, markers = _site(REPO)
    story = next(p for p in pages if p.url.startswith("stories/") and p.sanitize_body)
    finished = FinishedHtml(markers)
    held = finished.hold(story.body, story.src_uri)
    left = _markdown_left(held, story.body, markers, finished.prefix)
    assert left.startswith("# ") and "\n" not in left, left  # the title, as markdown for the toc
    assert 'id="support"' in str(finished.held[story.src_uri])  # the support section, held


def test_every_generated_page_of_a_synthetic_hub_is_the_same_html(tmp_path: Path) -> None:
    write_hub(tmp_path / "hub", 60, 40)
    pages, markers = _site(tmp_path / "hub")
    for page in pages:
        whole, restored, _ = _both_ways(page, markers)
        assert restored == whole, page.url


@EXAMPLES
@given(body=BODIES)
def test_a_hostile_body_gives_the_same_sanitised_page_either_way(body: str) -> None:
    markers = Markers.new()
    page = next(p for p in _hostile_pages(body, markers) if p.url == "stories/s/")
    whole, restored, _ = _both_ways(page, markers)
    assert restored == whole


def _hostile_pages(body: str, markers: Markers) -> list[Page]:
    """The pages of a hub of one story with ``body``, as tests/test_hostile_markdown.py makes it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "stories").mkdir()
        (root / "stories/s.md").write_text(hostile.STORY.format(body=body), encoding="utf-8")
        story = load_story(root / "stories/s.md", root)
        assert not isinstance(story, list), story
        settings = Settings(
            root=root,
            stories_dir=root / "stories",
            events_file=root / "events.yaml",
            tz=ZoneInfo("Europe/London"),
            today=date(2026, 11, 23),
        )
        hub = select(Content(stories=[story]), settings)
        return render_site(hub, Renderer.fresh(markers, hostile.TEMPLATES)).pages


@pytest.mark.parametrize(
    ("chunk", "finished"),
    [
        ('<p class="a">Text <a href="x">link</a></p>', True),
        ("<section>\n<h2>A</h2>\n\n<p>B</p>\n</section>", True),
        ("<p>a</p>\n<p>b</p>", True),
        ("<p>a</p>\nthen words", False),  # words after the element are markdown
        ("<span>inline</span>", False),  # not a block: a paragraph of markdown
        ('<div markdown="1">*a*</div>', False),  # asks for markdown inside
        ("<div>a <!-- note --></div>", False),
        ("<div>open", False),
        ("<p>a < b</p>", False),
        ("<script>if (a < b) { go(); }</script>", True),
    ],
)
def test_what_counts_as_finished_html(chunk: str, finished: bool) -> None:
    assert is_finished(chunk) is finished


_ID_PARTS = ["<", ">", "a", " ", "\n", 'id="', 'name="', '"', "x", "div", "<a ", ' id="q"', 'data-id="z"']
_ID_PARTS += ["&amp;", "\t"]


@given(st.lists(st.sampled_from(_ID_PARTS), max_size=30).map("".join))
@example('<a name="top">')
@example('<h2 class="x" id="support-heading">Support</h2>')
@example('<div data-id="z">text id="not" <p id="">')
@example('<a href="#" name="n" id="i">')
def test_the_ids_of_a_held_block_are_what_the_whole_pattern_finds(block: str) -> None:
    """``_ids`` tries the id pattern only at the tags that could hold an id: it finds what
    trying it at every character finds (an empty id included)."""
    everywhere = {
        html.unescape(match[1] if match[1] is not None else match[2])
        for match in finished._ID.finditer(block)
    }
    assert finished._ids(block) == everywhere


_TAG_PARTS = ["<", "</", ">", "/>", "/", "a", "br", "BR", "img", "div", "x-y", "a-", "-", "_", "é", "1"]
_TAG_PARTS += [" ", "\n", '"', "=", 'class="c"', "text"]


@given(st.lists(st.sampled_from(_TAG_PARTS), max_size=30).map("".join))
@example('<li class="hub-card">\n<h2><a href="../x/">X</a></h2>\n<br>\n</li>')
@example("<br-><a-b></BR><Img src=x>")
@example("<a_b><a-_><a-é></a-1>")
@example("<p/><img src=x/><br >")
def test_the_steps_of_a_part_are_those_the_whole_tag_pattern_gives(chunk: str) -> None:
    """A part without ``/>`` gets each tag's step from its ``/`` and name alone: the same
    steps as from each whole tag (void names, closing tags, names ending in ``-``)."""
    whole = [
        0 if rest.endswith("/") or name.lower() in finished._VOID else -1 if end else 1
        for end, name, rest in finished._TAG.findall(chunk)
    ]
    assert finished._steps.__wrapped__(chunk) == whole


_HELD = FinishedHtml(Markers.new())
_PLACEHOLDER_PARTS = ["<p>", "</p>", "x", "\n", "<", "p>", "z", _HELD.prefix]
_PLACEHOLDER_PARTS += [f"{_HELD.prefix}{n}z" for n in range(3)]


@given(st.lists(st.sampled_from(_PLACEHOLDER_PARTS), max_size=14).map("".join))
@example(f"<p>{_HELD.prefix}0z</p>")
@example(f"<p>{_HELD.prefix}0z</p>\n<p>x {_HELD.prefix}1z</p>")
@example(f"<p><p>{_HELD.prefix}2z</p></p>{_HELD.prefix}0z</p>")
@example(f"<p>{_HELD.prefix}1z")
def test_held_runs_go_back_where_a_paragraph_of_their_placeholder_is(content: str) -> None:
    """A placeholder that is a paragraph of its own becomes its run (a line break after it
    unless it ends the page); any other becomes the text it stood for: as the pattern with
    ``<p>`` as an alternative, which tried every character, put them back."""
    blocks, sources = ["<div>B0</div>", "<div>B1</div>", "<div>B2</div>"], ["S0", "S1", "S2"]
    either = re.compile(rf"<p>{_HELD.prefix}(\d+)z</p>|{_HELD.prefix}(\d+)z")

    def put_back(match: re.Match[str]) -> str:
        if match[2] is not None:
            return sources[int(match[2])]
        return blocks[int(match[1])] + ("\n" if match.end() < len(content) else "")

    assert _HELD._put_back(content, blocks, sources) == either.sub(put_back, content)
