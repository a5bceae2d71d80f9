"""Each story's own checks are made in one call (``generator.story_checks``): the preview's
memo gives the report's problems in the order a full build gives them, and a saved story's
problems are its new ones."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import pipeline
from generator.load import ParseCache
from generator.memo import Memo
from generator.settings import Settings
from tests.conftest import REPO

BASE = REPO / "tests" / "bad_input" / "base"


def _story(name: str, *, teller: str = "Sam", summary: str = "A story.", body: str = "Words.") -> str:
    return (
        f"---\ntitle: Story {name}\ndate: 2026-06-01\nsummary: {summary}\n"
        f"storyteller: {{name: {teller}, role: peer-support-worker}}\nthemes: [hope]\n"
        "consent: {recorded: 2026-01-01, review: 2028-01-01, reference: CF-1}\n"
        f"status: published\n---\n\n{body}\n"
    )


def _hub(root: Path) -> Settings:
    shutil.copytree(BASE, root)
    stories = root / "stories"
    placeholder = "One or two sentences that tell a reader what this story is about."
    for number in range(6):  # each kind of problem in two stories, interleaved
        kinds = [
            {"teller": "Samuel Jones"},  # full name: a warning
            {"summary": placeholder},  # a placeholder
            {"body": "Ring me on 07700 900123 any time."},  # contact details: privacy
            {"body": "## Heading {#__config}\n\nWords."},  # a reserved id: the body's checks
        ]
        fields: dict[str, str] = {}
        for kind in (kinds[number % 4], kinds[(number + 1) % 4]):
            fields |= kind
        (stories / f"s{number}.md").write_text(_story(str(number), **fields), encoding="utf-8")
    return Settings(
        root=root,
        stories_dir=stories,
        events_file=root / "events.yaml",
        tz=ZoneInfo("Europe/London"),
        today=date(2026, 11, 23),
        site_url="https://hub.example.org/",
        docs_dir=root / "docs",
    )


def _said(report: pipeline.Report) -> list[str]:
    return [str(p) for p in report.errors + report.warnings]  # unsorted: the order found


def test_the_memo_gives_the_problems_of_a_full_build_in_its_order(tmp_path: Path) -> None:
    settings = _hub(tmp_path / "hub")
    full = _said(pipeline.run(settings, warnings=False))
    fields = {line.split(": ")[1] for line in full}
    assert {"storyteller.name", "summary", "body"} <= fields  # every check found something
    assert any("07700 900123" in line for line in full), full
    assert any("__config" in line for line in full), full

    memo, parsed = Memo(), ParseCache()
    for _ in range(2):  # the first run makes each story's checks, the second reuses them
        memo.next_build()
        assert _said(pipeline.run(settings, warnings=False, parsed=parsed, memo=memo)) == full

    saved = settings.stories_dir / "s0.md"
    saved.write_text(_story("0"), encoding="utf-8")  # s0's problems mended
    memo.next_build()
    after = _said(pipeline.run(settings, warnings=False, parsed=parsed, memo=memo))
    assert after == _said(pipeline.run(settings, warnings=False))
    assert not [line for line in after if line.startswith("stories/s0.md")]
    assert [line for line in full if line.startswith("stories/s0.md")]
