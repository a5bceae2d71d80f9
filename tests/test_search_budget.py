"""The search index: every story and event findable by its fields, bodies within a budget.

Checked on built output (``search/search_index.json``), as the search box reads it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_hub
from generator.edge.material_search import Bodies, Entry, add_entries, dumps
from generator.load import load_stories
from generator.search import SearchDoc
from tests.conftest import TODAY, run_peerhub


def index_of(site: Path) -> dict[str, Any]:
    return dict(json.loads((site / "search/search_index.json").read_text(encoding="utf-8")))


def entries_at(index: dict[str, Any], prefix: str) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for entry in index["docs"]:
        if entry["location"].startswith(prefix):
            assert entry["location"] not in found, f"{entry['location']} is in the index twice"
            found[entry["location"]] = entry
    return found


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


# --------------------------------------------------------------------------- the sample hub


def test_sample_stories_are_searchable_by_every_word_of_their_body(sample_site: Path) -> None:
    index = index_of(sample_site)
    stories = entries_at(index, "stories/")
    assert "stories/we-found-our-way-back/" in stories
    text = stories["stories/we-found-our-way-back/"]["text"]
    assert "Our daughter was born on a sunny morning in May." in text  # the body
    assert "Tom" in text and "Perinatal mental health service" in text  # storyteller, team
    assert "postpartum psychosis" in text  # a tag
    assert "He did not have answers" in text  # the pull quote
    people = stories["stories/see-people-as-people/"]["text"]
    assert "the manager of our unit asked me to speak" in people  # body text after a heading
    # One entry a story, with its title; listings are not in the index.
    assert stories["stories/see-people-as-people/"]["title"] == "See people as people"
    assert not [loc for loc in stories if "/page/" in loc or "/themes/" in loc or loc == "stories/"]


def test_sample_events_are_searchable_by_their_description_and_place(sample_site: Path) -> None:
    events = entries_at(index_of(sample_site), "events/")
    art = events["events/art-exhibition-2016/"]["text"]
    assert "A Peer Support Worker helped them choose their pieces" in art
    assert "Maidstone Community Centre" in art and "ME14 1HH" in art
    assert "Peer Support Awareness Week 2016" in art  # the series
    assert "events/" not in events  # the listing is excluded


def test_a_programme_has_one_entry_without_its_events_again(sample_site: Path) -> None:
    index = index_of(sample_site)
    week = [e for e in index["docs"] if e["location"].startswith("events/series/awareness-week-2016/")]
    assert len(week) == 1, [e["location"] for e in week]
    assert week[0]["title"] == "Peer Support Awareness Week 2016"
    assert "A week of events" in week[0]["text"]


def test_hand_written_pages_are_still_indexed_by_the_theme(sample_site: Path) -> None:
    index = index_of(sample_site)
    assert entries_at(index, "role/"), "the role page should be in the index"
    assert any(e["location"].startswith("help/") for e in index["docs"])


def test_withheld_stories_are_not_in_the_index(sample_site: Path) -> None:
    text = (sample_site / "search/search_index.json").read_text(encoding="utf-8").lower()
    assert "walking-group-by-the-lake" not in text and "quillwort" not in text


# --------------------------------------------------------------------------- a hub over its budget


@pytest.fixture(scope="module")
def over_budget(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A hub of 40 stories of 600 words whose index budget holds only some bodies."""
    root = tmp_path_factory.mktemp("budget") / "hub"
    write_hub(root, 40, 10, seed=11)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("stories_dir: stories", "stories_dir: stories\n      search_budget_mb: 0.12")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = root.parent / "site"
    result = run_peerhub("build", "--today", TODAY, "--site-dir", str(site), cwd=root)
    assert result.code == 0, result.text
    return root, site


def test_index_stays_within_the_budget(over_budget: tuple[Path, Path]) -> None:
    _, site = over_budget
    assert (site / "search/search_index.json").stat().st_size <= 120_000


