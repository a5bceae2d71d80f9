"""Hostile markdown bodies, generated (hypothesis): the sanitised page has no handler, no id
the theme or the page keeps for itself, and no address of another host (issue 15).

Each body mixes headings with attribute lists (``{: id=... data-toc-label=... onclick=...}``),
raw HTML with ids, classes, handlers and addresses in every form a browser reads
(``//host``, ``\\\\host``, ``/\\host``, ``/<tab>/host``, entities, ``java<tab>script:``), markdown
images and links, and ``markdown="1"`` blocks. The story page is rendered by the core,
turned into HTML by Python-Markdown with the site's extensions, sanitised as the plugin does
it, and its table of contents printed as Material's template prints it (unescaped). The
check may refuse such a body; these tests show the page is safe even when it does not.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.hub import select
from generator.load import Content, load_story
from generator.render import Renderer, Templates, render_site
from generator.sanitize import CONTENT_CLASSES, RESERVED_IDS, Markers, clean_toc, sanitize_marked
from generator.settings import Settings

EXAMPLES = settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]

HANDLER = "alert(1)"
IDS = st.sampled_from(
    [
        "__config", "__search", "__drawer", "__toc", "__nav_1", "support", "support-heading",
        "need-help", "content-notice-heading", "related-events",
        'x" autofocus onfocus="alert(1)', "x' onmouseover='alert(1)", "a b", "<b>", '"', "'", "",
        "plain-id", "café", "x\tonfocus=alert(1)",
    ]
)  # fmt: skip
URLS = st.sampled_from(
    [
        "//tracker.example/p.png", "\\\\tracker.example/p.png", "/\\tracker.example/p.png",
        "\\/tracker.example/p.png", "/\t/tracker.example/p.png", "/\n/tracker.example/p.png",
        " //tracker.example/p.png", "https://tracker.example/p.png", "HTTPS:tracker.example/p.png",
        "ht\ttps://tracker.example/p.png", "data:image/png;base64,AAAA", "&#92;&#92;tracker.example/p.png",
        "&#x2F;&#x2F;tracker.example/p.png", "/&#9;/tracker.example/p.png", "javascript:alert(1)",
        "java\tscript:alert(1)", "JaVaScRiPt&colon;alert(1)", "vbscript:x", "../images/ok.png", "ok.png",
    ]
)  # fmt: skip
CLASSES = st.sampled_from(["mermaid", "md-typeset", "hub-crisis", "annotate", "note", "admonition", "x"])
TAGS = st.sampled_from(["div", "span", "a", "img", "h2", "p", "pre", "details", "script", "iframe", "svg"])
WORDS = st.sampled_from(["Words", "A <b>bold</b> move", "&amp; more", "<img src=x onerror=alert(1)>", "x"])


def _quoted(value: str) -> str:
    return '"' + value.replace('"', "&quot;") + '"' if '"' in value and "'" not in value else f'"{value}"'


ATTRIBUTE_LIST = st.lists(
    st.one_of(
        IDS.map(lambda v: f"#{v}" if v and " " not in v and '"' not in v and "'" not in v else f"id='{v}'"),
        IDS.map(lambda v: f'id="{v}"'),
        CLASSES.map(lambda c: f".{c}"),
        WORDS.map(lambda w: f"data-toc-label='{w}'"),
        st.just(f'onclick="{HANDLER}"'),
        st.just(f"onfocus='{HANDLER}' autofocus"),
    ),
    min_size=1,
    max_size=4,
).map(lambda parts: "{: " + " ".join(parts) + " }")


@st.composite
def raw_html(draw: st.DrawFn) -> str:
    tag = draw(TAGS)
    attrs = [
        f"id={_quoted(draw(IDS))}",
        f"class={_quoted(draw(CLASSES))}",
        f"onerror={_quoted(HANDLER)}",
        f"onload={_quoted(HANDLER)}",
        f"style={_quoted('background:url(//tracker.example/s.png)')}",
        f"src={_quoted(draw(URLS))}",
        f"href={_quoted(draw(URLS))}",
        f"srcset={_quoted(draw(URLS) + ' 2x')}",
        f"title={_quoted(draw(WORDS))}",
        f"data-md-component={_quoted('search')}",
    ]
    chosen = draw(st.lists(st.sampled_from(attrs), min_size=1, max_size=5, unique=True))
    return f"<{tag} {' '.join(chosen)}>{draw(WORDS)}</{tag}>"


BLOCKS = st.one_of(
    st.tuples(st.integers(1, 4), WORDS, ATTRIBUTE_LIST).map(lambda t: f"{'#' * t[0]} {t[1]} {t[2]}"),
    raw_html(),
    st.tuples(WORDS, URLS).map(lambda t: f"![{t[0]}]({t[1]})"),
    st.tuples(WORDS, URLS).map(lambda t: f"[{t[0]}]({t[1]})"),
    st.tuples(WORDS, ATTRIBUTE_LIST).map(lambda t: f"A paragraph of {t[0]}.\n{t[1]}"),
    st.tuples(st.integers(1, 3), WORDS, ATTRIBUTE_LIST).map(
        lambda t: f'<div markdown="1">\n\n{"#" * t[0]} {t[1]} {t[2]}\n\n</div>'
    ),
)
BODIES = st.lists(BLOCKS, min_size=1, max_size=8).map("\n\n".join)


@dataclass
class Item:
    """MkDocs' AnchorLink, from Python-Markdown's toc tokens."""

    title: str
    id: str
    children: list[Item] = field(default_factory=list)

    @property
    def url(self) -> str:
        return "#" + self.id


def _items(tokens: list[dict[str, Any]]) -> list[Item]:
    return [Item(t["name"], t["id"], _items(t["children"])) for t in tokens]


def _toc_html(items: list[Item]) -> str:
    """The table of contents as Material's partials/toc-item.html prints it (no escaping)."""
    return "".join(
        f'<li><a href="{i.url}" class="md-nav__link"><span>{i.title}</span></a>{_toc_html(i.children)}</li>'
        for i in items
    )


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def as_read(address: str) -> str:
    """An address as a browser reads it (WHATWG URL): C0 controls and spaces at either end
    ignored, tabs and line breaks removed, backslashes read as slashes."""
    return re.sub(r"[\t\n\r]", "", address.strip("".join(map(chr, range(33))))).replace("\\", "/")


