"""The theme's templates on a tiny site with hostile front matter (no browser needed).

MkDocs renders themes without autoescape, so these tests check that text from page
front matter and config.extra is escaped wherever overrides/ writes it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[2]

EVIL = "</title><script>alert(\"x\")</script> & 'q'"
JSONLD = {
    "@context": "https://schema.org",
    "@type": "Article",
    "headline": "Ends </script><script>alert(1)</script> & more",
}

PAGES = {
    "index.md": "# Fish & chips\n\nHello.\n",
    "evil.md": "---\n"
    + yaml.safe_dump(
        {
            "title": EVIL,
            "description": EVIL,
            "author": EVIL,
            "og_type": "article",
            "image": {"src": "assets/images/story.jpg", "alt": EVIL},
            "jsonld": [JSONLD, {"@type": "Thing", "name": "second"}],
            "draft": True,
        }
    )
    + "---\n\nBody text.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, crisis: dict[str, Any]) -> Path:
    """Build a two-page site with the hub's overrides, stylesheet and crisis config."""
    root = tmp_path_factory.mktemp("theme")
    docs = root / "docs"
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "Hub & <Co>",
        "site_url": "https://hub.example.org/",
        "docs_dir": str(docs),
        "site_dir": str(root / "site"),
        "theme": {
            "name": "material",
            "custom_dir": str(REPO / "overrides"),
            "font": False,
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        },
        "plugins": ["search"],
        "extra": {"generator": False, "crisis": crisis},
        "extra_css": ["assets/stylesheets/hub.css"],
    }
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    build(load_config(str(config_file), strict=True))
    return root / "site"


def _html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _meta(html: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_front_matter_never_reaches_the_html_raw(site: Path) -> None:
    html = _html(site, "evil/index.html")
    assert "<script>alert" not in html
    escaped = "&lt;/title&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;"
    assert f"<title>{escaped} - Hub &amp; &lt;Co&gt;</title>" in html
    for key in ("description", "author", "og:title", "og:description", "og:image:alt"):
        assert _meta(html, key) == escaped, key
    # The header shows the page title too.
    assert re.search(rf"md-ellipsis\">\s*{re.escape(escaped)}\s*<", html)


def test_title_from_a_heading_is_escaped_once(site: Path) -> None:
    html = _html(site, "index.html")
    assert "<title>Hub &amp; &lt;Co&gt;</title>" in html  # the home page: site name only
    assert "Fish &amp; chips" in html
    assert "&amp;amp;" not in html


def test_open_graph_and_twitter_card(site: Path) -> None:
    html = _html(site, "evil/index.html")
    assert _meta(html, "og:type") == "article"
    assert _meta(html, "og:url") == "https://hub.example.org/evil/"
    assert _meta(html, "og:site_name") == "Hub &amp; &lt;Co&gt;"
    assert _meta(html, "og:image") == "https://hub.example.org/assets/images/story.jpg"
    assert _meta(html, "twitter:card") == "summary"
    home = _html(site, "index.html")
    assert _meta(home, "og:type") == "website"
    assert _meta(home, "og:image") is None


def test_json_ld_is_valid_and_cannot_close_its_script(site: Path) -> None:
    html = _html(site, "evil/index.html")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0]
    assert json.loads(blocks[0]) == [JSONLD, {"@type": "Thing", "name": "second"}]
    assert "application/ld+json" not in _html(site, "index.html")


def test_draft_banner_only_on_drafts(site: Path) -> None:
    assert re.search(
        r'class="hub-draft" role="status">\s*<p><strong>Draft — not public', _html(site, "evil/index.html")
    )
    assert "hub-draft" not in _html(site, "index.html")


@pytest.mark.parametrize("path", ["index.html", "evil/index.html", "404.html"])
def test_every_page_has_crisis_block_and_stories_feed(site: Path, crisis: dict[str, Any], path: str) -> None:
    html = _html(site, path)
    assert html.count('id="need-help"') == 1
    block = html[html.index('id="need-help"') : html.index("</section>")]
    assert crisis["heading"] in block
    for line in crisis["lines"]:
        dial = str(line["number"]).replace(" ", "")
        href = f"sms:{dial}?&amp;body={line['text']}" if line.get("text") else f"tel:{dial}"
        assert f'href="{href}"' in block, line
    assert ">More ways to get help</a>" in block
    assert 'type="application/rss+xml" title="Stories from Peer Support Hub"' in html
    # The block comes before the header, in Material's announce banner.
    assert html.index('data-md-component="announce"') < html.index('id="need-help"')
    assert html.index('id="need-help"') < html.index('<header class="md-header')


def test_not_found_page_helps(site: Path, crisis: dict[str, Any]) -> None:
    html = _html(site, "404.html")
    assert "<title>Page not found - Hub &amp; &lt;Co&gt;</title>" in html
    assert "<h1>Page not found</h1>" in html
    assert '<a href="/">' in html
    assert f'<a href="/{crisis["more"]}">Find help now</a>' in html


def test_search_dialog_has_a_name(site: Path) -> None:
    assert re.search(r'role="dialog" aria-label="[^"]+"', _html(site, "index.html"))
