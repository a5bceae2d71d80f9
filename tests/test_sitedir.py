"""The site folder (``generator.sitedir``): no build deletes anything but the site folder,
and the site folder always holds the previous site or the complete new one (issue 15,
items 3 and 11).

Real processes throughout: ``peerhub build`` and ``mkdocs build`` run as a person runs
them; kills are real ``SIGKILL``s, at the worst moment (the swap) by a wrapper that kills
the process from inside; full, read-only and busy disks are real (a small tmpfs in a mount
namespace of its own), where the system allows it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_MKDOCS, REPO, TODAY, Result, run_peerhub
from tests.test_cli import tree_digest

BASE = REPO / "tests/bad_input/base"


def _project_digest(root: Path) -> dict[str, str]:
    """Every file of the project but its site folder (and what builds leave beside it)."""
    return {
        name: digest for name, digest in tree_digest(root).items() if not name.startswith(("site/", ".site"))
    }


def _strays(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small valid hub of the bad-input corpus, in a git repository, built once."""
    root = tmp_path_factory.mktemp("sitedir") / "hub"
    shutil.copytree(BASE, root)
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(overrides=REPO / "overrides"), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".git/HEAD").read_text()
    assert run_peerhub("build", "--today", TODAY, cwd=root).code == 0
    return root


@pytest.fixture
def hub(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "hub"
    shutil.copytree(built, root, symlinks=True)
    return root


def _edit(root: Path) -> None:
    """A change to the content, so a new build differs from the previous one."""
    story = root / "stories/good.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Some words", "Other words"), encoding="utf-8")


def _assert_plain_refusal(result: Result, *words: str) -> None:
    assert result.code == 1, result.text
    assert "Traceback" not in result.text, result.text
    for word in words:
        assert word in result.err, result.err


# --- which folder may be the site folder ------------------------------------------------


@pytest.mark.parametrize(
    ("site_dir", "says"),
    [
        (".", "is the project folder itself"),
        ("..", "is a folder that holds the project"),
        ("stories", "holds stories"),
        ("docs", "holds docs"),
        ("docs/out", "is inside docs"),
        ("stories/site", "is inside stories"),
        ("elsewhere", "holds notes.md, so it is not a built site"),
        ("repo", "holds .git, so it is not a built site"),
    ],
)
def test_peerhub_build_never_deletes_what_is_not_a_site(hub: Path, site_dir: str, says: str) -> None:
    (hub / "elsewhere").mkdir()
    (hub / "elsewhere/notes.md").write_text("Someone's notes.\n", encoding="utf-8")
    (hub / "repo/.git").mkdir(parents=True)
    before = _project_digest(hub)
    before_site = tree_digest(hub / "site")
    result = run_peerhub("build", "--today", TODAY, "--site-dir", site_dir, cwd=hub)
    _assert_plain_refusal(result, says)
    assert _project_digest(hub) == before
    assert (hub / ".git/HEAD").is_file() and (hub / "elsewhere/notes.md").is_file()
    assert tree_digest(hub / "site") == before_site
    assert _strays(hub) == []


@pytest.mark.parametrize("site_dir", ["stories", ".", "docs/.."])
def test_site_dir_in_mkdocs_yml_is_checked_by_every_command(hub: Path, site_dir: str) -> None:
    config = hub / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"site_dir: {site_dir}\n", encoding="utf-8")
    before = _project_digest(hub)
    env = {**os.environ, "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=hub, env=env, capture_output=True, text=True
    )
    assert plain.returncode == 1 and "site_dir: " in plain.stderr, plain.stderr
    assert "Traceback" not in plain.stderr
    assert _project_digest(hub) == before
    for command in ("build", "check"):
        _assert_plain_refusal(run_peerhub(command, "--today", TODAY, cwd=hub), "site_dir: ")
    assert _project_digest(hub) == before


def test_a_site_folder_elsewhere_or_new_is_fine(hub: Path, tmp_path: Path) -> None:
    for site_dir in (tmp_path / "out/site", hub / "site/inner"):
        result = run_peerhub("build", "--today", TODAY, "--site-dir", str(site_dir), cwd=hub)
        assert result.code == 0, result.text
        assert (site_dir / "stories/good/index.html").is_file()


# --- the swap: the previous site or the complete new one, always ------------------------