def elsewhere(address: str) -> bool:
    """True for another host's address (or any with a scheme), false for this site's."""
    text = as_read(address)
    return text.startswith("//") or bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text))


STORY = """---
title: A hostile story
date: 2026-06-01
summary: A summary.
storyteller: {{name: Sam, role: carer}}
content_notes: [grief]
consent: {{recorded: 2026-01-01, review: 2028-01-01}}
status: published
---

{body}
"""


TEMPLATES = Templates()
"""Compiled once for every example."""


def _page(body: str) -> tuple[str, str]:
    """The story page's sanitised content and its table of contents, as the site has them."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "stories").mkdir()
        (root / "stories/s.md").write_text(STORY.format(body=body), encoding="utf-8")
        story = load_story(root / "stories/s.md", root)
        assert not isinstance(story, list), story
        settings = Settings(
            root=root,
            stories_dir=root / "stories",
            events_file=root / "events.yaml",
            tz=ZoneInfo("Europe/London"),
            today=date(2026, 11, 23),
        )
        markers = Markers.new()
        hub = select(Content(stories=[story]), settings)
        renderer = Renderer.fresh(markers, TEMPLATES)
        page = next(p for p in render_site(hub, renderer).pages if p.url == "stories/s/")
    md = markdown.Markdown(extensions=EXTENSIONS)
    content = sanitize_marked(md.convert(page.body), markers)
    toc = _items(md.toc_tokens)  # type: ignore[attr-defined]
    clean_toc(toc, rename=True)
    return content, _toc_html(toc)


TEMPLATE_IDS = {"support", "support-heading", "content-notice-heading"}
"""The ids the story template gives its own sections: each once, and only there."""


@EXAMPLES
@given(body=BODIES)
@example(body="## What happened next {: id='x\" autofocus onfocus=\"alert(1)' }")
@example(body='<div id="__config">{"base": "http://other.example/"}</div>')
@example(body='<img src="\\\\tracker.example/p.png" alt="a"> <img src="/\t/tracker.example/p.png" alt="b">')
@example(body="## Label {: data-toc-label='<img src=x onerror=alert(2)>' }\n\n<h2 id=\"support\">Mine</h2>")
@example(body='<pre class="mermaid">graph TD; A-->B</pre>')
def test_a_hostile_body_leaves_no_handler_reserved_id_or_other_host(body: str) -> None:
    content, toc = _page(body)
    parsed = Elements()
    parsed.feed(content + toc)
    ids: list[str] = []
    for tag, attrs in parsed.elements:
        where = f"<{tag} {attrs}>"
        assert tag not in {"script", "iframe", "svg", "style", "object", "embed", "form", "base"}, where
        assert not [a for a in attrs if a.startswith("on")], where
        assert "style" not in attrs and "srcset" not in attrs, where
        for name in ("src", "data", "poster", "action", "formaction"):
            assert name not in attrs or not elsewhere(attrs[name]), where
        if "href" in attrs:
            assert not as_read(attrs["href"]).lower().startswith(("javascript:", "vbscript:", "data:")), where
        if tag != "a" or "md-nav__link" not in attrs.get("class", ""):
            kept = set(attrs.get("class", "").split()) - CONTENT_CLASSES
            assert kept <= {"hub-content-notice", "hub-meta", "hub-story-byline", "hub-support"}, where
        assert not [a for a in attrs if a.startswith("data-")], where
        if "id" in attrs:
            ids.append(attrs["id"])
    for value in ids:
        assert not value.startswith("__"), value
        assert re.fullmatch(r"[\w.:-]+", value), value
    reserved = [value for value in ids if value in RESERVED_IDS]
    assert sorted(reserved) == sorted(TEMPLATE_IDS), reserved
    # The table of contents: plain in-page links, and text.
    for attrs_text in re.findall(r"<a ([^>]*)>", toc):
        assert re.fullmatch(r'href="#[\w.:-]+" class="md-nav__link"', attrs_text), attrs_text
    assert "<img" not in toc and "<b>" not in toc
