"""Shared pieces of rendering: the Jinja environment, page records, escaping helpers."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import urls
from generator.schedule import day_in_words

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Python-Markdown's own escapable characters; a backslash before any other shows up literally.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


@dataclass
class Page:
    """A generated markdown page: where it lives, its front matter and its body."""

    url: str
    """Directory URL relative to the site root, e.g. ``stories/my-story/``."""
    meta: dict[str, Any]
    body: str
    sanitize_body: bool = False
    """True when the body holds story markdown to be sanitised after conversion to HTML."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)

    def markdown(self) -> str:
        """The whole file: YAML front matter, then the body."""
        front = yaml.dump(self.meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{front}---\n\n{self.body}"


def md_inline(text: str) -> Markup:
    """Text made safe for a markdown line: HTML characters escaped, markdown syntax inert."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def iso(value: date) -> str:
    return value.isoformat()


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One Jinja environment for the process: templates are parsed once and cached."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters["md"] = md_inline
    env.filters["day"] = day_in_words
    env.filters["iso"] = iso
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of ``generator/templates``."""
    return environment().get_template(template).render(**context)


def linker(page_url: str) -> Any:
    """A ``link(target_url)`` function for templates rendered at ``page_url``."""

    def link(target: str) -> str:
        return urls.relative(page_url, target)

    return link
