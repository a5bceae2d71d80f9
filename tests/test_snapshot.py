"""A snapshot of the whole built site of a small hub: every page, feed, calendar and search entry.

``tests/snapshot/hub/`` is a small hub with every kind of page the hub builds (stories with
and without a picture, a news item, a draft and an embargoed story, listings over two
pages, themes, roles, events that repeat, moved online, were postponed or cancelled, a
series, categories, hand-written pages with blocks, the 404 page). It is built with
``peerhub build --today 2026-11-23`` and every file it writes is compared with
``tests/snapshot/expected/``: the HTML of every page, the feed, the calendars, the search
index (pretty-printed) and the sitemap as text, and ``MANIFEST.txt`` listing every other
file. A change to a template, an override or the generator shows as a diff to review.

What is volatile is normalised first: the content hashes in the names of Material's own
assets (they change with Material's version, not with ours), and Material's assets are
listed by name only.

Refresh the expected files after an intended change, then read the diff before committing:

    PEERHUB_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest tests/test_snapshot.py
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_peerhub

HERE = Path(__file__).parent / "snapshot"
HUB = HERE / "hub"
EXPECTED = HERE / "expected"
MANIFEST = "MANIFEST.txt"

TEXT = {".html", ".xml", ".ics", ".json"}
"""Outputs kept whole in the snapshot, as text."""
ASSET_HASH = re.compile(r"\b(assets/[\w/.-]+?)\.[0-9a-f]{8}(\.(?:min\.)?(?:js|css)(?:\.map)?)\b")
"""``assets/javascripts/bundle.a5f9d56c.min.js``: Material's name for its asset of that
version; ``hub-search.5520ea31.js``, the search script's name for its content."""


def normalised(path: str, data: bytes) -> str | None:
    """The text kept for ``path``, or ``None`` for a file listed in the manifest only."""
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    if Path(path).suffix not in TEXT and not path.endswith(".xml.gz"):
        return None
    text = ASSET_HASH.sub(r"\1.HASH\2", data.decode("utf-8"))
    if path.startswith("search/"):  # the search index, one record or word per line
        return json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    return text


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a built site as the snapshot keeps it, plus the manifest."""
    out: dict[str, str] = {}
    manifest = []
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        path = file.relative_to(site).as_posix()
        name = ASSET_HASH.sub(r"\1.HASH\2", path)
        if path.startswith("assets/"):  # Material's own files: their names only
            manifest.append(f"{name}  (theme asset)")
            continue
        data = file.read_bytes()
        text = normalised(path, data)
        digest = hashlib.sha256(text.encode() if text is not None else data).hexdigest()[:16]
        manifest.append(f"{name}  {digest}")
        if text is not None and not path.endswith(".gz"):
            out[name] = text
    out[MANIFEST] = "\n".join(manifest) + "\n"
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("snapshot") / "hub"
    shutil.copytree(HUB, root)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    overrides = Path(__file__).resolve().parent.parent / "overrides"
    (root / "mkdocs.yml").write_text(config.replace("../../../overrides", str(overrides)), encoding="utf-8")
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    return snapshot(root / "site")


def _expected() -> dict[str, str]:
    return {
        p.relative_to(EXPECTED).as_posix(): p.read_bytes().decode("utf-8")
        for p in sorted(EXPECTED.rglob("*"))
        if p.is_file()
    }


def test_the_built_site_matches_the_snapshot(built: dict[str, str]) -> None:
    if os.environ.get("PEERHUB_UPDATE_SNAPSHOT"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, text in built.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_text(text, encoding="utf-8", newline="")
    expected = _expected()
    assert sorted(built) == sorted(expected), "files came or went; see MANIFEST.txt"
    different = [name for name, text in built.items() if text != expected[name]]
    if different:
        first = different[0]
        diff = difflib.unified_diff(
            expected[first].splitlines(keepends=True),
            built[first].splitlines(keepends=True),
            f"expected/{first}",
            f"built/{first}",
        )
        pytest.fail(
            f"{len(different)} files differ from tests/snapshot/expected/: {', '.join(different)}\n"
            + "".join(list(diff)[:80])
            + "(if the change is intended, refresh: see tests/test_snapshot.py)",
            pytrace=False,
        )


def test_the_snapshot_has_every_kind_of_page(built: dict[str, str]) -> None:
    for page in [
        "index.html",
        "404.html",
        "help/index.html",
        "stories/index.html",
        "stories/page/2/index.html",
        "stories/a-cup-of-tea/index.html",
        "stories/news-item/index.html",
        "stories/themes/hope/index.html",
        "stories/roles/carer/index.html",
        "events/index.html",
        "events/page/2/index.html",
        "events/gpsd/index.html",
        "events/moved/index.html",
        "events/postponed/index.html",
        "events/old-talk/index.html",
        "events/series/week/index.html",
        "events/category/recruitment/index.html",
        "stories/feed.xml",
        "events/calendar.ics",
        "events/open-day.ics",
        "search/index.json",
        "sitemap.xml",
    ]:
        assert page in built, page
    everything = "\n".join(built.values())
    # Withheld stories leave no trace, and the snapshot holds no consent reference.
    assert "Secret words" not in everything and "Words that wait" not in everything
    assert "CF-SECRET-1" not in everything and "CF-SNAP-2" not in everything
