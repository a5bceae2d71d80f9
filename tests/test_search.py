"""The site search: every word of every public story, event, programme and page finds it, at
any number of stories; nothing withheld, no listing, no staff page and none of the theme's
chrome is in the index; and nothing of Material's own search is built.

Checked on built sites, reading the index back as the search script does
(``tests/searchindex.py``). The browser tests (``tests/browser/test_search.py``) search
it as a reader does.
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import replace
from datetime import date
from hashlib import blake2b
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest

from benchmarks.synthetic import marker_in, write_hub
from generator import pipeline
from generator.search.index import CHUNK_BYTES, IndexBuilder, files, words
from generator.search.records import Record, page_record
from tests.conftest import REPO, TODAY, run_peerhub, story
from tests.searchindex import BuiltIndex
from tests.test_serve import served, wait_for  # noqa: F401 (a fixture)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def body_words(body: str) -> set[str]:
    """The words a reader sees in a story body (markdown converted, tags dropped)."""
    parser = _Text()
    parser.feed(markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables"]))
    return set(words(" ".join(parser.parts)))


@pytest.fixture(scope="module")
def sample(sample_site: Path) -> BuiltIndex:
    return BuiltIndex(sample_site)


# --------------------------------------------------------------------------- the sample hub


def test_every_word_of_every_public_story_finds_it(sample: BuiltIndex) -> None:
    from benchmarks.synthetic import hub_settings

    hub = pipeline.run(hub_settings(REPO, TODAY), warnings=False).valid_hub()
    assert len(hub.stories) >= 8
    for s in hub.stories:
        url = f"stories/{s.slug}/"
        missing = {w for w in body_words(s.body) if url not in sample.find(w)}
        assert missing == set(), (s.slug, sorted(missing)[:10])
        for field in (s.meta.title, s.meta.summary, s.meta.storyteller.name, *s.meta.tags, *s.meta.themes):
            assert all(url in sample.find(w) for w in words(field)), (s.slug, field)
        assert all(sample.weight(w, url) == 3 for w in words(s.meta.title)), s.slug


def test_events_are_found_by_description_place_postcode_and_series(sample: BuiltIndex) -> None:
    art = "events/art-exhibition-2016/"
    for word in ("pieces", "maidstone", "me14", "1hh", "awareness", "exhibition"):
        assert art in sample.find(word), word
    assert "events/beacon-fun-day-2016/" in sample.find("ct9")
    shown = sample.by_url[art]
    assert shown["k"] == "Event" and shown["d"] == "Friday 1 July 2016"
    assert "A Peer Support Worker helped them choose their pieces" in shown["x"]


def test_a_programme_has_one_record_and_its_events_their_own(sample: BuiltIndex) -> None:
    week = [r for r in sample.shown if r["u"].startswith("events/series/")]
    assert [r["t"] for r in week] == ["Peer Support Awareness Week 2016"]
    assert week[0]["k"] == "Programme" and week[0]["d"] == "Monday 4 to Friday 8 July 2016"
    assert "events/series/awareness-week-2016/" in sample.find("programme") | sample.find("week")


def test_hand_written_pages_are_found_by_their_text_not_the_theme_chrome(sample: BuiltIndex) -> None:
    pages = {r["u"]: r for r in sample.shown if r["k"] == "Page"}
    assert {"", "role/", "getting-support/", "help/", "becoming-a-psw/", "accessibility/"} <= set(pages)
    assert "role/" in sample.find("diagnose") or "role/" in sample.find("diagnosis")
    crisis_intro = "If you are in crisis or worried about someone, you do not have to wait."
    for url, record in pages.items():
        text = record.get("x", "")
        assert crisis_intro not in text, url  # the banner on every page is the theme's
        assert "Skip to content" not in text and "Made with" not in text, url
    # The home page's own words, not the stories and events its blocks show.
    home = pages[""]["x"]
    assert "A Peer Support Worker has lived through mental health problems" in home
    assert "We found our way back" not in home and "Thinking of becoming a PSW" not in home
    assert "" not in sample.find("daughter")  # a word of the latest story, shown on the home page


def test_listings_are_not_records(sample: BuiltIndex) -> None:
    urls = {r["u"] for r in sample.shown}
    listings = {u for u in urls if re.fullmatch(r"(stories|events)/((themes|roles|category|page)/.*)?", u)}
    assert listings == set()
    assert len(urls) == len(sample.shown), "a page is in the index twice"


def test_withheld_stories_leave_no_word_in_the_index(sample: BuiltIndex) -> None:
    everything = sample.all_text().lower()
    assert "quillwort" not in everything and "walking-group-by-the-lake" not in everything
    assert sample.find("quillwort") == set()


def test_a_story_with_content_notes_shows_its_summary_never_its_body(sample: BuiltIndex) -> None:
    url = "stories/we-found-our-way-back/"
    shown = sample.by_url[url]
    assert shown["n"] == "postpartum psychosis, hospital admission"
    assert shown["s"].startswith("A partner looks back on the weeks after their baby was born")
    assert "x" not in shown, "the body of a story with content notes must not reach a result"
    assert "Our daughter was born on a sunny morning" not in sample.all_text()
    assert url in sample.find("sunny") and url in sample.find("psychosis")  # still found by its words


def test_filters_hold_theme_role_category_and_kind(sample: BuiltIndex) -> None:
    facets = sample.facets
    assert set(facets) == {"kind", "theme", "role", "category"}
    assert "stories/we-found-our-way-back/" in facets["theme"]["Hope"]
    assert "stories/art-on-the-walls/" in facets["role"]["Peer Support Worker"]
    from benchmarks.synthetic import hub_settings
    from generator.model import CATEGORY_LABELS

    for event in pipeline.run(hub_settings(REPO, TODAY), warnings=False).valid_hub().events:
        assert f"events/{event.id}/" in facets["category"][CATEGORY_LABELS[event.meta.category]]
    kinds = facets["kind"]
    assert list(kinds) == ["Page", "Story", "Event", "Programme", "Vacancy"]
    assert sum(len(v) for v in kinds.values()) == len(sample.shown)


def test_nothing_of_materials_search_is_built_or_loaded(sample_site: Path) -> None:
    assert not (sample_site / "search/search_index.json").exists()
    assert not list((sample_site / "assets/javascripts").rglob("lunr*"))
    assert not list((sample_site / "assets/javascripts").rglob("workers/search.*"))
    page = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in page and 'name="search"' not in page
    assert "data-hub-search" in page
    # The page itself loads none of the search: the script comes on first use.
    assert not re.search(r"<script[^>]+hub-search", page) and "search/index.json" not in page


# --------------------------------------------------------------------------- at scale


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltIndex]:
    """A hub of 150 stories of about 600 words and 40 events: no budget cuts any body."""
    root = tmp_path_factory.mktemp("scale") / "hub"
    write_hub(root, 150, 40, seed=11)
    site = root.parent / "site"
    result = run_peerhub("build", "--today", TODAY, "--site-dir", str(site), cwd=root)
    assert result.code == 0, result.text
    return root, BuiltIndex(site)


def test_at_scale_every_word_of_every_body_and_the_oldest_storys_own_word(
    synthetic: tuple[Path, BuiltIndex],
) -> None:
    from benchmarks.synthetic import hub_settings

    root, index = synthetic
    hub = pipeline.run(hub_settings(root, TODAY), warnings=False).valid_hub()
    assert len(index.meta["chunks"]) > 3, "the vocabulary is cut into chunks"
    for s in hub.stories:
        url = f"stories/{s.slug}/"
        missing = {w for w in body_words(s.body) if url not in index.find(w)}
        assert missing == set(), (s.slug, sorted(missing)[:10])
    oldest = hub.stories[-1]
    word = marker_in(oldest.body)
    assert word and word not in oldest.meta.title.lower() and word not in oldest.meta.summary.lower()
    assert index.find(word) == {f"stories/{oldest.slug}/"}


def test_at_scale_each_file_a_search_reads_stays_small(synthetic: tuple[Path, BuiltIndex]) -> None:
    _, index = synthetic
    folder = index.site / "search"
    chunks = [(folder / f"c/{name}.json").stat().st_size for _, name in index.meta["chunks"]]
    # A chunk closes past CHUNK_BYTES; only a single very common word makes one bigger.
    assert max(chunks) < 2 * CHUNK_BYTES, chunks
    firsts = [first for first, _ in index.meta["chunks"]]
    assert firsts[0] == "" and firsts == sorted(firsts)
    assert (folder / "index.json").stat().st_size < 4_000


# --------------------------------------------------------------------------- hubs of their own


def test_staff_pages_and_pages_excluded_by_front_matter_are_not_in_the_index(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(
        {
            "stories/s.md": story("A public story"),
            "docs/publishing/index.md": "---\naudience: staff\n---\n\n# Publishing\n\nZqstaffword here.\n",
            "docs/hidden.md": "---\nsearch:\n  exclude: true\n---\n\n# Hidden\n\nZqhiddenword here.\n",
            "docs/open.md": "# Open page\n\nZqopenword here.\n",
        }
    )
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    index = BuiltIndex(root / "site")
    assert index.find("zqopenword") == {"open/"}
    assert index.find("zqstaffword") == set() and index.find("zqhiddenword") == set()
    assert "zqstaffword" not in index.all_text().lower()
    assert {r["u"] for r in index.shown} == {"", "open/", "stories/s/"}


def test_search_budget_mb_is_refused_with_a_plain_message(make_hub) -> None:  # type: ignore[no-untyped-def]
    config = (REPO / "tests/conftest.py").read_text(encoding="utf-8")
    assert "search_budget_mb" not in config
    from tests.conftest import MINIMAL_MKDOCS

    mkdocs = MINIMAL_MKDOCS.format(overrides=REPO / "overrides").replace(
        "  - peerhub\n", "  - peerhub:\n      search_budget_mb: 4\n"
    )
    root = make_hub({"stories/s.md": story()}, mkdocs=mkdocs)
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "search_budget_mb" in result.text and "no longer used" in result.text
    assert "Traceback" not in result.text
    assert not (root / "site").exists(), "a refused build leaves no site"


def test_materials_search_plugin_is_refused_with_the_reason(make_hub) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MINIMAL_MKDOCS

    mkdocs = MINIMAL_MKDOCS.format(overrides=REPO / "overrides").replace(
        "  - peerhub\n", "  - search\n  - peerhub\n"
    )
    root = make_hub({"stories/s.md": story()}, mkdocs=mkdocs)
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "plugins: remove 'search'" in result.text and "downloads whole" in result.text
    assert "Traceback" not in result.text


# --------------------------------------------------------------------------- the parts alone


def test_words_are_letters_and_digits_without_accents_case_or_apostrophes() -> None:
    assert words("Don\u2019t stop: Café CT9 1AA, self-harm!") == [
        "dont",
        "stop",
        "cafe",
        "ct9",
        "1aa",
        "self",
        "harm",
    ]
    assert words("snake_case naïve ÉCOLE") == ["snake", "case", "naive", "ecole"]
    assert words("x" * 40 + " " + "y" * 41) == ["x" * 40]
    assert words("'quoted' rock'n'roll") == ["quoted", "rocknroll"]


def test_records_are_numbered_pages_first_then_newest_and_identical_builds_are_identical() -> None:
    from datetime import date

    old = Record("stories/old/", "story", "Old", day=date(2020, 1, 1), text="alpha")
    new = Record("stories/new/", "story", "New", day=date(2026, 1, 1), text="alpha beta")
    home = page_record("", "Home", "alpha")
    index = files([old, new, home])
    assert index == files([home, new, old])
    names = {path.rsplit("/", 1)[-1] for path in index}
    assert "index.json" in names and len(names) == len(index)
    meta = json.loads(index["search/index.json"])
    shown = [r for name in meta["cards"][1] for r in json.loads(index[f"search/r/{name}.json"])]
    assert [r["u"] for r in shown] == ["", "stories/new/", "stories/old/"]
    for path, data in index.items():  # every file but the first one read is named by its content
        if path != "search/index.json":
            assert path.rsplit("/", 1)[-1] == blake2b(data, digest_size=5).hexdigest() + ".json", path


def test_the_preview_makes_again_only_what_a_changed_record_touches() -> None:
    builder = IndexBuilder(remember=True)
    kept = [Record(f"stories/{n}/", "story", f"Story {n}", text=f"alpha zq{n} " * 50) for n in range(40)]
    written: dict[str, bytes] = {}
    builder.build([*kept, Record("stories/b/", "story", "B", text="beta")], written.__setitem__)
    remembered = builder._weighed[kept[0]]
    again: dict[str, bytes] = {}
    builder.build([*kept, Record("stories/b/", "story", "B", text="gamma")], again.__setitem__)
    assert builder._weighed[kept[0]] is remembered
    words, weights = builder._weighed[Record("stories/b/", "story", "B", text="gamma")]  # packed
    assert "gamma" in words and "beta" not in words and len(weights) == len(words)
    same = {path for path in again if path in written}
    assert len(same) > len(again) / 2, "most files are the same after one record changed"
    fresh: dict[str, bytes] = {}
    IndexBuilder().build([*kept, Record("stories/b/", "story", "B", text="gamma")], fresh.__setitem__)
    assert again == fresh, "what the preview remembers never changes what it writes"
    # Saves that move words between title and text, empty a record, add and remove pages:
    saves = [
        [*kept, Record("stories/b/", "story", "Gamma", text="beta")],
        [*kept, Record("stories/b/", "story", "B")],
        [*kept[1:], Record("stories/b/", "story", "B", text="alpha zq0")],
        [Record("stories/new/", "story", "New", text="alpha"), *kept],
    ]
    for records in saves:
        again, fresh = {}, {}
        builder.build(records, again.__setitem__)
        IndexBuilder().build(records, fresh.__setitem__)
        assert again == fresh, [r.url for r in records][-2:]


def test_a_patched_index_is_the_index_built_whole() -> None:
    """``IndexBuilder.patch`` (a save in the preview) writes only the files that change, and
    the files on disk are then every file, byte for byte, of the index built whole of the
    same records: edits that add words new to the whole index, take a word away from
    everywhere, move a word from text to title, empty a record, and change its filters,
    over many chunks."""
    import random

    rng = random.Random(7)
    vocabulary = [f"w{n}{chr(97 + n % 26)}" for n in range(6000)]

    def text() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(60))

    records = [
        Record(
            f"stories/s{n}/",
            "story",
            f"Story {n}",
            text=text(),
            facets=(("kind", "Story"), ("theme", "Hope" if n % 2 else "Meaning")),
        )
        for n in range(800)
    ] + [page_record("help/", "Help", "how to get help now")]
    builder = IndexBuilder(remember=True)
    disk: dict[str, bytes] = {}
    builder.build(records, disk.__setitem__)
    assert sum(path.startswith("search/c/") for path in disk) > 5, "several chunks"
    edits: list[tuple[int, dict[str, Any]]] = [
        (5, {"text": records[5].text + " zzbrandnewword aaafirstword"}),
        (6, {"text": ""}),
        (7, {"title": "w1b w2c w3d", "text": "w1b"}),
        (8, {"facets": (("kind", "Story"), ("theme", "Identity"))}),
        (799, {"title": "The last story, renamed"}),
        (0, {"text": " ".join(vocabulary[:400])}),
        (450, {"text": "w9j " * 5}),
    ]
    for number, fields in edits:
        records[number] = replace(records[number], **fields)
        written: dict[str, bytes] = {}
        index = builder.patch({records[number].url: records[number]}, written.__setitem__)
        assert index is not None
        assert len(written) < len(disk) / 2, "only what the record touches is written"
        disk.update(written)
        fresh: dict[str, bytes] = {}
        IndexBuilder().build(records, fresh.__setitem__)
        assert index.files == list(fresh), fields
        assert {path: disk[path] for path in index.files} == fresh, fields
        assert (index.records, index.bytes) == (len(records), sum(map(len, fresh.values())))
    # A record moved in the order (another date) is not patched: the index is built whole.
    moved = replace(records[3], day=date(2026, 11, 23))
    assert builder.patch({moved.url: moved}, disk.__setitem__) is None
    # A build whole after patches gives the same files as a fresh builder.
    again: dict[str, bytes] = {}
    builder.build(records, again.__setitem__)
    fresh = {}
    IndexBuilder().build(records, fresh.__setitem__)
    assert again == fresh


def test_text_of_a_body_keeps_words_and_drops_markup() -> None:
    from generator.edge.search import mark_blocks, text_of_html

    markup = (
        '<p>Tea &amp; <a href="x">biscuits</a></p><!-- a > b --><script>var zq = 1;</script><h2>Next</h2>'
    )
    assert text_of_html(markup) == "Tea & biscuits Next"
    marked = mark_blocks("Intro\n<!-- peerhub:latest-stories count=3 -->\nOutro\n")
    assert text_of_html(
        marked.replace("<!-- peerhub:latest-stories count=3 -->", "<ul><li>Zq</li></ul>")
    ) == ("Intro Outro")
    assert html.unescape("&amp;") == "&"


# --------------------------------------------------------------------------- the preview


def test_the_preview_searches_drafts_and_finds_a_saved_edit(served) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    root, url = served
    wait_for(url + "stories/live/", "The first version of the story.")
    # The preview serves its first pages before it has written them all; the index, which
    # needs every page's text, follows (generator.edge.pending).
    wait_for(url + "search/index.json", '"records"')
    first = BuiltIndex(Path(), url=url)
    assert first.find("first") == {"stories/live/"}
    assert first.find("finished") == {"stories/wip/"}, "a draft is found in the preview (only)"
    (root / "stories/live.md").write_text(
        story("Live story", body="Zqsavedword, after an edit."), encoding="utf-8"
    )
    wait_for(url + "stories/live/", "Zqsavedword")
    deadline = time.monotonic() + 30
    while BuiltIndex(Path(), url=url).find("zqsavedword") != {"stories/live/"}:
        assert time.monotonic() < deadline, "the edit never reached the preview's search"
        time.sleep(0.25)
    assert BuiltIndex(Path(), url=url).find("first") == set()


def test_records_and_the_index_are_core_and_import_nothing_of_mkdocs() -> None:
    import subprocess
    import sys

    code = (
        "import sys, generator.search.records, generator.search.index; "
        "print([m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_generated_page_is_a_record_or_a_listing_and_any_other_is_found_by_its_text() -> None:
    """Story, event and series pages are found by their records, listings not at all; a
    generated page that is neither (vacancies, once they are pages) is indexed by its text
    like a hand-written page, because the theme is not told to leave it out."""
    from benchmarks.synthetic import hub_settings
    from generator.edge.theme import front_matter
    from generator.render import Page, Renderer, render_site

    hub = pipeline.run(hub_settings(REPO, TODAY), warnings=False).valid_hub()
    pages = render_site(hub, Renderer.fresh()).pages
    assert [p.url for p in pages if p.search is None and p.in_search] == []
    assert {p.url for p in pages if not p.in_search} >= {"stories/", "events/", "stories/themes/hope/"}
    for page in pages:
        assert front_matter(page)["search"] == {"exclude": True}, page.url
    other = Page("vacancies/peer-support-worker-margate/", "# A vacancy\n", description="A post")
    assert "search" not in front_matter(other)


def test_a_generated_page_with_no_record_is_found_by_its_sanitised_text(make_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """What a vacancy page will be: generated, with a markdown body to sanitise and no record;
    and a page kept only for old links (``in_search=False``), which leaves no word."""
    import generator.edge.build as build
    from generator.render import Page

    real = build.render_site

    def with_more_pages(hub, renderer):  # type: ignore[no-untyped-def]
        site = real(hub, renderer)
        body = f"{renderer.markers.start}\n\nZqpostword <script>alert(1)</script>\n\n{renderer.markers.end}\n"
        site.pages.append(Page("vacancies/post/", f"# A post\n\n{body}", "A post", sanitize_body=True))
        site.pages.append(Page("vacancies/gone/", "# Closed\n\nZqgoneword.\n", "Closed", in_search=False))
        return site

    monkeypatch.setattr(build, "render_site", with_more_pages)
    root = make_hub({"stories/s.md": story("A public story")})
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    index = BuiltIndex(root / "site")
    assert index.find("zqpostword") == {"vacancies/post/"}
    assert index.find("zqgoneword") == set() and "zqgoneword" not in index.all_text().lower()
    post = index.by_url["vacancies/post/"]
    assert (post["t"], post["k"]) == ("A post", "Page") and "Zqpostword" in post["x"]
    assert "alert" not in post["x"] and "script" not in post["x"]
