"""``peerhub serve`` talks (issue 11, item 6): it prints the address it serves on, a busy port
is one line and exit 1, and a content error is shown in the browser, on the page being
previewed, as ``path:line: field: message`` within seconds; the page mends itself when the
file is saved again. Driven as staff do: the command in a terminal, the page in Chromium.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from benchmarks.localhttp import free_port
from tests.conftest import MINIMAL_MKDOCS, REPO, TODAY, story, write_files

if TYPE_CHECKING:
    from playwright.sync_api import Page

SHOWN_WITHIN_MS = 15_000
"""A saved mistake is on the page in a second or two; the margin is for a loaded machine."""
COLON = (
    "stories/live.md:2: title: has a colon inside text that is not in quotes: put the text in quotes, "
    'e.g. title: "Hope: a new start"'
)


@dataclass
class Preview:
    root: Path
    url: str
    port: int
    lines: list[str]


def _read_lines(stream: object, out: queue.Queue[str]) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        out.put(line.rstrip("\n"))


@contextlib.contextmanager
def running_preview(root: Path) -> Iterator[Preview]:
    """``peerhub serve`` in ``root`` on a free port, once it has said its address."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "PEERHUB_TODAY": TODAY},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    said: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(proc.stdout, said), daemon=True).start()
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 180
        while not any(line.startswith("Serving the preview on") for line in lines):
            assert proc.poll() is None, f"peerhub serve ended: {lines}"
            assert time.monotonic() < deadline, f"peerhub serve said no address: {lines}"
            with contextlib.suppress(queue.Empty):
                lines.append(said.get(timeout=1))
        yield Preview(root, f"http://127.0.0.1:{port}/", port, lines)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _hub(root: Path, events: str = "events: []\n") -> Path:
    write_files(
        root,
        {
            "mkdocs.yml": MINIMAL_MKDOCS.format(overrides=REPO / "overrides"),
            "docs/index.md": "# Home\n\nWelcome.\n",
            "stories/live.md": story("Live story", body="The first version of the story."),
            "events.yaml": events,
        },
    )
    return root


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    with running_preview(_hub(tmp_path_factory.mktemp("talks") / "hub")) as running:
        yield running


def test_serve_prints_the_address_it_serves_on(preview: Preview) -> None:
    assert preview.lines[-1] == f"Serving the preview on {preview.url} (Ctrl+C stops it)"


def test_a_second_preview_on_the_same_port_is_one_line_and_exit_1(preview: Preview) -> None:
    second = subprocess.run(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{preview.port}"],
        cwd=preview.root,
        env={**os.environ, "PEERHUB_TODAY": TODAY},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr.strip().splitlines() == [
        f"127.0.0.1:{preview.port} is already in use, perhaps by another peerhub serve: stop that one "
        f"(Ctrl+C in its window), or preview on another port: peerhub serve -a 127.0.0.1:{preview.port + 1}"
    ]


def test_a_content_error_shows_on_the_page_being_previewed_and_goes_when_mended(
    preview: Preview, page: Page
) -> None:
    from playwright.sync_api import expect

    path = preview.root / "stories/live.md"
    page.goto(preview.url + "stories/live/")
    expect(page.get_by_text("The first version of the story.")).to_be_visible()

    broken = story("Live story", body="A version with a mistake.")
    path.write_text(broken.replace("title: Live story", "title: Hope: a new start"), encoding="utf-8")
    panel = page.locator("#peerhub-preview-errors")
    expect(panel).to_be_visible(timeout=SHOWN_WITHIN_MS)
    expect(panel.locator("pre")).to_have_text(COLON)
    expect(panel).to_contain_text("The preview is not up to date: 1 problem to fix.")
    expect(page.get_by_text("The first version of the story.")).to_be_visible()  # the last good page
    assert page.get_by_role("alert").count() >= 1

    mended = story("Live story", body="The mended version.")
    path.write_text(mended.replace("title: Live story", 'title: "Hope: a new start"'), encoding="utf-8")
    expect(page.get_by_text("The mended version.")).to_be_visible(timeout=SHOWN_WITHIN_MS)
    expect(panel).to_have_count(0)
    expect(page.locator("h1")).to_have_text("Hope: a new start")


def test_a_new_page_that_cannot_build_shows_the_error_not_a_hang(preview: Preview, page: Page) -> None:
    from playwright.sync_api import expect

    new = preview.root / "stories/new-one.md"
    new.write_text(story("A new one", date="2026-13-01"), encoding="utf-8")
    time.sleep(1.5)  # the preview sees the save and fails to build
    started = time.monotonic()
    page.goto(preview.url + "stories/new-one/", timeout=SHOWN_WITHIN_MS)
    assert time.monotonic() - started < SHOWN_WITHIN_MS / 1000
    panel = page.locator("#peerhub-preview-errors")
    expect(panel.locator("pre")).to_have_text(
        "stories/new-one.md:3: date: 2026-13-01 is not a real date (check the day and month)",
        timeout=SHOWN_WITHIN_MS,
    )
    new.write_text(story("A new one", body="Now it builds."), encoding="utf-8")
    expect(page.get_by_text("Now it builds.")).to_be_visible(timeout=SHOWN_WITHIN_MS)
    expect(panel).to_have_count(0)


def test_a_preview_whose_first_build_fails_shows_why_and_recovers(tmp_path: Path, page: Page) -> None:
    from playwright.sync_api import expect

    root = _hub(tmp_path / "hub", events="events:\n  - id: x\n\ttitle: X\n")
    with running_preview(root) as broken:
        started = time.monotonic()
        page.goto(broken.url + "stories/live/", timeout=SHOWN_WITHIN_MS)
        assert time.monotonic() - started < SHOWN_WITHIN_MS / 1000  # an answer, not a hang
        panel = page.locator("#peerhub-preview-errors")
        expect(panel.locator("pre")).to_have_text(
            "events.yaml:3: title: has a tab character: YAML needs spaces for indenting; "
            "replace the tab with spaces"
        )
        expect(panel).not_to_contain_text("last version that built")  # there is none yet
        (root / "events.yaml").write_text("events: []\n", encoding="utf-8")
        expect(page.get_by_text("The first version of the story.")).to_be_visible(timeout=SHOWN_WITHIN_MS)
        expect(panel).to_have_count(0)
