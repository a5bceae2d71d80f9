"""``peerhub new``: filled-in templates for a new story or event, ready for ``peerhub check``."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from generator.errors import PeerhubError
from generator.model import bad_character
from generator.render.common import Templates

CONSENT_REVIEW_DAYS = 365


def slugify(title: str) -> str:
    """``Small actions, big difference!`` becomes ``small-actions-big-difference``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "untitled"


def _check_title(title: str) -> None:
    """A title the check will pass: one line, no characters content may not hold."""
    if "\n" in title or "\r" in title:
        raise PeerhubError("TITLE must be on one line: remove the line break")
    bad = bad_character(title)
    if bad is not None:
        raise PeerhubError(f"TITLE {bad[1]}")
    if not title.strip():
        raise PeerhubError("TITLE must not be empty")


def new_story(title: str, stories_dir: Path, today: date) -> Path:
    """Write ``stories/<slug>.md`` (status draft) and return its path; never overwrite."""
    _check_title(title)
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
    _check_title(title)
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
