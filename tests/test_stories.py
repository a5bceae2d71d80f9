"""Story pages and story listings as a reader gets them: one small hub, built once."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.render.stories import THEME_MEANINGS, word_count
from tests.conftest import mkdocs_build, run_peerhub
from tests.storyhelp import PNG, article, build_hub, head, mkdocs_yml, visible_text

TRICKY_TITLE = 'Tea & <b>honesty</b> "quoted" </script><script>alert(1)</script>'
TRICKY_SUMMARY = "A summary with <script>alert('x')</script> & \"quotes\" in it."

TRICKY = f"""---
title: {json.dumps(TRICKY_TITLE)}
date: 2026-10-01
summary: {json.dumps(TRICKY_SUMMARY)}
storyteller: {{name: Priya, role: service-user, team: Rehab unit}}
themes: [hope, identity]
tags: [tea, first meetings]
content_notes: [self-harm, suicide]
quote: The tea was the easy part.
events: [open-day]
image: {{src: images/cup.png, alt: A mug of tea on a kitchen table}}
consent: {{recorded: 2026-09-01, review: 2029-09-01, reference: CF-TRICKY-77}}
status: published
---

Opening words of the story come first.

Then more of the story, with **bold** words.
"""

ROLES = ["peer-support-worker", "carer", "staff", "service-user"]
THEMES = ["connection", "hope", "meaning", "empowerment"]


def filler(number: int) -> str:
    day = date(2026, 9, 1) - timedelta(days=number)
    role = ROLES[number % len(ROLES)]
    theme = THEMES[number % len(THEMES)]
    return (
        f"---\ntitle: Filler story {number:02d}\ndate: {day}\n"
        f"summary: Summary of filler story {number:02d}.\n"
        f"storyteller: {{name: Teller{number:02d}, role: {role}}}\nthemes: [{theme}]\n"
        f"consent: {{recorded: 2026-01-01, review: 2028-01-01}}\nstatus: published\n---\n\n"
        f"The words of filler story {number:02d}.\n"
    )


EVENTS = """\
events:
  - id: open-day
    title: Open day
    summary: Come and meet the team.
    start: 2027-02-11T10:00
    end: 2027-02-11T15:00
    category: recruitment
    venue: {name: The Hall}
"""

NEWS = """\
---
title: Ten new colleagues
date: 2026-10-05
summary: Ten new Peer Support Workers joined the trust.
kind: news
storyteller: {name: Communications team, role: team}
themes: [connection]
status: published
---

They started on Monday.
"""

RAW_HTML = """\
---
title: Raw HTML in a story
date: 2025-01-01
summary: Staff pasted HTML into this story.
storyteller: {name: Kim, role: staff}
consent: {recorded: 2025-01-01, review: 2028-01-01}
status: published
---

