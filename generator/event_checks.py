"""The rules of ``events.yaml`` that span fields or entries: ids unique and not reserved, a
series that exists, an end after the start, a venue or an online link, a repeat rule that
reads, skip dates the rule gives, the cost and ids of descriptions, and series with no event.

What an entry's own fields say of it (everything but its id among the others' and its
series) depends on its fields alone, so :class:`EventChecks` keeps it by the entry's
validated fields, which the preview's parse cache hands back as the same object while the
entry's text is unchanged: a save of ``events.yaml`` checks again the entries it changed, and
the rest is a loop over ids. Lines are looked up when a problem is made, so an entry whose
lines moved names the line it is on now.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from generator.bodies import body_problems
from generator.errors import Problem
from generator.model import Event, EventMeta, Series, SeriesMeta
from generator.schedule import as_datetime, is_all_day, parse_rule, repeats_forever, skip_problem
from generator.yamlsource import Loc, field_name

RESERVED_EVENT_IDS = frozenset({"calendar", "series", "category", "page", "index"})
"""Event and series ids that would clash with ``events/calendar.ics``, listing folders or
the listing itself (``events/index.md`` is ``/events/``)."""

Said = tuple[tuple[Loc, str], ...]
"""An entry's own problems: each with its place below the entry (``("end",)``, ``()`` for
the entry) and its message; all are errors."""


class EventChecks:
    """Each entry's own problems by its fields, kept from one check of the file to the next."""

    def __init__(self) -> None:
        self._said: dict[int, tuple[EventMeta | SeriesMeta, Said]] = {}
        self._was: dict[int, tuple[EventMeta | SeriesMeta, Said]] = {}
        self.checked = 0
        """Entries whose own problems the last :meth:`problems` found (the rest were kept):
        for tests."""

    def problems(self, series: list[Series], events: list[Event]) -> list[Problem]:
        """Every problem of these series and events, and a warning for each series no event
        is in."""
        self._was, self._said, self.checked = self._said, {}, 0
        problems: list[Problem] = []
        seen: dict[str, Event | Series] = {}
        entries: list[tuple[Event | Series, str]] = [(s, "series") for s in series]
        entries += [(e, "events") for e in events]
        for entry, section in entries:
            first = seen.setdefault(entry.id, entry)
            if first is not entry:
                first_line = first.lines.line((_section(first), first.index, "id"))
                line, name = _at(entry, section, "id")
                problems.append(
                    Problem(
                        entry.path, line, name, f"the id {entry.id!r} is already used on line {first_line}"
                    )
                )
        for entry, section in entries:
            if entry.id in RESERVED_EVENT_IDS:
                line, name = _at(entry, section, "id")
                problems.append(
                    Problem(
                        entry.path, line, name, f"{entry.id!r} is reserved for the site; choose another id"
                    )
                )
            problems += self._own(entry, section)
        series_ids = {s.id for s in series}
        for event in events:
            wanted = event.meta.series
            if wanted is not None and wanted not in series_ids:
                known = ", ".join(sorted(series_ids)) or "none yet; add one under 'series:'"
                line, name = _at(event, "events", "series")
                problems.append(
                    Problem(event.path, line, name, f"no series has the id {wanted!r} (known: {known})")
                )
        used = {e.meta.series for e in events}
        for entry in series:
            if entry.id not in used:
                line, name = _at(entry, "series", "id")
                problems.append(
                    Problem(
                        entry.path,
                        line,
                        name,
                        f"no event is in this series yet (series: {entry.id})",
                        "warning",
                    )
                )
        return problems

    def _own(self, entry: Event | Series, section: str) -> list[Problem]:
        """The problems of the entry's own fields, found once for those fields."""
        meta = entry.meta
        found = self._said.get(id(meta)) or self._was.get(id(meta))
        if found is None or found[0] is not meta:
            said = _event_said(meta) if isinstance(meta, EventMeta) else ()
            found = (meta, said + _description_said(meta))
            self.checked += 1
        self._said[id(meta)] = found
        out = []
        for below, message in found[1]:
            line, name = _at(entry, section, *below)
            out.append(Problem(entry.path, line, name, message))
        return out


def _section(entry: Event | Series) -> str:
    return "series" if isinstance(entry, Series) else "events"


def _at(entry: Event | Series, section: str, *fields: str | int) -> tuple[int, str]:
    loc: Loc = (section, entry.index, *fields)
    return entry.lines.line(loc), field_name(loc)


def _event_said(meta: EventMeta) -> Said:
    """An event's own problems: its times, its place, its status, its repeat rule and skips."""
    said: list[tuple[Loc, str]] = []
    if meta.end is not None:
        if is_all_day(meta.start) != is_all_day(meta.end):
            said.append(
                (
                    ("end",),
                    "start and end must be the same kind: both dates (all day) or both dates with "
                    f"times; start is {_kind(meta.start)}, end is {_kind(meta.end)}",
                )
            )
        elif as_datetime(meta.end) < as_datetime(meta.start):
            said.append((("end",), f"ends before it starts (start is {meta.start}, end is {meta.end})"))
    if meta.venue is None and meta.online is None:
        said.append(
            (
                (),
                "an event needs a venue, an online link, or both: add "
                "venue: {name: ..., address: ..., postcode: ...} or online: https://...",
            )
        )
    if meta.status == "moved-online" and meta.online is None:
        said.append((("status",), "an event that has moved online needs its link: add online: https://..."))
    if meta.repeat is not None:
        try:
            parse_rule(meta.repeat, meta.start)
        except ValueError as exc:
            said.append((("repeat",), str(exc)))
            return tuple(said)
    said.extend(_skips_said(meta))
    return tuple(said)


def _skips_said(meta: EventMeta) -> Iterator[tuple[Loc, str]]:
    """Each ``skip`` date must be one the repeat rule gives, and some date must be left."""
    if meta.skip and not meta.repeat:
        yield ("skip",), "only a repeating event can skip a date: add repeat:, or remove skip"
        return
    wrong = False
    for index, day in enumerate(meta.skip):
        problem = skip_problem(meta, day)
        if problem is not None:
            wrong = True
            yield ("skip", index), problem
    if meta.skip and meta.repeat and not wrong and not repeats_forever(meta):
        skipped = set(meta.skip)
        if all(d.date() in skipped for d in parse_rule(meta.repeat, meta.start)):
            yield ("skip",), "every date of this event is skipped; remove the event instead"


def _description_said(meta: EventMeta | SeriesMeta) -> Said:
    """The ids and cost of a description (``generator.bodies``): a YAML value, so each problem
    is on the line of its field, its line in the text said in words."""
    if not meta.description:
        return ()
    found: Iterable[Problem] = body_problems(meta.description, "", 0, "", exact=False)
    return tuple((("description",), p.message) for p in found)


def _kind(value: date) -> str:
    return "a date" if is_all_day(value) else "a date and time"
