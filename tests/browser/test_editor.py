"""The web editor in Chromium, as staff use it.

Under ``peerhub edit`` (the live preview and Decap's local backend, on a copy of the
sample hub): a lived-experience story written in the form is saved as a file with exactly
the fields typed and passes ``peerhub check``; the editor's preview shows it as the site
does; an event's time changed in ``events.yaml`` shows in the live preview, with nothing
else in the file changed; the editor's pages ask nothing of any other host; Ctrl-C stops
both servers. On the built site, ``/admin/`` asks nothing of any other host before a
person logs in. axe-core runs on ``/admin/``: our markup must pass, Decap's is reported.

Needs Node.js and the editor's npm packages (``npm ci --prefix editor``): without them
these tests skip, except under CI (CI=true), where .ci/run installs them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from benchmarks.localhttp import fetch, free_port
from generator.editor.bundle import Packages
from generator.load import split_front_matter
from generator.yamlsource import load_yaml
from tests.browser.conftest import _unavailable
from tests.conftest import REPO, TODAY, run_peerhub

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Frame, Page

pytestmark = pytest.mark.browser

PROJECT = ["mkdocs.yml", "docs", "stories", "events.yaml", "vacancies.yaml", "overrides"]
PACKAGES = Packages(REPO / "editor")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a8e40000000049454e44ae426082"
)


def needs_editor() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        _unavailable("Node.js and npm are not installed: the web editor's tests need them")
    if not PACKAGES.bundle_files() or not PACKAGES.up_to_date("decap-server"):
        _unavailable(f"the web editor's npm packages are not installed: {PACKAGES.missing_reason(REPO)}")


def copy_hub(target: Path) -> Path:
    """The sample hub, with the editor's packages (linked, not installed again)."""
    target.mkdir(parents=True)
    for name in PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    (target / "editor").mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(REPO / "editor" / name, target / "editor" / name)
    (target / "editor/node_modules").symlink_to(PACKAGES.modules)
    return target


