"""A synthetic hub for the benchmark: N stories and M events that use every field.

The content is made up from a fixed vocabulary with a seeded random generator, so two runs
with the same sizes write identical files. Stories are about 600 words with headings,
lists, emphasis and links; events have series, repeat rules, venues, online links and
descriptions; about one story in three names an event. Each story's body holds a made-up
word of its own (``marker_word``), so a benchmark can search for a word that only one old
story holds.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from generator.settings import Settings

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
WORDS_PER_STORY = 600

_WORD_TEXT = """
after again also always answer anyone around asked away back because before being belong better
between big body bring brought calm came care carer change choose clear close come coffee comfort
confidence could course cried day days different doctor done door down each early easy enough
even evening every face family feel feeling felt find first follow found friend garden gave goal
good group grow hand happen hard health hear heard help here home honest hope hospital hour house
idea important inside job journey just keep kind knew know last late laugh learn learned leave
less life light listen little live long look lost made make matter meant meet meeting mind moment
morning move much name need never next night nothing notice often open other over own part past
path peer people person place plan point quiet rather read ready real reason recovery remember rest
right room safe said same say second see seemed sense share shared short should show side simple
slowly small someone something sometimes soon speak start started step still stop story strength
support sure talk talked team tell than thank thing think those thought through time today
together told took toward trust tried true turn understand until used visit voice wait walk
walked want ward watch week well went what when where while whole why window word work worked
world worry write year years yes young
"""
_WORDS = _WORD_TEXT.split()
_NAME_TEXT = """Alex Amira Ben Carys Dee Eli Femi Grace Hana Ian Jo Kai Lena Mo Nia Omar Priya Rosa Sam
Tom Uma Vic Wen Yusuf Zoe"""
_NAMES = _NAME_TEXT.split()
_TEAMS = [
    "Community mental health team, Ashford",
    "Early intervention in psychosis service",
    "Perinatal mental health service",
    "Rehabilitation unit, Maidstone",
    "Crisis resolution and home treatment team",
    "Older adults' service, Canterbury",
    "Eating disorders service",
    "Recovery college",
]
_ROLES = ["peer-support-worker", "service-user", "carer", "staff", "team"]
_THEMES = ["connection", "hope", "identity", "meaning", "empowerment"]
_NOTES = ["self-harm", "suicide", "psychosis", "hospital admission", "grief", "eating disorders"]
_TAGS = [
    f"{a} {b}"
    for a in ("art", "music", "walking", "family", "work", "sleep", "food")
    for b in ("group", "day", "project", "club")
] + [
    "training",
    "network",
    "awareness week",
    "volunteering",
    "welcome day",
    "allotment",
    "football",
    "writing",
    "photography",
    "faith",
    "housing",
    "benefits",
    "college",
    "parenting",
]
_PLACES = [
    "Ashford",
    "Canterbury",
    "Dartford",
    "Dover",
    "Folkestone",
    "Gravesend",
    "Maidstone",
    "Margate",
    "Preston",
    "Sevenoaks",
    "Tonbridge",
    "Whitstable",
]
_CATEGORIES = ["awareness", "celebration", "recruitment", "training", "community"]


def _sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng)
        count += len(sentence.split())
        out.append(sentence)
    text = " ".join(out)
    if rng.random() < 0.3:  # a little inline markup, as staff write it
        parts = text.split(" ")
        i = rng.randrange(len(parts) - 2)
        parts[i] = f"*{parts[i]}*"
        text = " ".join(parts)
    return text


def _body(rng: random.Random, *, helpline: bool) -> str:
    """About 600 words: paragraphs, two headings, a list, sometimes a link or a helpline."""
    blocks: list[str] = []
    words = 0
    headings = 0
    while words < WORDS_PER_STORY:
        if words > 150 * (headings + 1) and headings < 2:
            blocks.append("## " + _sentence(rng, 3, 6).rstrip("."))
            headings += 1
        elif rng.random() < 0.12:
            items = [_sentence(rng, 4, 9) for _ in range(3)]
            blocks.append("\n".join(f"- {item}" for item in items))
            words += sum(len(i.split()) for i in items)
        else:
            size = rng.randint(50, 110)
            blocks.append(_paragraph(rng, size))
            words += size
    if rng.random() < 0.2:
        blocks.append("You can read more on [the NHS website](https://www.nhs.uk/mental-health/).")
    if helpline:
        blocks.append("I still call the helpline on 0800 123 4567 when a night feels long.")
    return "\n\n".join(blocks) + "\n"


_CONSONANTS = "bdfgklmnprtvz"
_VOWELS = "aeiou"
_MARKER = re.compile(r"We call it ([a-z]+) here\.")


def marker_word(number: int) -> str:
    """A made-up word found only in the body of story ``number`` (not in its title, summary
    or any other field): what a reader remembers of an old story, for the search to find."""
    syllables = []
    for _ in range(4):
        number, rest = divmod(number, len(_CONSONANTS) * len(_VOWELS))
        syllables.append(_CONSONANTS[rest // len(_VOWELS)] + _VOWELS[rest % len(_VOWELS)])
    return "q" + "".join(syllables)


def marker_in(body: str) -> str | None:
    """The made-up word of a synthetic story's body."""
    found = _MARKER.search(body)
    return found[1] if found else None


