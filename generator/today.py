"""The one "today" every date rule uses: ``--today``, else ``PEERHUB_TODAY``, else the clock."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import ConfigError

ENV_VAR = "PEERHUB_TODAY"
FIRST_TODAY, LAST_TODAY = date(1970, 1, 1), date(2105, 12, 31)
"""The days a build may take for today: its midnight is the sitemap's date (MkDocs reads it
as seconds from 1970, and gzip keeps it in 32 bits, which end early in 2106)."""


def parse_today(text: str, *, source: str) -> date:
    """Parse ``YYYY-MM-DD`` or raise a :class:`ConfigError` naming where it came from."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{source}: expected a date as YYYY-MM-DD, e.g. 2026-11-23; got {text!r}") from None
    if not FIRST_TODAY <= day <= LAST_TODAY:
        span = f"{FIRST_TODAY.isoformat()} to {LAST_TODAY.isoformat()}"
        raise ConfigError(f"{source}: give a day from {span}; got {text.strip()}")
    return day


def zone(name: str) -> ZoneInfo:
    """The site's time zone, or a :class:`ConfigError` if the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"timezone: unknown time zone {name!r}; use an IANA name such as Europe/London"
        ) from None


def resolve_today(cli_value: str | None, tz: ZoneInfo, environ: dict[str, str] | None = None) -> date:
    """Apply the order of the design: CLI option, environment variable, current date in ``tz``."""
    env = os.environ if environ is None else environ
    if cli_value:
        return parse_today(cli_value, source="--today")
    if env.get(ENV_VAR):
        return parse_today(env[ENV_VAR], source=ENV_VAR)
    return datetime.now(tz).date()
