"""What ``peerhub check`` passes, ``peerhub build`` and ``mkdocs build`` build; what they
would refuse, the check names as ``path:line: field: message`` (issue 15, items 9, 10, 12).

- The pages the check expects (``links.generated_uris``) are the pages rendering makes.
- Content that used to pass the check and then break the build is refused by the check.
- Tricky content the check passes builds, with both builders.
- When MkDocs itself refuses something, ``peerhub build`` says what and where, instead of
  "Aborted with 1 warnings in strict mode!".
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from benchmarks.synthetic import write_hub
from generator import pipeline
from generator.links import generated_uris
from generator.render import Renderer, render_site
from generator.settings import Settings
from tests.conftest import REPO, TODAY, Result, run_peerhub, story


def _settings(root: Path, *, preview: bool = False, per_page: int = 20) -> Settings:
    return Settings(
        root=root,
        stories_dir=root / "stories",
        events_file=root / "events.yaml",
        tz=ZoneInfo("Europe/London"),
        today=date(2026, 11, 23),
        site_url="https://hub.example.org/",
        preview=preview,
        stories_per_page=per_page,
        events_per_page=max(1, per_page // 2),
        docs_dir=root / "docs",
    )


@pytest.mark.parametrize(("preview", "per_page"), [(False, 20), (False, 3), (True, 2)])
def test_the_pages_the_check_expects_are_the_pages_rendering_makes(
    tmp_path: Path, preview: bool, per_page: int
) -> None:
    for root in (REPO, tmp_path / "synthetic"):
        if root != REPO:
            write_hub(root, 30, 12, seed=5)
        hub = pipeline.run(_settings(root, preview=preview, per_page=per_page), warnings=False).valid_hub()
        rendered = {page.src_uri for page in render_site(hub, Renderer.fresh()).pages}
        assert generated_uris(hub) == rendered, root


def _mkdocs(root: Path, *args: str) -> Result:
    env = {**os.environ, "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


TRICKY = {
    # Text that is markup elsewhere, in every field; a title of symbols; ids that are fine.
    "stories/symbols.md": story(
        '"{% raw %} <b> &amp; {{ x }} no.1# *a* [b](c)"',
        body=(
            "## A heading {: #a-plain-id .note }\n\n<div id='ok-id'>fine</div>\n\n"
            "[A link to the events](../events/open-day.md) and [home](../index.md#top).\n\n"
            "    code with [ and ` and <img that never end\n\n"
            "`{: #support }` is shown, not applied.\n"
        ),
        extra="tags: ['a: b', '- c', '# d']\n",
    ),
    "stories/welsh.md": story(
        # the Welsh flag (tag characters), a family (joiners), Persian (a non-joiner)
        "Straeon \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f o Gymru",
        body="Emoji with joiners: \U0001f469\u200d\U0001f469\u200d\U0001f467 and "
        "\u0632\u0628\u0627\u0646\u200c\u0647\u0627.",
    ),
    "events.yaml": """\
events:
  - id: open-day
    title: Open day
    summary: Come along.
    start: 2027-02-11T10:00
    category: recruitment
    venue: {name: Hall, address: "1 High Street\\nTown"}
    description: "Links: [the story](../stories/symbols.md)."
  - id: weekly
    title: Every weekday since 1900
    summary: A drop-in that has been on for a long time.
    start: 1900-01-01T10:00
    category: community
    venue: {name: Hall}
    repeat: FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
  - id: last-for-a-while
    title: Until 2199
    summary: Weekly, to the last year content may give.
    start: 2190-01-07
    category: community
    venue: {name: Hall}
    repeat: FREQ=WEEKLY;UNTIL=21991231
""",
}


@pytest.mark.parametrize("builder", ["peerhub build", "mkdocs build --strict"])
def test_tricky_content_the_check_passes_builds(make_hub, builder: str) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(TRICKY)
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text
    if builder == "peerhub build":
        result = run_peerhub("build", "--today", TODAY, cwd=root)
    else:
        result = _mkdocs(root, "build", "--strict")
    assert result.code == 0, result.text
    assert "Traceback" not in result.text
    site = root / "site"
    assert (site / "stories/symbols/index.html").is_file() and (site / "events/weekly.ics").is_file()
    assert 'id="a-plain-id"' in (site / "stories/symbols/index.html").read_text(encoding="utf-8")


def test_a_page_mkdocs_refuses_is_named_with_its_line_and_reason(make_hub) -> None:  # type: ignore[no-untyped-def]
    # A hand-written page's broken link: the check reads stories and events, MkDocs the rest.
    root = make_hub({"docs/index.md": "# Home\n\nWelcome.\n\nSee [the guide](guide.md).\n"})
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert result.err.splitlines() == [
        "docs/index.md:5: -: links to guide.md (guide.md), but there is no such file, so MkDocs would "
        "stop the build: correct the link, or give the full address (https://...)",
        "1 error, 0 warnings; 0 of 0 stories public, 0 events.",
        "Nothing was built; the previous site is unchanged.",
    ]


def test_what_only_mkdocs_sees_reaches_the_person_too(make_hub) -> None:  # type: ignore[no-untyped-def]
    # An anchor that is not on the page: MkDocs warns when told to (validation: anchors).
    config = (
        "validation:\n  anchors: warn\n"
        + (REPO / "tests/conftest.py").read_text(encoding="utf-8").split('MINIMAL_MKDOCS = """\\\n', 1)[1]
    )
    root = make_hub(
        {"docs/index.md": "# Home\n\nSee [the part](#no-such-part).\n"},
        mkdocs=config.split('"""', 1)[0].format(overrides=REPO / "overrides"),
    )
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1, result.text
    lines = result.err.splitlines()
    assert lines[0].startswith(
        "docs/index.md:3: -: contains a link '#no-such-part', but there is no such anchor"
    )
    assert lines[-1] == "The build failed; the previous site is unchanged."
    assert "Aborted with" not in result.err and "Traceback" not in result.err


