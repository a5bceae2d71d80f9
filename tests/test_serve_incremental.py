"""The live preview rebuilds only what a save touched, and serves exactly what a clean
build of the same content writes (``generator.edge.preview``)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_hub
from tests.conftest import TODAY

URL = "http://127.0.0.1:8123/"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean_build(config_file: Path, site_dir: Path) -> None:
    """What a clean build of the preview writes: MkDocs' serve build with nothing kept."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.edge.output import Request

    config = load_config(str(config_file), site_dir=str(site_dir))
    plugin: Any = config.plugins["peerhub"]  # the one the preview uses: MkDocs keeps one
    preview, plugin.request = plugin.request, Request()
    try:
        config.site_url = URL
        build(config, serve_url=URL, dirty=False)
    finally:
        plugin.request = preview


def assert_same_as_clean_build(hub: Path, site: Path, tmp_path: Path) -> None:
    clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    clean_build(hub / "mkdocs.yml", clean)
    preview, expected = tree(site), tree(clean)
    assert sorted(preview) == sorted(expected), set(preview) ^ set(expected)
    different = [name for name in expected if preview[name] != expected[name]]
    assert not different, different


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "hub"
    write_hub(root, 8, 5, seed=7)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "stories_dir: stories", "stories_dir: stories\n      stories_per_page: 4\n      events_per_page: 3"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("PEERHUB_TODAY", TODAY)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    return root


def saved_since(
    before: dict[str, tuple[int, int]], root: Path
) -> tuple[set[str], dict[str, tuple[int, int]]]:
    """The files under ``root`` saved, made or deleted since
    ``before``, as the preview's watcher reports them; and the new snapshot."""
    now = {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if p.is_file()}
    return {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}, now


class Preview:
    """Builds the preview as ``peerhub serve`` does after each save, with the saved files;
    ``paths`` records how each build went: ``"content"`` (content alone) or ``"mkdocs"``."""

    def __init__(self, hub: Path, site: Path) -> None:
        from generator.edge.preview import Incremental

        self.hub, self.site = hub, site
        self.incremental = Incremental()
        self.paths: list[str] = []
        self._snapshot: dict[str, tuple[int, int]] = {}

    def __call__(self) -> Any:
        from mkdocs.config import load_config

        from generator.edge.output import Request
        from generator.edge.preview import Previewer

        changed, self._snapshot = saved_since(self._snapshot, self.hub)
        config = load_config(str(self.hub / "mkdocs.yml"), site_dir=str(self.site))
        plugin: Any = config.plugins["peerhub"]
        plugin.request = Request(output=self.incremental)
        config.site_url = URL
        previewer = Previewer(plugin, self.incremental)
        previewer.build(config, URL, changed)
        self.paths.append(previewer.content.last_path)
        previewer.pending.write_all()  # what the background thread writes after the build
        return self.incremental


