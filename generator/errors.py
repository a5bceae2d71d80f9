"""The package's one exception family and the problem record every check reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in a content file."""

    path: str
    """The file, relative to the project root, as staff would type it."""
    line: int
    """1-based line where the problem can be found."""
    field: str
    """The field, dotted (``storyteller.role``, ``events[3].start``), or ``-`` for the file."""
    message: str
    """What is wrong and what is expected."""
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"


class PeerhubError(Exception):
    """Base class of every error this package raises on purpose."""


class ContentError(PeerhubError):
    """Content files are wrong; carries every error of the run, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(p for p in problems if p.severity == "error")
        super().__init__(self.report())

    def report(self) -> str:
        """All errors, one per line, then a count."""
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} error{'s' if count != 1 else ''} in content: nothing was built.")
        return "\n".join(lines)


class ConfigError(PeerhubError):
    """The hub's settings (plugin options, ``--today``) are wrong."""
