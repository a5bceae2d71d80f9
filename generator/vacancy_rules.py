"""The rules of a vacancy, one place each for every output (pages, listings, blocks,
search, structured data, ``peerhub check``):

- **State**: a vacancy is *open* when it says ``status: published`` and its ``closes`` day
  is not before today (applications are taken all that day); *closed* when published and
  past that day; a *draft* otherwise. Only open vacancies are listed, searched, in the
  sitemap or in structured data. A closed one keeps its page, so that shared links do not
  break, saying when it closed, with no apply link. A draft is shown only in the preview.
- **Placeholders**: ``peerhub new vacancy`` writes the texts in :data:`PLACEHOLDERS`; one
  left in a published vacancy is an error (it would go public), in a draft a warning.
- **Pay and hours in words**, and the schema.org ``employmentType`` of a post.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Literal

from generator.errors import Problem, Severity
from generator.model import FULL_TIME_HOURS, Salary, Vacancy, VacancyMeta
from generator.yamlsource import Loc, field_name

State = Literal["open", "closed", "draft"]

PLACEHOLDERS: dict[tuple[str, ...], str] = {
    ("summary",): "One or two sentences about the post: the team, the work and who it suits.",
    ("team",): "Team name",
    ("location", "name"): "Place name",
    ("location", "address"): "Street, Town",
    ("location", "postcode"): "AB1 2CD",
    ("apply",): "https://example.org/apply",
}
"""What ``peerhub new vacancy`` writes where staff must write the real thing, by field."""

_PLACEHOLDER_HINTS: dict[tuple[str, ...], str] = {
    ("summary",): "write one or two sentences about this post",
    ("team",): "write the team's name, or delete the line",
    ("location", "name"): "write the name of the place where the post is based",
    ("location", "address"): "write its street and town",
    ("location", "postcode"): "write its postcode, or delete the line",
    ("apply",): "paste the address of the job advert or application form",
}


def state(meta: VacancyMeta, today: date) -> State:
    """Open, closed or draft, for ``today``."""
    if meta.status != "published":
        return "draft"
    return "open" if meta.closes >= today else "closed"


def is_open(meta: VacancyMeta, today: date) -> bool:
    return state(meta, today) == "open"


def placeholder_problems(vacancy: Vacancy) -> Iterator[Problem]:
    """Every placeholder still in ``vacancy``: an error once published, else a warning."""
    severity: Severity = "error" if vacancy.meta.status == "published" else "warning"
    data = vacancy.meta.model_dump()
    for path, text in PLACEHOLDERS.items():
        value: object = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value != text:
            continue
        loc: Loc = ("vacancies", vacancy.index, *path)
        when = "before it is published" if severity == "warning" else "before this vacancy can go public"
        yield Problem(
            vacancy.path,
            vacancy.lines.line(loc),
            field_name(loc),
            f"still says what peerhub new wrote ({text!r}): {_PLACEHOLDER_HINTS[path]} {when}",
            severity,
        )


def pay_in_words(salary: Salary | None) -> str | None:
    """``£26,530 to £29,114 a year``, or ``£26,530 a year``."""
    if salary is None:
        return None
    if salary.max is None or salary.max == salary.min:
        return f"£{salary.min:,} a year"
    return f"£{salary.min:,} to £{salary.max:,} a year"


def hours_in_words(hours: float) -> str:
    """``37.5 hours a week (full time)``, ``22.5 hours a week (part time)``."""
    kind = "full time" if hours >= FULL_TIME_HOURS else "part time"
    return f"{hours:g} hour{'' if hours == 1 else 's'} a week ({kind})"


def employment_type(meta: VacancyMeta) -> list[str]:
    """schema.org ``employmentType`` values Google reads: full or part time by the hours, and
    ``TEMPORARY`` for a fixed term or secondment, ``PER_DIEM`` for bank work."""
    if meta.contract == "bank":
        return ["PER_DIEM"]
    types = ["FULL_TIME" if meta.hours >= FULL_TIME_HOURS else "PART_TIME"]
    if meta.contract in ("fixed-term", "secondment"):
        types.append("TEMPORARY")
    return types
