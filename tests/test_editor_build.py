"""``peerhub build`` writes the web editor into ``site/admin/`` from the pinned npm package;
without Node.js it still builds the public site and says in one line that ``/admin/`` was
left out. ``/admin/`` is linked from no public page and is in no sitemap or search index.
``peerhub edit`` needs Node.js and says so in one line; it serves this computer only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.editor.bundle import Packages
from tests.conftest import MINIMAL_MKDOCS, REPO, TODAY, run_peerhub, story
from tests.searchindex import BuiltIndex

EDITOR = Packages(REPO / "editor")


def needs_bundle() -> None:
    """Skip without the editor's npm packages, except in CI, where .ci/run installs them."""
    if EDITOR.bundle_files():
        return
    reason = f"the web editor's npm packages are not installed ({EDITOR.missing_reason(REPO)})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true, so this is an error, not a skip")
    pytest.skip(reason)


def editor_mkdocs(packages: Path | str, repo: str = "trust/hub") -> str:
    config = MINIMAL_MKDOCS.format(overrides=REPO / "overrides")
    options = f"      editor:\n        enabled: true\n        repo: {repo}\n        packages: {packages}\n"
    return config.replace("  - peerhub\n", "  - peerhub:\n" + options)


def no_node_path(tmp_path: Path) -> dict[str, str]:
    """A PATH with no node or npm on it (git and the rest of the system are not needed)."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return {"PATH": str(empty)}


def unpinned_copy(tmp_path: Path) -> Path:
    """The editor's package.json and lock file, with nothing installed."""
    folder = tmp_path / "editor-packages"
    folder.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(REPO / "editor" / name, folder / name)
    return folder


HUB = {"stories/walk.md": story("A walk"), "events.yaml": "events: []\n"}


def test_the_sample_site_has_the_editor_at_admin(sample_site: Path) -> None:
    needs_bundle()
    admin = sample_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert re.findall(r'<script src="([^"]+)"', page) == ["decap-cms.js", "hub-editor.js"]
    # Decap's own bundle, byte for byte the pinned package's, with the chunks it loads
    for source in EDITOR.bundle_files():
        assert (admin / source.name).read_bytes() == source.read_bytes(), source.name
    assert not list(admin.glob("*.map"))
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "your-organisation/peer-support-hub"  # named in mkdocs.yml
    assert [c["name"] for c in config["collections"]] == ["stories", "events", "vacancies"]
    assert (admin / "hub-editor.js").read_bytes() == (
        REPO / "generator/editor/static/hub-editor.js"
    ).read_bytes()


def test_no_public_page_links_to_the_editor(sample_site: Path) -> None:
    pages = [p for p in sample_site.rglob("*.html") if "admin" not in p.relative_to(sample_site).parts]
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert not [link for link in links if "admin" in link.split("/")], path
    assert "admin" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert [r["u"] for r in BuiltIndex(sample_site).shown if r["u"].startswith("admin")] == []


def test_without_node_the_public_site_builds_and_one_line_says_admin_was_left_out(
    make_hub, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(HUB, mkdocs=editor_mkdocs(unpinned_copy(tmp_path)))
    result = run_peerhub("build", "--today", TODAY, cwd=root, env=no_node_path(tmp_path))
    assert result.code == 0, result.text
    assert (root / "site/stories/walk/index.html").is_file()
    assert not (root / "site/admin").exists()
    lines = [line for line in result.text.splitlines() if "/admin/" in line]
    assert lines == [
        "The web editor (/admin/) was left out: Node.js is not installed "
        "(to add it: install Node.js, then npm ci --prefix "
        f"{(tmp_path / 'editor-packages')})."
    ]
    # mkdocs build says the same, in its log, and still builds
    env = {**os.environ, **no_node_path(tmp_path), "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "m")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert "The web editor (/admin/) was left out: Node.js is not installed" in built.stderr
    assert (tmp_path / "m/stories/walk/index.html").is_file()
    assert not (tmp_path / "m/admin").exists()


def test_with_npm_but_nothing_installed_it_says_what_to_run(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    root = make_hub(HUB, mkdocs=editor_mkdocs("editor"))
    folder = root / "editor"
    folder.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(REPO / "editor" / name, folder / name)
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    assert (
        "The web editor (/admin/) was left out: its files are not installed; run: npm ci --prefix editor."
        in (result.text)
    )


def test_a_built_editor_in_a_new_hub(make_hub) -> None:  # type: ignore[no-untyped-def]
    needs_bundle()
    root = make_hub(HUB, mkdocs=editor_mkdocs(REPO / "editor", repo="trust/peer-hub"))
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    assert "/admin/" not in result.text
    config = yaml.safe_load((root / "site/admin/config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "trust/peer-hub"
    assert config["site_url"] == "https://hub.example.org/"
    index = (root / "site/admin/index.html").read_text(encoding="utf-8")
    assert "../assets/stylesheets/main." in index  # the preview uses the site's stylesheets


def test_an_editor_without_a_repository_is_a_clear_error(make_hub) -> None:  # type: ignore[no-untyped-def]
    needs_bundle()
    root = make_hub(HUB, mkdocs=editor_mkdocs(REPO / "editor", repo="''"))
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "name the repository the web editor saves to" in result.text
    assert "repo" in result.text
    assert "Traceback" not in result.text


def test_edit_without_node_says_what_to_install_in_one_line(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(HUB)
    result = run_peerhub("edit", cwd=root, env=no_node_path(tmp_path))
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        "peerhub edit needs Node.js and npm for the web editor: install them (e.g. apt-get install "
        "nodejs npm, or from nodejs.org) and run it again; peerhub serve previews without them."
    ]


@pytest.mark.parametrize("address", ["0.0.0.0:8000", "192.168.1.5:8000", "example.org:80"])
def test_edit_serves_this_computer_only(make_hub, address: str) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(HUB)
    result = run_peerhub("edit", "-a", address, cwd=root)
    assert result.code == 1
    assert "peerhub edit serves on this computer only" in result.err