Some **bold**, *italic*, a [good link](https://example.org/) and `code`.

<script>alert("body")</script>
<p onclick="steal()" style="color:red">Click text</p>
<iframe src="https://evil.example/frame"></iframe>
<a href="javascript:alert(1)">js link</a> and [md js link](javascript:alert(2))
<a href="JaVaScRiPt&colon;alert(6)">entity js link</a>
<img src="../../images/cup.png" onerror="alert(3)" alt="A mug">

![A mug, again](../images/cup.png)

<svg onload="alert(4)"><circle r="1"/></svg>
<style>body {{ display: none }}</style>
<form action="https://evil.example/"><input name="q"></form>
<object data="movie.swf"></object>
<div id="elsewhere">A plain id</div>

## A heading {{: onclick="alert(5)" }}

- one
- two

<details><summary>More</summary>Hidden text</details>

| A | B |
| --- | --- |
| 1 | 2 |
"""

FILLERS = 24
PER_PAGE = 10


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {"stories/tricky-tea.md": TRICKY, "stories/ten-new-colleagues.md": NEWS, "events.yaml": EVENTS}
    files["stories/raw-html.md"] = RAW_HTML.replace("{{", "{").replace("}}", "}")
    files |= {f"stories/filler-{n:02d}.md": filler(n) for n in range(FILLERS)}
    root = tmp_path_factory.mktemp("stories") / "hub"
    return build_hub(root, files, binary={"docs/images/cup.png": PNG}, stories_per_page=PER_PAGE)


def test_story_page_has_every_part_in_reading_order(site: Path) -> None:
    page = site / "stories/tricky-tea/index.html"
    html = article(page)
    text = visible_text(html)
    order = [
        "Tea & <b>honesty</b>",  # the title, as text
        "Content notice. This story talks about self-harm, suicide.",
        "Priya, Person who uses services, Rehab unit",
        "Thursday 1 October 2026 · 1 minute read",
        "Opening words of the story come first.",
        "The tea was the easy part.",  # pull quote, after the story
        "Themes: Hope , Identity",
        "Tags: tea, first meetings",
        "Related events Open day",
        "Support after reading",
    ]
    positions = [text.find(part) for part in order]
    assert all(p >= 0 for p in positions), list(zip(order, positions, strict=True))
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert (
        '<a href="../themes/hope/">Hope</a>' in html and '<a href="../themes/identity/">Identity</a>' in html
    )
    assert '<a href="../../events/open-day/">Open day</a>' in html
    # the picture from the site, with its alt text and its size (read from the file: 1 x 1)
    assert (
        '<img src="../../images/cup.png" alt="A mug of tea on a kitchen table" width="1" height="1" '
        'fetchpriority="high">' in html
    )
    assert (site / "images/cup.png").is_file()


def test_content_notice_comes_before_any_story_text_and_skips_to_help(site: Path) -> None:
    html = article(site / "stories/tricky-tea/index.html")
    notice = html.index('class="hub-content-notice"')
    assert notice < html.index("Opening words") and notice < html.index("hub-story-byline")
    skip = re.search(r'<a href="#(\w+)">skip the story and go to support</a>', html)
    assert skip, html[notice : notice + 600]
    target = html.index(f'id="{skip[1]}"')
    assert target > html.index("The tea was the easy part."), "the skip link lands after the story"


def test_after_story_help_block_has_the_numbers_from_mkdocs_yml(site: Path) -> None:
    html = article(site / "stories/tricky-tea/index.html")
    block = html[html.index('id="support"') :]
    text = visible_text(block)
    assert "Support after reading" in text
    # name, number and "when", from extra.crisis in mkdocs.yml
    assert (
        '<a class="hub-help-line__link" href="tel:116123">'
        '<span class="hub-help-line__name">Samaritans</span> '
        '<strong class="hub-help-line__action">Call 116 123</strong></a> '
        '<span class="hub-help-line__when">any time</span>' in block
    )
    assert "Samaritans Call 116 123 any time" in text
    assert re.search(r'<a href="\.\./\.\./?">More ways to get help</a>', block)  # extra.crisis.more: index.md


def test_story_without_content_notes_has_no_notice(site: Path) -> None:
    html = article(site / "stories/filler-00/index.html")
    assert "hub-content-notice" not in html
    assert "Support after reading" in html


def test_article_json_ld_lands_escaped_and_complete(site: Path) -> None:
    page = site / "stories/tricky-tea/index.html"
    raw = page.read_text(encoding="utf-8")
    blocks = head(page).jsonld
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == TRICKY_TITLE
    assert data["description"] == TRICKY_SUMMARY
    assert data["datePublished"] == "2026-10-01"
    assert data["author"] == {"@type": "Person", "name": "Priya"}
    assert data["url"] == "https://hub.example.org/stories/tricky-tea/"
    assert data["mainEntityOfPage"]["@id"] == data["url"]
    assert data["publisher"]["name"] == "Test Hub"
    assert data["image"] == "https://hub.example.org/images/cup.png"
    # the title's "</script>" cannot end the JSON-LD block early
    script = raw[raw.index('<script type="application/ld+json">') :]
    assert script.index("</script>") > script.index("alert(1)")
    assert "CF-TRICKY-77" not in raw and "consent" not in blocks[0]


def test_news_items_are_news_articles_by_an_organisation(site: Path) -> None:
    data = json.loads(head(site / "stories/ten-new-colleagues/index.html").jsonld[0])
    assert data["@type"] == "NewsArticle"
    assert data["author"] == {"@type": "Organization", "name": "Communications team"}


def test_open_graph_and_description_come_from_the_summary_escaped(site: Path) -> None:
    page = site / "stories/tricky-tea/index.html"
    meta = head(page).meta
    assert meta["description"] == TRICKY_SUMMARY
    assert meta["og:description"] == TRICKY_SUMMARY
    assert meta["og:title"] == TRICKY_TITLE
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "https://hub.example.org/stories/tricky-tea/"
    assert meta["og:image"] == "https://hub.example.org/images/cup.png"
    assert meta["og:image:alt"] == "A mug of tea on a kitchen table"
    raw = page.read_text(encoding="utf-8")
    assert "<script>alert('x')" not in raw and "<script>alert(1)" not in raw


def test_every_page_links_the_feed_from_its_head(site: Path) -> None:
    feed = (site / "stories/feed.xml").resolve()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        alternates = [
            link
            for link in head(page).links
            if link.get("rel") == "alternate" and link.get("type") == "application/rss+xml"
        ]
        assert len(alternates) == 1, page
        href = alternates[0]["href"]
        base = site.resolve().as_uri() + "/" if href.startswith("/") else page.resolve().as_uri()
        target = urljoin(base, href.lstrip("/") if href.startswith("/") else href)  # 404.html: from the root
        assert target == feed.as_uri(), (page, alternates[0]["href"])
    listing = article(site / "stories/index.html")
    assert '<a href="feed.xml" type="application/rss+xml">' in listing


def _cards(html: str) -> list[str]:
    return re.findall(r'<h2 class="hub-card__title"><a href="(?:\.\./)*([a-z0-9-]+)/">', html)


def test_stories_listing_is_newest_first_paginated_with_summary_role_and_themes(site: Path) -> None:
    first = article(site / "stories/index.html")
    slugs = _cards(first)
    assert slugs[:2] == ["ten-new-colleagues", "tricky-tea"] and len(slugs) == PER_PAGE
    card = first[first.index("filler-00/") : first.index("</li>", first.index("filler-00/"))]
    assert "Peer Support Worker: Teller00" in visible_text(card)
    assert "Summary of filler story 00." in card
    assert '<a href="themes/connection/">Connection</a>' in card
    tricky = first[first.index("tricky-tea/") : first.index("</li>", first.index("tricky-tea/"))]
    assert "Content notice: self-harm, suicide" in visible_text(tricky)

    every = list(slugs)
    for number in (2, 3):
        page = article(site / f"stories/page/{number}/index.html")
        assert f"Page {number} of 3" in visible_text(page)
        every += _cards(page)
    assert not (site / "stories/page/4").exists()
    expected = (
        ["ten-new-colleagues", "tricky-tea"] + [f"filler-{n:02d}" for n in range(FILLERS)] + ["raw-html"]
    )
    assert every == expected
    assert 'href="page/2/" rel="next"' in first


def test_theme_pages_say_what_the_theme_means_and_list_only_its_stories(site: Path) -> None:
    for theme, meaning in THEME_MEANINGS.items():
        html = article(site / f"stories/themes/{theme}/index.html")
        assert meaning in visible_text(html)
    hope = _cards(article(site / "stories/themes/hope/index.html"))
    assert hope == ["tricky-tea"] + [f"filler-{n:02d}" for n in range(FILLERS) if THEMES[n % 4] == "hope"]
    identity = article(site / "stories/themes/identity/index.html")
    assert _cards(identity) == ["tricky-tea"]


def test_role_pages_are_linked_from_the_stories_page_and_list_one_role(site: Path) -> None:
    listing = article(site / "stories/index.html")
    for role, label in [
        ("peer-support-worker", "Peer Support Workers"),
        ("carer", "Carers"),
        ("staff", "Staff"),
        ("service-user", "People who use services"),
        ("team", "Teams"),
    ]:
        assert re.search(rf'<a href="roles/{role}/">{label} \(\d+\)</a>', listing), role
    carers = _cards(article(site / "stories/roles/carer/index.html"))
    assert carers == [f"filler-{n:02d}" for n in range(FILLERS) if ROLES[n % 4] == "carer"]
    assert "Stories from carers" in visible_text(article(site / "stories/roles/carer/index.html"))
    assert _cards(article(site / "stories/roles/team/index.html")) == ["ten-new-colleagues"]
    for theme in ("hope", "identity"):
        assert f'<a href="themes/{theme}/">' in listing


DRAFT = """\
---
title: Draft about the allotment
date: 2026-11-01
summary: A draft summary.
storyteller: {name: Jo, role: carer}
consent: {recorded: 2026-01-01, review: 2028-01-01}
status: draft
---

Draft words about the allotment.
"""

WITHDRAWN = """\
---
title: Withdrawn story
date: 2026-11-02
summary: Withdrawn summary.
storyteller: {name: Al, role: carer}
consent: {recorded: 2026-01-01, review: 2028-01-01, withdrawn: true}
status: published
---

Withdrawn words.
"""


def test_preview_shows_drafts_behind_a_banner_and_build_never_does(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub(
        {"stories/allotment.md": DRAFT, "stories/withdrawn.md": WITHDRAWN},
        mkdocs=mkdocs_yml(preview=True),
    )
    # a build as the preview makes it (serve), into the folder "preview"
    proc = mkdocs_build(root, root / "preview", strict=True, command="serve")
    assert proc.code == 0, proc.err
    page = root / "preview/stories/allotment/index.html"
    html = page.read_text(encoding="utf-8")
    banner = re.search(r'<div class="hub-draft" role="status">(.*?)</div>', html, re.S)
    assert banner and "Draft — not public" in visible_text(banner[1])
    assert html.index("hub-draft") < html.index("Draft words about the allotment")
    assert "Draft — not public" in visible_text(article(root / "preview/stories/index.html"))
    assert not (root / "preview/stories/withdrawn").exists(), "withdrawn consent is never previewed"
    assert "allotment" not in (root / "preview/stories/feed.xml").read_text(encoding="utf-8")

    built = run_peerhub("build", "--today", "2026-11-23", cwd=root)  # preview: true in mkdocs.yml
    assert built.code == 0, built.text
    assert not (root / "site/stories/allotment").exists()
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            assert "allotment" not in path.read_text(encoding="utf-8", errors="replace").lower(), path


def test_raw_html_in_a_story_is_sanitised_and_formatting_stays(site: Path) -> None:
    html = article(site / "stories/raw-html/index.html")
    body = html[html.index("Some <strong>") : html.index('id="support"')]
    for bad in [
        "<script",
        "onclick",
        "onerror",
        "onload",
        "<iframe",
        "javascript:",
        "<svg",
        "<style",
        "<form",
        "<input",
        "<object",
        "style=",
        "alert(",
    ]:
        assert bad not in body.lower(), bad
    # A story cannot give the support block's id to anything else: peerhub check refuses it
    # (tests/bad_input: story-reserved-and-unsafe-ids) and the sanitiser renames it
    # (tests/browser/test_script_injection.py).
    assert html.count('id="support"') == 1
    assert '<div id="elsewhere">A plain id</div>' in body
    for good in [
        "<strong>bold</strong>",
        "<em>italic</em>",
        '<a href="https://example.org/">good link</a>',
        "<code>code</code>",
        "<li>one</li>",
        "<details><summary>More</summary>Hidden text</details>",
        "<table>",
        "<td>1</td>",
        '<img src="../../images/cup.png" alt="A mug">',
        '<img alt="A mug, again" src="../../images/cup.png">',
        "Click text",
    ]:
        assert good in body, good
    assert '<h2 id="a-heading">A heading</h2>' in body
    assert ">js link</a>" in body and ">md js link</a>" in body  # the links stay, without the script


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\x00\x7fab.\xa0\u2003\xe9"), max_size=20))
@example("")
@example("word")
@example(" two  words ")
@example("\x1cnot\x1fone word")  # str.split splits at these ASCII separators too
def test_the_reading_time_counts_the_words_str_split_finds(text: str) -> None:
    """The byline's reading time comes from ``word_count``: the words ``str.split`` finds."""
    assert word_count(text) == len(text.split())
