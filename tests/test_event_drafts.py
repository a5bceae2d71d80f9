"""A draft event (``draft: true``) is in the preview only, behind the draft banner, and
nowhere in a build: no page, listing, calendar, feed, search entry or sitemap line. The
draft carries unique words in every field a page or a calendar could show; every file of
the built site is searched for each of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TODAY, mkdocs_build, run_peerhub, story
from tests.storyhelp import article, build_hub, every_file_text, mkdocs_yml, visible_text

WORDS = {part: f"zqdraft{part}zq" for part in ("title", "summary", "text", "venue", "tag", "series")}
EVENTS = f"""\
series:
  - id: draft-week
    title: Week {WORDS["series"]}
    summary: A week that so far holds only a draft.
events:
  - id: open-day
    title: Open day for applicants
    summary: Come and meet the team.
    start: 2026-12-10T10:00
    category: recruitment
    online: https://example.org/open
  - id: secret-social
    title: Social {WORDS["title"]}
    summary: Summary {WORDS["summary"]}.
    description: The plan says {WORDS["text"]}.
    start: 2026-12-12T18:00
    end: 2026-12-12T20:00
    category: community
    series: draft-week
    venue: {{name: Hall {WORDS["venue"]}, address: 1 High Street}}
    tags: [{WORDS["tag"]}]
    draft: true
"""
FILES = {
    "events.yaml": EVENTS,
    "stories/walk.md": story("A walk", extra="events: [secret-social, open-day]\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hub(tmp_path_factory.mktemp("drafts"), FILES)


def test_a_draft_event_leaves_no_trace_in_a_build(built: Path) -> None:
    files = every_file_text(built)
    for part, word in WORDS.items():
        if part == "series":
            continue  # the series itself is not a draft
        found = [name for name, text in files.items() if word in text]
        assert not found, f"the draft event's {part} is in {found}"
    assert not (built / "events/secret-social").exists()
    assert not (built / "events/secret-social.ics").exists()
    assert "secret-social" not in (built / "events/calendar.ics").read_text(encoding="utf-8")
    assert "secret-social" not in (built / "sitemap.xml").read_text(encoding="utf-8")
    # The public event and the story that names both are there; the story lists only it.
    assert "Open day for applicants" in visible_text(
        (built / "events/index.html").read_text(encoding="utf-8")
    )
    walk = visible_text((built / "stories/walk/index.html").read_text(encoding="utf-8"))
    assert "Open day for applicants" in walk


def test_check_lists_a_draft_event_as_withheld(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    build_hub(root, FILES)
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    assert "events.yaml:22: events[1].draft: withheld: secret-social is a draft (draft: true)" in result.text


def test_the_preview_shows_a_draft_event_behind_the_banner(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    build_hub(root, FILES)
    (root / "mkdocs.yml").write_text(mkdocs_yml(preview=True), encoding="utf-8")
    site = tmp_path / "preview"
    # The build the preview makes (a build is public, whatever preview: says; issue 15, item 12).
    result = mkdocs_build(root, site, command="serve")
    assert result.code == 0, result.err
    page = visible_text(article(site / "events/secret-social/index.html"))
    assert page.index("Draft — not public.") < page.index(f"Social {WORDS['title']}")
    listing = visible_text((site / "events/index.html").read_text(encoding="utf-8"))
    assert f"Social {WORDS['title']}" in listing
    assert "Draft — not public" in listing.split(f"Social {WORDS['title']}", 1)[1][:200]
    # Calendars are for subscribing: a draft is not in them even in the preview.
    assert "secret-social" not in (site / "events/calendar.ics").read_text(encoding="utf-8")
    assert not (site / "events/secret-social.ics").exists()
    open_day = visible_text((site / "events/open-day/index.html").read_text(encoding="utf-8"))
    assert "Draft — not public" not in open_day
