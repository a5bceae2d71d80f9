"""``peerhub serve`` leaves no draft pages behind: its temporary site folder (which holds
drafts) is removed when it stops, by Ctrl-C or by a signal; one left by a preview that was
killed outright is removed by the next preview (issue 15, item 12)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.localhttp import free_port
from tests.conftest import story
from tests.test_serve import wait_for


def _hangups_stop() -> None:
    """In the preview's process: SIGHUP stops it, as it does when started from a terminal.
    Started under ``nohup`` (as a suite run in the background may be), the process would
    inherit SIGHUP ignored, and the preview leaves an ignored signal ignored."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _start(root: Path, tmp: Path) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    env = {**os.environ, "PEERHUB_TODAY": "2026-11-23", "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_hangups_stop,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_for(url + "stories/wip/", "Not finished yet.")  # a draft, shown in the preview
    return proc, url


def _previews(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("peerhub-preview-*"))


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "term", "hup"])
def test_a_stopped_preview_removes_its_folder(make_hub, tmp_path: Path, how: signal.Signals) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/wip.md": story("Work in progress", status="draft", body="Not finished yet.")})
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc, _ = _start(root, tmp)
    try:
        folders = _previews(tmp)
        assert len(folders) == 1 and list(folders[0].rglob("wip/index.html")), "no preview folder?"
        proc.send_signal(how)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert _previews(tmp) == [], "the preview's folder, with its draft pages, was left behind"


def test_a_killed_previews_folder_is_removed_by_the_next(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/wip.md": story("Work in progress", status="draft", body="Not finished yet.")})
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    first, _ = _start(root, tmp)
    first.kill()  # SIGKILL: nothing can clean up
    first.wait()
    (left,) = _previews(tmp)
    second, _ = _start(root, tmp)
    try:
        deadline = time.monotonic() + 10
        while left.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not left.exists()
        assert len(_previews(tmp)) == 1  # the running preview's own
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert _previews(tmp) == []
