"""Text that ``peerhub new`` writes for staff to replace, and the check that it was replaced.

The templates of ``generator/templates/new/`` are rendered with these texts, so what the
scaffold writes and what the check looks for cannot drift apart. A placeholder left in a
story or vacancy that says ``status: published``, or in an event that is not a draft, is an
error (it would go public half-written); while it is a draft it is a warning, so work in
progress never stops a build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.errors import Problem, Severity
from generator.load import Content
from generator.model import Event, Story, Vacancy
from generator.yamlsource import Loc, field_name


@dataclass(frozen=True)
class Placeholder:
    """One text the scaffold writes, and what staff should write instead."""

    text: str
    instead: str


STORY: dict[Loc, Placeholder] = {
    ("summary",): Placeholder(
        "One or two sentences that tell a reader what this story is about.",
        "write one or two sentences that tell a reader what this story is about (at most 300 characters)",
    ),
    ("quote",): Placeholder(
        "A sentence from the story to show as a pull quote.",
        "copy a sentence from the story, or delete the quote line",
    ),
    ("image", "alt"): Placeholder(
        "What the photo shows",
        "describe what the picture shows, for people who cannot see it",
    ),
}
"""Fields of a new story's front matter, by where they are."""

BODY = (
    Placeholder(
        "Write the story here in plain English, in short paragraphs.",
        "replace the guidance under the front matter with the story itself",
    ),
    Placeholder(
        "Use the storyteller's own words where you can.",
        "delete this guidance: it is for you, not for readers",
    ),
    Placeholder(
        "Aim for a reading grade of 10 or lower.",
        "delete this guidance: it is for you, not for readers",
    ),
)
"""The guidance a new story's body holds, one placeholder a paragraph; the check finds
each anywhere in the body (the first one left is reported)."""

EVENT: dict[Loc, Placeholder] = {
    ("summary",): Placeholder(
        "One or two sentences about the event (at most 300 characters).",
        "write one or two sentences about the event (at most 300 characters)",
    ),
    ("venue", "name"): Placeholder("Venue name", "write the name of the place, e.g. The Beacon"),
    ("venue", "address"): Placeholder(
        "Street, Town", "write the street and town, or delete the address line"
    ),
    ("venue", "postcode"): Placeholder("AB1 2CD", "write the real postcode, or delete the postcode line"),
    ("online",): Placeholder(
        "https://example.org/link-to-join", "write the real link to join online, or delete the online line"
    ),
    ("booking",): Placeholder(
        "https://example.org/link-to-book", "write the real link to book a place, or delete the booking line"
    ),
    ("organiser",): Placeholder(
        "Who runs the event", "write who runs the event, e.g. the peer support team, or delete the line"
    ),
    ("accessibility",): Placeholder(
        "What access there is", "write what access there is, e.g. step-free access, or delete the line"
    ),
}
"""Fields of a new event entry, by where they are under ``events[i]``."""

VACANCY: dict[Loc, Placeholder] = {
    ("summary",): Placeholder(
        "One or two sentences about the post: the team, the work and who it suits.",
        "write one or two sentences about this post",
    ),
    ("team",): Placeholder("Team name", "write the team's name, or delete the line"),
    ("location", "name"): Placeholder("Place name", "write the name of the place where the post is based"),
    ("location", "address"): Placeholder("Street, Town", "write its street and town"),
    ("location", "postcode"): Placeholder("AB1 2CD", "write its postcode, or delete the line"),
    ("apply",): Placeholder(
        "https://example.org/apply", "paste the address of the job advert or application form"
    ),
}
"""Fields of a new vacancy entry, by where they are under ``vacancies[i]``."""


LATER_STORY = "once the story says status: published"
LATER_EVENT = "once its draft: true line is removed"
LATER_VACANCY = "once the vacancy says status: published"


def template_values() -> dict[str, str]:
    """The placeholders by name, as the templates of ``peerhub new`` use them."""
    values = {f"body_{number}": p.text for number, p in enumerate(BODY, 1)}
    values |= {"story_" + "_".join(map(str, loc)): p.text for loc, p in STORY.items()}
    values |= {"event_" + "_".join(map(str, loc)): p.text for loc, p in EVENT.items()}
    values |= {"vacancy_" + "_".join(map(str, loc)): p.text for loc, p in VACANCY.items()}
    return values


def _value(data: object, loc: Loc) -> object:
    for part in loc:
        data = getattr(data, str(part), None)
    return data


def _message(placeholder: Placeholder, public: str | None, later: str) -> str:
    said = f'still says "{placeholder.text}", the text peerhub new wrote: {placeholder.instead}'
    if public is None:
        return f"{said} (a warning for now; an error {later})"
    return f"{said}; {public}, so it would go public like this"


def _listed_story_problems(story: Story) -> list[Problem]:
    return list(story_problems(story))


def story_problems(story: Story) -> Iterator[Problem]:
    """Placeholders left in one story: errors when it says ``status: published``."""
    published = story.meta.status == "published"
    public = "the story says status: published" if published else None
    severity: Severity = "error" if published else "warning"
    for loc, placeholder in STORY.items():
        if _value(story.meta, loc) == placeholder.text:
            yield Problem(
                story.path,
                story.lines.line(loc),
                field_name(loc),
                _message(placeholder, public, LATER_STORY),
                severity,
            )
    if not any(p.text in story.body for p in BODY):  # most bodies: one pass each, not one a line
        return
    for number, line in enumerate(story.body.split("\n")):
        left = next((p for p in BODY if p.text in line), None)
        if left is not None:
            yield Problem(
                story.path, story.body_line + number, "body", _message(left, public, LATER_STORY), severity
            )
            break


def _entry_problems(
    entry: Event | Vacancy, section: str, table: dict[Loc, Placeholder], public: str | None, later: str
) -> Iterator[Problem]:
    """Placeholders left in one entry of ``section`` of a data file (``public``: why it would
    go public, which makes each an error; ``None``: a warning until ``later``)."""
    severity: Severity = "warning" if public is None else "error"
    for loc, placeholder in table.items():
        if _value(entry.meta, loc) == placeholder.text:
            where: Loc = (section, entry.index, *loc)
            yield Problem(
                entry.path,
                entry.lines.line(where),
                field_name(where),
                _message(placeholder, public, later),
                severity,
            )


def event_problems(event: Event) -> Iterator[Problem]:
    """Placeholders left in one event: errors unless it says ``draft: true``."""
    public = None if event.meta.draft else "the event has no draft: true line"
    return _entry_problems(event, "events", EVENT, public, LATER_EVENT)


def vacancy_problems(vacancy: Vacancy) -> Iterator[Problem]:
    """Placeholders left in one vacancy: errors when it says ``status: published``."""
    public = "the vacancy says status: published" if vacancy.meta.status == "published" else None
    return _entry_problems(vacancy, "vacancies", VACANCY, public, LATER_VACANCY)


def placeholder_problems(
    content: Content,
    stories: Iterable[list[Problem]] | None = None,
    events: Iterable[list[Problem]] | None = None,
) -> list[Problem]:
    """Every placeholder left in the stories, events and vacancies of ``content``. Made already
    when given (``generator.story_checks``, ``generator.entry_checks``): ``stories``, each
    story's, in order (those with none may be left out); ``events``, each event's."""
    if stories is None:
        stories = map(_listed_story_problems, content.stories)
    if events is None:
        events = (list(event_problems(event)) for event in content.events)
    problems = [p for found in stories for p in found]
    problems += [p for found in events for p in found]
    problems += [p for vacancy in content.vacancies for p in vacancy_problems(vacancy)]
    return problems
