"""Pages that say when they were checked: ``reviewed:`` and ``review_due:`` in front matter.

The NHS standard for health information asks each page to say when it was last reviewed
and when it will be reviewed next. A hand-written page of ``docs/`` may carry both:

```yaml
---
reviewed: 2026-11-16
review_due: 2027-11-16
---
```

The page then ends with "Page last reviewed: 16 November 2026. Next review due: 16
November 2027." (``note_html``), and ``peerhub check`` warns from 30 days before the
review falls due (``review_problems``). The same function reads the dates for both, so a
date the check refuses also stops the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from markupsafe import Markup

from generator.errors import Problem
from generator.memo import Memo, NoMemo
from generator.yamlsource import load_yaml

FIELDS = ("reviewed", "review_due")
DUE_SOON_DAYS = 30
"""``peerhub check`` warns this many days before a review falls due, and after."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEAD_LIMIT = 64_000


@dataclass(frozen=True)
class Review:
    """When a page was last reviewed and when its next review is due."""

    reviewed: date
    due: date
    line: int = 1
    """The line of ``review_due`` in the page, for the check's warning."""


def day_month_year(value: date) -> str:
    """``16 November 2026``."""
    return f"{value.day} {value:%B %Y}"


def page_review(text: str, path: str) -> tuple[Review | None, list[Problem]]:
    """The review dates of a markdown page (``None`` when it has none) and the problems
    with them, each naming ``path``, the line and the field."""
    if not text.startswith("---\n"):
        return None, []
    end = text.find("\n---", 4, _HEAD_LIMIT)
    if end < 0:
        return None, []
    parsed = load_yaml(text[4 : end + 1], path, offset=1, front_matter=True)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    if not any(name in data for name in FIELDS):
        return None, []
    problems: list[Problem] = []
    found: dict[str, date] = {}
    for name in FIELDS:
        line = parsed.lines.line((name,))
        if name not in data:
            other = FIELDS[1 - FIELDS.index(name)]
            message = f"is missing: a page with {other} needs both reviewed and review_due"
            problems.append(Problem(path, line, name, message))
            continue
        value = data[name]
        text_value = str(value).strip() if isinstance(value, str | date) else ""
        try:
            if not _DATE.match(text_value):
                raise ValueError
            found[name] = date.fromisoformat(text_value)
        except ValueError:
            problems.append(
                Problem(
                    path, line, name, f"expected a date written YYYY-MM-DD, e.g. 2026-11-16; got {value!r}"
                )
            )
    if len(found) == len(FIELDS) and found["review_due"] <= found["reviewed"]:
        reviewed, due = found["reviewed"].isoformat(), found["review_due"].isoformat()
        line = parsed.lines.line(("review_due",))
        problems.append(Problem(path, line, "review_due", f"must be after reviewed ({reviewed}); got {due}"))
    if problems:
        return None, problems
    return Review(found["reviewed"], found["review_due"], parsed.lines.line(("review_due",))), []


def due_problem(review: Review, path: str, today: date) -> Problem | None:
    """A warning when the review is due within :data:`DUE_SOON_DAYS` days, or overdue."""
    due = review.due
    when = f"{day_month_year(due)} ({due.isoformat()})"
    if due <= today:
        message = f"this page was due for review on {when}: check it, then update reviewed and review_due"
    elif due <= today + timedelta(days=DUE_SOON_DAYS):
        message = f"this page is due for review on {when}: check it, then update reviewed and review_due"
    else:
        return None
    return Problem(path, review.line, "review_due", message, "warning")


def review_problems(
    docs_dir: Path | None, root: Path, today: date, memo: Memo | None = None
) -> list[Problem]:
    """Every review problem of the hand-written pages: errors, and warnings for reviews due;
    ``memo`` (the preview's) remembers the pages' dates while ``docs/`` is unchanged
    (``Memo.files``)."""
    if docs_dir is None or not docs_dir.is_dir():
        return []
    memo = memo or NoMemo()
    pages = (
        page_reviews(docs_dir, root)
        if memo.files is None
        else memo.again("reviews", page_reviews, docs_dir, root, memo.files)
    )
    problems: list[Problem] = []
    for path, review, found in pages:
        problems += found
        warning = due_problem(review, path, today) if review is not None else None
        if warning is not None:
            problems.append(warning)
    return problems


def page_reviews(
    docs_dir: Path, root: Path, files: object = None
) -> list[tuple[str, Review | None, list[Problem]]]:
    """Each hand-written page's path, review dates and the problems with them; ``files``
    stands for the state of ``docs/``, so the memo makes them again when it changes."""
    found = []
    for page in sorted(docs_dir.rglob("*.md")):
        try:
            path = page.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            path = page.as_posix()
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the editorial checks report unreadable pages
        review, problems = page_review(text, path)
        found.append((path, review, problems))
    return found


def note_html(review: Review) -> str:
    """The line at the end of the page: when it was last reviewed, when it will be next."""
    return str(
        Markup(
            '<p class="hub-review">Page last reviewed: <time datetime="{}">{}</time><br>\n'
            'Next review due: <time datetime="{}">{}</time></p>'
        ).format(
            review.reviewed.isoformat(),
            day_month_year(review.reviewed),
            review.due.isoformat(),
            day_month_year(review.due),
        )
    )
