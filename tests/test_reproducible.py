"""Two builds of the same content with the same ``--today`` are byte-identical.

The first is the session's build of the sample hub (``sample_site``, in the test
process). The second runs in a process of its own from a copy of the project in another
folder, with fresh file times, another hash seed and another time zone for the process,
on another day of the machine's clock as far as the content can tell: anything that
leaks into the site from outside the content and ``--today`` shows up as a difference.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import REPO, TODAY, Result, run_peerhub_process
from tests.test_cli import tree_digest

PROJECT = ["mkdocs.yml", "docs", "stories", "events.yaml", "vacancies.yaml", "overrides"]


def _copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    now = time.time()
    for path in target.rglob("*"):
        os.utime(path, (now, now))  # file times must not matter
    # The web editor's packages, as installed for the project (not copied: 400 MB).
    (target / "editor").mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(REPO / "editor" / name, target / "editor" / name)
    if (REPO / "editor/node_modules").is_dir():
        (target / "editor/node_modules").symlink_to(REPO / "editor/node_modules")
    return target


def _build(root: Path, site: Path, env: dict[str, str]) -> Result:
    clean = {"SOURCE_DATE_EPOCH": "", **env}
    return run_peerhub_process("build", "--today", TODAY, "--site-dir", str(site), cwd=root, env=clean)


@pytest.fixture(scope="module")
def two_builds(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("reproducible")
    second = tmp / "second"
    copy = _copy_project(tmp / "elsewhere" / "project")
    environ = {"PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati"}
    assert os.environ.get("PYTHONHASHSEED") != environ["PYTHONHASHSEED"]
    assert os.environ.get("TZ") != environ["TZ"]
    result = _build(copy, second, environ)
    assert result.code == 0, result.text
    return sample_site, second


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    a, b = tree_digest(first), tree_digest(second)
    assert len(a) > 50
    assert sorted(a) == sorted(b), "the builds hold different files"
    assert [name for name in a if a[name] != b[name]] == []


def test_sitemap_and_feed_dates_come_from_today_and_the_content(two_builds: tuple[Path, Path]) -> None:
    site = two_builds[0]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates == {TODAY}, dates
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read().decode("utf-8") == sitemap
    header_time = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert time.strftime("%Y-%m-%d", time.gmtime(header_time)) == TODAY, "gzip time is the clock's"

    channel = ET.parse(site / "stories/feed.xml").getroot().find("channel")
    assert channel is not None
    newest = channel.findtext("lastBuildDate")
    first_item = channel.find("item")
    assert first_item is not None and newest == first_item.findtext("pubDate")
