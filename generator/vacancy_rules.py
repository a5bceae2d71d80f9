"""The rules of a vacancy, one place each for every output (pages, listings, blocks,
search, structured data, ``peerhub check``):

- **State**: a vacancy is *open* when it says ``status: published`` and its ``closes`` day
  is not before today (applications are taken all that day); *closed* when published and
  past that day; a *draft* otherwise. Only open vacancies are listed, searched, in the
  sitemap or in structured data. A closed one keeps its page, so that shared links do not
  break, saying when it closed, with no apply link. A draft is shown only in the preview.
- **Placeholders**: what ``peerhub new vacancy`` writes for staff to replace is checked
  with the stories' and events' (:mod:`generator.placeholders`).
- **Pay and hours in words**, and the schema.org ``employmentType`` of a post.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from generator.model import FULL_TIME_HOURS, Salary, VacancyMeta

State = Literal["open", "closed", "draft"]


def state(meta: VacancyMeta, today: date) -> State:
    """Open, closed or draft, for ``today``."""
    if meta.status != "published":
        return "draft"
    return "open" if meta.closes >= today else "closed"


def is_open(meta: VacancyMeta, today: date) -> bool:
    return state(meta, today) == "open"


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
