"""A generated page's front matter read as JSON is what MkDocs reads of it with YAML
(generator/edge/frontmatter.py, issue 18).

For every generated page of the sample hub and of a synthetic hub, and for front matter of
awkward text (quotes, line separators, YAML syntax), the page as the plugin hands it to
MkDocs gives MkDocs the same markdown, and the plugin sets the same ``page.meta``, as MkDocs
reading the page itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from generator import pipeline
from generator.edge.frontmatter import split
from generator.edge.theme import _NOT_YAML, page_markdown
from generator.memo import NoMemo
from generator.render import Renderer, render_site

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import TODAY, hub_settings, write_hub  # noqa: E402


def _sources(root: Path) -> list[str]:
    hub = pipeline.run(hub_settings(root, TODAY.isoformat()), warnings=False).valid_hub()
    return [page_markdown(page, NoMemo()) for page in render_site(hub, Renderer.fresh()).pages]


def _same_as_mkdocs(source: str) -> None:
    read = split(source)
    assert read is not None, source[:300]
    given, meta = read
    markdown, empty = get_data(given)
    assert empty == {}
    assert (markdown, meta) == get_data(source)


def test_every_generated_page_of_the_sample_hub() -> None:
    sources = _sources(REPO)
    assert len(sources) > 40
    for source in sources:
        _same_as_mkdocs(source)


def test_every_generated_page_of_a_synthetic_hub(tmp_path: Path) -> None:
    write_hub(tmp_path / "hub", 40, 30)
    for source in _sources(tmp_path / "hub"):
        _same_as_mkdocs(source)


@pytest.mark.parametrize(
    "text",
    [
        'Quotes " and \\ backslash',
        "Line\u2028separator and \u0085 next line",
        "Emoji \U0001f600 and accents é ü",
        "---\nnot: front matter\n---",
        "a: b # not a comment",
        "Tab\there",
    ],
)
def test_awkward_text_reads_the_same(text: str) -> None:
    meta = {"title": text, "description": text, "jsonld": {"name": text, "n": 3}}
    front = json.dumps(meta, ensure_ascii=False)
    front = _NOT_YAML.sub(lambda m: f"\\u{ord(m[0]):04x}", front)
    _same_as_mkdocs(f"---\n{front}\n---\n\n# Heading\n\nBody.\n")


@pytest.mark.parametrize(
    "front",
    ['{"a": 1.5}', '{"a": 1e5}', '["a"]', "title: plain YAML", '{"a": "\x7f"}', '{"a": NaN}'],
)
def test_what_json_would_read_otherwise_is_left_to_mkdocs(front: str) -> None:
    assert split(f"---\n{front}\n---\n\n# Heading\n") is None


def test_a_page_without_front_matter_is_left_to_mkdocs() -> None:
    assert split("# Heading\n\nBody.\n") is None


@pytest.mark.parametrize(
    "markdown", ["Key: value\n\n# Heading\n", "# Heading\r\n\r\nBody.\r\n", "\n\n# Heading\n", ""]
)
def test_markdown_mkdocs_would_read_otherwise_is_kept_behind_an_empty_front_matter(markdown: str) -> None:
    _same_as_mkdocs(f'---\n{{"title": "T"}}\n---\n{markdown}')
