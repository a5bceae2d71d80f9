"""Helpers for the story, feed, withheld and editorial tests: build a hub once per module,
and read built pages the way a reader (or a crawler) would."""

from __future__ import annotations

import gzip
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import MINIMAL_MKDOCS, REPO, TODAY, run_peerhub, write_files

# A 1x1 transparent PNG, for a story image that exists in docs/.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a8e40000000049454e44ae426082"
)


def mkdocs_yml(**options: object) -> str:
    """The tests' minimal ``mkdocs.yml`` with options for the peerhub plugin."""
    config = MINIMAL_MKDOCS.format(overrides=REPO / "overrides")
    if options:
        lines = "".join(f"      {k}: {json.dumps(v)}\n" for k, v in options.items())
        config = config.replace("  - peerhub\n", "  - peerhub:\n" + lines)
    return config


def build_hub(
    root: Path, files: dict[str, str], *, binary: dict[str, bytes] | None = None, **options: object
) -> Path:
    """Write a hub into ``root``, build it with ``peerhub build`` and return the site folder."""
    write_files(root, {"mkdocs.yml": mkdocs_yml(**options), "docs/index.md": "# Home\n\nWelcome.\n", **files})
    for name, data in (binary or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    return root / "site"


def article(path: Path) -> str:
    """The HTML of the page's main content (Material's ``<article>``)."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert match, path
    return match[1]


def visible_text(html: str) -> str:
    """Text as a reader sees it: tags removed, entities decoded, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data


def head(path: Path) -> _Head:
    """The page's meta tags (attribute values unescaped), links and JSON-LD blocks."""
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def every_file_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text (gzip files unpacked), keyed by its path."""
    out = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return out
