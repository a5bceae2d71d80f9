"""The preview's pipeline (``pipeline.run`` with its memo and parse cache, one save after
another) gives exactly the report of a fresh run without them: the same problems in the
same order, the same withheld and held-back lines, the same hub and decisions. Each save
here is one a member of staff makes: a story's body, title, date, status, consent, themes
or events; a story added and removed; a broken link added and mended; a page at a story's
address; ``events.yaml`` edited, lines moved and an event removed; a page of ``docs/``."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import TODAY, write_hub
from generator import pipeline
from generator.load import ParseCache
from generator.memo import Memo
from generator.settings import Settings

Edit = Callable[[Path], None]


def _settings(root: Path, *, preview: bool = True) -> Settings:
    """The settings as the preview reads them on every save: a new object each time."""
    from mkdocs.config import load_config

    from generator.edge.config import settings_for

    config = load_config(str(root / "mkdocs.yml"))
    return settings_for(config, config.plugins["peerhub"].config, preview=preview, today=TODAY.isoformat())


def _docs_state(root: Path) -> str:
    """What the preview gives ``Memo.files``: the files of ``docs/``, their times and sizes."""
    found = []
    for folder, _, names in sorted(os.walk(root / "docs")):
        for name in sorted(names):
            stat = os.stat(Path(folder) / name)
            found.append((folder, name, stat.st_mtime_ns, stat.st_size))
    return repr(found)


def _seen(report: pipeline.Report) -> dict[str, Any]:
    """Everything a report says, in its own order (problems unsorted: the order found)."""
    hub = report.hub
    return {
        "lines": report.lines(),
        "errors": [str(p) for p in report.errors],
        "warnings": [str(p) for p in report.warnings],
        "withheld": [str(p) for p in report.withheld],
        "held_back": [str(p) for p in report.held_back],
        "held_back_lines": report.held_back_lines(),
        "counts": (report.stories, report.public, report.events, report.vacancies, report.open_vacancies),
        "hub": None
        if hub is None
        else {
            "stories": [s.path for s in hub.stories],
            "withheld": [(s.path, d) for s, d in hub.withheld],
            "decisions": sorted(hub.decisions.items()),
            "events": [e.id for e in hub.events],
            "series": [s.id for s in hub.series],
            "vacancies": [v.meta.id for v in hub.vacancies],
            "by_event": {e.id: [s.path for s in hub.stories_for_event(e.id)] for e in hub.events},
        },
    }


def _story(root: Path, number: int) -> Path:
    return sorted((root / "stories").glob("*.md"))[number]


def _sub(path: Path, pattern: str, replacement: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=count, flags=re.MULTILINE)
    assert changed != text, (path, pattern)
    path.write_text(changed, encoding="utf-8")


def _front(path: Path, name: str, value: str) -> None:
    """Set a top-level field of a story's front matter (added before ``status`` if absent)."""
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{name}:", text, flags=re.MULTILINE):
        _sub(path, rf"^{name}:.*(\n  .*)*", f"{name}: {value}")
    else:
        _sub(path, r"^status:", f"{name}: {value}\nstatus:")


