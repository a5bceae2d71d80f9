"""The content model: story front matter, ``events.yaml`` and ``vacancies.yaml``, one typed
class per shape.

Each domain value (a date, a local time, an id, a web address) is normalised and checked
by one validator here, so the rule and its message live in one place. The classes also
emit the JSON Schemas editors use to validate as staff type (see ``schemas``).
"""

from __future__ import annotations

import re
import reprlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.yamlsource import LineMap

SUMMARY_MAX = 300

Kind = Literal["lived-experience", "news"]
Role = Literal["peer-support-worker", "service-user", "carer", "staff", "team"]
Theme = Literal["connection", "hope", "identity", "meaning", "empowerment"]
Status = Literal["draft", "review", "published"]
Category = Literal["awareness", "celebration", "recruitment", "training", "community"]
EventStatus = Literal["scheduled", "cancelled", "postponed", "moved-online"]
Contract = Literal["permanent", "fixed-term", "bank", "secondment"]
VacancyStatus = Literal["draft", "published"]

ROLE_LABELS: dict[str, str] = {
    "peer-support-worker": "Peer Support Worker",
    "service-user": "Person who uses services",
    "carer": "Carer",
    "staff": "Staff member",
    "team": "Team",
}
THEME_LABELS: dict[str, str] = {
    "connection": "Connection",
    "hope": "Hope",
    "identity": "Identity",
    "meaning": "Meaning",
    "empowerment": "Empowerment",
}
CATEGORY_LABELS: dict[str, str] = {
    "awareness": "Awareness",
    "celebration": "Celebration",
    "recruitment": "Recruitment",
    "training": "Training",
    "community": "Community",
}

CONTRACT_LABELS: dict[str, str] = {
    "permanent": "Permanent",
    "fixed-term": "Fixed term",
    "bank": "Bank (hours when needed)",
    "secondment": "Secondment",
}
FULL_TIME_HOURS = 37.5
"""Full time in the NHS (Agenda for Change): 37.5 hours a week."""
MAX_HOURS = 48.0
"""The most hours a week a post can ask for (the Working Time Regulations' average)."""

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
WHEN_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"
DATE_PATTERN = _DATE_RE.pattern
ID_PATTERN = _ID_RE.pattern
BAND_PATTERN = r"^([1-7]|8[a-d]|9)$"
"""The patterns of ids, dates, date-times and links, for editors and schemas."""
ID_MAX = 100
"""Ids and file names are folder and file names of the site (``events/<id>.ics``)."""
MIN_YEAR, MAX_YEAR = 1900, 2199
"""Dates content may give: calendars, time zones and "add to calendar" links work out days
before and after each date, which Python cannot do near the years 1 and 9999."""
# Characters text may hold: what YAML allows in a file, which XML 1.0 (the feed), iCalendar
# and HTML can all carry. No control characters but tab and newline, no DEL, no lone
# surrogates (a YAML escape such as "\ud800" makes one), no U+FFFE or U+FFFF.
_NOT_TEXT = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Nor what changes how text looks without being seen: line and paragraph separators (YAML and
# JavaScript read them as line breaks), bidirectional embeddings, overrides and isolates
# (U+202E shows "gpj.exe" as "exe.jpg"), and zero-width characters that hide inside words
# (a consent reference "CF\u200b-12" would not be found). Joiners (U+200C, U+200D) stay:
# emoji sequences and Indic and Persian writing need them; so do the marks U+200E and
# U+200F, and the tag characters of flags (the Welsh flag).
_INVISIBLE = re.compile(
    "[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e\ufff9-\ufffb\U000e0001]"
)
_INVISIBLE_NAMES = {
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\u200b": "zero width space",
    "\u2060": "word joiner",
    "\ufeff": "zero width no-break space",
    "\u180e": "Mongolian vowel separator",
}


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 2, 4, 4
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 60, 60, 30


def shown(value: Any) -> str:
    """A value as messages quote it: short, even for a huge or deeply nested value."""
    return _SHORT.repr(value)


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("peerhub", message)


_BAD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u180e\u200b\u2028-\u202e\u2060-\u2064\u2066-\u2069"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0001]"
)
"""Either of the two: one pass over a text instead of two (tested to be the same)."""
_ASCII_BAD = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
"""The characters of :data:`_BAD` a text of ASCII alone can hold."""


