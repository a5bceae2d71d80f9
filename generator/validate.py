"""Rules that span fields or files: ids, references, dates in order, repeat rules,
vacancies' placeholders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from datetime import date
from itertools import chain

from generator.bodies import body_problems
from generator.errors import Problem
from generator.load import Content
from generator.memo import Memo, NoMemo
from generator.model import Event, Series, Story
from generator.schedule import as_datetime, is_all_day, parse_rule, repeats_forever, skip_problem
from generator.yamlsource import Loc, field_name

RESERVED_EVENT_IDS = frozenset({"calendar", "series", "category", "page", "index"})
"""Event and series ids that would clash with ``events/calendar.ics``, listing folders or
the listing itself (``events/index.md`` is ``/events/``)."""
RESERVED_STORY_SLUGS = frozenset({"page", "themes", "roles", "feed", "tags", "index"})
"""Story file names that would clash with listing folders under ``stories/`` or the listing."""
RESERVED_VACANCY_IDS = frozenset({"page", "feed", "index"})
"""Vacancy ids kept for the site (a paginated listing, a feed, the listing) under ``vacancies/``."""


def _at(entry: Event | Series, section: str, *fields: str | int) -> tuple[int, str]:
    loc: Loc = (section, entry.index, *fields)
    return entry.lines.line(loc), field_name(loc)


def _event_problems(event: Event, series_ids: Set[str]) -> Iterator[Problem]:
    meta = event.meta
    path = event.path
    if meta.series is not None and meta.series not in series_ids:
        known = ", ".join(sorted(series_ids)) or "none yet; add one under 'series:'"
        line, name = _at(event, "events", "series")
        yield Problem(path, line, name, f"no series has the id {meta.series!r} (known: {known})")
    if meta.end is not None:
        line, name = _at(event, "events", "end")
        if is_all_day(meta.start) != is_all_day(meta.end):
            yield Problem(
                path,
                line,
                name,
                "start and end must be the same kind: both dates (all day) or both dates with "
                f"times; start is {_kind(meta.start)}, end is {_kind(meta.end)}",
            )
        elif as_datetime(meta.end) < as_datetime(meta.start):
            yield Problem(
                path, line, name, f"ends before it starts (start is {meta.start}, end is {meta.end})"
            )
    if meta.venue is None and meta.online is None:
        line, name = _at(event, "events")
        yield Problem(
            path,
            line,
            name,
            "an event needs a venue, an online link, or both: add "
            "venue: {name: ..., address: ..., postcode: ...} or online: https://...",
        )
    if meta.status == "moved-online" and meta.online is None:
        line, name = _at(event, "events", "status")
        yield Problem(
            path, line, name, "an event that has moved online needs its link: add online: https://..."
        )
    if meta.repeat is not None:
        try:
            parse_rule(meta.repeat, meta.start)
        except ValueError as exc:
            line, name = _at(event, "events", "repeat")
            yield Problem(path, line, name, str(exc))
            return
    yield from _skip_problems(event)


def _skip_problems(event: Event) -> Iterator[Problem]:
    """Each ``skip`` date must be one the repeat rule gives, and some date must be left."""
    meta = event.meta
    if meta.skip and not meta.repeat:
        line, name = _at(event, "events", "skip")
        yield Problem(
            event.path, line, name, "only a repeating event can skip a date: add repeat:, or remove skip"
        )
        return
    wrong = False
    for index, day in enumerate(meta.skip):
        problem = skip_problem(meta, day)
        if problem is not None:
            wrong = True
            line, name = _at(event, "events", "skip", index)
            yield Problem(event.path, line, name, problem)
    if meta.skip and meta.repeat and not wrong and not repeats_forever(meta):
        skipped = set(meta.skip)
        if all(d.date() in skipped for d in parse_rule(meta.repeat, meta.start)):
            line, name = _at(event, "events", "skip")
            yield Problem(
                event.path, line, name, "every date of this event is skipped; remove the event instead"
            )


def _kind(value: date) -> str:
    return "a date" if is_all_day(value) else "a date and time"


def _series_warnings(content: Content) -> Iterator[Problem]:
    used = {e.meta.series for e in content.events}
    for series in content.series:
        if series.id not in used:
            line, name = _at(series, "series", "id")
            yield Problem(
                series.path, line, name, f"no event is in this series yet (series: {series.id})", "warning"
            )


def _story_problems(story: Story, event_ids: Set[str], unchecked: Set[str]) -> Iterator[Problem]:
    for index, event_id in enumerate(story.meta.events):
        if event_id not in event_ids and event_id not in unchecked:
            loc: Loc = ("events", index)
            yield Problem(
                story.path,
                story.lines.line(loc),
                f"events[{index}]",
                f"no event in events.yaml has the id {event_id!r}",
            )


def _consent_problems(story: Story) -> Iterator[Problem]:
    consent = story.meta.consent
    if consent and consent.recorded and consent.review and consent.review < consent.recorded:
        yield Problem(
            story.path,
            story.lines.line(("consent", "review")),
            "consent.review",
            "the review date is before the date consent was recorded",
        )


def _unchecked_events(content: Content) -> Iterator[Problem]:
    """One line, when ``events.yaml`` cannot be read, naming the stories whose events wait on it
    (each would otherwise get an error of its own for a mistake in another file)."""
    if content.events_read:
        return
    stories = sorted((s for s in content.stories if s.meta.events), key=lambda s: s.path)
    if not stories:
        return
    waiting = [s.path for s in stories]
    shown = ", ".join(waiting[:5]) + (f" and {len(waiting) - 5} more" if len(waiting) > 5 else "")
    story_count = f"{len(waiting)} stor{'ies' if len(waiting) != 1 else 'y'}"
    yield Problem(
        stories[0].path,
        stories[0].lines.line(("events",)),
        "events",
        f"the events named by {story_count} ({shown}) could not be checked, because events.yaml "
        "cannot be read: fix events.yaml first",
        "warning",
    )


@dataclass(frozen=True, slots=True)
class StoryRules:
    """What the rules find in one story alone, and the story (whose events are checked
    against ``events.yaml`` on every run)."""

    story: Story
    reserved: Problem | None
    """Its file name is one the site keeps."""
    body: list[Problem]
    """Ids and cost of its body (``generator.bodies``)."""
    consent: list[Problem]
    any: bool
    """Whether :func:`validate` has anything to report or check of this story."""


def story_rules(story: Story) -> StoryRules:
    """The :class:`StoryRules` of one story: a function of the loaded story alone."""
    reserved = None
    if story.slug in RESERVED_STORY_SLUGS:
        message = f"the file name {story.slug}.md is reserved for the site; rename the file"
        reserved = Problem(story.path, 1, "-", message)
    body = list(body_problems(story.body, story.path, story.body_line, "body"))
    consent = list(_consent_problems(story))
    return StoryRules(story, reserved, body, consent, bool(reserved or body or consent or story.meta.events))


@dataclass(frozen=True, slots=True)
class EntryRules:
    """What the rules find in one event or series alone (``series_ids``: the series there are)."""

    problems: list[Problem]
    description: list[Problem]
    """Ids and cost of its description (``generator.bodies``)."""


def event_rules(event: Event, series_ids: Set[str]) -> EntryRules:
    """The :class:`EntryRules` of one event."""
    return EntryRules(list(_event_problems(event, series_ids)), _description_problems(event, "events"))


def series_rules(series: Series) -> EntryRules:
    """The :class:`EntryRules` of one series."""
    return EntryRules([], _description_problems(series, "series"))


def _description_problems(entry: Event | Series, section: str) -> list[Problem]:
    if not entry.meta.description:
        return []
    line, name = _at(entry, section, "description")
    return body_problems(entry.meta.description, entry.path, line, name, exact=False)


def validate(
    content: Content,
    stories: Sequence[StoryRules] | None = None,
    events: Sequence[EntryRules] | None = None,
    series: Sequence[EntryRules] | None = None,
    memo: Memo | None = None,
) -> list[Problem]:
    """Every cross-field and cross-file problem of the loaded content. Made already when given
    (``generator.story_checks``, ``generator.entry_checks``): ``stories``, the rules of the
    stories of ``content`` that have any (``StoryRules.any``), in order; ``events`` and
    ``series``, those of every event and series, in order. ``memo`` (the preview's) keeps
    each story's check of the events it names while it and the events' ids are unchanged."""
    memo = memo or NoMemo()
    problems: list[Problem] = []
    reserved: list[Problem] = []
    seen: dict[str, Event | Series] = {}
    entries: list[tuple[Event | Series, str]] = [(s, "series") for s in content.series]
    entries += [(e, "events") for e in content.events]
    for entry, section in entries:
        entry_id = entry.id
        first = seen.get(entry_id)
        if first is not None:
            first_line = first.lines.line(
                ("series" if isinstance(first, Series) else "events", first.index, "id")
            )
            line, name = _at(entry, section, "id")
            problems.append(
                Problem(entry.path, line, name, f"the id {entry_id!r} is already used on line {first_line}")
            )
        else:
            seen[entry_id] = entry
        if entry_id in RESERVED_EVENT_IDS:
            line, name = _at(entry, section, "id")
            reserved.append(
                Problem(entry.path, line, name, f"{entry_id!r} is reserved for the site; choose another id")
            )
    problems += reserved
    if stories is None:
        stories = [rules for rules in map(story_rules, content.stories) if rules.any]
    problems += [rules.reserved for rules in stories if rules.reserved is not None]
    if events is None:
        series_ids = {s.id for s in content.series}
        events = [event_rules(event, series_ids) for event in content.events]
    for entry_rules in events:
        problems += entry_rules.problems
    for rules in stories:
        problems += rules.body
    for entry_rules in chain(events, series if series is not None else map(series_rules, content.series)):
        problems += entry_rules.description
    event_ids = memo.same(frozenset(e.id for e in content.events))
    checked = (event_ids, content.unreadable_ids, content.events_read)
    for found in memo.every("named", _named_problems, stories, *checked):
        problems += found
    problems.extend(_unchecked_events(content))
    problems.extend(_series_warnings(content))
    problems.extend(_vacancy_problems(content))
    return problems


def _named_problems(
    rules: StoryRules, event_ids: Set[str], unreadable: Set[str], events_read: bool
) -> list[Problem]:
    """The events a story names that ``events.yaml`` does not have, then its consent dates."""
    named = list(_story_problems(rules.story, event_ids, unreadable)) if events_read else []
    return named + rules.consent


def _vacancy_problems(content: Content) -> Iterator[Problem]:
    """Ids unique and not reserved, closing not before posting, no placeholder left."""
    first_line: dict[str, int] = {}
    for vacancy in content.vacancies:
        meta, path = vacancy.meta, vacancy.path
        line = vacancy.lines.line(("vacancies", vacancy.index, "id"))
        name = f"vacancies[{vacancy.index}].id"
        if meta.id in first_line:
            yield Problem(
                path, line, name, f"the id {meta.id!r} is already used on line {first_line[meta.id]}"
            )
        else:
            first_line[meta.id] = line
        if meta.id in RESERVED_VACANCY_IDS:
            yield Problem(path, line, name, f"{meta.id!r} is reserved for the site; choose another id")
        if meta.closes < meta.posted:
            loc: Loc = ("vacancies", vacancy.index, "closes")
            yield Problem(
                path,
                vacancy.lines.line(loc),
                field_name(loc),
                f"closes before it was posted (posted is {meta.posted}, closes is {meta.closes})",
            )
