"""The publication rules: only published, un-embargoed stories with current consent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.load import load_story
from generator.model import Story
from generator.publish import decide, review_due
from tests.conftest import story, write_files

TODAY = date(2026, 11, 23)


def load(tmp_path: Path, text: str) -> Story:
    write_files(tmp_path, {"stories/s.md": text})
    loaded = load_story(tmp_path / "stories/s.md", tmp_path)
    assert isinstance(loaded, Story), loaded
    return loaded


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (story(status="draft"), "status is draft, not published"),
        (story(status="review"), "status is review, not published"),
        (story().replace("status: published\n", ""), "status is draft, not published"),
        (story(extra="publish_on: 2026-11-24\n"), "embargoed until 2026-11-24"),
        (story(consent=""), "no consent recorded (consent.recorded)"),
        (
            story(consent="consent: {recorded: 2026-01-01, review: 2027-01-01, withdrawn: true}"),
            "consent withdrawn",
        ),
        (
            story(consent="consent: {recorded: 2025-01-01, review: 2026-11-22}"),
            "consent review date 2026-11-22 has passed",
        ),
    ],
)
def test_withheld(tmp_path: Path, text: str, reason: str) -> None:
    decision = decide(load(tmp_path, text), TODAY)
    assert not decision.public
    assert any(r.startswith(reason) for r in decision.reasons), decision.reasons


@pytest.mark.parametrize(
    "text",
    [
        story(),
        story(extra="publish_on: 2026-11-23\n"),  # embargo ends today
        story(consent="consent: {recorded: 2025-01-01, review: 2026-11-23}"),  # review is today
        story(consent="", extra="kind: news\n"),  # news needs no consent
    ],
)
def test_public(tmp_path: Path, text: str) -> None:
    assert decide(load(tmp_path, text), TODAY).public


def test_withdrawn_is_never_previewable(tmp_path: Path) -> None:
    withdrawn = load(
        tmp_path,
        story(status="draft", consent="consent: {recorded: 2026-01-01, review: 2027-01-01, withdrawn: true}"),
    )
    assert not decide(withdrawn, TODAY).previewable
    assert decide(load(tmp_path, story(status="draft")), TODAY).previewable


def test_review_due_within_30_days(tmp_path: Path) -> None:
    soon = load(tmp_path, story(consent="consent: {recorded: 2025-01-01, review: 2026-12-23}"))
    assert review_due(soon, TODAY) == date(2026, 12, 23)
    later = load(tmp_path, story(consent="consent: {recorded: 2025-01-01, review: 2026-12-24}"))
    assert review_due(later, TODAY) is None
