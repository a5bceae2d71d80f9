"""Story cards rendered once per build for every listing they appear in.

A story appears on ``stories/`` and on the listing of each of its themes and of its
storyteller's role, so its card is wanted four or five times a build. The card differs
between those pages only in its links (relative to each page), so it is rendered once by
the ``story_card`` macro with a link function that hands out numbered placeholders, and
each listing fills the placeholders with its own links, escaped as Jinja escapes them.
Everything else from the story (title, summary, notes) is escaped by that one rendering.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.render.common import Templates
from generator.views import StoryView

_TOKEN = f"hub-link-{secrets.token_hex(8)}-"
"""Unguessable, so no text from a story can be taken for a placeholder."""
_SPLIT = re.compile(re.escape(_TOKEN) + r"(\d+);")


class _Placeholders:
    """A link function for the one rendering: each target gets a placeholder, in order."""

    def __init__(self) -> None:
        self.targets: list[str] = []

    def __call__(self, target: str) -> str:
        self.targets.append(target)
        return f"{_TOKEN}{len(self.targets) - 1};"


@dataclass(frozen=True)
class StoryCards:
    """``cards(view, link)``: the ``story_card`` macro's output for ``view`` on the page that
    ``link`` makes links for, the same as ``m.story_card(view, link, level)``.

    Its key in the preview's memo is its templates and level, as its output is a pure
    function of those and its arguments; what it holds is only a cache for one build."""

    templates: Templates
    level: int = 2

    def __post_init__(self) -> None:
        # Not a field: the memo's key of a frozen dataclass is made from its fields.
        parts: dict[int, tuple[StoryView, list[str], list[str]]] = {}
        object.__setattr__(self, "_parts", parts)

    def __call__(self, view: StoryView, link: Callable[[str], str]) -> Markup:
        parts: dict[int, tuple[StoryView, list[str], list[str]]] = self._parts  # type: ignore[attr-defined]
        found = parts.get(id(view))
        if found is None or found[0] is not view:
            found = (view, *self._render(view))
            parts[id(view)] = found  # holding the view keeps its id from being reused
        _, texts, targets = found
        out = [texts[0]]
        for target, text in zip(targets, texts[1:], strict=True):
            out += (escape(link(target)), text)
        return Markup("".join(out))

    def _render(self, view: StoryView) -> tuple[list[str], list[str]]:
        """The card's text between its links, and the targets of those links."""
        placeholders = _Placeholders()
        macro = self.templates.env.get_template("_macros.j2").module.story_card  # type: ignore[attr-defined]
        pieces = _SPLIT.split(str(macro(view, placeholders, self.level)))
        texts, numbers = pieces[0::2], pieces[1::2]
        if numbers != [str(n) for n in range(len(placeholders.targets))]:
            raise AssertionError("story card links out of order")  # a placeholder was escaped or copied
        return texts, placeholders.targets