def wait_for(url: str, needle: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and needle in body:
            return body
        time.sleep(0.25)
    raise AssertionError(f"{needle!r} did not appear at {url} within {timeout} s")


@dataclass
class Editing:
    """``peerhub edit`` running on a copy of the sample hub."""

    root: Path
    url: str
    process: subprocess.Popen[str]
    log: Path
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def admin(self) -> str:
        return self.url + "admin/"

    def take_requests(self) -> list[str]:
        taken, self.requests[:] = list(self.requests), []
        return taken


def start_edit(root: Path) -> tuple[subprocess.Popen[str], str, Path]:
    port = free_port()
    log = root.parent / f"edit-{port}.log"
    env = {**os.environ, "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "edit", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url + "admin/", "decap-cms.js", timeout=120)
    except AssertionError:
        process.kill()
        raise AssertionError(log.read_text(encoding="utf-8")) from None
    return process, url, log


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return state.is_file() and state.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def stop(process: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a person stops it in a terminal."""
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


@pytest.fixture(scope="module")
def editing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editing]:
    needs_editor()
    root = copy_hub(tmp_path_factory.mktemp("editor") / "hub")
    process, url, log = start_edit(root)
    try:
        yield Editing(root, url, process, log)
    finally:
        stop(process)


@pytest.fixture
def context(browser: Browser, editing: Editing) -> Iterator[BrowserContext]:
    """A browser context that records every request and refuses any to another host."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})

    def route(route: Any) -> None:
        url = route.request.url
        editing.requests.append(url)
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname not in LOCAL_HOSTS:
            editing.refused.append(url)
            route.abort()
        else:
            route.continue_()

    ctx.route("**/*", route)
    try:
        yield ctx
    finally:
        ctx.close()


def assert_local(requests: list[str]) -> None:
    assert requests, "no request was recorded"
    elsewhere = [u for u in requests if urlsplit(u).scheme in ("http", "https")]
    elsewhere = [u for u in elsewhere if urlsplit(u).hostname not in LOCAL_HOSTS]
    assert elsewhere == []


def log_in(page: Page, editing: Editing) -> None:
    page.goto(editing.admin)
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Stories").first.wait_for()


def save(page: Page) -> None:
    """Decap's "Publish now": with the local backend, it writes the file on disk."""
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Changes saved").wait_for(timeout=30_000)


def wait_for_file(path: Path, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            return path.read_text(encoding="utf-8")
        time.sleep(0.2)
    raise AssertionError(f"{path} was not written")


def front_matter(text: str, name: str) -> tuple[Any, str]:
    parts = split_front_matter(text, name)
    assert isinstance(parts, tuple), parts
    return load_yaml(parts[0], name).data, parts[1]


def preview_frame(page: Page) -> Frame:
    """Decap's preview pane, where our preview template draws the entry."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame != page.main_frame and frame.query_selector(".md-typeset"):
                return frame
        time.sleep(0.2)
    raise AssertionError("the editor's preview did not appear")


def story_outline(frame: Any) -> list[tuple[str, str]]:
    """What a reader meets, in order: the draft banner, title, notice, byline, themes, support."""
    return frame.eval_on_selector(
        "article.md-typeset",
        """root => [...root.querySelectorAll(
            '.hub-draft, h1, .hub-content-notice, .hub-story-byline, .hub-tags, .hub-support h2')]
          .map(e => [e.matches('h1, h2') ? e.tagName.toLowerCase() : e.className.split(' ').pop(),
                      e.innerText.replace(/\\s+/g, ' ').trim()])""",
    )


def fill_select(page: Page, label: str, choice: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(choice)
    box.press("Enter")


def test_a_story_written_in_the_form_is_saved_as_peerhub_check_expects(
    context: BrowserContext, editing: Editing
) -> None:
    page = context.new_page()
    log_in(page, editing)
    page.goto(editing.admin + "#/collections/stories/new")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Title", exact=True).fill("Finding my feet again")
    page.get_by_label("Summary", exact=True).fill(
        "A carer on how a peer group helped her rest, and laugh again."
    )
    page.get_by_label("Name", exact=True).fill("Asha")
    fill_select(page, "Role", "Carer")
    themes = page.get_by_label(re.compile(r"^Themes"))
    themes.click()
    themes.fill("Hope")
    themes.press("Enter")
    page.get_by_label(re.compile(r"^Content notes")).fill("grief, hospital admission")
    page.get_by_label(re.compile(r"^Consent recorded on")).fill("2026-11-01")
    page.get_by_label(re.compile(r"^Review consent by")).fill("2027-11-01")

    # The editor's preview shows the story as the site will, with the site's stylesheets.
    frame = preview_frame(page)
    frame.get_by_text("This story talks about grief, hospital admission.").wait_for()
    editor_outline = story_outline(frame)
    sheets = frame.evaluate("[...document.styleSheets].map(s => s.href || '')")
    assert any(s.endswith("/assets/stylesheets/hub.css") for s in sheets), sheets
    assert any(re.search(r"/assets/stylesheets/main\.[0-9a-f]+\.min\.css$", s) for s in sheets), sheets

    save(page)
    saved = wait_for_file(editing.root / "stories/finding-my-feet-again.md")
    meta, body = front_matter(saved, "finding-my-feet-again.md")
    today = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    assert meta == {
        "title": "Finding my feet again",
        "date": today,
        "summary": "A carer on how a peer group helped her rest, and laugh again.",
        "kind": "lived-experience",
        "storyteller": {"name": "Asha", "role": "carer"},
        "themes": ["hope"],
        "content_notes": ["grief", "hospital admission"],
        "consent": {"recorded": "2026-11-01", "review": "2027-11-01"},
        "status": "draft",
    }
    assert body.strip() == ""
    assert page.evaluate("window.stillTheSamePage === true"), "the editor reloaded and lost its page"

    check = run_peerhub("check", "--today", TODAY, cwd=editing.root)
    assert check.code == 0, check.text
    assert "0 errors" in check.text
    assert "stories/finding-my-feet-again.md:" in check.text and "withheld: status is draft" in check.text

    # The live preview shows the new story, behind the draft banner, as the editor did.
    wait_for(editing.url + "stories/finding-my-feet-again/", "Finding my feet again")
    site = context.new_page()
    site.goto(editing.url + "stories/finding-my-feet-again/")
    site_outline = story_outline(site)
    assert [kind for kind, _ in site_outline] == [
        "hub-draft",
        "h1",
        "hub-content-notice",
        "hub-story-byline",
        "hub-tags",
        "h2",
    ]
    assert editor_outline == site_outline
    assert_local(editing.take_requests())


def test_an_event_time_changed_in_the_editor_shows_in_the_live_preview(
    context: BrowserContext, editing: Editing
) -> None:
    events_file = editing.root / "events.yaml"
    before = load_yaml(events_file.read_text(encoding="utf-8"), "events.yaml").data
    preview = context.new_page()
    preview.goto(editing.url + "events/recruitment-open-day-2027/")
    assert "10am to 3pm" in preview.inner_text("article")

    page = context.new_page()
    log_in(page, editing)
    page.goto(editing.admin + "#/collections/events/entries/events")
    summary = page.get_by_text("2027-02-11T10:00 · Peer Support Worker recruitment open day", exact=True)
    summary.wait_for()
    items = page.locator("div[style*='transition']")
    firsts = items.evaluate_all("items => items.map(e => e.innerText.split('\\n')[0])")
    item = items.nth(next(i for i, text in enumerate(firsts) if "recruitment open day" in text))
    item.locator("button").first.click()  # expand it
    starts = item.get_by_label("Starts", exact=True)
    starts.locator("xpath=..").get_by_label("Time").fill("11:15")
    save(page)

    # The preview page reloads by itself (nobody navigates it) and shows the new time.
    preview.wait_for_function(
        "document.body !== null && document.body.innerText.includes('11:15am to 3pm')", timeout=60_000
    )
    after = load_yaml(events_file.read_text(encoding="utf-8"), "events.yaml").data
    changed = [
        (old["id"], key)
        for old, new in zip(before["events"], after["events"], strict=True)
        for key in old.keys() | new.keys()
        if old.get(key) != new.get(key)
    ]
    assert changed == [("recruitment-open-day-2027", "start")]
    assert after["events"][[e["id"] for e in after["events"]].index("recruitment-open-day-2027")][
        "start"
    ] == ("2027-02-11T11:15")
    assert after["series"] == before["series"]
    check = run_peerhub("check", "--today", TODAY, cwd=editing.root)
    assert check.code == 0, check.text
    assert_local(editing.take_requests())


def test_a_picture_needs_its_description_and_is_saved_into_docs_images(
    context: BrowserContext, editing: Editing, tmp_path: Path
) -> None:
    picture = tmp_path / "lake-path.png"
    picture.write_bytes(PNG)
    page = context.new_page()
    log_in(page, editing)
    page.goto(editing.admin + "#/collections/stories/new")
    page.get_by_label("Title", exact=True).fill("By the lake")
    page.get_by_label("Summary", exact=True).fill("A walk by the lake, with a picture of the path.")
    page.get_by_label("Name", exact=True).fill("Sam")
    fill_select(page, "Role", "Peer Support Worker")
    page.get_by_role("button", name="Add a picture").click()
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Oops, you've missed a required field").wait_for()
    story = editing.root / "stories/by-the-lake.md"
    assert not story.exists()  # a picture without its description is not saved

    page.get_by_role("button", name="Choose an image").click()
    page.locator("input[type=file]").set_input_files(picture)
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_label("Description of the picture (alt text)").fill("A gravel path beside a lake")
    save(page)
    meta, _ = front_matter(wait_for_file(story), "by-the-lake.md")
    assert meta["image"] == {"src": "images/lake-path.png", "alt": "A gravel path beside a lake"}
    assert (editing.root / "docs/images/lake-path.png").read_bytes() == PNG
    check = run_peerhub("check", "--today", TODAY, cwd=editing.root)
    assert check.code == 0, check.text
    assert_local(editing.take_requests())


def test_a_new_event_starts_as_a_draft_seen_only_in_the_preview(
    context: BrowserContext, editing: Editing
) -> None:
    page = context.new_page()
    log_in(page, editing)
    page.goto(editing.admin + "#/collections/events/entries/events")
    page.get_by_role("button", name="Add event").click()

    # The new event opens at the top of the list; the others stay closed.
    def field(label: str) -> Any:
        return page.get_by_label(re.compile("^" + re.escape(label))).filter(visible=True)

    field("Id (web address)").fill("carers-coffee-2027")
    field("Title").fill("Coffee morning for carers")
    field("Summary").fill("A relaxed coffee morning for carers and families.")
    field("Starts").fill("2027-05-06")
    field("Starts").locator("xpath=..").get_by_label("Time").fill("10:00")
    box = field("Category")
    box.click()
    box.fill("Community")
    box.press("Enter")
    field("Online link").fill("https://example.org/coffee")
    save(page)

    data = load_yaml((editing.root / "events.yaml").read_text(encoding="utf-8"), "events.yaml").data
    new = next(e for e in data["events"] if e["id"] == "carers-coffee-2027")
    assert new == {
        "id": "carers-coffee-2027",
        "title": "Coffee morning for carers",
        "summary": "A relaxed coffee morning for carers and families.",
        "start": "2027-05-06T10:00",
        "category": "community",
        "online": "https://example.org/coffee",
        "status": "scheduled",
        "draft": True,
    }
    assert list(new) == ["id", "title", "summary", "start", "category", "online", "status", "draft"]
    check = run_peerhub("check", "--today", TODAY, cwd=editing.root)
    assert check.code == 0, check.text
    assert "withheld: carers-coffee-2027 is a draft (draft: true)" in check.text
    page_text = wait_for(editing.url + "events/carers-coffee-2027/", "Coffee morning for carers")
    assert "Draft — not public" in page_text
    assert_local(editing.take_requests())


def test_a_new_vacancy_starts_as_a_draft_with_numbers_saved_as_numbers(
    context: BrowserContext, editing: Editing
) -> None:
    page = context.new_page()
    log_in(page, editing)
    page.goto(editing.admin + "#/collections/vacancies/entries/vacancies")
    page.get_by_role("button", name="Add vacancy").click()

    def field(label: str) -> Any:
        return page.get_by_label(re.compile("^" + re.escape(label))).filter(visible=True)

    field("Id (web address)").fill("psw-crisis-cafe-2027")
    field("Title").fill("Peer Support Worker, crisis café")
    field("Summary").fill("Evenings at the crisis café, with people who need someone to talk to.")
    field("Place").fill("Crisis café")
    field("Address").fill("3 Sample Street, Maidstone")
    field("Hours a week").fill("22.5")
    box = field("Contract")
    box.click()
    box.fill("Fixed term")
    box.press("Enter")
    field("Closing date").fill("2027-01-31")
    field("Where to apply").fill("https://example.org/jobs/crisis-cafe")
    # The preview draws the posts as the vacancies page's cards: the new one says it is a draft.
    card = preview_frame(page).locator("li.hub-card", has_text="Peer Support Worker, crisis café")
    card.wait_for()
    assert (
        "Draft — not public" in card.inner_text()
        and "22.5 hours a week (part time) · Fixed term" in card.inner_text()
    )
    save(page)

    data = load_yaml((editing.root / "vacancies.yaml").read_text(encoding="utf-8"), "vacancies.yaml").data
    new = next(v for v in data["vacancies"] if v["id"] == "psw-crisis-cafe-2027")
    today = datetime.now(ZoneInfo("Europe/London")).date().isoformat()  # the editor's clock
    assert new == {
        "id": "psw-crisis-cafe-2027",
        "title": "Peer Support Worker, crisis café",
        "summary": "Evenings at the crisis café, with people who need someone to talk to.",
        "location": {"name": "Crisis café", "address": "3 Sample Street, Maidstone"},
        "hours": 22.5,
        "contract": "fixed-term",
        "posted": today,
        "closes": "2027-01-31",
        "apply": "https://example.org/jobs/crisis-cafe",
        "status": "draft",
    }
    assert list(new) == [
        "id",
        "title",
        "summary",
        "location",
        "hours",
        "contract",
        "posted",
        "closes",
        "apply",
        "status",
    ]
    check = run_peerhub("check", "--today", TODAY, cwd=editing.root)
    assert check.code == 0, check.text
    assert "withheld: psw-crisis-cafe-2027 is a draft (status: draft)" in check.text
    page_text = wait_for(editing.url + "vacancies/psw-crisis-cafe-2027/", "Peer Support Worker, crisis café")
    assert "Draft — not public" in page_text
    assert_local(editing.take_requests())


def test_the_editor_asked_no_other_host_for_anything(editing: Editing) -> None:
    assert editing.refused == []


def test_axe_on_the_editor_our_markup_passes(context: BrowserContext, editing: Editing) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = context.new_page()
    log_in(page, editing)
    page.goto(editing.admin + "#/collections/stories/new")
    page.get_by_label("Title", exact=True).fill("A story to check")
    page.get_by_role("button", name="Add a picture").wait_for()
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
        "iframes": False,
    }
    results = Axe().run(page, options=options).response["violations"]
    ours, decaps = split_findings(results)
    report("the editor's form (/admin/, new story)", ours, decaps)
    assert ours == []
    # Our preview of the story, inside Decap's preview pane.
    frame = preview_frame(page)
    preview = Axe().run(frame, options=options).response["violations"]  # type: ignore[arg-type]
    report("the editor's preview of a story", preview, [])
    assert [v["id"] for v in preview] == []


def split_findings(violations: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Findings on our markup (the page itself and our widgets) and on Decap's."""
    ours, decaps = [], []
    for violation in violations:
        for node in violation["nodes"]:
            line = f"{violation['id']} ({violation['impact']}): {node['target']}"
            html = node["html"].split(">", 1)[0]  # the element itself, not its content
            if "data-hub-widget" in html or node["target"] == ["html"]:
                ours.append(line)
            else:
                decaps.append(line)
    return ours, decaps


def report(where: str, ours: list[Any], decaps: list[str]) -> None:
    rules = sorted({line.split(" ", 1)[0] for line in decaps})
    print(f"\naxe on {where}: {len(ours)} findings on our markup; {len(decaps)} on Decap's: {rules}")
    for line in decaps:
        print("  Decap:", line)


def test_hosted_admin_asks_no_other_host_before_login(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    needs_editor()
    if not (built_site / "admin/index.html").is_file():
        pytest.fail("the built site has no admin/ although the editor's packages are installed")
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    failed: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    ctx.on("requestfailed", lambda r: failed.append(r.url))
    try:
        page = ctx.new_page()
        page.goto(site_url + "admin/", wait_until="networkidle")
        page.get_by_role("button", name="Login with GitHub").wait_for()
        page.wait_for_timeout(2000)  # anything Decap would fetch on its own after drawing
        host = urlsplit(site_url).netloc
        assert [u for u in requests if urlsplit(u).netloc != host] == []
        assert failed == []
        print(f"\n/admin/ before login: {len(requests)} requests, all to {host}")
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        results = Axe().run(page, options=options).response["violations"]
        ours, decaps = split_findings(results)
        report("/admin/ before login (hosted, GitHub)", ours, decaps)
        assert ours == []
    finally:
        ctx.close()


def test_ctrl_c_stops_the_preview_and_the_local_backend(tmp_path: Path) -> None:
    needs_editor()
    root = copy_hub(tmp_path / "hub")
    process, url, log = start_edit(root)
    spawned = children(process.pid)
    assert spawned, "peerhub edit started no local backend"
    assert re.search(r"Web editor: http://127\.0\.0\.1:\d+/admin/", log.read_text(encoding="utf-8"))
    assert stop(process) == 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in spawned):
        time.sleep(0.2)
    assert [pid for pid in spawned if alive(pid)] == [], "a process of peerhub edit outlived it"
    assert fetch(url) is None
