"""The site's settings: everything the core knows about the site, with no MkDocs types.

The edge makes one :class:`Settings` from ``mkdocs.yml`` and the plugin's options
(``generator.edge.config``); the core takes it and the content files, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator import urls
from generator.organisation import Organisation


@dataclass(frozen=True)
class HelpLine:
    """One line of the "Need help now?" block (``extra.crisis.lines`` in ``mkdocs.yml``)."""

    name: str
    number: str
    when: str = ""
    text: str = ""
    """An SMS keyword: the line is a text message with this body, not a call."""


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to know about the site."""

    root: Path
    """The project folder (where ``mkdocs.yml`` is); content paths are reported relative to it."""
    stories_dir: Path
    events_file: Path
    tz: ZoneInfo
    today: date
    site_url: str = ""
    """Absolute address of the site, ending in ``/``; used by feeds, calendars and JSON-LD."""
    site_name: str = "Peer Support Hub"
    preview: bool = False
    """Local preview: drafts are shown behind a "not public" banner."""
    stories_per_page: int = 20
    events_per_page: int = 50
    help_lines: tuple[HelpLine, ...] = ()
    """Crisis numbers repeated after each story; the same as the banner on every page."""
    help_url: str = "help/"
    """The page with every way to get help, as a directory URL."""
    docs_dir: Path | None = None
    """Hand-written pages, for the editorial checks."""
    readability_max_smog: float = 14.0
    """A story or page with a higher SMOG grade gets a warning."""
    language_file: Path | None = None
    """The project's own additions to the list of language to avoid (optional)."""
    organisation: Organisation | None = None
    """Who runs the hub (``extra.organisation`` in ``mkdocs.yml``), if set."""
    vacancies_file: Path | None = None
    """``vacancies.yaml``: posts for Peer Support Workers; ``None`` (or no file) for none."""


def help_from_config(crisis: Any) -> tuple[tuple[HelpLine, ...], str]:
    """Help lines and the help page's URL from ``extra.crisis`` of ``mkdocs.yml``.

    ``more`` may be a page (``help/index.md``) or a URL (``help/``); lines without a name
    or number are left out (the theme shows the same config, so it is the source of truth).
    """
    if not isinstance(crisis, dict):
        return (), "help/"
    lines = []
    for entry in crisis.get("lines") or []:
        if isinstance(entry, dict) and entry.get("name") and entry.get("number"):
            lines.append(
                HelpLine(
                    name=str(entry["name"]),
                    number=str(entry["number"]),
                    when=str(entry.get("when") or ""),
                    text=str(entry.get("text") or ""),
                )
            )
    more = str(crisis.get("more") or "help/")
    return tuple(lines), urls.page_url(more)
