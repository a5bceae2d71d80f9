"""The plugin's options in ``mkdocs.yml``, checked when MkDocs loads the config, and the
core's :class:`~generator.settings.Settings` made from them.

A wrong option is a config error that names it, e.g. ``Plugin 'peerhub' option
'stories_per_page': expected a whole number of 1 or more; got 0``, before anything is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from generator.editor.options import EditorConfig
from generator.errors import ConfigError
from generator.organisation import organisation_from_config
from generator.settings import Settings, help_from_config
from generator.sitedir import check_config
from generator.today import resolve_today, zone

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class _Count(c.Type[int]):
    """A whole number of 1 or more (``true`` is not a number here, though Python says so)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"expected a whole number of 1 or more; got {value!r}")
        return value


class _Positive(c.Type[float]):
    """A number above 0."""

    def __init__(self, default: float) -> None:
        super().__init__(float, default=default)

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ValidationError(f"expected a number above 0; got {value!r}")
        return float(value)


class _Text(c.Type[str]):
    """A non-empty path or name."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"expected a file or folder name; got {value!r}")
        return value


class _TimeZone(_Text):
    """An IANA time zone name, e.g. ``Europe/London``."""

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            zone(name)
        except ConfigError:
            raise ValidationError(
                f"unknown time zone {name!r}; use an IANA name such as Europe/London"
            ) from None
        return name


class PeerHubConfig(base.Config):
    """Options under ``plugins: - peerhub:`` in ``mkdocs.yml``."""

    stories_dir = _Text("stories")
    events_file = _Text("events.yaml")
    vacancies_file = _Text("vacancies.yaml")
    timezone = _TimeZone("Europe/London")
    stories_per_page = _Count(20)
    """Stories on a page of the story listings and theme and role pages."""
    events_per_page = _Count(50)
    preview = c.Optional(c.Type(bool))
    """``false`` hides drafts from ``serve`` too; a build never shows drafts, whatever it says."""
    search_budget_mb = c.Deprecated(
        removed=True,
        message=(
            "'{}' is no longer used: the search now finds every word of every story and "
            "event, and a search downloads only the parts it needs. Remove it from mkdocs.yml."
        ),
    )
    readability_max_smog = _Positive(14)
    """``peerhub check`` warns about a story or page with a higher SMOG grade."""
    language_file = _Text("language.yaml")
    """The project's additions to the list of language to avoid, if the file exists."""
    editor = c.SubConfig(EditorConfig)
    """The web editor at ``/admin/`` (see ``generator.editor.options``)."""


def project_root(config: MkDocsConfig) -> Path:
    """The folder of ``mkdocs.yml``: content paths are relative to it."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


def settings_for(
    config: MkDocsConfig, options: PeerHubConfig, *, preview: bool, today: str | None = None
) -> Settings:
    """The core's settings from MkDocs' config and the plugin's options; ``today`` is
    ``--today``, else ``PEERHUB_TODAY``, else the date in the site's time zone."""
    root = project_root(config)
    check_config(config, options, contents=not preview)  # content outside docs/; a safe site folder
    tz = zone(options.timezone)
    crisis: Any = config.extra.get("crisis")
    help_lines, help_url = help_from_config(crisis)
    return Settings(
        root=root,
        stories_dir=root / options.stories_dir,
        events_file=root / options.events_file,
        vacancies_file=root / options.vacancies_file,
        tz=tz,
        today=resolve_today(today, tz),
        site_url=config.site_url or "",
        site_name=config.site_name,
        preview=preview,
        stories_per_page=options.stories_per_page,
        events_per_page=options.events_per_page,
        help_lines=help_lines,
        help_url=help_url,
        docs_dir=Path(config.docs_dir),
        readability_max_smog=float(options.readability_max_smog),
        language_file=root / options.language_file,
        organisation=organisation_from_config(config.extra, Path(config.config_file_path or "mkdocs.yml")),
    )
