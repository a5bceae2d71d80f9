"""Property-based tests of loading and rendering with hostile text (hypothesis).

1. Any text in any field of a story or of events.yaml either loads or fails with the
   package's own ContentError whose problems name the file, a real line and a field;
   nothing else is ever raised, and whatever loads also renders, to pages whose front
   matter reads back, a well-formed feed and calendars that parse.
2. Text from content is escaped wherever the core writes it: no ``<``, ``>`` or bare
   ``&`` from content in a page, the YAML front matter of a page round-trips, the feed
   and the calendars parse back to the very text that went in, and consent references
   are written nowhere.

The whole path through MkDocs, with every field hostile at once, is in
test_hostile_build.py.
"""

from __future__ import annotations

import html
import itertools
import re
import tempfile
from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from generator import pipeline
from generator.edge.theme import front_matter, page_markdown
from generator.errors import Problem
from generator.feeds import render_files
from generator.hub import Hub
from generator.load import load_events, load_story
from generator.memo import NoMemo
from generator.model import bad_character
from generator.render import Renderer, Templates, render_site
from generator.settings import Settings

TODAY = date(2026, 11, 23)
TEMPLATES = Templates()
"""Compiled once for every example (the plugin keeps its own the same way)."""
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    report_multiple_bugs=False,
)

STORY: dict[str, Any] = {
    "title": "A story",
    "date": "2026-06-01",
    "summary": "A summary.",
    "kind": "lived-experience",
    "storyteller": {"name": "Sam", "role": "carer", "team": "A team"},
    "themes": ["hope"],
    "tags": ["walking"],
    "content_notes": ["grief"],
    "quote": "A quote.",
    "consent": {"recorded": "2026-01-01", "review": "2028-01-01", "reference": "CF-1"},
    "status": "published",
    "image": {"src": "images/a.jpg", "alt": "A walk."},
    "events": ["open-day"],
}
EVENTS: dict[str, Any] = {
    "series": [{"id": "week", "title": "A week", "summary": "A week of events.", "description": "More."}],
    "events": [
        {
            "id": "open-day",
            "title": "Open day",
            "summary": "Come and meet us.",
            "description": "Some *markdown*.",
            "start": "2027-02-11T10:00",
            "end": "2027-02-11T15:00",
            "category": "recruitment",
            "series": "week",
            "venue": {"name": "Hall", "address": "1 High Street", "postcode": "ME14 1AA"},
            "online": "https://example.org/join",
            "organiser": "The team",
            "booking": "https://example.org/book",
            "status": "scheduled",
            "accessibility": "Step-free access.",
            "tags": ["open day"],
        },
        {
            "id": "gpsd",
            "title": "Global Peer Support Day",
            "summary": "Every year.",
            "start": "2026-10-15",
            "category": "awareness",
            "online": "https://example.org/gpsd",
            "repeat": "FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH",
        },
    ],
}

# Every field of a story, and of events.yaml, that staff type (paths into the data above).
STORY_FIELDS = [
    ("title",), ("date",), ("summary",), ("kind",), ("storyteller", "name"), ("storyteller", "role"),
    ("storyteller", "team"), ("themes", 0), ("tags", 0), ("content_notes", 0), ("quote",),
    ("consent", "recorded"), ("consent", "review"), ("consent", "reference"), ("status",),
    ("publish_on",), ("image", "src"), ("image", "alt"), ("events", 0), ("allow_contacts", 0),
]  # fmt: skip
EVENT_FIELDS = [
    ("series", 0, "id"), ("series", 0, "title"), ("series", 0, "summary"), ("series", 0, "description"),
    *[("events", 0, name) for name in EVENTS["events"][0] if name != "venue"],
    ("events", 0, "venue", "name"), ("events", 0, "venue", "address"), ("events", 0, "venue", "postcode"),
    ("events", 0, "tags", 0), ("events", 1, "repeat"),
]  # fmt: skip

# Any text at all (hypothesis leaves out only lone surrogates, which no file can hold),
# with the characters that matter for escaping and for YAML and markdown made common.
SPECIAL = st.sampled_from([*"<>&\"'/\\`*_[]()#!:-{}|%@\n\t ", "</script>", "&amp;", "\x00", "\x07"])
ANY_TEXT = st.lists(st.one_of(st.characters(), SPECIAL), max_size=30).map("".join)