def test_every_story_is_found_by_its_title_summary_storyteller_themes_and_tags(
    over_budget: tuple[Path, Path],
) -> None:
    root, site = over_budget
    entries = entries_at(index_of(site), "stories/")
    stories, _ = load_stories(root / "stories", root)
    public = [s for s in stories if s.meta.status == "published"]
    assert len(entries) == len(public)
    for story in public:
        entry = entries[f"stories/{story.slug}/"]
        assert entry["title"] == story.meta.title
        found = words(entry["text"])
        meta = story.meta
        assert words(meta.summary) <= found, story.slug
        assert words(meta.storyteller.name) <= found, story.slug
        assert {t.lower() for t in meta.themes} <= found, story.slug
        for tag in meta.tags:
            assert words(tag) <= found, (story.slug, tag)


def test_bodies_of_the_newest_stories_fill_the_budget_and_older_ones_are_left_out(
    over_budget: tuple[Path, Path],
) -> None:
    root, site = over_budget
    entries = entries_at(index_of(site), "stories/")
    stories, _ = load_stories(root / "stories", root)
    public = sorted(
        (s for s in stories if s.meta.status == "published"), key=lambda s: (-s.meta.date.toordinal(), s.slug)
    )

    def body_indexed(story: Any) -> bool:
        paragraph = next(line for line in story.body.splitlines() if line[:1].isalpha())
        first_sentence = paragraph.split(".")[0].replace("*", "")
        return first_sentence in entries[f"stories/{story.slug}/"]["text"]

    flags = [body_indexed(s) for s in public]
    with_body = sum(flags)
    assert 0 < with_body < len(public), flags
    assert flags == [True] * with_body + [False] * (len(public) - with_body), "newest first"


# --------------------------------------------------------------------------- the rules, alone


def doc(title: str, day: date, extra: tuple[str, ...] = ()) -> SearchDoc:
    return SearchDoc(title, (f"Summary of {title}.",), extra, day)


def test_add_entries_counts_bytes_exactly_and_fills_newest_first() -> None:
    home = {"location": "", "title": "Home", "text": "Hi"}
    index: dict[str, Any] = {"config": {"lang": ["en"]}, "docs": [home]}
    entries = [
        Entry("stories/old/", doc("Old", date(2020, 1, 1)), "old body " * 20),
        Entry("stories/new/", doc("New", date(2026, 1, 1)), "new body " * 20),
        Entry("stories/mid/", doc("Mid", date(2023, 1, 1), ("A quote.",)), "mid body " * 20),
    ]
    fields_only: dict[str, Any] = json.loads(json.dumps(index))
    add_entries(fields_only, entries, 0)
    base = len(dumps(fields_only))
    budget = base + 2 * len(" new body" * 20) + len(" A quote.") + 10
    report = add_entries(index, entries, budget)
    assert report.total_bytes == len(dumps(index)) <= budget
    texts = {e["location"]: e["text"] for e in index["docs"]}
    assert "new body" in texts["stories/new/"] and "mid body" in texts["stories/mid/"]
    assert "A quote." in texts["stories/mid/"]
    assert texts["stories/old/"] == "Summary of Old.", "the oldest body does not fit"
    assert report.complete == 2


def test_bodies_kept_in_memory_are_the_latest_within_the_limit() -> None:
    bodies = Bodies(limit=10)
    bodies.add("stories/a/", date(2020, 1, 1), "aaaa")
    bodies.add("stories/b/", date(2021, 1, 1), "bbbb")
    bodies.add("stories/c/", date(2022, 1, 1), "cccc")  # 12 bytes: the oldest goes
    kept = [bodies.get(f"stories/{key}/") for key in "abc"]
    assert kept == ["", "bbbb", "cccc"]
    bodies.add("stories/b/", date(2021, 1, 1), "bb")  # saved again, smaller
    bodies.add("stories/d/", date(2019, 1, 1), "ddddd")  # 11 bytes; older than the rest: not kept
    assert bodies.get("stories/b/") == "bb" and bodies.get("stories/d/") == ""
    bodies.add("stories/e/", date(2023, 1, 1), "eeee")  # full now: the oldest kept goes
    assert not bodies.wanted("stories/f/", date(2020, 6, 1)), "older than all kept in a full store"
    assert bodies.wanted("stories/g/", date(2024, 1, 1))
