"""``peerhub new``: filled-in templates for a new story or event, ready for ``peerhub check``.

What staff type is written as they typed it: a title becomes readable UTF-8 YAML (accents,
curly quotes, emoji, colons and ``#`` included) that reads back as exactly that text, and
only the file name or id is made ASCII. The placeholders the templates write come from
``generator.placeholders``, whose check keeps them from going public.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader

from generator import placeholders
from generator.errors import PeerhubError
from generator.model import bad_character, is_id, parse_when
from generator.validate import RESERVED_EVENT_IDS, RESERVED_STORY_SLUGS, RESERVED_VACANCY_IDS
from generator.yamlerrors import quoted


def slugify(title: str) -> str:
    """``Small actions, big difference!`` becomes ``small-actions-big-difference``;
    ``Zoë's café`` (curly apostrophe too) becomes ``zoes-cafe``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"(?<=\w)'(?=\w)", "", ascii_text.replace("\u2019", "'"))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "untitled"


def yaml_text(text: str) -> str:
    """``text`` as one line of YAML that reads back as exactly ``text``, in readable UTF-8."""
    written = quoted(text)
    if yaml.safe_load(f"value: {written}") != {"value": text}:  # pragma: no cover - quoted() is exact
        raise PeerhubError(f"cannot write {text!r} as YAML")
    return written


def check_title(title: str) -> str:
    """The title as typed, or a :class:`PeerhubError` saying what to type instead."""
    if not title.strip():
        raise PeerhubError('the title is empty: give it in quotes, e.g. peerhub new story "A new start"')
    if "\n" in title or "\r" in title:
        raise PeerhubError("the title must be on one line: remove the line break")
    bad = bad_character(title)
    if bad is not None:
        raise PeerhubError(f"the title {bad[1]}")
    return title.strip()


def _render(name: str, **values: object) -> str:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=False,  # YAML and markdown, not HTML; titles are quoted by the yaml filter
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = yaml_text
    return env.get_template(name).render(**placeholders.template_values(), **values)


def new_story(title: str, stories_dir: Path, today: date) -> Path:
    """Write ``stories/<slug>.md`` (status draft, no consent yet) and return its path; never overwrite."""
    title = check_title(title)
    slug = slugify(title)
    if slug in RESERVED_STORY_SLUGS:
        raise PeerhubError(f"the file name {slug}.md is kept for the site: choose a longer title")
    path = stories_dir / f"{slug}.md"
    if path.exists():
        raise PeerhubError(
            f"{path.name} already exists in {stories_dir.name}/; choose another title or edit that file"
        )
    text = _render("new/story.md.j2", title=title, today=today.isoformat())
    stories_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check_times(start: str, end: str | None) -> None:
    """``--start`` and ``--end`` as ``events.yaml`` needs them, or a :class:`PeerhubError`."""
    when: dict[str, date | datetime] = {}
    for name, value in (("--start", start), ("--end", end)):
        if value is not None:
            try:
                when[name] = parse_when(value)
            except ValueError as exc:
                raise PeerhubError(f"{name}: {exc}") from None
    if "--end" not in when:
        return
    first, last = when["--start"], when["--end"]
    if isinstance(first, datetime) != isinstance(last, datetime):
        kind = {True: "a date and time", False: "a date (all day)"}
        raise PeerhubError(
            f"--end: must be the same kind as --start: --start is {kind[isinstance(first, datetime)]}, "
            f"--end is {kind[isinstance(last, datetime)]}; "
            "e.g. --start 2027-03-04T10:00 --end 2027-03-04T12:00"
        )
    if last < first:  # the same kind, checked above
        raise PeerhubError(f"--end: {end} is before --start {start}; an event cannot end before it starts")


def _has_id(yaml_text: str, entry_id: str) -> bool:
    """Whether a list entry of ``yaml_text`` has the id ``entry_id`` (quoted or not, with a
    comment after it or not)."""
    line = rf"^\s*-?\s*id:\s*['\"]?{re.escape(entry_id)}['\"]?\s*(#.*)?$"
    return re.search(line, yaml_text, re.MULTILINE) is not None