def _with_marker(body: str, number: int) -> str:
    """The body with its made-up word in a sentence of its own, after the first paragraph."""
    first, rest = body.split("\n\n", 1)
    return f"{first}\n\nWe call it {marker_word(number)} here.\n\n{rest}"


def _title(rng: random.Random, number: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(3, 6))]
    return f"{' '.join(words).capitalize()} {rng.choice(_PLACES)} {number}"


def _slug(title: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in title.lower().split())


def _summary(rng: random.Random) -> str:
    text = ""
    while len(text) < rng.randint(120, 240):
        text += _sentence(rng, 8, 16) + " "
    return text.strip()[:290]


def story_front(rng: random.Random, number: int, event_ids: list[str]) -> tuple[str, dict[str, object]]:
    """File name and front matter of story ``number``; every field appears somewhere."""
    title = _title(rng, number)
    day = TODAY - timedelta(days=rng.randint(0, 365 * 9))
    kind = "news" if number % 10 == 0 else "lived-experience"
    role = "team" if kind == "news" else rng.choice(_ROLES[:4])
    teller: dict[str, object] = {"name": "Communications team" if role == "team" else rng.choice(_NAMES)}
    teller["role"] = role
    if rng.random() < 0.6:
        teller["team"] = rng.choice(_TEAMS)
    front: dict[str, object] = {
        "title": title,
        "date": day.isoformat(),
        "summary": _summary(rng),
        "kind": kind,
        "storyteller": teller,
        "themes": rng.sample(_THEMES, rng.randint(1, 3)),
        "tags": rng.sample(_TAGS, rng.randint(1, 4)),
    }
    if rng.random() < 0.2:
        front["content_notes"] = rng.sample(_NOTES, rng.randint(1, 2))
    if kind == "lived-experience":
        recorded = day - timedelta(days=rng.randint(1, 60))
        front["consent"] = {
            "recorded": recorded.isoformat(),
            "review": (TODAY + timedelta(days=rng.randint(40, 900))).isoformat(),
            "withdrawn": False,
            "reference": f"CF-{number:05d}",
        }
    # About 2% are drafts or under review, and some carry a past embargo date.
    front["status"] = "draft" if number % 97 == 5 else "review" if number % 89 == 7 else "published"
    if rng.random() < 0.1:
        front["publish_on"] = day.isoformat()
    if rng.random() < 0.25:
        front["image"] = {
            "src": f"images/photo-{number % 4}.svg",
            "alt": "A drawing of a " + rng.choice(_WORDS),
        }
    if event_ids and rng.random() < 0.33:
        front["events"] = sorted(set(rng.sample(event_ids, rng.randint(1, 2))))
    if rng.random() < 0.4:
        front["quote"] = _sentence(rng, 10, 22)
    return _slug(title), front


@dataclass(frozen=True)
class _Start:
    value: date | datetime
    end: date | datetime | None


def _when(rng: random.Random, day: date) -> _Start:
    if rng.random() < 0.25:
        length = rng.choice([0, 0, 1, 4])
        return _Start(day, day + timedelta(days=length) if length else None)
    start = datetime(day.year, day.month, day.day, rng.choice([9, 10, 11, 13, 14, 18]), rng.choice([0, 30]))
    return _Start(start, start + timedelta(hours=rng.randint(1, 5)) if rng.random() < 0.9 else None)


def _third_thursday_of_october(year: int) -> date:
    first = date(year, 10, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 14)