def _body(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _consent(review: date | str, *, recorded: str = "2020-01-01", withdrawn: str = "false") -> str:
    return f"{{recorded: {recorded}, review: {review}, withdrawn: {withdrawn}, reference: CF-77}}"


SOON = (TODAY + timedelta(days=10)).isoformat()
PLACEHOLDER = "One or two sentences that tell a reader what this story is about."
STORY = (
    "---\ntitle: A new story\ndate: 2026-11-01\nsummary: Something new.\n"
    "storyteller: {name: Sam, role: carer}\nthemes: [hope]\n"
    "consent: {recorded: 2026-01-01, review: 2028-01-01, reference: CF-1}\nstatus: published\n---\n\n"
    "Words, and [another story](LINK).\n"
)


def _edits(root: Path) -> list[tuple[str, Edit]]:
    """Saves of every kind, in turn; some break something and a later one mends it."""
    first = _story(root, 0)
    slug = [_story(root, n).stem for n in range(12)]
    pages = root / "docs" / "stories" / slug[3] / "index.md"
    events = root / "events.yaml"

    def new_story(root: Path) -> None:
        text = STORY.replace("LINK", f"{slug[1]}.md")
        (root / "stories" / "a-new-story.md").write_text(text, encoding="utf-8")

    def clash(root: Path) -> None:
        pages.parent.mkdir(parents=True)
        pages.write_text("# Here\n\nA page where a story is.\n", encoding="utf-8")

    def reviewed(root: Path) -> None:
        _sub(
            root / "docs" / "role" / "index.md",
            r"\A",
            f"---\nreviewed: 2025-12-01\nreview_due: {SOON}\n---\n\n",
        )

    return [
        ("body", lambda r: _body(first, "\nOne more line.\n")),
        ("title", lambda r: _front(first, "title", "A title edited")),
        ("date", lambda r: _front(_story(r, 1), "date", "'2026-11-22'")),
        ("status draft", lambda r: _front(_story(r, 2), "status", "draft")),
        ("status published again", lambda r: _front(_story(r, 2), "status", "published")),
        (
            "consent withdrawn",
            lambda r: _front(_story(r, 4), "consent", _consent("2028-01-01", withdrawn="true")),
        ),
        ("review passed: held back", lambda r: _front(_story(r, 5), "consent", _consent("2026-11-01"))),
        ("review due soon", lambda r: _front(_story(r, 6), "consent", _consent(SOON))),
        (
            "recorded after today",
            lambda r: _front(_story(r, 7), "consent", _consent("2028-01-01", recorded="2026-12-30")),
        ),
        ("review before recorded", lambda r: _front(_story(r, 8), "consent", _consent("2019-01-01"))),
        ("review mended", lambda r: _front(_story(r, 8), "consent", _consent("2028-01-01"))),
        ("themes", lambda r: _front(first, "themes", "[hope, identity, connection, recovery]")),
        ("events: an unknown id", lambda r: _front(_story(r, 9), "events", "[no-such-event]")),
        ("events: mended", lambda r: _front(_story(r, 9), "events", "[]")),
        ("story added", new_story),
        ("link to a withheld story", lambda r: _body(_story(r, 10), f"\nSee [this]({slug[4]}.md).\n")),
        ("that story withheld", lambda r: _front(_story(r, 2), "status", "review")),
        ("broken link", lambda r: _body(_story(r, 11), "\nRead [the form](../forms/missing.pdf).\n")),
        (
            "broken link mended",
            lambda r: _sub(_story(r, 11), r"\(\.\./forms/missing\.pdf\)", "(https://example.org/f.pdf)"),
        ),
        ("story removed", lambda r: (r / "stories" / "a-new-story.md").unlink()),
        ("a page at a story's address", clash),
        ("that page removed", lambda r: (pages.unlink(), pages.parent.rmdir())),
        (
            "a reserved file name",
            lambda r: (r / "stories" / "feed.md").write_text(STORY.replace("LINK", "x"), encoding="utf-8"),
        ),
        ("reserved name removed", lambda r: (r / "stories" / "feed.md").unlink()),
        ("placeholder", lambda r: _front(_story(r, 3), "summary", PLACEHOLDER)),
        ("placeholder in a draft", lambda r: _front(_story(r, 3), "status", "draft")),
        ("phone number", lambda r: _body(_story(r, 3), "\nRing me on 07700 900123.\n")),
        ("full name", lambda r: _sub(_story(r, 6), r"^  name: .*", "  name: Samuel Jones")),
        ("docs page due for review", reviewed),
        ("event title", lambda r: _sub(events, r"^  title: ", "  title: Edited ")),
        (
            "event description: a broken link",
            lambda r: _sub(events, r"^  description: ", "  description: See [it](gone.md). "),
        ),
        ("events.yaml: lines above every event", lambda r: _sub(events, r"\A", "# Events of the hub\n\n")),
        ("event removed", lambda r: _sub(events, r"^- id: (.*)\n", r"- id: \1-gone\n")),
        ("events.yaml restored", lambda r: events.write_text(ORIGINAL_EVENTS[root], encoding="utf-8")),
        ("body again", lambda r: _body(first, "\nAnd another.\n")),
    ]


ORIGINAL_EVENTS: dict[Path, str] = {}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("memo") / "hub"
    write_hub(root, 40, 12)
    (root / "vacancies.yaml").write_text(
        "vacancies:\n  - id: psw\n    title: Peer Support Worker\n    summary: A post.\n"
        "    location: {name: Base, address: '1 High Street, Maidstone', postcode: ME14 1ZZ}\n"
        "    band: '4'\n    salary: {min: 26530, max: 29114}\n    hours: 37.5\n    contract: permanent\n"
        "    posted: 2026-11-10\n    closes: 2026-12-20\n    apply: https://example.org/jobs/psw\n"
        "    status: published\n",
        encoding="utf-8",
    )
    for number in range(12):  # the stories these edits change start public
        story = _story(root, number)
        text = story.read_text(encoding="utf-8")
        story.write_text(
            re.sub(r"^status: .*", "status: published", text, flags=re.MULTILINE), encoding="utf-8"
        )
    ORIGINAL_EVENTS[root] = (root / "events.yaml").read_text(encoding="utf-8")
    return root


def test_the_preview_pipeline_gives_a_fresh_runs_report_after_each_save(hub: Path) -> None:
    memo, parsed = Memo(), ParseCache()

    def preview() -> dict[str, Any]:
        memo.next_build()
        memo.files = _docs_state(hub)
        return _seen(pipeline.run(_settings(hub), warnings=False, parsed=parsed, memo=memo))

    assert preview() == _seen(pipeline.run(_settings(hub), warnings=False))
    said: set[str] = set()
    for name, edit in _edits(hub):
        time.sleep(0.02)  # a file's times change with every save (the parse cache looks at them)
        edit(hub)
        fresh = _seen(pipeline.run(_settings(hub), warnings=False))
        assert preview() == fresh, name
        assert preview() == fresh, name  # and again with nothing saved
        said |= set(fresh["lines"])
    wanted = [
        "is reserved for the site",
        "the story there is not public",
        "there is no such file",
        "the address of a page the hub makes",
        "no event in events.yaml has the id 'no-such-event'",
        "the review date is before the date consent was recorded",
        "consent is due for review on",
        "says published but is withheld",
        "consent withdrawn",
        "still says",
        "a phone number (07700 900123)",
        "this page is due for review on",
        "links to gone.md",
    ]
    missed = [w for w in wanted if not any(w in line for line in said)]
    assert not missed, missed  # every kind of problem was met on the way


def test_a_full_builds_report_is_the_same_with_and_without_the_memo(hub: Path) -> None:
    memo, parsed = Memo(), ParseCache()
    settings = _settings(hub, preview=False)
    for _ in range(2):
        memo.next_build()
        memo.files = _docs_state(hub)
        assert _seen(pipeline.run(settings, parsed=parsed, memo=memo)) == _seen(pipeline.run(settings))