# Runs `peerhub build`, killing itself (SIGKILL) right after the first step of the swap:
# the atomic exchange of the two folders, or (old code, or the fallback) the first rename.
KILL_AT_SWAP = """
import os, pathlib, signal, sys
FALLBACK = sys.argv.pop(1) == "fallback"
real_rename = pathlib.Path.rename
def rename(self, target):
    done = real_rename(self, target)
    if ".building-" in str(target) or ".old-" in str(target) or ".building-" in str(self):
        os.kill(os.getpid(), signal.SIGKILL)
    return done
pathlib.Path.rename = rename
try:
    import generator.sitedir as sitedir
except ImportError:
    pass
else:
    real_exchange = sitedir._exchange
    def exchange(a, b):
        if FALLBACK:
            return False
        done = real_exchange(a, b)
        os.kill(os.getpid(), signal.SIGKILL)
        return done
    sitedir._exchange = exchange
from generator.edge.cli import main
sys.argv = ["peerhub", "build", "--today", sys.argv[1]]
main()
"""


def _killed_at_swap(root: Path, mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "PEERHUB_TODAY"}
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT_SWAP, mode, TODAY], cwd=root, env=env, capture_output=True, text=True
    )
    return proc.returncode


def _new_site(hub: Path, tmp_path: Path) -> dict[str, str]:
    """What a build of the edited hub writes, built in a copy."""
    copy = tmp_path / "reference"
    shutil.copytree(hub, copy, symlinks=True)
    _edit(copy)
    assert run_peerhub("build", "--today", TODAY, cwd=copy).code == 0
    return tree_digest(copy / "site")


def test_a_build_killed_at_the_swap_leaves_a_whole_site(hub: Path, tmp_path: Path) -> None:
    old, new = tree_digest(hub / "site"), _new_site(hub, tmp_path)
    assert old != new
    _edit(hub)
    assert _killed_at_swap(hub, "exchange") == -9
    # At that instant the site folder holds a whole site: the new one (or the old one).
    assert (hub / "site").is_dir(), "no site folder at all after a kill at the swap"
    assert tree_digest(hub / "site") in (old, new)
    assert _strays(hub), "the kill left nothing beside the site: was it at the swap?"
    # The next build removes what the killed one left.
    result = run_peerhub("build", "--today", TODAY, cwd=hub)
    assert result.code == 0, result.text
    assert tree_digest(hub / "site") == new
    assert _strays(hub) == []


def test_where_folders_cannot_be_exchanged_the_next_build_finishes_the_swap(
    hub: Path, tmp_path: Path
) -> None:
    old, new = tree_digest(hub / "site"), _new_site(hub, tmp_path)
    _edit(hub)
    assert _killed_at_swap(hub, "fallback") == -9
    aside = [p for p in hub.iterdir() if p.name.startswith(".site.old-")]
    assert not (hub / "site").exists() and len(aside) == 1  # killed between the two renames
    assert tree_digest(aside[0]) == old
    # Any build puts the previous site back first, then builds.
    env = {**os.environ, "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=hub, env=env, capture_output=True, text=True
    )
    assert plain.returncode == 0, plain.stderr
    assert tree_digest(hub / "site") == new
    assert _strays(hub) == []


def test_a_build_killed_while_writing_keeps_the_old_site_and_the_next_cleans_up(hub: Path) -> None:
    before = tree_digest(hub / "site")
    _edit(hub)
    env = {k: v for k, v in os.environ.items() if k != "PEERHUB_TODAY"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--today", TODAY],
        cwd=hub,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill it once MkDocs has written part of the new site
        staging = [p for p in hub.iterdir() if p.name.startswith(".site.building-")]
        if staging and (staging[0] / "assets").is_dir():
            break
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    assert tree_digest(hub / "site") == before
    left = _strays(hub)
    assert any(name.startswith(".site.building-") for name in left), left
    ignored = subprocess.run(
        ["git", "-C", str(REPO), "check-ignore", "--no-index", *left], capture_output=True, text=True
    )
    assert ignored.stdout.split() == left, f"{left} are not all matched by .gitignore"
    assert run_peerhub("build", "--today", TODAY, cwd=hub).code == 0
    assert _strays(hub) == []
    assert "Other words" in (hub / "site/stories/good/index.html").read_text(encoding="utf-8")


def test_two_builds_at_once_the_second_is_refused_plainly(hub: Path) -> None:
    before = tree_digest(hub / "site")
    _edit(hub)
    # Hold the lock as a build under way does (in this process), and build.
    lock = hub / ".site.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    os.write(fd, b"4242")
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = run_peerhub("build", "--today", TODAY, cwd=hub)
    finally:
        os.close(fd)
    _assert_plain_refusal(result, "another build is writing", "4242", "wait for it to finish")
    assert tree_digest(hub / "site") == before
    assert run_peerhub("build", "--today", TODAY, cwd=hub).code == 0
    assert _strays(hub) == []


def test_a_strict_warning_after_the_pages_keeps_the_previous_site(hub: Path) -> None:
    before = tree_digest(hub / "site")
    (hub / "docs/index.md").write_text("# Home\n\n[A link to nowhere](missing.md)\n", encoding="utf-8")
    env = {**os.environ, "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    plain = subprocess.run(command, cwd=hub, env=env, capture_output=True, text=True)
    assert plain.returncode == 1 and "Aborted" in plain.stdout + plain.stderr, plain.stderr
    assert tree_digest(hub / "site") == before
    assert _strays(hub) == []


# --- disks that say no ------------------------------------------------------------------


def _in_own_mounts(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a mount namespace of its own (mounts vanish with it)."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"]).returncode != 0:
        pytest.skip("mount namespaces are not available to this user (needs root)")
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], cwd=cwd, capture_output=True, text=True)