def bad_character(text: str) -> tuple[int, str] | None:
    """Where ``text`` holds a character content may not hold, and a sentence saying so."""
    if text.isascii():  # known without a look at the text; then deleting bytes is a quick search
        data = text.encode("ascii")
        if len(data.translate(None, _ASCII_BAD)) == len(data):
            return None
    first = _BAD.search(text)
    if first is None:
        return None
    char = first[0]
    if unicodedata.category(char) == "Cc":
        kind = "control character"
    elif _INVISIBLE.match(char):
        name = _INVISIBLE_NAMES.get(char) or unicodedata.name(char, "").lower() or "format character"
        kind = f"invisible character ({name})"
    else:
        kind = "character"
    return first.start(), f"contains the {kind} U+{ord(char):04X}, which is not allowed; delete it"


def _characters_ok(text: str) -> str:
    bad = bad_character(text)
    if bad is not None:
        raise _fail(bad[1])
    return text


def _to_date(value: Any) -> date:
    """A calendar date written ``YYYY-MM-DD`` (and a real one: no 30 February)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        raise _fail(f"expected a date written YYYY-MM-DD, e.g. 2026-10-15; got {shown(value)}")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(f"{value.strip()} is not a real date (check the day and month)") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _fail(f"{day.isoformat()}: give a year from {MIN_YEAR} to {MAX_YEAR}")
    return day


def _to_when(value: Any) -> date | datetime:
    """A date (an all-day event) or a local date and time ``YYYY-MM-DDTHH:MM``."""
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if _DATE_RE.match(text):
        return _to_date(text)
    match = _DATETIME_RE.match(text)
    if not match:
        raise _fail(
            f"expected a date (2026-10-15) or a local date and time (2026-10-15T11:00); got {shown(value)}"
        )
    day = _to_date(match[1])
    hour, minute, second = int(match[2]), int(match[3]), int(match[4] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _fail(f"{text} is not a real time of day (use 00:00 to 23:59)")
    return datetime(day.year, day.month, day.day, hour, minute, second)


def _to_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise _fail(
            "expected an id of lowercase letters, digits and single hyphens, "
            f"e.g. open-day-2027; got {shown(value)}"
        )
    if len(value) > ID_MAX:
        raise _fail(f"an id may have at most {ID_MAX} characters; this one has {len(value)}")
    return value


def _to_url(value: Any) -> str:
    if not isinstance(value, str) or not re.match(URL_PATTERN, value.strip()):
        raise _fail(f"expected a web address starting https://; got {shown(value)}")
    return _characters_ok(value.strip())


def _to_text(value: Any) -> str:
    """Non-empty text; numbers are not silently turned into text."""
    if not isinstance(value, str):
        raise _fail(f"expected text; got {shown(value)} (put it in quotes)")
    if not value.strip():
        raise _fail("must not be empty")
    return _characters_ok(value.strip())


def _to_line(value: Any) -> str:
    """Text on one line: a title, a name, a tag (calendars and headings have no line breaks)."""
    text = _to_text(value)
    if "\n" in text:
        raise _fail("must be on one line: remove the line break (write the text on a single line)")
    return text


def _to_summary(value: Any) -> str:
    text = _to_text(value)
    if len(text) > SUMMARY_MAX:
        raise _fail(f"must be at most {SUMMARY_MAX} characters; this one has {len(text)}")
    return text


def _to_band(value: Any) -> str:
    """An NHS Agenda for Change band: 1 to 9, or 8a to 8d. A bare number needs no quotes."""
    text = str(value).strip().lower() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not re.match(BAND_PATTERN, text):
        raise _fail(f'expected an Agenda for Change band, 1 to 9 or 8a to 8d, e.g. "4"; got {shown(value)}')
    return text


def _number(value: Any, what: str, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(
            f"expected {what} as a number without £, commas or words, e.g. {example}; got {shown(value)}"
        )
    return float(value)


def _to_pounds(value: Any) -> int:
    """Pounds a year, a whole number: ``26530``."""
    amount = _number(value, "pounds a year", "26530")
    if amount <= 0 or amount != int(amount) or amount > 1_000_000:
        raise _fail(f"expected whole pounds a year above 0, e.g. 26530; got {shown(value)}")
    return int(amount)


def _to_hours(value: Any) -> float:
    """Hours a week, above 0 and at most 48 (37.5 is full time)."""
    hours = _number(value, "hours a week", "37.5")
    if not 0 < hours <= MAX_HOURS:
        raise _fail(
            f"expected hours a week above 0 and at most {MAX_HOURS:g} (37.5 is full time); got {shown(value)}"
        )
    return hours


IsoDate = Annotated[
    date,
    PlainValidator(_to_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE_RE.pattern}),
]
When = Annotated[
    date | datetime,
    PlainValidator(_to_when),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": WHEN_PATTERN,
            "description": "A date (all day) or a local date and time, e.g. 2026-10-15T11:00",
        }
    ),
]
Id = Annotated[str, PlainValidator(_to_id), WithJsonSchema({"type": "string", "pattern": _ID_RE.pattern})]
Url = Annotated[
    str, PlainValidator(_to_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": URL_PATTERN})
]
Text = Annotated[str, PlainValidator(_to_text), WithJsonSchema({"type": "string", "minLength": 1})]
Line = Annotated[
    str,
    PlainValidator(_to_line),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^\\n]*$"}),
]
Summary = Annotated[
    str,
    PlainValidator(_to_summary),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": SUMMARY_MAX}),
]

Band = Annotated[str, PlainValidator(_to_band), WithJsonSchema({"type": "string", "pattern": BAND_PATTERN})]
Pounds = Annotated[int, PlainValidator(_to_pounds), WithJsonSchema({"type": "integer", "minimum": 1})]
Hours = Annotated[
    float,
    PlainValidator(_to_hours),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": MAX_HOURS}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Storyteller(_Model):
    """Who tells the story."""

    name: Line = Field(description="A first name, a team, or Anonymous.")
    role: Role = Field(description="The storyteller's relationship to services.")
    team: Line | None = Field(default=None, description="Team or service, optional.")


class Consent(_Model):
    """The storyteller's recorded consent to publish."""

    recorded: IsoDate | None = Field(default=None, description="When consent was recorded.")
    review: IsoDate | None = Field(
        default=None, description="After this date the story is withheld until consent is re-confirmed."
    )
    withdrawn: bool = Field(default=False, description="true withholds the story at once.")
    reference: Line | None = Field(default=None, description="Internal reference; never published.")

    @model_validator(mode="after")
    def _review_with_consent(self) -> Consent:
        if self.recorded is not None and self.review is None:
            raise _fail("consent needs a review date (review: YYYY-MM-DD) as well as recorded")
        return self


