"""A withheld story leaves no file of its own in the site, its picture included, whatever
builds it (issue 15, items 4, 6, 7, and ``preview: true`` of item 12).

- ``peerhub build`` and ``mkdocs build``: the picture of a withdrawn story, the pictures
  and files its body uses, and a draft's picture are not written; a picture a public story
  (or a hand-written page) also uses stays.
- ``mkdocs build --dirty`` and ``mkdocs serve --dirty`` are refused: a dirty build keeps
  what earlier builds wrote.
- ``peerhub serve`` shows a draft's picture, never a withdrawn story's, and stops serving a
  story's picture as soon as the story is withdrawn.
- Content kept inside ``docs/`` (``stories_dir: docs/stories``) is refused by every command,
  and ``preview: true`` in ``mkdocs.yml`` does not make ``mkdocs build`` publish drafts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from benchmarks.localhttp import free_port
from tests.conftest import TODAY, Result, run_peerhub, story, write_files
from tests.searchindex import BuiltIndex
from tests.storyhelp import PNG, mkdocs_yml
from tests.test_serve import wait_for

WITHDRAWN = "consent: {recorded: 2026-01-01, review: 2028-01-01, withdrawn: true, reference: CF-2}"
PICTURES = ["shared", "public", "public-body", "page", "withdrawn", "withdrawn-body", "draft"]


def _image(name: str) -> str:
    return f"image: {{src: images/{name}.jpg, alt: A picture.}}\n"


FILES = {
    "stories/public.md": story(
        "Public",
        extra=_image("public"),
        body="![Shared](../images/shared.jpg) ![Mine](../images/public-body.jpg)",
    ),
    "stories/gone.md": story(
        "Withdrawn",
        consent=WITHDRAWN,
        extra=_image("withdrawn"),
        body=(
            "![Mine](../images/withdrawn-body.jpg) ![Shared](../images/shared.jpg)\n\n"
            '[The transcript](../files/withdrawn.pdf) <img src="../images/withdrawn-html.jpg" alt="Me">'
        ),
    ),
    "stories/wip.md": story("Draft", status="draft", extra=_image("draft"), body="Not finished yet."),
    "docs/index.md": "# Home\n\n![A picture of the team](images/page.jpg)\n",
}
ALL_PICTURES = [*PICTURES, "withdrawn-html"]


def _hub(root: Path, **options: object) -> Path:
    write_files(root, {"mkdocs.yml": mkdocs_yml(**options), **FILES})
    for name in ALL_PICTURES:
        (root / f"docs/images/{name}.jpg").parent.mkdir(parents=True, exist_ok=True)
        (root / f"docs/images/{name}.jpg").write_bytes(PNG)
    (root / "docs/files").mkdir()
    (root / "docs/files/withdrawn.pdf").write_bytes(b"%PDF-1.4 a transcript\n")
    return root


def _mkdocs(root: Path, *args: str) -> Result:
    env = {**os.environ, "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _served(url: str) -> bool:
    """True when the preview serves the file at ``url``."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError:
        return False


def _published(site: Path) -> set[str]:
    return {p.stem for p in (site / "images").glob("*.jpg")} | {p.name for p in (site / "files").glob("*")}


@pytest.mark.parametrize("builder", ["peerhub build", "mkdocs build"])
def test_a_withheld_storys_files_are_not_published(tmp_path: Path, builder: str) -> None:
    root = _hub(tmp_path / "hub")
    if builder == "peerhub build":
        result = run_peerhub("build", "--today", TODAY, cwd=root)
    else:
        result = _mkdocs(root, "build", "--strict")
    assert result.code == 0, result.text
    site = root / "site"
    assert (site / "stories/public/index.html").is_file() and not (site / "stories/gone").exists()
    # Kept: the public story's, the one it shares with the withdrawn story, the home page's.
    assert _published(site) == {"shared", "public", "public-body", "page"}


def test_a_dirty_build_is_refused_and_a_clean_one_withdraws_everything(tmp_path: Path) -> None:
    root = _hub(tmp_path / "hub")
    assert _mkdocs(root, "build").code == 0
    public = root / "stories/public.md"
    public.write_text(
        public.read_text(encoding="utf-8").replace("reference: CF-1", "withdrawn: true"), "utf-8"
    )
    dirty = _mkdocs(root, "build", "--dirty")
    assert dirty.code == 1 and "--dirty is not supported" in dirty.err, dirty.text
    assert "Traceback" not in dirty.text
    clean = _mkdocs(root, "build")
    assert clean.code == 0, clean.text
    site = root / "site"
    assert not (site / "stories/public").exists()
    assert "Public" not in (site / "index.html").read_text(encoding="utf-8").split("<article", 1)[1]
    assert _published(site) == {"page"}


def test_mkdocs_serve_dirty_is_refused(tmp_path: Path) -> None:
    root = _hub(tmp_path / "hub")
    result = _mkdocs(root, "serve", "--dirty", "-a", f"127.0.0.1:{free_port()}")
    assert result.code == 1 and "--dirty is not supported" in result.err, result.text


def test_the_preview_never_serves_a_withdrawn_storys_picture(tmp_path: Path) -> None:
    root = _hub(tmp_path / "hub")
    port = free_port()
    env = {**os.environ, "PEERHUB_TODAY": TODAY}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url + "stories/wip/", "Not finished yet.")  # a draft, with its picture
        assert _served(url + "images/draft.jpg")
        assert _served(url + "images/public.jpg")
        assert not _served(url + "images/withdrawn.jpg")
        assert not _served(url + "files/withdrawn.pdf")
        public = root / "stories/public.md"
        text = public.read_text(encoding="utf-8").replace("reference: CF-1", "withdrawn: true")
        public.write_text(text.replace("Some words", "Withdrawn now"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while _served(url + "images/public.jpg") and time.monotonic() < deadline:
            time.sleep(0.25)
        assert not _served(url + "images/public.jpg"), "the withdrawn story's picture is still served"
        assert _served(url + "images/page.jpg")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_stories_inside_docs_are_refused_by_every_command(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    write_files(
        root,
        {
            "mkdocs.yml": mkdocs_yml(stories_dir="docs/stories"),
            "docs/index.md": "# Home\n",
            "docs/stories/wip.md": story("A draft", status="draft", body="Not finished: zqdraftzq."),
        },
    )
    for result in (
        run_peerhub("check", "--today", TODAY, cwd=root),
        run_peerhub("build", "--today", TODAY, cwd=root),
        _mkdocs(root, "build"),
    ):
        assert result.code == 1, result.text
        assert "stories_dir: docs/stories is inside docs_dir (docs)" in result.err, result.text
        assert "Traceback" not in result.text
    assert not (root / "site").exists()


def test_preview_true_in_mkdocs_yml_does_not_publish_drafts(tmp_path: Path) -> None:
    root = _hub(tmp_path / "hub", preview=True)
    result = _mkdocs(root, "build")
    assert result.code == 0, result.text
    assert not (root / "site/stories/wip").exists()
    assert "Not finished yet" not in BuiltIndex(root / "site").all_text()
    assert "draft" not in _published(root / "site")