def _config(extra: str = "") -> str:
    config = (REPO / "tests/conftest.py").read_text(encoding="utf-8").split('MINIMAL_MKDOCS = """\\\n', 1)[1]
    return config.split('"""', 1)[0].format(overrides=REPO / "overrides") + extra


def test_a_nav_entry_to_no_page_is_named_with_its_line_in_mkdocs_yml(make_hub) -> None:  # type: ignore[no-untyped-def]
    config = _config("nav:\n  - Home: index.md\n  - Missing: missing.md\n")
    root = make_hub({}, mkdocs=config)
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1, result.text
    line = 1 + config.split("\n").index("  - Missing: missing.md")
    assert result.err.splitlines() == [
        f"mkdocs.yml:{line}: nav: A reference to 'missing.md' is included in the 'nav' "
        "configuration, which is not found in the documentation files.",
        "The build failed; the previous site is unchanged.",
    ]
    assert not (root / "site").exists()


def test_a_readme_beside_an_index_is_refused_by_the_check_as_mkdocs_would(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"docs/README.md": "# Read me\n", "docs/sub/README.md": "# Fine alone\n"})
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 1
    assert check.err.splitlines()[0] == (
        "docs/README.md:1: -: this page and index.md are both at /, so MkDocs would leave this "
        "one out and stop the build: rename or remove one"
    )
    assert "docs/sub/README.md" not in check.err
    plain = _mkdocs(root, "build", "--strict")  # the plugin runs the same check
    assert plain.code == 1 and "docs/README.md:1: -: this page and index.md" in plain.err
    assert not (root / "site").exists()
    # MkDocs' own wording of it (without the check), as peerhub build would show it: with the file.
    from generator.edge.buildlog import MkDocsMessages

    messages = MkDocsMessages(None, root / "docs", root)
    said = "Excluding 'README.md' from the site because it conflicts with 'index.md'."
    assert messages.worded(said) == f"docs/README.md:1: -: {said}"


def test_a_broken_theme_template_is_a_plain_message(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\nunclosed\n', encoding="utf-8"
    )
    root = make_hub({}, mkdocs=_config().replace(f"custom_dir: {REPO / 'overrides'}", f"custom_dir: {theme}"))
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    first = result.err.splitlines()[0]
    assert first.startswith(f"{theme / 'main.html'}:") and "block" in first, result.err
    assert result.err.splitlines()[-1] == "The build failed; the previous site is unchanged."


def test_new_event_refuses_a_title_on_two_lines(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "series: []\nevents: []\n"})
    before = (root / "events.yaml").read_bytes()
    result = run_peerhub("new", "event", "Evil\n  - id: injected", "--start", "2027-03-04", cwd=root)
    assert result.code == 1 and "the title must be on one line" in result.err, result.text
    assert (root / "events.yaml").read_bytes() == before
    story_result = run_peerhub("new", "story", "A\u202eb", cwd=root)
    assert story_result.code == 1 and "U+202E" in story_result.err


# 1900-01-01 and 2199-12-31 passed the check and crashed the build: the sitemap's date
# (gzip's timestamp) is seconds from 1970 in 32 bits.
@pytest.mark.parametrize("today", ["0001-01-01", "1900-01-01", "1969-12-31", "2106-01-01", "9999-12-31"])
def test_a_today_far_away_is_a_clear_error(make_hub, today: str) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/a.md": story()})
    for command in ("check", "build"):
        result = run_peerhub(command, "--today", today, cwd=root)
        assert result.code == 1, result.text
        assert result.err.strip() == f"--today: give a day from 1970-01-01 to 2105-12-31; got {today}"
    assert not (root / "site").exists()


@pytest.mark.parametrize("today", ["1970-01-01", "2105-12-31"])
def test_the_first_and_last_today_build(make_hub, today: str) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/a.md": story()})
    result = run_peerhub("build", "--today", today, cwd=root)
    assert result.code == 0, result.text
    assert (root / "site/sitemap.xml.gz").is_file()


def test_a_story_that_links_outside_the_project_is_not_read(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "elsewhere.md"
    outside.write_text(story("From elsewhere", body="Not the project's."), encoding="utf-8")
    root = make_hub({"stories/a.md": story()})
    (root / "stories/linked.md").symlink_to(outside)
    (root / "stories/inside.md").symlink_to(root / "stories/a.md")  # a link within the project is fine
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert f"stories/linked.md:1: -: is a link to {outside}, outside the project" in result.err
    assert "inside.md" not in result.err
    build = run_peerhub("build", "--today", TODAY, cwd=root)
    assert build.code == 1 and not (root / "site").exists()


def test_a_picture_linked_from_outside_docs_is_refused(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"not for the site")
    root = make_hub({"stories/a.md": story(extra="image: {src: images/a.jpg, alt: A picture.}\n")})
    (root / "docs/images").mkdir()
    (root / "docs/images/a.jpg").symlink_to(secret)
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert f"stories/a.md:9: image.src: images/a.jpg leads to {secret}, outside docs/" in result.err


def test_the_calendar_name_is_one_line_whatever_it_is_given() -> None:
    from icalendar import Calendar

    from generator.feeds.ics import _calendar

    settings = _settings(Path("/tmp"))
    cal = _calendar(settings, "Evil\n  - id: injected")
    assert Calendar.from_ical(cal.to_ical())["X-WR-CALNAME"] == "Evil - id: injected"
