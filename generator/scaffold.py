"""``peerhub new``: filled-in templates for a new story or event, ready for ``peerhub check``."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from generator.errors import PeerhubError
from generator.render.common import Templates

CONSENT_REVIEW_DAYS = 365


def slugify(title: str) -> str:
    """``Small actions, big difference!`` becomes ``small-actions-big-difference``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "untitled"


def new_story(title: str, stories_dir: Path, today: date) -> Path:
    """Write ``stories/<slug>.md`` (status draft) and return its path; never overwrite."""
    path = stories_dir / f"{slugify(title)}.md"
    if path.exists():
        raise PeerhubError(f"{path} already exists; choose another title or edit that file")
    text = (
        Templates()
        .env.get_template("new/story.md.j2")
        .render(
            title=title,
            today=today.isoformat(),
            review=(today + timedelta(days=CONSENT_REVIEW_DAYS)).isoformat(),
        )
    )
    stories_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_event(title: str, start: str, end: str | None, events_file: Path) -> str:
    """Append an event entry to ``events.yaml`` (creating it if needed); return its id."""
    event_id = slugify(title)
    existing = events_file.read_text(encoding="utf-8") if events_file.exists() else ""
    if re.search(rf"^\s*-?\s*id:\s*{re.escape(event_id)}\s*$", existing, re.MULTILINE):
        raise PeerhubError(f"{events_file.name} already has an entry with the id {event_id}")
    entry = (
        Templates()
        .env.get_template("new/event.yaml.j2")
        .render(id=event_id, title=title, start=start, end_line=f"end: {end}" if end else f"# end: {start}")
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

    Where staff must write the real thing it says what ``vacancy_rules.PLACEHOLDERS`` says,
    which ``peerhub check`` refuses once the vacancy is published."""
    from generator.model import is_id
    from generator.vacancy_rules import PLACEHOLDERS

    new_id = vacancy_id or slugify(title)
    if not title.strip():
        raise PeerhubError('give the vacancy a title, e.g. peerhub new vacancy "Peer Support Worker, ..."')
    if not is_id(new_id):
        raise PeerhubError(f"--id {new_id!r}: use small letters, numbers and single dashes, e.g. psw-2027")
    if closes < today:
        raise PeerhubError(f"--closes {closes.isoformat()} is before today ({today.isoformat()})")
    existing = vacancies_file.read_text(encoding="utf-8") if vacancies_file.exists() else ""
    if re.search(rf"^\s*-?\s*id:\s*{re.escape(new_id)}\s*$", existing, re.MULTILINE):
        raise PeerhubError(f"{vacancies_file.name} already has a vacancy with the id {new_id}; use --id")
    entry = (
        Templates()
        .env.get_template("new/vacancy.yaml.j2")
        .render(
            id=new_id,
            title=_yaml_text(title),
            p=PLACEHOLDERS,
            organisation=organisation,
            posted=today.isoformat(),
            closes=closes.isoformat(),
        )
    )
    head = (
        existing if existing.strip() else "# yaml-language-server: $schema=./schemas/vacancies.schema.json\n"
    )
    head = re.sub(r"^vacancies:\s*\[\]\s*$", "vacancies:", head, flags=re.MULTILINE)
    if not re.search(r"^vacancies:\s*$", head, re.MULTILINE):
        head = head.rstrip("\n") + "\nvacancies:\n"
    vacancies_file.write_text(head.rstrip("\n") + "\n" + entry.rstrip("\n") + "\n", encoding="utf-8")
    return new_id


def _yaml_text(text: str) -> str:
    """``text`` as one YAML scalar that reads back as exactly ``text`` (accents, emoji, ``:``)."""
    import yaml

    return yaml.safe_dump(text, allow_unicode=True, default_style="'", width=1_000_000).strip()
