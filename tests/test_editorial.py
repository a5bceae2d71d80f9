"""Editorial checks of ``peerhub check``: language to avoid, privacy, images and readability,
each reported with the file and the line where the text is."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.editorial import check_editorial
from generator.editorial.language import Language, Term, load_language
from generator.editorial.privacy import contacts, nhs_number_ok
from generator.editorial.prose import prose
from generator.editorial.readability import read, smog, syllables
from generator.load import load_content
from generator.settings import Settings
from tests.conftest import REPO, TODAY, Result, run_peerhub, story

# story() puts the front matter on lines 1-9 and the body from line 11.
BODY_LINE = 11


def body(*lines: str) -> str:
    return "\n".join(lines)


def test_committed_suicide_is_a_warning_at_its_line(make_hub) -> None:  # type: ignore[no-untyped-def]
    text = story(body=body("We lost a friend last year.", "", "He committed", "suicide in the spring."))
    root = make_hub({"stories/loss.md": text})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text  # a warning does not fail the check
    assert (
        f'stories/loss.md:{BODY_LINE + 2}: body: warning: "committed suicide": instead, say '
        '"died by suicide" or "took their own life"'
    ) in result.out
    assert "1 warning" in result.out


def test_a_valid_nhs_number_is_an_error_at_its_line_and_exit_1(make_hub) -> None:  # type: ignore[no-untyped-def]
    text = story(body=body("First line.", "", "Second paragraph.", "My number is 943 476 5919, she said."))
    root = make_hub({"stories/nhs.md": text})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert f"stories/nhs.md:{BODY_LINE + 3}: body: looks like an NHS number (943 *** ****)" in result.err
    assert "476 5919" not in result.text, "the number itself is not printed"
    build = run_peerhub("build", "--today", TODAY, cwd=root)
    assert build.code == 1 and "Nothing was built" in build.err
    assert not (root / "site").exists()


def test_a_ten_digit_number_failing_the_check_digit_is_not_an_nhs_number(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"stories/a.md": story(body="Our reference was 943 476 5918.")})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),
        ("1234567890", False),
        ("123", False),
    ],
)
def test_nhs_modulus_11(number: str, valid: bool) -> None:
    assert nhs_number_ok(number) is valid


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Call 0113 496 0000 any time", "phone"),
        ("ring (020) 7946 0958", "phone"),
        ("+44 20 7946 0958", "phone"),
        ("+44 (0)113 496 0000", "phone"),
        ("07700 900123", "phone"),
        ("email sam.jones@example.org today", "email"),
        ("9434765919", "nhs"),
        ("943-476-5919", "nhs"),
    ],
)
def test_contacts_found(text: str, kind: str) -> None:
    assert [c.kind for c in contacts(text, set())] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "Samaritans on 116 123",
        "call 999 or 111",
        "text SHOUT to 85258",
        "in 2016 and 2026",
        "2026-11-23",
        "x@y",
    ],
)
def test_helplines_years_and_dates_are_not_contacts(text: str) -> None:
    assert contacts(text, set()) == []


def test_phone_email_and_consent_reference_errors_and_allow_contacts(make_hub) -> None:  # type: ignore[no-untyped-def]
    allowed = story(
        "Allowed",
        body=body("Call the crisis line on 0800 123 4567.", "", "Or write to help@example.org."),
        extra='allow_contacts: ["0800 123 4567", "Help@example.org"]\n',
    )
    leaky = story(
        "Leaky",
        body=body(
            "Text me on 07700 900123.", "Or email sam.private@example.com.", "Consent form CF-1 says yes."
        ),
    )
    summary = story("In summary").replace(
        "summary: A short summary of In summary.", "summary: Ring 0113 496 0000."
    )
    root = make_hub({"stories/allowed.md": allowed, "stories/leaky.md": leaky, "stories/summary.md": summary})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "allowed.md" not in result.err
    assert f"stories/leaky.md:{BODY_LINE}: body: a phone number (07700 900123)" in result.err
    assert f"stories/leaky.md:{BODY_LINE + 1}: body: an email address (sam.private@example.com)" in result.err
    assert f"stories/leaky.md:{BODY_LINE + 2}: body: contains the consent reference" in result.err
    assert "stories/summary.md:4: summary: a phone number (0113 496 0000)" in result.err


def test_language_skips_code_comments_and_switched_off_passages() -> None:
    text = body(
        "He suffers from nothing.",
        "```",
        "committed suicide",
        "```",
        "Some `mental patient` code.",
        "<!-- a psycho comment -->",
        "<!-- language-check: off -->",
        "| nutter | do not use |",
        "<!-- language-check: on -->",
        "A lunatic plan.",
    )
    phrases = ["suffers from", "committed suicide", "mental patient", "psycho", "nutter", "lunatic"]
    language = Language([Term(phrase, "x") for phrase in phrases])
    found = [(text.count("\n", 0, offset) + 1, term.phrase) for offset, term, _ in language.find(prose(text))]
    assert found == [(1, "suffers from"), (10, "lunatic")]


def test_language_matches_whole_words_whatever_the_case() -> None:
    language = Language([Term("mad", "x"), Term("suffers from", "y")])
    assert [f for _, _, f in language.find("I made it. MAD? Mad-cap. He SUFFERS\nFROM it.")] == [
        "MAD",
        "SUFFERS\nFROM",
    ]


def test_project_language_file_adds_terms_and_reports_its_own_errors(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(
        {
            "stories/a.md": story(body="He was a frequent flyer on the ward."),
            "language.yaml": "- avoid: [frequent flyer]\n  instead: '\"a person who often needs care\"'\n",
        }
    )
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert f'stories/a.md:{BODY_LINE}: body: warning: "frequent flyer": instead, say' in result.out
    (root / "language.yaml").write_text("- avoid: [x]\n- avoid: []\n  instead: y\n", encoding="utf-8")
    bad = run_peerhub("check", "--today", TODAY, cwd=root)
    assert bad.code == 1
    assert "language.yaml:1: [0].instead: expected text to say instead" in bad.err
    assert "language.yaml:2: [1].avoid: expected a list of phrases" in bad.err


@pytest.fixture(scope="module")
def sample_check() -> Result:
    """``peerhub check --readability`` on the sample hub (once for the tests that read it)."""
    return run_peerhub("check", "--today", TODAY, "--readability", cwd=REPO)


def test_the_publishing_guide_is_clean_although_it_lists_the_phrases(sample_check: Result) -> None:
    guide = (REPO / "docs/publishing/index.md").read_text(encoding="utf-8")
    assert "committed suicide" in guide
    result = sample_check
    assert result.code == 0, result.text
    assert "warning:" not in result.out and "0 warnings" in result.out


def test_missing_alt_text_is_a_clear_error(make_hub) -> None:  # type: ignore[no-untyped-def]
    front = story(extra="image:\n  src: images/cup.png\n")  # image: on line 9
    in_body = story("Body image", body=body("Words.", "", "![](../images/cup.png)", '<img src="x.png">'))
    root = make_hub({"stories/front.md": front, "stories/body.md": in_body})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert (
        "stories/front.md:9: image.alt: is required with an image: describe what the picture shows"
        in result.err
    )
    assert f"stories/body.md:{BODY_LINE + 2}: body: an image without alt text" in result.err
    assert f"stories/body.md:{BODY_LINE + 3}: body: an image without alt text" in result.err
    assert f"stories/body.md:{BODY_LINE + 2}: body: there is no picture at docs/images/cup.png" in result.err


def test_story_image_from_another_site_or_missing_is_an_error(make_hub) -> None:  # type: ignore[no-untyped-def]
    remote = story(extra="image: {src: 'https://cdn.example.com/a.jpg', alt: A cup}\n")
    missing = story("Missing", extra="image: {src: images/none.jpg, alt: A cup}\n")
    root = make_hub({"stories/remote.md": remote, "stories/missing.md": missing})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert "stories/remote.md:9: image.src: https://cdn.example.com/a.jpg is on another website" in result.err
    assert "stories/missing.md:9: image.src: there is no picture at docs/images/none.jpg" in result.err


# ---------------------------------------------------------------------------------------
# Readability


def test_sample_stories_pass_and_their_grades_are_reported(sample_check: Result) -> None:
    result = sample_check
    assert result.code == 0, result.text
    stories = sorted(p.name for p in (REPO / "stories").glob("*.md"))
    grades = {}
    for line in result.out.splitlines():
        if line.startswith("stories/") and ": SMOG " in line:
            name = line.split(":", 1)[0].removeprefix("stories/")
            grades[name] = float(line.split(": SMOG ")[1].split()[0])
    assert sorted(grades) == stories
    assert all(4 <= g <= 10 for g in grades.values()), grades  # the guide asks for 10 or lower
    assert "docs/publishing/index.md:1: SMOG" in result.out


def test_smog_formula_and_counts() -> None:
    # 3 sentences, 3 polysyllables (everybody, community, recovery)
    text = "Everybody came. The community helped. Recovery takes time."
    reading = read(text)
    assert (reading.sentences, reading.polysyllables, reading.words) == (3, 3, 8)
    assert reading.grade == round(1.043 * (3 * 30 / 3) ** 0.5 + 3.1291, 1) == 8.8
    assert smog(0, 10) == pytest.approx(3.1291)
    assert read("Too short. Really.").grade is None


@pytest.mark.parametrize(
    ("word", "count"),
    [("community", 4), ("recovery", 3), ("everything", 3), ("idea", 3), ("the", 1), ("Storytellers", 4)],
)
def test_syllables_come_from_the_pronouncing_dictionary(word: str, count: int) -> None:
    assert syllables(word) == count


def test_headings_code_tables_and_links_are_not_counted() -> None:
    text = body(
        "# A heading about organisational considerations",
        "",
        "We met. We talked. We walked [to the considerably bureaucratic office](https://example.org/x).",
        "",
        "| Organisation | Consideration |",
        "| --- | --- |",
        "",
        "- First item",
        "- Second item",
    )
    reading = read(prose(text))
    assert reading.sentences == 5 and reading.polysyllables == 2  # considerably, bureaucratic


def test_hard_text_warns_at_its_hardest_paragraph(make_hub) -> None:  # type: ignore[no-untyped-def]
    easy = "We met for tea. It was good. We talked for a while. Then we went home."
    hard = (
        "Organisational considerations necessitate comprehensive interdisciplinary evaluation. "
        "Multidisciplinary collaboration facilitates therapeutic effectiveness. "
        "Institutional accountability requires continuous professional development."
    )
    text = story(body=body(easy, "", easy, "", hard, "", easy))
    root = make_hub({"stories/hard.md": text, "mkdocs.yml": _mkdocs_with(readability_max_smog=8)})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 0
    line = next(x for x in result.out.splitlines() if "reading grade" in x)
    assert line.startswith(f"stories/hard.md:{BODY_LINE + 4}: body: warning: reading grade (SMOG) is ")
    assert "above 8" in line


def _mkdocs_with(**options: object) -> str:
    from tests.storyhelp import mkdocs_yml

    return mkdocs_yml(**options)


def test_readability_runs_offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the editorial checks tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from generator.editorial import readability

    readability._dictionary.cache_clear()  # so the dictionary is read again (each run counts afresh)
    settings = Settings(
        root=REPO,
        stories_dir=REPO / "stories",
        events_file=REPO / "events.yaml",
        tz=ZoneInfo("Europe/London"),
        today=date(2026, 11, 23),
        docs_dir=REPO / "docs",
    )
    content = load_content(settings.stories_dir, settings.events_file, REPO)
    language, problems = load_language(settings)
    assert problems == []
    first = check_editorial(content.stories, settings, language)
    second = check_editorial(content.stories, settings, language)
    pages = list((REPO / "docs").rglob("*.md"))
    assert first.grades == second.grades and len(first.grades) == len(content.stories) + len(pages)
    assert all(g.grade is not None for g in first.grades)


def test_plain_mkdocs_build_refuses_private_details_too(make_hub) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    root = make_hub({"stories/nhs.md": story(body="Number 943 476 5919.")})
    env = {k: v for k, v in os.environ.items() if k != "PEERHUB_TODAY"} | {"PEERHUB_TODAY": TODAY}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1
    assert f"stories/nhs.md:{BODY_LINE}: body: looks like an NHS number (943 *** ****)" in proc.stderr
    assert not (root / "site").exists()


def test_whole_text_counts_equal_the_sum_of_its_paragraphs() -> None:
    from generator.editorial.readability import paragraphs

    for path in [*sorted((REPO / "stories").glob("*.md")), *sorted((REPO / "docs").rglob("*.md"))]:
        text = prose(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1])
        reading, blocks = read(text), paragraphs(text)
        assert reading.sentences == sum(b.sentences for b in blocks), path
        assert reading.words == sum(b.words for b in blocks), path
        assert reading.polysyllables == sum(b.polysyllables for b in blocks), path
