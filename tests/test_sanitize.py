"""The sanitiser of story bodies and event descriptions, and the table of contents.

What the theme and the hub's templates rely on (their ids, the classes Material's script
acts on) never comes from content, and no form of another host's address survives in an
image (browsers read ``\\host`` and ``/<tab>/host`` as ``//host``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pytest

from generator import urls
from generator.sanitize import RESERVED_IDS, clean, clean_toc, is_reserved_id, safe_id
from tests.conftest import REPO

MATERIAL = Path(str(resources.files("material"))) / "templates"
LITERAL_ID = re.compile(r"""\bid=["']([^"'{}$]+)["']""")


def _ids_in(folder: Path, pattern: str) -> set[str]:
    return {m for path in folder.rglob(pattern) for m in LITERAL_ID.findall(path.read_text("utf-8"))}


def test_every_id_the_templates_give_is_reserved() -> None:
    ours = _ids_in(REPO / "generator/templates", "*.j2") | _ids_in(REPO / "overrides", "*.html")
    material = _ids_in(MATERIAL, "*.html")
    assert "need-help" in ours and "__config" in material, "the scan found nothing; is it broken?"
    assert {i for i in ours | material if not is_reserved_id(i)} == set()
    assert ours >= RESERVED_IDS, "an id no template uses any more"
    # Material's generated ids (navigation, palette, code lines) all start with __.
    nav = (MATERIAL / "partials/nav.html").read_text("utf-8")
    assert 'set path = "__nav_"' in nav and all(i.startswith("__") for i in material)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("what-happened-next", "what-happened-next"),
        ("café_2", "café_2"),
        ("__config", "content-config"),
        ("__nav_2", "content-nav_2"),
        ("support", "content-support"),
        ("content-notice-heading", "content-content-notice-heading"),
        ('x" autofocus onfocus="alert(1)', "x-autofocus-onfocus-alert-1"),
        ("<script>", "script"),
        ('"', "section"),
        ("", "section"),
    ],
)
def test_ids_from_content_are_plain_and_never_the_themes(value: str, expected: str) -> None:
    assert safe_id(value) == expected
    assert safe_id(expected) == expected


def test_clean_renames_reserved_ids_and_drops_the_themes_classes() -> None:
    html = clean(
        '<div id="__config">{"base": "http://other.example/"}</div>'
        '<h2 id="support">Support</h2><pre class="mermaid">graph</pre>'
        '<div class="admonition note md-typeset hub-crisis annotate">'
        '<p class="admonition-title">Note</p></div>'
    )
    assert 'id="__config"' not in html and 'id="content-config"' in html
    assert 'id="content-support"' in html
    assert "mermaid" not in html and "md-typeset" not in html and "hub-crisis" not in html
    assert "annotate" not in html
    assert 'class="admonition note"' in html and 'class="admonition-title"' in html


OTHER_HOSTS = [
    "//tracker.example/p.png",
    "\\\\tracker.example/p.png",
    "/\\tracker.example/p.png",
    "\\/tracker.example/p.png",
    "/\t/tracker.example/p.png",
    "/\n/tracker.example/p.png",
    " //tracker.example/p.png",
    "\x01//tracker.example/p.png",
    "https://tracker.example/p.png",
    "HTTPS:tracker.example/p.png",
    "ht\ttps://tracker.example/p.png",
    "data:image/png;base64,AAAA",
]


@pytest.mark.parametrize("src", OTHER_HOSTS)
def test_an_image_from_another_host_loses_its_address_in_every_form(src: str) -> None:
    assert not urls.is_local(src)
    html = clean(f'<img src="{src}" alt="a">')
    assert "tracker" not in html and "data:" not in html, html


@pytest.mark.parametrize("entity", ["&#92;&#92;", "&#x5c;&#x5C;", "/&#92;", "/&#9;/", "&bsol;&bsol;"])
def test_an_address_written_with_entities_is_read_as_the_browser_reads_it(entity: str) -> None:
    html = clean(f'<img src="{entity}tracker.example/p.png" alt="a">')
    assert "tracker" not in html, html


@pytest.mark.parametrize("src", ["images/walk.jpg", "../images/walk.jpg", "/images/walk.jpg", "a:b/../c.jpg"])
def test_local_pictures_stay(src: str) -> None:
    assert urls.is_local(src) == (src != "a:b/../c.jpg")  # "a:" is a scheme, as a browser reads it


@dataclass
class Item:
    """The shape of MkDocs' AnchorLink."""

    title: str
    id: str
    children: list[Item] = field(default_factory=list)


def test_the_table_of_contents_is_plain_text_and_plain_ids() -> None:
    toc = [
        Item("What happened", 'x" onfocus="alert(1)', [Item('<img src=x onerror="alert(2)">', "__config")]),
        Item("Tea &amp; toast", "tea-toast"),
    ]
    clean_toc(toc, rename=True)
    assert (toc[0].id, toc[0].children[0].id, toc[1].id) == (
        "x-onfocus-alert-1",
        "content-config",
        "tea-toast",
    )
    assert toc[0].children[0].title == "" and toc[1].title == "Tea &amp; toast"
    hand_written = [Item("A <b>bold</b> move", 'odd"id')]
    clean_toc(hand_written, rename=False)  # a hand-written page keeps its ids, escaped
    assert (hand_written[0].title, hand_written[0].id) == ("A bold move", "odd&quot;id")


def test_a_title_nh3_would_leave_as_it_is_skips_nh3_and_reads_the_same() -> None:
    """clean_text answers a title without ``\\0 \\r & < > nbsp`` itself: for every code point
    of the Basic Multilingual Plane and a sample beyond, what it answers is nh3's answer."""
    import nh3

    from generator.sanitize import clean_text

    points = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97)]
    for point in points:
        title = f"Peer {chr(point)} support"
        by_nh3 = nh3.clean(title, tags=set(), attributes={}, strip_comments=True)
        assert clean_text(title) == by_nh3, hex(point)
    assert clean_text("A <b>bold</b> &amp; \r\n title\xa0") == "A bold &amp; \n title&nbsp;"