def _fmt(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def events_data(rng: random.Random, count: int) -> dict[str, list[dict[str, object]]]:
    """``events.yaml`` with ``count`` events: every tenth block of five is an awareness week."""
    series: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    first = date(2016, 1, 4)
    span_days = (TODAY - first).days + 730
    number = 0
    while number < count:
        day = first + timedelta(days=rng.randint(0, span_days))
        in_series = number % 50 == 0 and count - number >= 5
        series_id = None
        if in_series:
            series_id = f"awareness-week-{number // 50 + 1}"
            series.append(
                {
                    "id": series_id,
                    "title": f"Peer Support Awareness Week {day.year} in {rng.choice(_PLACES)}",
                    "summary": _summary(rng),
                    "description": _paragraph(rng, 60),
                }
            )
        for offset in range(5 if in_series else 1):
            events.append(_event(rng, number, day + timedelta(days=offset), series_id))
            number += 1
    return {"series": series, "events": events}


def _event(rng: random.Random, number: int, day: date, series_id: str | None) -> dict[str, object]:
    when = _when(rng, day)
    event: dict[str, object] = {
        "id": f"event-{number:05d}",
        "title": f"{_sentence(rng, 3, 6).rstrip('.')} in {rng.choice(_PLACES)}",
        "summary": _summary(rng),
    }
    if rng.random() < 0.7:
        event["description"] = _paragraph(rng, rng.randint(40, 120)) + "\n\n" + _paragraph(rng, 40)
    repeat = None
    if series_id is None and number % 20 == 3:
        kind = number % 3
        if kind == 0:
            repeat = "FREQ=WEEKLY;COUNT=6"
        elif kind == 1:
            day = day.replace(day=min(day.day, 28))
            when = _when(rng, day)
            repeat = "FREQ=MONTHLY;COUNT=12"
        else:
            day = _third_thursday_of_october(day.year)
            when = _Start(day, None)
            repeat = "FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH"
    event["start"] = _fmt(when.value)
    if when.end is not None:
        event["end"] = _fmt(when.end)
    event["category"] = rng.choice(_CATEGORIES)
    if series_id:
        event["series"] = series_id
    has_venue = rng.random() < 0.8
    if has_venue:
        place = rng.choice(_PLACES)
        event["venue"] = {
            "name": f"{place} {rng.choice(['Community Centre', 'Library', 'Recovery College', 'Town Hall'])}",
            "address": f"{rng.randint(1, 200)} High Street, {place}, Kent",
            "postcode": f"ME{rng.randint(1, 20)} {rng.randint(1, 9)}AB",
        }
    status = rng.choice(["scheduled"] * 17 + ["cancelled", "postponed", "moved-online"])
    if not has_venue or status == "moved-online" or rng.random() < 0.3:
        event["online"] = f"https://meet.example.org/{number}"
    if rng.random() < 0.7:
        event["organiser"] = rng.choice(_TEAMS)
    if rng.random() < 0.5:
        event["booking"] = f"https://book.example.org/events/{number}"
    event["status"] = status
    if repeat:
        event["repeat"] = repeat
    if rng.random() < 0.6:
        event["accessibility"] = "Step-free access; hearing loop; BSL interpreter on request"
    event["tags"] = rng.sample(_TAGS, rng.randint(0, 3))
    return event


_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" viewBox="0 0 40 30">'
    '<rect width="40" height="30" fill="#d9e8f5"/></svg>\n'
)


def write_hub(root: Path, stories: int, events: int, *, seed: int = 2026) -> None:
    """Write a hub of ``stories`` stories and ``events`` events into ``root`` (created)."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "overrides", root / "overrides")
    images = root / "docs" / "images"
    images.mkdir(parents=True, exist_ok=True)
    for number in range(4):
        (images / f"photo-{number}.svg").write_text(_SVG, encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    data = events_data(rng, events)
    event_ids = [str(e["id"]) for e in data["events"]]
    (root / "events.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    folder = root / "stories"
    folder.mkdir()
    for number in range(1, stories + 1):
        slug, front = story_front(rng, number, event_ids)
        body = _with_marker(_body(rng, helpline=number % 25 == 0), number)
        if number % 25 == 0:
            front["allow_contacts"] = ["0800 123 4567"]
        text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100) + "---\n\n"
        (folder / f"{slug}.md").write_text(text + body, encoding="utf-8")


def hub_settings(root: Path, today: str) -> Settings:
    """The core's settings for the hub at ``root``, read from its ``mkdocs.yml`` as the plugin does."""
    from mkdocs.config import load_config

    from generator.edge.config import settings_for

    config = load_config(str(root / "mkdocs.yml"))
    return settings_for(config, config.plugins["peerhub"].config, preview=False, today=today)