@pytest.fixture
def preview(hub: Path, tmp_path: Path) -> Iterator[Preview]:
    """A function that builds the preview as ``peerhub serve`` does after each save."""
    from mkdocs.config import load_config

    site = tmp_path / "preview"
    site.mkdir()
    config = load_config(str(hub / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        yield Preview(hub, site)
    finally:
        config.plugins.on_shutdown()  # MkDocs keeps one plugin instance per process


def every_page(site: Path) -> set[str]:
    """The URL of every page of a built site, as MkDocs names them (``""`` for the home page)."""
    folders = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    return {"" if folder == "." else folder + "/" for folder in folders}


def newest_story(hub: Path) -> Path:
    from generator.load import load_stories

    stories, _ = load_stories(hub / "stories", hub)
    public = [s for s in stories if s.meta.status == "published"]
    return hub / max(public, key=lambda s: (s.meta.date, s.slug)).path


def test_a_saved_edit_rebuilds_few_pages_and_the_site_equals_a_clean_build(
    hub: Path, preview: Any, tmp_path: Path
) -> None:
    site = tmp_path / "preview"
    first = preview()
    assert len(every_page(site)) > 35
    assert first._built == every_page(site)  # the first build builds every page

    story = newest_story(hub)
    story.write_text(story.read_text().replace("\n---\n\n", "\n---\n\nAn edited first line. ", 1))
    state = preview()
    assert preview.paths == ["mkdocs", "content"]  # the first build is MkDocs'; the save's is not
    slug = story.stem
    assert f"stories/{slug}/" in state._built
    # The story, the hand-written pages and the two listings in the navigation, no more.
    assert len(state._built) < 20, sorted(state._built)
    assert "An edited first line." in (site / f"stories/{slug}/index.html").read_text()
    assert_same_as_clean_build(hub, site, tmp_path)


def test_titles_new_and_removed_stories_and_events_match_a_clean_build(
    hub: Path, preview: Any, tmp_path: Path
) -> None:
    site = tmp_path / "preview"
    preview()
    stories = sorted((hub / "stories").glob("*.md"))
    # A new title shows on listings, theme pages and related events; a story comes and one goes.
    retitled = stories[3]
    text = retitled.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    retitled.write_text(text.replace(title, "title: A brand new title for the preview"))
    (hub / "stories" / "a-new-story.md").write_text(stories[5].read_text())
    removed = stories[6]
    removed.unlink()
    events = (hub / "events.yaml").read_text()
    (hub / "events.yaml").write_text(events.replace("title: ", "title: Renamed ", 1))
    preview()
    assert not (site / "stories" / removed.stem).exists()
    assert (site / "stories/a-new-story/index.html").is_file()
    assert_same_as_clean_build(hub, site, tmp_path)


def test_a_change_outside_the_content_gives_a_clean_rebuild(hub: Path, preview: Any, tmp_path: Path) -> None:
    site = tmp_path / "preview"
    preview()
    page = hub / "docs" / "help" / "index.md"
    page.write_text(page.read_text() + "\nOne more line of help.\n")
    state = preview()
    assert preview.paths[-1] == "mkdocs"  # docs/ changed: never the content rebuild
    assert state._built == every_page(site)  # a clean rebuild: every page
    assert "One more line of help." in (site / "help/index.html").read_text()
    assert_same_as_clean_build(hub, site, tmp_path)


def test_without_a_nav_in_the_config_titles_still_match_a_clean_build(
    hub: Path, preview: Any, tmp_path: Path
) -> None:
    """With no ``nav:``, navigation titles come from the pages themselves."""
    config = (hub / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("\nnav:\n")
    end = config.index("\ntheme:")
    (hub / "mkdocs.yml").write_text(config[:start] + "\n" + config[end:], encoding="utf-8")
    site = tmp_path / "preview"
    preview()
    story = newest_story(hub)
    text = story.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    story.write_text(text.replace(title, "title: The newest story, renamed"))
    state = preview()
    assert len(state._built) < 25, sorted(state._built)
    assert_same_as_clean_build(hub, site, tmp_path)


def test_a_saved_vacancies_yaml_updates_its_pages_and_blocks_as_a_clean_build(
    hub: Path, preview: Any, tmp_path: Path
) -> None:
    from tests.test_vacancies import VALID

    (hub / "docs" / "jobs.md").write_text("# Jobs\n\n<!-- peerhub:open-vacancies count=3 -->\n")
    (hub / "vacancies.yaml").write_text(VALID)
    site = tmp_path / "preview"
    preview()
    assert "Peer Support Worker" in (site / "jobs/index.html").read_text()
    # Saved: the post is renamed and a second one, a draft, is added (the preview shows it).
    second = VALID.split("vacancies:\n", 1)[1].replace("id: psw", "id: psw-two").replace("published", "draft")
    (hub / "vacancies.yaml").write_text(
        VALID.replace("title: Peer Support Worker", "title: Renamed post") + second
    )
    state = preview()
    assert {"vacancies/psw/", "vacancies/psw-two/", "vacancies/", "jobs/"} <= state._built
    assert "Renamed post" in (site / "jobs/index.html").read_text()
    assert "Draft — not public" in (site / "vacancies/psw-two/index.html").read_text()
    assert_same_as_clean_build(hub, site, tmp_path)


def _set_field(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_kind_of_edit_gives_the_pages_of_a_full_build(hub: Path, preview: Any, tmp_path: Path) -> None:
    """Byte for byte, after an edit of each kind of field: the story's title, date, status
    (to draft and back), consent (withdrawn, then a review date that lapsed, then mended),
    themes; an event's time, a line added to it (above other events) and its series; a
    vacancy's title and closing day."""
    from tests.test_vacancies import VALID

    (hub / "vacancies.yaml").write_text(VALID, encoding="utf-8")
    site = tmp_path / "preview"
    preview()
    story = hub / "stories" / "down-word-goal-job-recovery-gravesend-4.md"
    slug = story.stem
    events, vacancies = hub / "events.yaml", hub / "vacancies.yaml"
    # Each edit, and how the preview shows it: "content" (pages written without MkDocs'
    # build, generator.edge.content_rebuild) or "mkdocs" (its dirty build: a page comes or
    # goes, or the sitemap changes).
    steps: list[tuple[Path, str, str, str]] = [
        (
            story,
            "title: Down word goal job recovery Gravesend 4",
            "title: A story retitled in the preview",
            "content",
        ),
        (
            story,
            "date: '2021-05-21'",
            "date: '2026-11-20'",
            "content",
        ),  # now the newest: the home page's latest
        (story, "status: published", "status: draft", "content"),
        (story, "status: draft", "status: published", "content"),
        (story, "withdrawn: false", "withdrawn: true", "mkdocs"),  # its page goes
        (story, "withdrawn: true", "withdrawn: false", "mkdocs"),
        (story, "review: '2028-08-09'", "review: '2026-01-09'", "content"),
        (story, "review: '2026-01-09'", "review: '2028-08-09'", "content"),
        (story, "- meaning\n- identity", "- hope\n- identity", "content"),
        (events, "start: 2023-04-12T11:00", "start: 2023-04-12T11:45", "content"),
        # A line added above other events: they are kept from the last save, with new lines.
        (events, "start: 2023-04-12T11:45", "start:\n    2023-04-12T11:50", "content"),
        (
            events,
            "category: training\n  series: awareness-week-1\n  venue:\n    name: Canterbury",
            "category: training\n  venue:\n    name: Canterbury",
            "content",
        ),
        (vacancies, "title: Peer Support Worker", "title: Senior Peer Support Worker", "content"),
        (vacancies, "closes: 2026-12-20", "closes: 2026-11-20", "mkdocs"),  # closed: out of the sitemap
    ]
    for path, old, new, how in steps:
        _set_field(path, old, new)
        preview()
        assert preview.paths[-1] == how, (old, new, preview.paths)
        page = site / f"stories/{slug}/index.html"
        if "status: draft" in story.read_text():
            assert "Draft — not public" in page.read_text()
        if "withdrawn: true" in story.read_text():
            assert not page.exists()  # withheld exactly as in a full build: not even in the preview
        assert_same_as_clean_build(hub, site, tmp_path), (old, new)
    assert "11:50" in (site / "events/event-00003/index.html").read_text()
    # A build that does not read the closed vacancy's page again keeps it out of the sitemap.
    _set_field(story, "title: A story retitled in the preview", "title: Retitled once more")
    preview()
    assert preview.paths[-1] == "content"
    assert "vacancies/psw/" not in (site / "sitemap.xml").read_text()
    assert_same_as_clean_build(hub, site, tmp_path)


def test_a_clean_build_serves_at_once_and_writes_the_other_pages_on_request_or_later(
    hub: Path, tmp_path: Path
) -> None:
    """The first build writes the navigation's pages and the hand-written ones; a story's
    page is written when asked for; once every page is written the site (search index
    included) equals a full build's."""
    from mkdocs.config import load_config

    from generator.edge.output import Request
    from generator.edge.preview import Incremental, Previewer
    from tests.test_vacancies import VALID

    closed = VALID.replace("closes: 2026-12-20", "closes: 2026-11-20")  # its page: not in the sitemap
    (hub / "vacancies.yaml").write_text(closed, encoding="utf-8")
    site = tmp_path / "preview"
    site.mkdir()
    config = load_config(str(hub / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        plugin: Any = config.plugins["peerhub"]
        incremental = Incremental()
        plugin.request = Request(output=incremental)
        config.site_url = URL
        previewer = Previewer(plugin, incremental)
        previewer.build(config, URL)
        slug = newest_story(hub).stem
        assert (site / "index.html").is_file() and (site / "stories/index.html").is_file()
        assert not (site / f"stories/{slug}/index.html").exists()
        assert not (site / "search").exists()  # it needs every page's text
        assert len(previewer.pending) > 20
        assert previewer.pending.write(f"stories/{slug}/index.html")  # a browser asks for it
        assert "Draft" not in (site / f"stories/{slug}/index.html").read_text()
        assert not previewer.pending.write(f"stories/{slug}/index.html")  # written once
        previewer.pending.start()  # the background thread writes the rest
        deadline = time.monotonic() + 120
        while len(previewer.pending) and time.monotonic() < deadline:
            time.sleep(0.1)
        previewer.pending.stop()
        assert len(previewer.pending) == 0
        assert (site / "search").is_dir()
        assert_same_as_clean_build(hub, site, tmp_path)
    finally:
        config.plugins.on_shutdown()


def test_the_server_writes_a_pending_page_before_it_serves_it(tmp_path: Path) -> None:
    from generator.edge.preview_server import PreviewServer

    asked: list[str] = []

    def write_pending(path: str) -> bool:
        asked.append(path)
        return False

    server = PreviewServer(lambda: None, "127.0.0.1", 0, str(tmp_path), write_pending=write_pending)
    try:
        for path in ("/stories/a-story/", "/events/open-day", "/../../etc/passwd"):
            server._serve_request({"PATH_INFO": path}, lambda *args: None)
    finally:
        server.server_close()
    assert asked[0] == "stories/a-story/index.html"
    assert asked[1:3] == ["events/open-day", "events/open-day/index.html"]
    assert asked[3:] == ["etc/passwd", "etc/passwd/index.html"]  # never outside the site folder


def test_a_page_the_background_is_writing_is_never_missing_for_a_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request that comes while the background thread writes that very page gets the page,
    not a 404: the page stays pending until it is on disk (CI met this under load, when a
    browser reloaded just as the thread began the page)."""
    import threading
    from types import SimpleNamespace

    import generator.edge.pending as pending_module
    from generator.edge.pending import PendingPages

    started = threading.Event()

    def populate(page: Any, *args: Any, **kwargs: Any) -> None:
        started.set()

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.5)  # a slow page on a loaded machine
        target = tmp_path / page.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("the page", encoding="utf-8")

    monkeypatch.setattr(pending_module, "_populate_page", populate)
    monkeypatch.setattr(pending_module, "_build_page", build_page)
    page = SimpleNamespace(dest="stories/live/index.html")
    file: Any = SimpleNamespace(dest_uri=page.dest, page=page)
    pending = PendingPages(threading.RLock())
    build: Any = (None, None, [], None, None)
    pending.leave([file], build, around=(lambda: None, lambda: None), done=lambda: None)
    pending.start()
    try:
        assert started.wait(10), "the background thread did not start the page"
        wrote_it = pending.write(page.dest)  # what the server asks before it serves the file
        assert wrote_it or (tmp_path / page.dest).read_text(encoding="utf-8") == "the page"
    finally:
        pending.stop()
    assert len(pending) == 0


def test_edits_shown_in_listings_and_a_new_day_give_the_pages_of_a_full_build(
    hub: Path, preview: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview reuses an unchanged story's view and pages (``Memo.again``): an edit of what
    cards show (the summary, the storyteller's role, a theme) still reaches every listing,
    theme and role page, the home page's latest stories and the related event's page; and
    when the day moves past the story's consent review, it is shown exactly as a full build
    of that day shows it."""
    site = tmp_path / "preview"
    preview()
    story = hub / "stories" / "down-word-goal-job-recovery-gravesend-4.md"
    slug = story.stem
    _set_field(story, "date: '2021-05-21'", "date: '2026-11-20'")  # the newest: on the home page
    preview()
    steps = [
        ("summary: Better true anyone door", "summary: A summary every card shows"),
        ("Honest late live plan", "A body only its own page shows"),
        ("role: carer", "role: staff"),
        ("- meaning\n- identity", "- hope\n- identity"),
    ]
    for old, new in steps:
        _set_field(story, old, new)
        preview()
        assert preview.paths[-1] == "content", (old, new)
        assert_same_as_clean_build(hub, site, tmp_path)
    for page in (
        "index.html",
        "stories/index.html",
        "stories/themes/hope/index.html",
        "events/event-00003/index.html",
    ):
        assert "A summary every card shows" in (site / page).read_text(encoding="utf-8"), page
    assert "A summary every card shows" not in (site / "stories/themes/meaning/index.html").read_text()
    assert slug in (site / "stories/roles/staff/index.html").read_text()
    assert slug not in (site / "stories/roles/carer/index.html").read_text()

    _set_field(story, "review: '2028-08-09'", "review: '2026-11-24'")
    preview()
    assert_same_as_clean_build(hub, site, tmp_path)
    before = (site / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("PEERHUB_TODAY", "2026-11-25")  # the review date has passed
    preview()
    assert preview.paths[-1] == "mkdocs"  # a new day: never the content rebuild
    assert_same_as_clean_build(hub, site, tmp_path)
    assert (site / "index.html").read_text(encoding="utf-8") != before


def test_the_newest_story_retitled_and_an_event_renamed_show_everywhere_as_a_full_build(
    hub: Path, preview: Any, tmp_path: Path
) -> None:
    """The benchmark's saves: the newest story (its page, the home page's latest stories, the
    first page of ``stories/``, its theme and role pages, the search) and the title of an
    event it names (its page, the events listings, the story's page, the calendars), each
    shown by the content rebuild, which looks only at the pages that are new objects and
    patches the search index; every file is a full build's."""
    import json

    site = tmp_path / "preview"
    preview()
    story = newest_story(hub)
    slug = story.stem
    text = story.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    story.write_text(text.replace(title, "title: Zqnewest retitled in the preview"), encoding="utf-8")
    preview()
    assert preview.paths[-1] == "content"
    for page in ("index.html", "stories/index.html", f"stories/{slug}/index.html"):
        assert "Zqnewest retitled in the preview" in (site / page).read_text(encoding="utf-8"), page
    assert_same_as_clean_build(hub, site, tmp_path)
    meta = json.loads((site / "search/index.json").read_text(encoding="utf-8"))
    cards = [c for name in meta["cards"][1] for c in json.loads((site / f"search/r/{name}.json").read_text())]
    assert {"u": f"stories/{slug}/", "t": "Zqnewest retitled in the preview"}.items() <= next(
        c for c in cards if c["u"] == f"stories/{slug}/"
    ).items()

    events = hub / "events.yaml"
    teller = next(p for p in sorted((hub / "stories").glob("*.md")) if "\n- event-" in p.read_text())
    named = next(line for line in teller.read_text().splitlines() if line.startswith("- event-"))[2:]
    entry = events.read_text(encoding="utf-8").split(f"- id: {named}\n", 1)[1]
    event_title = next(line for line in entry.splitlines() if line.startswith("  title:"))
    _set_field(events, f"- id: {named}\n{event_title}\n", f"- id: {named}\n{event_title} zqrenamed\n")
    preview()
    assert preview.paths[-1] == "content"
    for page in (f"events/{named}/index.html", f"stories/{teller.stem}/index.html", "events/index.html"):
        assert "zqrenamed" in (site / page).read_text(encoding="utf-8"), page
    assert b"zqrenamed" in (site / "events/calendar.ics").read_bytes()
    assert_same_as_clean_build(hub, site, tmp_path)
    # Saved back as it was: the pages, calendars and search index are the first build's again.
    _set_field(events, f"{event_title} zqrenamed\n", f"{event_title}\n")
    story.write_text(text, encoding="utf-8")
    preview()
    assert preview.paths[-1] == "content"
    assert_same_as_clean_build(hub, site, tmp_path)


def _png(width: int, height: int) -> bytes:
    """A valid PNG of ``width`` by ``height`` white pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_a_story_picture_replaced_in_docs_gives_its_new_size_as_a_full_build(
    hub: Path, preview: Any, tmp_path: Path
) -> None:
    """A story's view keeps its picture's size (read from ``docs/``) only while ``docs/`` is
    unchanged: the memo hands back an unchanged story's view, but not across a change there."""
    site = tmp_path / "preview"
    story = newest_story(hub)
    text = story.read_text(encoding="utf-8")
    picture = "\nimage:\n  src: images/zq-photo.png\n  alt: A white square"
    if "\nimage:\n" in text:
        text = re.sub(r"\nimage:\n  src: [^\n]*\n  alt: [^\n]*", picture, text, count=1)
    else:
        text = text.replace("\n---\n", picture + "\n---\n", 1)
    story.write_text(text, encoding="utf-8")
    (hub / "docs" / "images").mkdir(exist_ok=True)
    (hub / "docs" / "images" / "zq-photo.png").write_bytes(_png(12, 34))
    preview()
    page = site / f"stories/{story.stem}/index.html"
    assert 'width="12" height="34"' in page.read_text(encoding="utf-8")
    (hub / "docs" / "images" / "zq-photo.png").write_bytes(_png(56, 78))
    preview()
    assert preview.paths[-1] == "mkdocs"  # docs/ changed
    assert 'width="56" height="78"' in page.read_text(encoding="utf-8")
    assert_same_as_clean_build(hub, site, tmp_path)