class Image(_Model):
    """An image shown with the story."""

    src: Line = Field(description="Path or address of the image.")
    alt: Line = Field(description="What the image shows, for people who cannot see it.")


class StoryMeta(_Model):
    """Front matter of ``stories/<slug>.md``."""

    title: Line = Field(description="The story's title, as readers see it on the page and in listings.")
    date: IsoDate = Field(description="Publication date.")
    summary: Summary = Field(description="At most 300 characters; listings, feed, meta description.")
    kind: Kind = Field(
        default="lived-experience",
        description="lived-experience for a personal story (needs consent), news for a news item.",
    )
    storyteller: Storyteller = Field(description="Who tells the story.")
    themes: list[Theme] = Field(default_factory=list, description="CHIME themes.")
    tags: list[Line] = Field(
        default_factory=list, description="A few short words to group stories, e.g. art."
    )
    content_notes: list[Line] = Field(
        default_factory=list, description="Shown as a notice before the story, e.g. self-harm."
    )
    consent: Consent | None = Field(
        default=None,
        description="The storyteller's consent to publish; a lived-experience story needs it to be public.",
    )
    status: Status = Field(default="draft", description="Only 'published' is ever public.")
    publish_on: IsoDate | None = Field(default=None, description="Not public before this date.")
    image: Image | None = Field(default=None, description="A picture shown with the story, optional.")
    events: list[Id] = Field(default_factory=list, description="Ids of related events.")
    quote: Text | None = Field(default=None, description="A pull quote.")
    allow_contacts: list[Line] = Field(
        default_factory=list,
        description="Phone numbers or email addresses this story may contain (e.g. a helpline).",
    )


