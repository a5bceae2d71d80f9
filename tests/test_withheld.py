"""A withheld story leaves no trace in the built site: not in its page, any listing, theme,
role or event page, the search index, the sitemap or the feed. Each kind of withheld story
carries unique words in every field that could be shown; every file of the built site
(gzip files unpacked) is searched for each of them. The consent reference of every story,
public or not, is searched for too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_peerhub
from tests.storyhelp import build_hub, every_file_text

CONSENT = "consent: {recorded: 2026-01-01, review: 2028-01-01, reference: REF-%s}"
WITHHELD = {
    # kind: (front matter lines that withhold it)
    "draft": f"status: draft\n{CONSENT}",
    "review": f"status: review\n{CONSENT}",
    "nostatus": CONSENT,
    "embargo": f"status: published\npublish_on: 2026-12-01\n{CONSENT}",
    "withdrawn": (
        "status: published\n"
        "consent: {recorded: 2026-01-01, review: 2028-01-01, withdrawn: true, reference: REF-%s}"
    ),
    "lapsed": "status: published\nconsent: {recorded: 2025-01-01, review: 2026-11-22, reference: REF-%s}",
    "noconsent": "status: published",
    "newswithdrawn": (
        "kind: news\nstatus: published\n"
        "consent: {recorded: 2026-01-01, review: 2028-01-01, withdrawn: true, reference: REF-%s}"
    ),
}
FIELDS = ["title", "summary", "body", "tag", "quote", "teller", "team", "note"]


def marker(kind: str, part: str) -> str:
    """A word that appears nowhere else: e.g. ``zqdraftsummaryzq``."""
    return f"zq{kind}{part}zq"


def withheld_story(kind: str) -> str:
    m = {part: marker(kind, part) for part in FIELDS}
    rules = WITHHELD[kind].replace("%s", marker(kind, "ref"))
    return (
        f"---\ntitle: Story {m['title']}\ndate: 2026-11-20\nsummary: Summary {m['summary']}.\n"
        f"storyteller: {{name: {m['teller']}, role: carer, team: {m['team']}}}\n"
        f"themes: [hope, connection, identity, meaning, empowerment]\n"
        f"tags: [walking, {m['tag']}]\ncontent_notes: [{m['note']}]\nquote: Quote {m['quote']}.\n"
        f"events: [open-day]\n{rules}\n---\n\nThe body says {m['body']} in the middle.\n"
    )


PUBLIC = """\
---
title: A public story
date: 2026-11-01
summary: This one is public.
storyteller: {name: Sam, role: carer, team: Home treatment}
themes: [hope, connection, identity, meaning, empowerment]
tags: [walking]
events: [open-day]
consent: {recorded: 2026-01-01, review: 2028-01-01, reference: REF-zqpublicrefzq}
status: published
---

Public words.
"""

EVENTS = """\
events:
  - id: open-day
    title: Open day
    summary: Come and meet the team.
    start: 2027-02-11T10:00
    category: recruitment
    venue: {name: The Hall}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("withheld") / "hub"
    files = {f"stories/zqslug{kind}zq.md": withheld_story(kind) for kind in WITHHELD}
    files |= {"stories/public.md": PUBLIC, "events.yaml": EVENTS}
    site = build_hub(root, files)
    return root, every_file_text(site)


def test_the_build_has_the_public_story_everywhere_it_belongs(built: tuple[Path, dict[str, str]]) -> None:
    _, files = built
    assert "stories/public/index.html" in files
    assert "sitemap.xml" in files and "sitemap.xml.gz" in files
    assert "search/index.json" in files and "stories/feed.xml" in files
    for listing in ["stories/index.html", "stories/themes/hope/index.html", "stories/roles/carer/index.html"]:
        assert "A public story" in files[listing], listing
    assert "A public story" in files["events/open-day/index.html"]
    assert "A public story" in "".join(text for path, text in files.items() if path.startswith("search/"))
    assert "stories/public/" in files["sitemap.xml"] and "stories/public/" in files["sitemap.xml.gz"]
    assert "A public story" in files["stories/feed.xml"]


@pytest.mark.parametrize("kind", sorted(WITHHELD))
def test_a_withheld_story_leaves_no_word_anywhere(built: tuple[Path, dict[str, str]], kind: str) -> None:
    _, files = built
    words = [marker(kind, part) for part in [*FIELDS, "ref"]] + [f"zqslug{kind}zq"]
    leaks = [(word, path) for path, text in files.items() for word in words if word in text.lower()]
    assert leaks == []


def test_consent_references_are_written_nowhere(built: tuple[Path, dict[str, str]]) -> None:
    _, files = built
    leaks = [path for path, text in files.items() if "ref-zq" in text.lower() or "zqpublicrefzq" in text]
    assert leaks == []


def test_check_names_every_withheld_story_and_why(built: tuple[Path, dict[str, str]]) -> None:
    root, _ = built
    result = run_peerhub("check", "--today", "2026-11-23", cwd=root)
    assert result.code == 0, result.text
    expected = {
        "draft": "status is draft, not published",
        "review": "status is review, not published",
        "nostatus": "status is draft, not published",
        "embargo": "embargoed until 2026-12-01",
        "withdrawn": "consent withdrawn",
        "lapsed": "consent review date 2026-11-22 has passed",
        "noconsent": "no consent recorded",
        "newswithdrawn": "consent withdrawn",
    }
    for kind, reason in expected.items():
        line = next(
            x for x in result.out.splitlines() if f"stories/zqslug{kind}zq.md" in x and "withheld" in x
        )
        assert reason in line, line
    assert "1 of 9 stories public" in result.out