def read_front_matter(text: str) -> Any:
    """Front matter as MkDocs reads it: with PyYAML's C safe loader when it has one."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _settings(root: Path) -> Settings:
    return Settings(
        root=root,
        stories_dir=root / "stories",
        events_file=root / "events.yaml",
        tz=ZoneInfo("Europe/London"),
        today=TODAY,
        site_url="https://hub.example.org/",
        site_name="Hub",
    )


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced (or added)."""
    copy = deepcopy(data)
    target = copy
    for part, following in itertools.pairwise(path):
        if isinstance(target, dict) and part not in target:
            target[part] = [] if isinstance(following, int) else {}
        target = target[part]
    if isinstance(target, list) and path[-1] == len(target):
        target.append(value)
    else:
        target[path[-1]] = value
    return copy


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _write(root: Path, story: str | bytes, events: str | bytes) -> None:
    (root / "stories").mkdir(parents=True, exist_ok=True)
    for path, content in ((root / "stories/s.md", story), (root / "events.yaml", events)):
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _assert_names_file_line_and_field(problems: list[Problem], root: Path) -> None:
    assert problems
    for problem in problems:
        text = str(problem)
        assert "\n" not in text, text
        file = root / problem.path
        assert file.is_file(), text
        assert 1 <= problem.line <= file.read_bytes().count(b"\n") + 1, text
        assert problem.field and problem.message, text


def _open_and_render(root: Path) -> Hub | None:
    """Run the pipeline; on errors check they name file, line and field and return None;
    else render the hub."""
    report = pipeline.run(_settings(root), warnings=False)
    if not report.ok:
        _assert_names_file_line_and_field(report.errors, root)
        return None
    hub = report.valid_hub()
    site = render_site(hub, Renderer.fresh(templates=TEMPLATES))
    assert site.pages
    for page in site.pages:  # the front matter MkDocs will read back
        markdown = page_markdown(page, NoMemo())
        assert read_front_matter(markdown.split("---\n", 2)[1]) == front_matter(page)
    files = render_files(hub)
    ET.fromstring(files["stories/feed.xml"])  # the feed is well-formed XML
    for name, data in files.items():
        if name.endswith(".ics"):  # a category's calendar may be empty; every other has its event
            events = Calendar.from_ical(data).walk("VEVENT")
            assert events or name.startswith("events/category/"), name
    return hub