def new_event(title: str, start: str, end: str | None, events_file: Path, event_id: str | None = None) -> str:
    """Append an event entry (a draft) to ``events.yaml`` (creating it if needed); return its id."""
    title = check_title(title)
    check_times(start, end)
    if event_id is not None and not is_id(event_id):
        raise PeerhubError(
            f"--id: {event_id!r} is not an id: use lowercase letters, digits and single hyphens, "
            "e.g. open-day-2027"
        )
    event_id = event_id or slugify(title)
    if event_id in RESERVED_EVENT_IDS:
        raise PeerhubError(f"the id {event_id} is kept for the site: choose another with --id")
    existing = events_file.read_text(encoding="utf-8") if events_file.exists() else ""
    if _has_id(existing, event_id):
        raise PeerhubError(
            f"{events_file.name} already has an entry with the id {event_id}: give this one its own "
            f"with --id, e.g. --id {event_id}-{start[:4]}"
        )
    entry = _render(
        "new/event.yaml.j2",
        id=event_id,
        title=title,
        start=start,
        end_line=f"end: {end}" if end else f"# end: {start}",
    )
    lines = existing.rstrip("\n").split("\n") if existing.strip() else ["series: []"]
    lines = [("events:" if re.match(r"^events:\s*\[\]\s*$", line) else line) for line in lines]
    if "events:" not in [line.rstrip() for line in lines]:
        lines.append("events:")
    head = [line.rstrip() for line in lines].index("events:")
    # Insert at the end of the events list: before the next top-level key, if any.
    insert_at = next(
        (i for i in range(head + 1, len(lines)) if re.match(r"^[A-Za-z_]", lines[i])), len(lines)
    )
    while insert_at > head + 1 and not lines[insert_at - 1].strip():
        insert_at -= 1
    lines[insert_at:insert_at] = entry.rstrip("\n").split("\n")
    events_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return event_id


def new_vacancy(
    title: str,
    closes: date,
    vacancies_file: Path,
    today: date,
    organisation: str,
    vacancy_id: str | None = None,
) -> str:
    """Append a draft vacancy to ``vacancies.yaml`` (creating it if needed); return its id.

    Where staff must write the real thing it says what ``placeholders.VACANCY`` says, which
    ``peerhub check`` refuses once the vacancy is published."""
    from generator.model import is_id

    if not title.strip():
        raise PeerhubError('give the vacancy a title, e.g. peerhub new vacancy "Peer Support Worker, ..."')
    title = check_title(title)
    new_id = vacancy_id or slugify(title)
    if new_id in RESERVED_VACANCY_IDS:
        raise PeerhubError(f"the id {new_id} is kept for the site: choose another with --id")
    if not is_id(new_id):
        raise PeerhubError(f"--id {new_id!r}: use small letters, numbers and single dashes, e.g. psw-2027")
    if closes < today:
        raise PeerhubError(f"--closes {closes.isoformat()} is before today ({today.isoformat()})")
    existing = vacancies_file.read_text(encoding="utf-8") if vacancies_file.exists() else ""
    if _has_id(existing, new_id):
        raise PeerhubError(f"{vacancies_file.name} already has a vacancy with the id {new_id}; use --id")
    entry = _render(
        "new/vacancy.yaml.j2",
        id=new_id,
        title=yaml_text(title),
        organisation=organisation,
        posted=today.isoformat(),
        closes=closes.isoformat(),
    )
    head = (
        existing if existing.strip() else "# yaml-language-server: $schema=./schemas/vacancies.schema.json\n"
    )
    head = re.sub(r"^vacancies:\s*\[\]\s*$", "vacancies:", head, flags=re.MULTILINE)
    if not re.search(r"^vacancies:\s*$", head, re.MULTILINE):
        head = head.rstrip("\n") + "\nvacancies:\n"
    vacancies_file.write_text(head.rstrip("\n") + "\n" + entry.rstrip("\n") + "\n", encoding="utf-8")
    return new_id
