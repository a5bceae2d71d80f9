"""The MkDocs plugin as configured in mkdocs.yml: every option checked when MkDocs loads the
config, the core's warnings in MkDocs' log, and one pipeline whatever the command."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import TODAY, mkdocs_build, run_peerhub, story
from tests.storyhelp import mkdocs_yml

BAD_OPTIONS = [
    ("stories_per_page", 0, "expected a whole number of 1 or more; got 0"),
    ("stories_per_page", -1, "expected a whole number of 1 or more; got -1"),
    ("stories_per_page", True, "expected a whole number of 1 or more; got True"),
    ("stories_per_page", "20", "expected a whole number of 1 or more; got '20'"),
    ("events_per_page", 0, "expected a whole number of 1 or more; got 0"),
    ("search_budget_mb", 4, "'search_budget_mb' is no longer used: the search now finds every word"),
    ("readability_max_smog", "high", "expected a number above 0; got 'high'"),
    ("timezone", "Mars/Base", "unknown time zone 'Mars/Base'; use an IANA name such as Europe/London"),
    ("stories_dir", "", "expected a file or folder name; got ''"),
    ("preview", "yes", "Expected type: <class 'bool'>"),
]


@pytest.mark.parametrize(
    ("option", "value", "message"), BAD_OPTIONS, ids=[f"{o}={v!r}" for o, v, _ in BAD_OPTIONS]
)
def test_a_wrong_option_is_a_config_error_that_names_it(
    make_hub, caplog: pytest.LogCaptureFixture, option: str, value: object, message: str
) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/a.md": story()}, mkdocs=mkdocs_yml(**{option: value}))
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(root / "mkdocs.yml"))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(f"Plugin 'peerhub' option '{option}': {message}" in e for e in errors), errors


def test_good_options_load(make_hub) -> None:  # type: ignore[no-untyped-def]
    options = {
        "stories_per_page": 1,
        "events_per_page": 1,
        "readability_max_smog": 9,
    }
    root = make_hub({"stories/a.md": story()}, mkdocs=mkdocs_yml(**options, timezone="Europe/Dublin"))
    plugin = load_config(str(root / "mkdocs.yml")).plugins["peerhub"]
    assert plugin.config.stories_per_page == 1 and plugin.config.readability_max_smog == 9


def test_peerhub_build_with_a_wrong_option_says_which_and_builds_nothing(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/a.md": story()}, mkdocs=mkdocs_yml(stories_per_page=0))
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert (
        "Plugin 'peerhub' option 'stories_per_page': expected a whole number of 1 or more; got 0"
        in result.err
    )
    assert "mkdocs.yml: fix the options above; nothing was done" in result.err
    assert "Traceback" not in result.text
    assert not (root / "site").exists()


LONELY_SERIES = "series:\n  - {id: week, title: A week, summary: Nothing in it yet.}\nevents: []\n"


def test_warnings_of_the_content_are_in_mkdocs_log(make_hub, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/a.md": story(), "events.yaml": LONELY_SERIES})
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.peerhub"):
        result = mkdocs_build(root, root / "site")
    assert result.code == 0, result.err
    warned = [
        r for r in caplog.records if r.name == "mkdocs.plugins.peerhub" and r.levelno == logging.WARNING
    ]
    assert [r.getMessage() for r in warned] == [
        "events.yaml:2: series[0].id: warning: no event is in this series yet (series: week)"
    ]
    assert "no event is in this series yet" in result.err  # what the terminal shows
    # peerhub build checks first and leaves warnings to peerhub check: its strict build passes
    assert run_peerhub("build", "--today", TODAY, cwd=root).code == 0


def test_preview_in_mkdocs_yml_never_makes_a_build_public(make_hub) -> None:  # type: ignore[no-untyped-def]
    files = {"stories/a.md": story("Public"), "stories/b.md": story("Draft", status="draft")}
    root = make_hub(files, mkdocs=mkdocs_yml(preview=True))
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text
    assert "1 of 2 stories public" in check.out
    built = run_peerhub("build", "--today", TODAY, cwd=root)
    assert built.code == 0, built.text
    assert built.out.startswith("Built 1 stories and 0 events")
    assert not (root / "site/stories/b").exists()
    # A build is public, whatever the option says (issue 15, item 12: it published drafts).
    assert mkdocs_build(root, root / "preview").code == 0
    assert (root / "preview/stories/a/index.html").is_file()
    assert not (root / "preview/stories/b").exists()


def test_mkdocs_build_checks_privacy_of_drafts_too(make_hub) -> None:  # type: ignore[no-untyped-def]
    """One pipeline: mkdocs build refuses what peerhub check and peerhub build refuse."""
    root = make_hub(
        {"stories/a.md": story(), "stories/d.md": story(status="draft", body="Mail me@example.org.")}
    )
    result = mkdocs_build(root, root / "site")
    assert result.code == 1
    assert "stories/d.md:11: body: an email address (me@example.org)" in result.err
    assert not (root / "site").exists()
    assert "stories/d.md:11: body: an email address" in run_peerhub("build", "--today", TODAY, cwd=root).err


def test_the_plugin_is_thin() -> None:
    lines = (
        (Path(__file__).parent.parent / "generator/edge/plugin.py").read_text(encoding="utf-8").splitlines()
    )
    assert len(lines) <= 150
