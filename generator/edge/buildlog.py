"""What MkDocs says during ``peerhub build``, in the hub's own terms.

``peerhub build`` runs MkDocs in-process with ``--strict``, so a MkDocs warning stops the
build; but MkDocs says why only through its log, and outside its own command line nothing
shows that log: the person saw "Aborted with 1 warnings in strict mode!" and no reason.
:class:`MkDocsMessages` collects every warning and error MkDocs logs while it builds, and
words each as ``path:line: field: message``: a message about a generated page names the
content file it came from (``stories/<slug>.md`` and the line of the story's body, or
``events.yaml`` and the event's description), one about a hand-written page names the
file in ``docs/`` and the line of the link it is about.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from generator import urls
from generator.hub import Hub
from generator.yamlsource import LineMap, Loc, field_name

_DOC_FILE = re.compile(r"^Doc file '(?P<uri>[^']+)' (?P<rest>.*)$", re.S)
_LINK = re.compile(r"contains a link '(?P<link>[^']*)'")
_NAV = re.compile(r"^A reference to '(?P<uri>[^']+)' is included in the 'nav' configuration")
_OTHER_PAGE = re.compile(
    r"^(?:Excluding '(?P<excluded>[^']+)' from the site"
    r"|(?:File not found|Encoding error reading file): (?P<file>.+)$)"
)
_NOISE = ("'dirty' build",)


@dataclass(frozen=True)
class _Source:
    """Where a generated page's text came from."""

    path: str
    line: int
    field: str
    text: str
    """The markdown that page took from the content file (a story body, a description)."""
    first_line: int
    """The file line of ``text``'s first line (``0`` when it is not known line for line)."""


def _sources(hub: Hub) -> dict[str, _Source]:
    found: dict[str, _Source] = {}
    for story in hub.stories:
        found[urls.src_uri(urls.story(story.slug))] = _Source(
            story.path, story.body_line, "body", story.body, story.body_line
        )
    for series in hub.series:
        if series.meta.description:
            found[urls.src_uri(urls.series(series.id))] = _described(
                series.path, series.lines, ("series", series.index), series.meta.description
            )
    for event in hub.events:
        text = event.meta.description or ""
        found[urls.src_uri(urls.event(event.id))] = _described(
            event.path, event.lines, ("events", event.index), text
        )
    return found


def _described(path: str, lines: LineMap, at: Loc, text: str) -> _Source:
    loc: Loc = (*at, "description") if text else (*at, "id")
    return _Source(path, lines.line(loc), field_name(loc), text, 0)


class MkDocsMessages(logging.Handler):
    """Collects MkDocs' warnings and errors while it builds (``with MkDocsMessages(...)``)."""

    def __init__(self, hub: Hub | None, docs_dir: Path, root: Path, config_file: Path | None = None) -> None:
        super().__init__(logging.WARNING)
        self.sources = _sources(hub) if hub is not None else {}
        self.docs_dir = docs_dir
        self.root = root
        self.config_file = config_file
        self.said: list[str] = []

    def __enter__(self) -> MkDocsMessages:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        logging.getLogger("mkdocs").removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message and not any(noise in message for noise in _NOISE):
            line = self.worded(message)
            if line not in self.said:
                self.said.append(line)

    def worded(self, message: str) -> str:
        """``path:line: field: message`` when the message is about one page; else as said."""
        match = _DOC_FILE.match(message)
        if match is None:
            return self._not_a_page(message)
        uri, rest = match["uri"], match["rest"]
        link = _LINK.search(rest)
        source = self.sources.get(uri)
        if source is not None:
            line = source.line
            if link and source.first_line and link["link"] in source.text:
                line = source.first_line + source.text.count("\n", 0, source.text.index(link["link"]))
            return f"{source.path}:{line}: {source.field}: {rest}"
        page = self.docs_dir / uri
        line = _line_of(page, link["link"]) if link else 1
        return f"{_relative(page, self.root)}:{line}: -: {rest}"

    def _not_a_page(self, message: str) -> str:
        """A message about ``mkdocs.yml``'s nav, or naming a file of ``docs/`` otherwise."""
        nav = _NAV.match(message)
        if nav is not None and self.config_file is not None:
            line = _line_of(self.config_file, nav["uri"])
            return f"{_relative(self.config_file, self.root)}:{line}: nav: {message}"
        other = _OTHER_PAGE.match(message)
        if other is not None:
            page = self.docs_dir / (other["excluded"] or other["file"]).strip()
            return f"{_relative(page, self.root)}:1: -: {message}"
        return message

    def report(self, error: BaseException) -> str:
        """Every message MkDocs gave, then the error unless it only counted them."""
        lines = list(self.said)
        text = str(error).strip()
        if text and not text.startswith("Aborted with") and not any(text in line for line in lines):
            lines.append(text)
        return "\n".join(lines)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _line_of(path: Path, needle: str) -> int:
    """The line of ``path`` where ``needle`` first is; 1 when it is not there."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    return 1 + text.count("\n", 0, text.index(needle)) if needle in text else 1