@EXAMPLES
@given(field=st.sampled_from(STORY_FIELDS), text=ANY_TEXT, raw=st.booleans())
@example(field=("title",), text="A bell \x07 and a NUL \x00", raw=False)  # not XML
@example(field=("summary",), text="---", raw=True)  # ends the front matter early
@example(field=("storyteller", "name"), text="{name: [", raw=True)
@example(field=("events", 0), text="open-day\n", raw=False)  # an id with a newline
def test_any_text_in_any_story_field_loads_or_is_a_content_error(
    field: tuple[str | int, ...], text: str, raw: bool
) -> None:
    """``raw`` writes the text into the file as typed (``title: <text>``), so it is read as
    YAML; otherwise it is quoted by a YAML writer and reaches the model as that text."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if raw:
            front = _dump(_set(STORY, field, "RAW-VALUE")).replace("RAW-VALUE", text.replace("\n", " "), 1)
        else:
            front = _dump(_set(STORY, field, text))
        _write(root, f"---\n{front}---\n\nThe body.\n", _dump(EVENTS))
        loaded = load_story(root / "stories/s.md", root)
        if isinstance(loaded, list):
            _assert_names_file_line_and_field(loaded, root)
        _open_and_render(root)


@EXAMPLES
@given(field=st.sampled_from(EVENT_FIELDS), text=ANY_TEXT, raw=st.booleans())
@example(field=("events", 0, "title"), text="Tea\x00", raw=False)
@example(field=("events", 0, "id"), text="open-day\n", raw=False)
@example(field=("events", 0, "online"), text="https://example.org/\x07", raw=False)
@example(field=("events", 1, "repeat"), text="FREQ=YEARLY;COUNT=99999999999999999999", raw=False)
def test_any_text_in_any_event_field_loads_or_is_a_content_error(
    field: tuple[str | int, ...], text: str, raw: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if raw:
            events = _dump(_set(EVENTS, field, "RAW-VALUE")).replace("RAW-VALUE", text.replace("\n", " "), 1)
        else:
            events = _dump(_set(EVENTS, field, text))
        _write(root, "---\n" + _dump(STORY) + "---\n\nThe body.\n", events)
        _, _, problems = load_events(root / "events.yaml", root)
        if problems:
            _assert_names_file_line_and_field(problems, root)
        _open_and_render(root)


@EXAMPLES
@given(body=ANY_TEXT, data=st.binary(max_size=40))
def test_any_bytes_in_a_story_file_load_or_are_a_content_error(body: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write(root, f"---\n{_dump(STORY)}---\n{body}\n".encode() + data, _dump(EVENTS))
        loaded = load_story(root / "stories/s.md", root)
        if isinstance(loaded, list):
            _assert_names_file_line_and_field(loaded, root)
        _open_and_render(root)


# --- escaping ---------------------------------------------------------------------------

START, END = "Qs9", "9eQ"
SEGMENT = re.compile(re.escape(START) + "(.*?)" + re.escape(END), re.S)
ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#34|#39|#x27);")
# Text fields shown on the site (bodies and descriptions are markdown, sanitised later).
SHOWN = [
    ("title",), ("summary",), ("storyteller", "name"), ("storyteller", "team"), ("tags", 0),
    ("content_notes", 0), ("quote",), ("image", "alt"),
]  # fmt: skip
EVENT_SHOWN = [
    ("series", 0, "title"), ("series", 0, "summary"), ("events", 0, "title"), ("events", 0, "summary"),
    ("events", 0, "organiser"), ("events", 0, "accessibility"), ("events", 0, "venue", "name"),
    ("events", 0, "venue", "address"), ("events", 0, "venue", "postcode"), ("events", 0, "tags", 0),
]  # fmt: skip
# Printable text only (control and invisible characters are refused by the model, see above).
PRINTABLE = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")).filter(lambda c: bad_character(c) is None),
        SPECIAL.filter(lambda s: s.isprintable()),
    ),
    max_size=25,
).map("".join)


def _hostile(texts: list[str]) -> list[str]:
    return [f"{START}{text}{END}" for text in texts]


def _check_escaped(where: str, text: str) -> None:
    """Every content segment in ``text`` has no markup character left raw."""
    for segment in SEGMENT.findall(text):
        assert "<" not in segment and ">" not in segment, f"{where}: {segment!r}"
        assert len(ENTITY.findall(segment)) == segment.count("&"), f"{where}: bare & in {segment!r}"


@EXAMPLES
@given(
    story_texts=st.lists(PRINTABLE, min_size=len(SHOWN), max_size=len(SHOWN)),
    event_texts=st.lists(PRINTABLE, min_size=len(EVENT_SHOWN), max_size=len(EVENT_SHOWN)),
    reference=PRINTABLE,
)
def test_hostile_text_is_escaped_everywhere_the_core_writes_it(
    story_texts: list[str], event_texts: list[str], reference: str
) -> None:
    story, events = STORY, EVENTS
    for path, value in zip(SHOWN, _hostile(story_texts), strict=True):
        story = _set(story, path, value)
    story = _set(story, ("consent", "reference"), f"SECRET{reference}SECRET")
    for path, value in zip(EVENT_SHOWN, _hostile(event_texts), strict=True):
        events = _set(events, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write(root, f"---\n{_dump(story)}---\n\nThe body.\n", _dump(events))
        hub = pipeline.run(_settings(root), warnings=False).valid_hub()  # printable text is always valid
        pages = render_site(hub, Renderer.fresh(templates=TEMPLATES)).pages
        files = render_files(hub)

    shown = [v.strip() for v in _hostile(story_texts) + _hostile(event_texts)]
    assert {p.url for p in pages} >= {"stories/s/", "events/open-day/", "stories/", "events/"}
    for page in pages:
        text = page_markdown(page, NoMemo())
        assert "SECRET" not in text, f"{page.url}: the consent reference was written"
        _, front, body = text.split("---\n", 2)
        assert read_front_matter(front) == front_matter(page), page.url
        _check_escaped(page.url, body)
    story_page = page_markdown(next(p for p in pages if p.url == "stories/s/"), NoMemo())
    assert story_page.count(START) >= len(SHOWN) - 1, "content text is missing from the story page"

    for name, data in files.items():
        assert b"SECRET" not in data, name
    feed = ET.fromstring(files["stories/feed.xml"])
    item = feed.find("channel/item")
    assert item is not None
    assert item.findtext("title") == shown[0]
    description = item.findtext("description") or ""
    assert shown[1] in description or shown[1] in html.unescape(description)  # text, or HTML
    _check_escaped("feed", files["stories/feed.xml"].decode("utf-8"))

    for name in ("events/open-day.ics", "events/calendar.ics"):
        data = files[name]
        calendar = Calendar.from_ical(data)
        vevent = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("open-day@"))
        assert str(vevent["SUMMARY"]) == shown[len(SHOWN) + 2]
        assert shown[len(SHOWN) + 3] in str(vevent["DESCRIPTION"])
        assert shown[len(SHOWN) + 6] in str(vevent["LOCATION"])
        # No content line can start a property of its own: each one carrying content
        # text begins with a property that is meant to hold text.
        unfolded = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
        carrying = {line.split(":", 1)[0].split(";", 1)[0] for line in unfolded if START in line}
        assert carrying <= {"SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME"}, carrying
        assert len(calendar.walk("VEVENT")) == (1 if name.endswith("open-day.ics") else 2)