def _peerhub_line() -> str:
    return f"PEERHUB_TODAY= {sys.executable} -m generator build --today {TODAY}"


def test_a_full_disk_is_a_plain_message_and_the_site_is_kept(hub: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
mount -t tmpfs -o size=12m tmpfs {disk}
cp -a {hub} {disk}/hub
cd {disk}/hub
sed -i 's/Some words/Other words/' stories/good.md
rm -rf site && {_peerhub_line()} > /dev/null
find site -type f -exec sha256sum {{}} + | sort > {tmp_path}/before
sed -i 's/Other words/New words/' stories/good.md
avail=$(df --output=avail -k . | tail -1)
fallocate -l $(( (avail - 300) * 1024 )) filler
set +e
{_peerhub_line()} > {tmp_path}/out 2> {tmp_path}/err
echo $? > {tmp_path}/code
set -e
find site -type f -exec sha256sum {{}} + | sort > {tmp_path}/after
ls -a > {tmp_path}/ls
"""
    done = _in_own_mounts(script, tmp_path)
    assert done.returncode == 0, done.stderr
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "code").read_text().strip() == "1", err
    assert "Traceback" not in err and "the disk is full" in err, err
    assert "the previous site is unchanged" in err
    assert (tmp_path / "before").read_text() == (tmp_path / "after").read_text()
    assert not [n for n in (tmp_path / "ls").read_text().split() if n.startswith(".site")]


def test_a_read_only_disk_is_a_plain_message(hub: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
mount -t tmpfs -o size=32m tmpfs {disk}
cp -a {hub} {disk}/hub
mount -o remount,ro {disk}
cd {disk}/hub
set +e
{_peerhub_line()} > {tmp_path}/out 2> {tmp_path}/err
echo $? > {tmp_path}/code
"""
    done = _in_own_mounts(script, tmp_path)
    assert done.returncode == 0, done.stderr
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "code").read_text().strip() == "1", err
    assert "Traceback" not in err and "the disk is read-only" in err, err


def test_a_busy_site_folder_is_a_plain_message_and_is_kept(hub: Path, tmp_path: Path) -> None:
    # A site folder that is a mount point cannot be renamed or exchanged: EBUSY.
    script = f"""
cp -a site {tmp_path}/built
mount -t tmpfs -o size=32m tmpfs site
cp -a {tmp_path}/built/. site/
find site -type f -exec sha256sum {{}} + | sort > {tmp_path}/before
sed -i 's/Some words/Other words/' stories/good.md
set +e
{_peerhub_line()} > {tmp_path}/out 2> {tmp_path}/err
echo $? > {tmp_path}/code
set -e
find site -type f -exec sha256sum {{}} + | sort > {tmp_path}/after
"""
    done = _in_own_mounts(script, hub)
    assert done.returncode == 0, done.stderr
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "code").read_text().strip() == "1", err
    assert "Traceback" not in err and "in use by another program" in err, err
    assert (tmp_path / "before").read_text() == (tmp_path / "after").read_text()
    assert _strays(hub) == []


def test_without_flock_the_lock_is_a_file_only_one_build_creates(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from generator import sitedir

    monkeypatch.setattr(sitedir, "fcntl", None)  # as on Windows
    lock = tmp_path / ".site.lock"
    held = sitedir._Lock(lock)
    with pytest.raises(sitedir.SiteFolderError, match="another build is writing"):
        sitedir._Lock(lock)
    held.release()
    assert not lock.exists()
    lock.write_text("999999999")  # left by a build that was killed: no such process
    sitedir._Lock(lock).release()
