"""The peerhub command line as staff use it: check, build, new."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import TODAY, run_peerhub, story


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_check_reports_all_errors_with_file_and_line(make_hub) -> None:  # type: ignore[no-untyped-def]
    bad = story().replace("title: A story\n", "").replace("date: 2026-06-01", "date: 2025-02-30")
    root = make_hub({"stories/bad.md": bad, "stories/good.md": story()})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "stories/bad.md:2: title: is required but missing" in result.err
    assert "stories/bad.md:2: date: 2025-02-30 is not a real date" in result.err
    assert "Traceback" not in result.text


def test_check_lists_withheld_stories_and_passes(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/a.md": story(), "stories/b.md": story("Secret", status="draft")})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    assert "stories/b.md:8: -: withheld: status is draft, not published" in result.out
    assert "1 of 2 stories public" in result.out


def test_failed_build_leaves_previous_site_untouched(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/good.md": story("Good story")})
    first = run_peerhub("build", "--today", TODAY, cwd=root)
    assert first.code == 0, first.text
    site = root / "site"
    before = tree_digest(site)
    assert "stories/good-story/index.html" not in before  # the slug is the file name
    assert "stories/good/index.html" in before

    bad = story().replace("title: A story\n", "").replace("date: 2026-06-01", "date: 2025-02-30")
    (root / "stories/bad.md").write_text(bad, encoding="utf-8")
    second = run_peerhub("build", "--today", TODAY, cwd=root)
    assert second.code == 1
    assert "stories/bad.md:2: title: is required but missing" in second.err
    assert "Traceback" not in second.text
    assert tree_digest(site) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_build_that_fails_in_mkdocs_keeps_the_old_site(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/good.md": story()})
    assert run_peerhub("build", "--today", TODAY, cwd=root).code == 0
    before = tree_digest(root / "site")
    # a broken link is only a warning in MkDocs; --strict turns it into a failure
    (root / "docs/index.md").write_text("# Home\n\n[broken](missing.md)\n", encoding="utf-8")
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "previous site is unchanged" in result.err
    assert tree_digest(root / "site") == before


def test_new_story_and_event_pass_check(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "series: []\nevents: []\n"})
    made = run_peerhub("new", "story", "Small actions, big difference!", "--today", TODAY, cwd=root)
    assert made.code == 0, made.text
    path = root / "stories/small-actions-big-difference.md"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Small actions, big difference!"' in text
    assert "status: draft" in text
    event = run_peerhub("new", "event", "Open day", "--start", "2027-03-04T10:00", cwd=root)
    assert event.code == 0, event.text
    assert "id: open-day" in (root / "events.yaml").read_text(encoding="utf-8")
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text
    assert "small-actions-big-difference.md" in check.out and "withheld: status is draft" in check.out
    again = run_peerhub("new", "story", "Small actions, big difference!", cwd=root)
    assert again.code == 1 and "already exists" in again.err


def test_bad_today_is_a_clear_error(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({})
    result = run_peerhub("check", "--today", "23/11/2026", cwd=root)
    assert result.code == 1
    assert "--today: expected a date as YYYY-MM-DD" in result.err
    assert "Traceback" not in result.text
