"""Issue 11 as staff meet it: scaffold, fill in, break and mend a story and an event with the
``peerhub`` command, asserting on what it prints, the files it writes and the site it builds.

Nothing half-written goes public (placeholders are errors once public, warnings while
draft), titles are written as typed, one mistake in ``events.yaml`` is one error, a story
that says ``published`` but is withheld is said out loud, and ``peerhub new`` checks what
it is given at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.load import load_events, load_story
from tests.conftest import TODAY, run_peerhub, story


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- 1. a scaffold cannot go public unfinished


def test_a_new_story_left_half_written_cannot_go_public(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({})
    made = run_peerhub("new", "story", "Back to work", "--today", TODAY, cwd=root)
    assert made.code == 0, made.text
    path = root / "stories/back-to-work.md"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"recorded:\s*(#|$)", text, re.MULTILINE), "new story must not invent a consent date"
    assert not re.search(r"recorded:\s*\d", text)
    summary, body = line_of(path, "summary: >-"), line_of(path, "Write the story here")

    draft = run_peerhub("check", "--today", TODAY, cwd=root)
    assert draft.code == 0, draft.text  # a draft in progress never stops a build
    assert (
        f'stories/back-to-work.md:{summary}: summary: warning: still says "One or two sentences' in draft.out
    )
    assert f'stories/back-to-work.md:{body}: body: warning: still says "Write the story here' in draft.out

    edit(path, "status: draft  ", "status: published")
    public = run_peerhub("check", "--today", TODAY, cwd=root)
    assert public.code == 1
    assert (
        f'stories/back-to-work.md:{summary}: summary: still says "One or two sentences that tell a reader '
        'what this story is about.", the text peerhub new wrote: write one or two sentences that tell a '
        "reader what this story is about (at most 300 characters); the story says status: published, "
        "so it would go public like this"
    ) in public.err
    assert f'stories/back-to-work.md:{body}: body: still says "Write the story here' in public.err
    built = run_peerhub("build", "--today", TODAY, cwd=root)
    assert built.code == 1 and "Nothing was built" in built.err
    assert not (root / "site").exists()
    assert "Traceback" not in public.text + built.text


def test_a_new_event_is_a_draft_until_its_placeholders_are_replaced(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "series: []\nevents: []\n", "stories/a.md": story()})
    made = run_peerhub("new", "event", "Open day", "--start", "2027-03-04T10:00", cwd=root)
    assert made.code == 0, made.text
    assert "as a draft" in made.out
    events = root / "events.yaml"
    assert "    draft: true" in events.read_text(encoding="utf-8")
    venue = line_of(events, "name: Venue name")

    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text
    assert f'events.yaml:{venue}: events[0].venue.name: warning: still says "Venue name"' in check.out
    built = run_peerhub("build", "--today", TODAY, cwd=root)
    assert built.code == 0, built.text
    assert not (root / "site/events/open-day").exists()  # a draft event is in no build
    assert "Open day" not in (root / "site/events/index.html").read_text(encoding="utf-8")

    edit(events, "    draft: true", "    draft: false")
    public = run_peerhub("check", "--today", TODAY, cwd=root)
    assert public.code == 1
    for field, said in [
        ("summary", "One or two sentences about the event"),
        ("venue.name", "Venue name"),
        ("venue.address", "Street, Town"),
        ("venue.postcode", "AB1 2CD"),
    ]:
        assert re.search(
            rf'^events\.yaml:\d+: events\[0\]\.{re.escape(field)}: still says "{re.escape(said)}.*'
            "the event has no draft: true line, so it would go public like this$",
            public.err,
            re.MULTILINE,
        ), field
    assert f"events.yaml:{venue}: events[0].venue.name:" in public.err

    edit(events, "One or two sentences about the event (at most 300 characters).", "Meet the team.")
    edit(events, "name: Venue name", "name: The Beacon")
    edit(events, "address: Street, Town", "address: 1 High Street, Maidstone")
    edit(events, "postcode: AB1 2CD", "postcode: ME16 8AE")
    edit(events, "# booking: https://example.org/link-to-book", "booking: https://example.org/link-to-book")
    left = run_peerhub("check", "--today", TODAY, cwd=root)
    assert left.code == 1
    assert 'events[0].booking: still says "https://example.org/link-to-book"' in left.err
    edit(events, "booking: https://example.org/link-to-book", "booking: https://hub.example.org/book")
    mended = run_peerhub("build", "--today", TODAY, cwd=root)
    assert mended.code == 0, mended.text
    assert "The Beacon" in (root / "site/events/open-day/index.html").read_text(encoding="utf-8")


# -- 2. text is written as typed

TITLES = [
    "Zo\u00eb\u2019s caf\u00e9 \u2014 a new start \U0001f331",  # Zoë's café — a new start 🌱
    "Hope: a new start",
    "We are #1 at peer support",
    '“Quoted” and "quoted", a back\\slash',
    "It's a 'small' step: 50% — done!",
    "*Bold* & [bracketed] {braced} @here",
    "Party 🎉 night",
]


@pytest.mark.parametrize("title", TITLES)
def test_new_writes_the_title_as_typed(make_hub, title: str) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "events: []\n"})
    made = run_peerhub("new", "story", title, "--today", TODAY, cwd=root)
    assert made.code == 0, made.text
    (path,) = (root / "stories").glob("*.md")
    assert re.fullmatch(r"[a-z0-9-]+\.md", path.name)  # the file name stays ASCII
    text = path.read_text(encoding="utf-8")
    title_line = next(line for line in text.split("\n") if line.startswith("title: "))
    assert "\\u" not in title_line and "\\U" not in title_line
    for mark in ("\u00eb", "\u2019", "\U0001f331", "\U0001f389", "\u201c"):
        assert (mark in title) == (mark in title_line)
    loaded = load_story(path, root)
    assert not isinstance(loaded, list), loaded
    assert loaded.meta.title == title

    event = run_peerhub("new", "event", title, "--start", "2027-03-04", cwd=root)
    assert event.code == 0, event.text
    _, events, problems = load_events(root / "events.yaml", root)
    assert problems == [] and [e.meta.title for e in events] == [title]
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text


def test_an_empty_or_blank_title_is_refused(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "events: []\n"})
    for command in (
        ["new", "story", ""],
        ["new", "story", "   "],
        ["new", "event", "", "--start", "2027-03-04"],
    ):
        result = run_peerhub(*command, cwd=root)
        assert result.code == 1
        assert result.err.strip().splitlines() == [
            'the title is empty: give it in quotes, e.g. peerhub new story "A new start"'
        ]
    assert not (root / "stories").exists()
    assert (root / "events.yaml").read_text(encoding="utf-8") == "events: []\n"


# -- 4. one mistake, one error


STORIES_WITH_EVENTS = {
    "stories/a.md": story("A", extra="events: [open-day]\n"),
    "stories/b.md": story("B", extra="events: [open-day, fun-day]\n"),
    "stories/c.md": story("C"),
}


def test_an_unreadable_events_file_gives_one_error_not_one_per_story(make_hub) -> None:  # type: ignore[no-untyped-def]
    events = "events:\n  - id: open-day\n\ttitle: Open day\n"
    root = make_hub({**STORIES_WITH_EVENTS, "events.yaml": events})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line.startswith(("stories/", "events.yaml"))]
    assert lines == [
        "events.yaml:3: title: has a tab character: YAML needs spaces for indenting; "
        "replace the tab with spaces",
        "stories/a.md:9: events: warning: the events named by 2 stories (stories/a.md, stories/b.md) could "
        "not be checked, because events.yaml cannot be read: fix events.yaml first",
    ]
    assert "1 error, 1 warning" in result.err


def test_an_event_entry_that_is_wrong_gives_no_error_in_the_stories_naming_it(make_hub) -> None:  # type: ignore[no-untyped-def]
    events = (
        "events:\n  - id: open-day\n    summary: No title.\n    start: 2027-02-11\n"
        "    category: community\n    online: https://example.org/x\n"
    )
    root = make_hub({**STORIES_WITH_EVENTS, "events.yaml": events})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "events.yaml:2: events[0].title: is required but missing" in result.err
    assert "'open-day'" not in result.err  # the entry is there, just wrong
    assert "stories/b.md:9: events[1]: no event in events.yaml has the id 'fun-day'" in result.err


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n"])
def test_an_empty_events_file_is_reported_as_empty(make_hub, text: str) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({**STORIES_WITH_EVENTS, "events.yaml": text})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert (
        "events.yaml:1: -: the file is empty, so the site would have no events: write them under 'events:' "
        "(and 'events: []' when there are none)"
    ) in result.err
    assert "no event in events.yaml has the id" not in result.err


# -- 5. published but withheld is said loudly

HELD = {
    "noconsent": ("consent: {}", "no consent recorded (consent.recorded)", "once the storyteller has given"),
    "withdrawn": (
        "consent: {recorded: 2026-01-01, review: 2028-01-01, withdrawn: true}",
        "consent withdrawn",
        "it stays off the site",
    ),
    "lapsed": (
        "consent: {recorded: 2025-01-01, review: 2026-11-22}",
        "consent review date 2026-11-22 has passed",
        "ask the storyteller to re-confirm consent",
    ),
    "future": (
        "consent: {recorded: 2026-11-24, review: 2027-11-24}",
        "consent is recorded on 2026-11-24, after today",
        "correct the date",
    ),
    "embargo": (
        "consent: {recorded: 2026-01-01, review: 2028-01-01}\npublish_on: 2026-12-01",
        "embargoed until 2026-12-01",
        "it goes public on that day by itself",
    ),
}


def test_a_story_that_says_published_but_is_withheld_is_a_warning_and_in_the_build_summary(
    make_hub: Callable[..., Path],
) -> None:
    files = {
        f"stories/{name}.md": story(name.title(), consent=consent) for name, (consent, _, _) in HELD.items()
    }
    root = make_hub(
        {**files, "stories/live.md": story("Live"), "stories/wip.md": story("Wip", status="draft")}
    )
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text
    for name, (_, reason, fix) in HELD.items():
        line = next(x for x in check.out.splitlines() if x.startswith(f"stories/{name}.md:"))
        assert line.startswith(
            f"stories/{name}.md:{line_of(root / f'stories/{name}.md', 'status:')}: status: warning:"
        )
        assert "says published but is withheld, so it is on no page of the site" in line
        assert reason in line and "What to do:" in line and fix in line, line
    assert "stories/wip.md:8: -: withheld: status is draft, not published" in check.out  # not a warning
    assert f"0 errors, {len(HELD)} warnings; 1 of 7 stories public" in check.out

    built = run_peerhub("build", "--today", TODAY, cwd=root)
    assert built.code == 0, built.text  # a lapsed review must not stop the nightly build
    out = built.out.strip().splitlines()
    start = out.index(
        f"{len(HELD)} stories say published but are withheld, so not on the site (see peerhub check):"
    )
    named = out[start + 1 :]
    assert [line.split(":")[0].strip() for line in named] == [f"stories/{n}.md" for n in sorted(HELD)]
    assert all(line.startswith("  ") for line in named)
    for name, (_, reason, fix) in HELD.items():
        line = next(x for x in named if x.startswith(f"  stories/{name}.md:"))
        assert reason in line and fix in line, line
    assert "wip" not in built.out
    for name in HELD:
        assert not (root / f"site/stories/{name}").exists()
    assert (root / "site/stories/live/index.html").is_file()


def test_consent_recorded_after_today_withholds_and_goes_public_on_that_day(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(
        {"stories/future.md": story("Future", consent="consent: {recorded: 2026-11-24, review: 2027-11-24}")}
    )
    before = run_peerhub("check", "--today", TODAY, cwd=root)
    assert "0 of 1 stories public" in before.out
    after = run_peerhub("check", "--today", "2026-11-24", cwd=root)
    assert "1 of 1 stories public" in after.out and "withheld" not in after.out


# -- 7. small things staff meet


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (
            "2027-03-04T10:00",
            "2027-03-04",
            "--end: must be the same kind as --start: --start is a date and time, --end is a date (all day); "
            "e.g. --start 2027-03-04T10:00 --end 2027-03-04T12:00",
        ),
        (
            "2027-03-04T10:00",
            "2027-03-04T09:00",
            "--end: 2027-03-04T09:00 is before --start 2027-03-04T10:00; "
            "an event cannot end before it starts",
        ),
        ("2027-03-04", "2027-02-30", "--end: 2027-02-30 is not a real date (check the day and month)"),
    ],
)
def test_new_event_checks_end_at_once(make_hub, start: str, end: str, said: str) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "events: []\n"})
    result = run_peerhub("new", "event", "Open day", "--start", start, "--end", end, cwd=root)
    assert result.code == 1
    assert result.err.strip().splitlines() == [said]
    assert (root / "events.yaml").read_text(encoding="utf-8") == "events: []\n"


def test_new_event_takes_an_id_for_a_second_event_of_the_same_title(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "events: []\n"})
    first = run_peerhub("new", "event", "Open day", "--start", "2027-03-04", "--end", "2027-03-05", cwd=root)
    assert first.code == 0, first.text
    again = run_peerhub("new", "event", "Open day", "--start", "2027-06-04", cwd=root)
    assert again.code == 1
    assert again.err.strip() == (
        "events.yaml already has an entry with the id open-day: give this one its own with --id, "
        "e.g. --id open-day-2027"
    )
    wrong = run_peerhub("new", "event", "Open day", "--start", "2027-06-04", "--id", "Open Day!", cwd=root)
    assert wrong.code == 1 and "--id: 'Open Day!' is not an id" in wrong.err
    second = run_peerhub(
        "new", "event", "Open day", "--start", "2027-06-04", "--id", "open-day-june", cwd=root
    )
    assert second.code == 0, second.text
    data = yaml.safe_load((root / "events.yaml").read_text(encoding="utf-8"))
    assert [(e["id"], str(e["start"]), str(e.get("end"))) for e in data["events"]] == [
        ("open-day", "2027-03-04", "2027-03-05"),
        ("open-day-june", "2027-06-04", "None"),
    ]


@pytest.mark.parametrize(
    ("name", "kind", "role", "warned"),
    [
        ("Joanna Smith", "lived-experience", "peer-support-worker", True),
        ("Jo O'Neil", "lived-experience", "carer", True),
        ("Zoë Brontë-Smith", "lived-experience", "service-user", True),
        ("Joanna", "lived-experience", "peer-support-worker", False),
        ("Anonymous", "lived-experience", "carer", False),
        ("Joanna Smith", "news", "staff", False),
        ("Community Mental Health Team", "lived-experience", "team", False),
        ("a carer from Kent", "lived-experience", "carer", False),
    ],
)
def test_a_full_name_as_storyteller_is_a_warning_for_lived_experience(
    make_hub: Callable[..., Path],
    name: str,
    kind: str,
    role: str,
    warned: bool,
) -> None:
    text = story().replace(
        "storyteller: {name: Sam, role: peer-support-worker}", f"storyteller: {{name: {name}, role: {role}}}"
    )
    root = make_hub({"stories/a.md": text.replace("themes: [hope]", f"kind: {kind}\nthemes: [hope]")})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    first = name.split()[0]
    said = (
        f"stories/a.md:5: storyteller.name: warning: {name!r} looks like a full name: "
        "a lived-experience story names its storyteller by a first name only "
        f"(e.g. name: {first}), a team, or Anonymous"
    )
    assert (said in result.out) is warned, result.out


def test_new_refuses_a_name_the_site_keeps_for_itself(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": "events: []\n"})
    story_made = run_peerhub("new", "story", "Feed", cwd=root)
    assert story_made.code == 1
    assert story_made.err.strip() == "the file name feed.md is kept for the site: choose a longer title"
    event_made = run_peerhub("new", "event", "Calendar", "--start", "2027-03-04", cwd=root)
    assert event_made.code == 1
    assert event_made.err.strip() == "the id calendar is kept for the site: choose another with --id"
    assert not (root / "stories").exists()


# -- 3. YAML mistakes in plain words, as peerhub check and build print them


def test_a_hash_in_an_unquoted_title_is_found_and_the_fix_it_gives_works(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/day.md": story("Our #1 day out")})
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 1
    assert check.err.splitlines()[0] == (
        "stories/day.md:2: title: has a # inside text that is not in quotes: after a space, # starts a "
        "comment, which is left out with the rest of the line, so this reads as 'Our'; put the text in "
        'quotes, e.g. title: "Our #1 day out"'
    )
    edit(root / "stories/day.md", "title: Our #1 day out", 'title: "Our #1 day out"')
    edit(root / "stories/day.md", "summary: A short summary of Our #1 day out.", "summary: A day out.")
    built = run_peerhub("build", "--today", TODAY, cwd=root)
    assert built.code == 0, built.text
    assert "<h1" in (page := (root / "site/stories/day/index.html").read_text(encoding="utf-8"))
    assert "Our #1 day out</h1>" in page


def test_every_paragraph_of_the_new_story_guidance_is_caught(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({})
    assert run_peerhub("new", "story", "Guidance", "--today", TODAY, cwd=root).code == 0
    path = root / "stories/guidance.md"
    edit(path, "One or two sentences that tell a reader what this story is about.", "A walk.")
    edit(path, "status: draft  ", "status: published")
    front, guidance = path.read_text(encoding="utf-8").rsplit("\n---\n", 1)
    paragraphs = guidance.strip().split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Write", "Use", "Aim"]
    for number, paragraph in enumerate(paragraphs):  # the story written above what is left
        body = "\n\n".join(["The story itself, in her words.", *paragraphs[number:]])
        path.write_text(f"{front}\n---\n\n{body}\n", encoding="utf-8")
        check = run_peerhub("check", "--today", TODAY, cwd=root)
        assert check.code == 1, paragraph
        line = front.count("\n") + 6  # front, ---, a blank line, the story, a blank line
        assert f'stories/guidance.md:{line}: body: still says "{paragraph.split(".")[0]}' in check.err, (
            check.err
        )
    path.write_text(f"{front}\n---\n\nThe story itself, in her words.\n", encoding="utf-8")
    assert "body:" not in run_peerhub("check", "--today", TODAY, cwd=root).text