class Venue(_Model):
    """Where an event happens."""

    name: Line = Field(description="The name of the place, e.g. The Beacon community centre.")
    address: Text | None = Field(default=None, description="Street and town.")
    postcode: Line | None = Field(default=None, description="e.g. ME16 8AE.")


class SeriesMeta(_Model):
    """A group of events, e.g. an awareness week."""

    id: Id = Field(description="A short name for the web address: small letters, numbers and dashes.")
    title: Line = Field(description="The series' name, e.g. Peer Support Awareness Week 2027.")
    summary: Summary = Field(description="At most 300 characters; shown on the series page and listings.")
    description: Text | None = Field(default=None, description="More about the series, in Markdown.")


class EventMeta(_Model):
    """One entry of ``events`` in ``events.yaml``."""

    id: Id = Field(
        description="A short name for the web address, different from every other id: "
        "small letters, numbers and dashes, e.g. open-day-2027."
    )
    title: Line = Field(description="The event's name.")
    summary: Summary = Field(description="At most 300 characters; shown in listings and calendars.")
    description: Text | None = Field(default=None, description="More about the event, in Markdown.")
    start: When = Field(description="A date (all day) or a local date and time, e.g. 2027-03-04T10:00.")
    end: When | None = Field(default=None, description="When it ends, the same kind as start; not before it.")
    category: Category = Field(description="What kind of event it is.")
    series: Id | None = Field(default=None, description="The id of the series it is part of, if any.")
    venue: Venue | None = Field(
        default=None, description="Where it happens; a venue, an online link, or both."
    )
    online: Url | None = Field(default=None, description="A link to join online, starting https://.")
    organiser: Line | None = Field(default=None, description="Who runs the event.")
    booking: Url | None = Field(default=None, description="A link to book a place, starting https://.")
    status: EventStatus = Field(
        default="scheduled", description="If an event changes, keep it and change its status."
    )
    repeat: Line | None = Field(
        default=None, description="An RFC 5545 RRULE, e.g. FREQ=YEARLY;BYMONTH=10;BYDAY=+3TH"
    )
    accessibility: Text | None = Field(
        default=None, description="Access details, e.g. step-free access; hearing loop."
    )
    tags: list[Line] = Field(default_factory=list, description="A few short words, e.g. carers.")
    skip: list[IsoDate] = Field(
        default_factory=list,
        description="Dates a repeating event does not happen (EXDATE), e.g. [2027-08-04].",
    )
    draft: bool = Field(
        default=False,
        description="true: a draft, shown only in the preview behind a banner, never on the site.",
    )


class EventsFile(_Model):
    """The whole of ``events.yaml``."""

    series: list[SeriesMeta] = Field(
        default_factory=list, description="Groups of events, such as an awareness week."
    )
    events: list[EventMeta] = Field(default_factory=list, description="Every event, past and coming up.")


