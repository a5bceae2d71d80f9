"""``peerhub serve``: a live preview that shows drafts and reloads when content changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.localhttp import fetch, free_port
from tests.conftest import MINIMAL_MKDOCS, REPO, story, write_files


def wait_for(url: str, needle: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and needle in body:
            return body
        time.sleep(0.25)
    raise AssertionError(f"{needle!r} did not appear at {url} within {timeout} s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One preview for the module: the drafts test runs first, then the edits."""
    root = tmp_path_factory.mktemp("serve") / "hub"
    write_files(
        root,
        {
            "mkdocs.yml": MINIMAL_MKDOCS.format(overrides=REPO / "overrides"),
            "docs/index.md": "# Home\n\nWelcome.\n",
            "stories/live.md": story("Live story", body="The first version of the story."),
            "stories/wip.md": story("Work in progress", status="draft", body="Not finished yet."),
            "events.yaml": "events: []\n",
        },
    )
    port = free_port()
    env = {**os.environ, "PEERHUB_TODAY": "2026-11-23"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_shows_drafts_behind_a_banner(served: tuple[Path, str]) -> None:
    _, url = served
    page = wait_for(url + "stories/wip/", "Not finished yet.")
    assert "Draft — not public" in page
    live = wait_for(url + "stories/live/", "The first version")
    assert "Draft — not public" not in live


def test_serve_reloads_on_story_and_events_changes(served: tuple[Path, str]) -> None:
    root, url = served
    wait_for(url + "stories/live/", "The first version of the story.")
    (root / "stories/live.md").write_text(
        story("Live story", body="The second version, after an edit."), encoding="utf-8"
    )
    wait_for(url + "stories/live/", "The second version, after an edit.")
    (root / "events.yaml").write_text(
        "events:\n  - id: open-day\n    title: Open day for applicants\n    summary: Come along.\n"
        "    start: 2027-02-11T10:00\n    category: recruitment\n    online: https://example.org/x\n",
        encoding="utf-8",
    )
    wait_for(url + "events/", "Open day for applicants")


def test_the_preview_rebuilds_when_a_file_is_saved_not_when_it_is_read(tmp_path: Path) -> None:
    """Every build reads every story: a read must not set off another build."""
    from generator.edge.preview_server import PreviewServer

    folder = tmp_path / "stories"
    folder.mkdir()
    story = folder / "a.md"
    story.write_text("one", encoding="utf-8")
    data = tmp_path / "events.yaml"
    data.write_text("events: []\n", encoding="utf-8")
    server = PreviewServer(lambda: None, "127.0.0.1", 0, str(tmp_path / "site"))
    server.watch(str(folder))
    server.watch(str(data))
    server.observer.start()

    def wanted(action: Callable[[], object], wait: float) -> bool:
        with server._rebuild_cond:
            server._want_rebuild = False
        action()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            with server._rebuild_cond:
                if server._want_rebuild:
                    return True
            time.sleep(0.05)
        return False

    def settled() -> None:
        """Wait until the watcher has been quiet for a second: one save can send several
        events (truncate, write, close), and on a loaded machine the last comes late."""
        quiet_since = deadline = time.monotonic()
        deadline += 20
        while time.monotonic() - quiet_since < 1.0 and time.monotonic() < deadline:
            with server._rebuild_cond:
                if server._want_rebuild:
                    server._want_rebuild = False
                    quiet_since = time.monotonic()
            time.sleep(0.05)

    def save_by_renaming() -> None:
        (tmp_path / "events.yaml.new").write_text("events: []\nseries: []\n", encoding="utf-8")
        (tmp_path / "events.yaml.new").replace(data)

    try:
        assert not wanted(story.read_text, 2)
        assert server.take_saved() == set()
        assert wanted(lambda: story.write_text("two", encoding="utf-8"), 20)
        settled()
        # The builder is told which files were saved: content alone is rebuilt without MkDocs.
        assert server.take_saved() == {str(story)}
        assert server.take_saved() == set()  # told once
        assert wanted(save_by_renaming, 20)
        settled()
        assert str(data) in (server.take_saved() or set())
        assert wanted(lambda: data.write_text("events: []\n", encoding="utf-8"), 20)  # the new file
        settled()
        assert server.take_saved() == {str(data)}
        assert not wanted(lambda: (tmp_path / "notes.txt").write_text("x", encoding="utf-8"), 2)
        assert server.take_saved() == set()
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_with_no_inotify_instance_free_the_preview_polls_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editors and file-syncing tools often take all of a user's inotify instances; then the
    preview must still start (watchdog would fail with a traceback only once it serves)."""
    import watchdog.observers.inotify_c as inotify_c
    from watchdog.observers.inotify import InotifyObserver
    from watchdog.observers.polling import PollingObserver

    from generator.edge.preview_server import PreviewServer, inotify_free

    server = PreviewServer(lambda: None, "127.0.0.1", 0, str(tmp_path / "site"))
    assert isinstance(server.observer, InotifyObserver if inotify_free() else PollingObserver)
    server.server_close()
    opened: list[int] = []
    real = inotify_c.inotify_init

    def nearly_all_taken() -> int:
        if len(opened) >= 3:
            return -1
        fd = real()
        opened.append(fd)
        return fd

    monkeypatch.setattr(inotify_c, "inotify_init", nearly_all_taken)
    server = PreviewServer(lambda: None, "127.0.0.1", 0, str(tmp_path / "site"))
    try:
        assert isinstance(server.observer, PollingObserver)
        folder = tmp_path / "stories"
        folder.mkdir()
        server.watch(str(folder))  # MkDocs' own watching, which polls
        assert server.take_saved() is None  # it cannot tell which files: every rebuild is MkDocs'
        server.observer.start()
        server.observer.stop()
        server.observer.join()
    finally:
        server.server_close()
    for fd in opened:  # the ones it took to ask were given back
        with pytest.raises(OSError):
            os.fstat(fd)
