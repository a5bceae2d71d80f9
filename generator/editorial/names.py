"""Storytellers go by a first name, a team or Anonymous: a full name is a warning.

Told about a lived experience, a full name can identify a person to their neighbours and
employers. Whether "Mary Anne" is two first names only staff know, so this warns.
"""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.model import Story

_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019-][^\W\d_]+)*\.?$")


def looks_like_full_name(name: str) -> bool:
    """Two or more words, each starting with a capital letter: ``Joanna Smith``, ``Jo O'Neil``."""
    words = name.split()
    return len(words) >= 2 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def full_name_problem(story: Story) -> Problem | None:
    """A warning when a lived-experience story's storyteller seems to be named in full."""
    teller = story.meta.storyteller
    if story.meta.kind != "lived-experience" or teller.role == "team":
        return None
    if not looks_like_full_name(teller.name):
        return None
    first = teller.name.split()[0]
    return Problem(
        story.path,
        story.lines.line(("storyteller", "name")),
        "storyteller.name",
        f"{teller.name!r} looks like a full name: a lived-experience story names its storyteller by a "
        f"first name only (e.g. name: {first}), a team, or Anonymous",
        "warning",
    )