class Location(_Model):
    """Where a post is based."""

    name: Text = Field(description="The name of the place, e.g. Maidstone community mental health centre.")
    address: Text = Field(
        description="Street and town, with a comma before the town, e.g. 12 Sample Street, Maidstone."
    )
    postcode: Text | None = Field(default=None, description="e.g. ME14 1ZZ.")


class Salary(_Model):
    """The pay of a post, in pounds a year."""

    min: Pounds = Field(description="The lowest pay, in whole pounds a year, e.g. 26530.")
    max: Pounds | None = Field(default=None, description="The highest pay, if it is a range, e.g. 29114.")

    @model_validator(mode="after")
    def _max_not_below_min(self) -> Salary:
        if self.max is not None and self.max < self.min:
            raise _fail(f"max ({self.max}) is below min ({self.min}); swap them")
        return self


class VacancyMeta(_Model):
    """One entry of ``vacancies`` in ``vacancies.yaml``: a post for a Peer Support Worker."""

    id: Id = Field(
        description="A short name for the web address, different from every other vacancy: "
        "small letters, numbers and dashes, e.g. psw-adult-community-2027."
    )
    title: Text = Field(description="The post, e.g. Peer Support Worker, adult community team.")
    summary: Summary = Field(description="At most 300 characters; shown in listings and search results.")
    description: Text | None = Field(
        default=None, description="More about the post, in Markdown: the work, the team, who can apply."
    )
    team: Text | None = Field(default=None, description="The team the post is in.")
    employer: Text | None = Field(
        default=None, description="Who employs the post holder, if not the organisation that runs the hub."
    )
    location: Location = Field(description="Where the post is based.")
    band: Band | None = Field(default=None, description="The NHS Agenda for Change band, e.g. 4 (or 8a).")
    salary: Salary | None = Field(default=None, description="The pay, in pounds a year.")
    hours: Hours = Field(description="Hours a week; 37.5 is full time.")
    contract: Contract = Field(description="The kind of contract.")
    posted: IsoDate = Field(description="When the post was advertised.")
    closes: IsoDate = Field(description="The last day to apply (applications are taken all that day).")
    apply: Url = Field(description="Where to apply, starting https://, e.g. the NHS Jobs advert.")
    status: VacancyStatus = Field(
        default="draft", description="Only 'published' is ever public; a draft shows only in the preview."
    )


class VacanciesFile(_Model):
    """The whole of ``vacancies.yaml``."""

    vacancies: list[VacancyMeta] = Field(default_factory=list, description="Every post, open and closed.")


@dataclass(frozen=True)
class Story:
    """A story as loaded: where it is, its front matter and its body."""

    slug: str
    path: str
    meta: StoryMeta
    body: str
    body_line: int
    """Line of the file where the body starts, for line numbers in editorial checks."""
    lines: LineMap


@dataclass(frozen=True)
class Event:
    """An event as loaded, with its index in the file and line map."""

    meta: EventMeta
    path: str
    index: int
    lines: LineMap

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True)
class Series:
    """A series as loaded."""

    meta: SeriesMeta
    path: str
    index: int
    lines: LineMap

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True)
class Vacancy:
    """A vacancy as loaded, with its index in the file and line map."""

    meta: VacancyMeta
    path: str
    index: int
    lines: LineMap

    @property
    def id(self) -> str:
        return self.meta.id


def parse_when(text: str) -> date | datetime:
    """A date or a local date and time as ``events.yaml`` writes them, e.g. for ``peerhub new``;
    a :class:`ValueError` saying what is expected otherwise."""
    return _to_when(text)


def is_id(text: str) -> bool:
    """True for an id (and a story's file name): lowercase letters, digits and single hyphens."""
    return bool(_ID_RE.fullmatch(text))
