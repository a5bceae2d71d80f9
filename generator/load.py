"""Read ``stories/*.md``, ``events.yaml`` and ``vacancies.yaml`` into the content model,
collecting problems.

Nothing here stops at the first error: every file is read and every problem is returned,
so staff see all of them in one run.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from stat import S_ISREG
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.model import (
    Event,
    EventMeta,
    EventsFile,
    Series,
    SeriesMeta,
    Story,
    StoryMeta,
    VacanciesFile,
    Vacancy,
    VacancyMeta,
    bad_character,
    is_id,
    shown,
)
from generator.yamlentries import EntryCache
from generator.yamlsource import LineMap, Loc, Parsed, duplicate_problem, field_name, load_yaml

MAX_STORY_BYTES = 1_000_000
MAX_EVENTS_BYTES = 20_000_000


@dataclass
class Content:
    """Everything loaded from the content files, and every problem found on the way."""

    stories: list[Story] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    events_read: bool = True
    """``events.yaml`` could be read (or there is none): the ids stories name can be checked."""
    unreadable_ids: frozenset[str] = frozenset()
    """Ids of entries of ``events.yaml`` that are there but wrong, so were not loaded."""
    vacancies: list[Vacancy] = field(default_factory=list)


_MISSING_HINTS: dict[tuple[str | int, ...], str] = {
    ("image", "alt"): (
        "is required with an image: describe what the picture shows, for people who cannot "
        "see it (alt text), e.g. alt: Two people talking over a cup of tea"
    ),
}
"""Fuller messages for required fields staff often leave out."""


def describe(error: Any, model: type[BaseModel]) -> str:
    """Turn one pydantic error into a sentence staff can act on."""
    kind = error["type"]
    value = error.get("input")
    if kind == "peerhub":
        return str(error["msg"])
    if kind == "missing":
        return _MISSING_HINTS.get(tuple(error["loc"][-2:]), "is required but missing")
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}; got {shown(value)}"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, _all_field_names(model), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; check the spelling or remove it"
        return f"is not a known field{hint}"
    if kind == "invalid_key":
        return "is not a field name; fields are written as words, e.g. 'title: ...'"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false; got {shown(value)}"
    if kind == "list_type":
        return f"expected a list, e.g. [one, two]; got {shown(value)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a group of fields written as 'name: value' lines; got {shown(value)}"
    return str(error["msg"])


def _all_field_names(model: type[BaseModel]) -> list[str]:
    names: list[str] = []
    for name, info in model.model_fields.items():
        names.append(name)
        annotation = info.annotation
        for arg in getattr(annotation, "__args__", (annotation,)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names.extend(_all_field_names(arg))
    return names


def model_problems(
    exc: ValidationError, path: str, lines: LineMap, model: type[BaseModel], prefix: Loc = ()
) -> list[Problem]:
    """One :class:`Problem` per validation error, with file, line and dotted field."""
    problems = []
    for error in exc.errors():
        loc: Loc = (*prefix, *error["loc"])
        problems.append(Problem(path, lines.line(loc), field_name(loc), describe(error, model)))
    return problems


def read_bytes(path: Path, rel: str, limit: int) -> bytes | Problem:
    """The file's bytes, or why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(rel, 1, "-", f"cannot be read: {exc.strerror}")
    if len(raw) > limit:
        return Problem(
            rel, 1, "-", f"is {len(raw):,} bytes, over the limit of {limit:,}; split or shorten it"
        )
    return raw


def decode(raw: bytes, rel: str) -> str | Problem:
    """The bytes as text (UTF-8, BOM and CRLF tolerated), or why they are not text."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Problem(
            rel,
            line,
            "-",
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, rel: str, limit: int) -> str | Problem:
    """The file as text (UTF-8, BOM and CRLF tolerated), or why it cannot be read."""
    raw = read_bytes(path, rel, limit)
    return raw if isinstance(raw, Problem) else decode(raw, rel)


T = TypeVar("T")


FileIdentity = tuple[int, int, int, int]
"""A file's inode, size, modification and change times (``os.stat``): any write changes one."""


class ParseCache:
    """What parsing each content file gave, kept while the file's bytes stay the same.

    The preview rebuilds on every save and keeps one (``generator.edge.preview``): every
    file is read each time, but parsed again only when it changed.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[bytes, Any]] = {}
        self._seen: dict[tuple[str, str], dict[str, tuple[FileIdentity, Any, bool]]] = {}
        self._data: dict[tuple[str, str], tuple[bytes, Any]] = {}
        self.events_entries = EntryCache()
        """The entries of ``events.yaml`` parsed one by one: a save parses those it changed."""
        self.vacancy_entries = EntryCache()
        """The same for ``vacancies.yaml``."""
        from generator.event_checks import EventChecks  # here: it needs bodies, which need load

        self.event_checks = EventChecks()
        """The problems of each entry of ``events.yaml`` by its fields (``generator.validate``)."""

    def stories_in(self, root: str, folder: str) -> dict[str, tuple[FileIdentity, Any, bool]]:
        """What loading each story file of ``folder`` (under the project ``root``) gave, by
        file name: the file's identity (inode, size, modification and change times) taken
        before it was read, the story or its problems, and whether it is a story. A file with
        the same identity is not read again; the caller keeps the record up to date."""
        return self._seen.setdefault((root, folder), {})

    def get_data(
        self,
        key: tuple[str, str],
        raw: bytes,
        parse: Callable[[], T],
        reuse: Callable[[T, T], T] | None = None,
    ) -> T:
        """As :meth:`get`, for a data file (``events.yaml``, ``vacancies.yaml``): its bytes are
        kept and compared rather than hashed (at 2,000 events, 2.5 MB: hashing them took
        several milliseconds of every save, a story's too; comparing takes a fraction of one)."""
        return _parsed(self._data, key, raw, parse, reuse)

    def get(
        self,
        key: tuple[str, str],
        raw: bytes,
        parse: Callable[[], T],
        reuse: Callable[[T, T], T] | None = None,
    ) -> T:
        """What ``parse`` gives for the bytes ``raw`` of the file ``key``, parsed again only when
        they changed; then ``reuse(new, old)`` may hand back the unchanged parts of the old."""
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        return _parsed(self._entries, key, digest, parse, reuse)


def _parsed(
    kept: dict[tuple[str, str], tuple[bytes, Any]],
    key: tuple[str, str],
    token: bytes,
    parse: Callable[[], T],
    reuse: Callable[[T, T], T] | None,
) -> T:
    """What ``kept`` holds for ``key`` if its ``token`` (the file's bytes or their digest) is
    the same; else what ``parse`` gives (with ``reuse(new, old)``), kept under ``token``."""
    hit = kept.get(key)
    if hit is not None and hit[0] == token:
        return cast(T, hit[1])
    result = parse()
    if hit is not None and reuse is not None:
        result = reuse(result, cast(T, hit[1]))
    kept[key] = (token, result)
    return result


def split_front_matter(text: str, rel: str) -> tuple[str, str, int] | Problem:
    """Split a story into its front matter and body; return (front matter, body, body line)."""
    if not text.strip():
        return Problem(rel, 1, "-", "the file is empty; a story starts with front matter between --- lines")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return Problem(
            rel,
            1,
            "-",
            "a story must start with a line '---', then its fields (title: ...), then '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    return Problem(rel, 1, "-", "the front matter is not closed: add a line '---' after the last field")


def _not_on(said: list[Problem], problems: list[Problem]) -> list[Problem]:
    """``problems`` but those on a line where ``said`` already has one: a value YAML read
    wrongly (a ``#`` that cut it short) gets one message, not a second about what it became."""
    lines = {p.line for p in said}
    return [p for p in problems if p.line not in lines]


def load_story(
    path: Path, root: Path, rel: str | None = None, parsed: ParseCache | None = None
) -> Story | list[Problem]:
    """Load one story file, or return everything wrong with it."""
    rel = rel or relative_path(path, root)
    raw = read_bytes(path, rel, MAX_STORY_BYTES)
    if isinstance(raw, Problem):
        return [raw]
    if parsed is None:
        result = parse_story(raw, rel, path.stem)
    else:
        result = parsed.get((str(root), rel), raw, lambda: parse_story(raw, rel, path.stem))
    return result if isinstance(result, Story) else list(result)


def parse_story(raw: bytes, rel: str, slug: str) -> Story | list[Problem]:
    """A story from the bytes of its file, or everything wrong with it."""
    text = decode(raw, rel)
    if isinstance(text, Problem):
        return [text]
    parts = split_front_matter(text, rel)
    if isinstance(parts, Problem):
        return [parts]
    front, body, body_line = parts
    for part, first_line, name in ((front, 2, "-"), (body, body_line, "body")):
        # Before YAML reads it: YAML takes U+0085, U+2028 and U+2029 for line breaks, so the
        # line of any later message would not be the line an editor shows.
        bad = bad_character(part)
        if bad is not None:
            return [Problem(rel, first_line + part.count("\n", 0, bad[0]), name, bad[1])]
    parsed = load_yaml(front, rel, offset=1, front_matter=True)
    problems = list(parsed.problems)
    if problems and parsed.data is None:
        return problems
    if not is_id(slug):
        problems.append(
            Problem(
                rel, 1, "-", "the file name must be lowercase letters, digits and hyphens, e.g. my-story.md"
            )
        )
    if not isinstance(parsed.data, dict):
        problems.append(
            Problem(rel, 2, "-", "the front matter must be fields written as 'name: value' lines")
        )
        return problems
    try:
        meta = StoryMeta.model_validate(parsed.data)
    except ValidationError as exc:
        return problems + _not_on(problems, model_problems(exc, rel, parsed.lines, StoryMeta))
    if problems:
        return problems
    return Story(slug=slug, path=rel, meta=meta, body=body, body_line=body_line, lines=parsed.lines)


def load_stories(
    folder: Path, root: Path, parsed: ParseCache | None = None
) -> tuple[list[Story], list[Problem]]:
    """Every ``*.md`` in ``folder``, sorted by file name; a missing folder means no stories."""
    stories: list[Story] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return stories, problems
    base = relative_path(folder, root)
    prefix = "" if base in {"", "."} else f"{base}/"
    real = _Real(folder, root)  # the folder and the project resolved once, not once a story
    seen = parsed.stories_in(str(root), base) if parsed is not None and real.inside else None
    for name, identity in _story_files(folder):
        hit = seen.get(name) if seen is not None and identity is not None else None
        loaded: tuple[FileIdentity | None, Any, bool]
        if hit is not None and hit[0] == identity:  # not saved since: not read again
            loaded = hit
        else:
            rel = prefix + name
            path = folder / name
            # A plain file (its lstat above) of a folder inside the project is inside it.
            outside = None if identity is not None and real.inside else _outside(path, root, rel, real)
            if outside is not None:
                problems.append(outside)
                continue
            result = load_story(path, root, rel, parsed)
            loaded = (identity, result, isinstance(result, Story))
            if seen is not None and identity is not None:
                seen[name] = (identity, result, loaded[2])
        if loaded[2]:  # a story (the flag, so that a cold object is not looked at)
            stories.append(cast(Story, loaded[1]))
        else:
            problems.extend(cast(list[Problem], loaded[1]))
    return stories, problems


def _story_files(folder: Path) -> list[tuple[str, FileIdentity | None]]:
    """The names matching ``*.md`` in ``folder``, sorted, each with its identity (``lstat``)
    when it is a plain file (``None`` for a link or anything else, which is looked at closely)."""
    found: list[tuple[str, FileIdentity | None]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(".md"):
                try:
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    found.append((name, None))
                    continue
                regular = S_ISREG(stat.st_mode)
                found.append(
                    (
                        name,
                        (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns) if regular else None,
                    )
                )
    found.sort(key=itemgetter(0))
    return found


@dataclass(frozen=True)
class EventsRead:
    """What reading ``events.yaml`` gave: its entries, its problems, and what could not be read."""

    series: list[Series]
    events: list[Event]
    problems: list[Problem]
    readable: bool = True
    """False when the file as a whole could not be read (so no id in it is known)."""
    unreadable_ids: frozenset[str] = frozenset()
    """Ids of entries that are there but were not loaded, because they are wrong."""


def _data_bytes(path: Path, root: Path, rel: str) -> bytes | Problem | None:
    """The bytes of a YAML data file (``events.yaml``, ``vacancies.yaml``); ``None`` when
    there is none; a problem when it links outside the project or is too large to read."""
    if not path.exists():
        return None
    outside = _outside(path, root, rel)
    return outside if outside is not None else read_bytes(path, rel, MAX_EVENTS_BYTES)


def read_events(path: Path, root: Path, parsed: ParseCache | None = None) -> EventsRead:
    """Read ``events.yaml``; every entry is validated on its own so one bad entry hides none."""
    rel = relative_path(path, root)
    raw = _data_bytes(path, root, rel)
    if raw is None:
        return EventsRead([], [], [])
    if isinstance(raw, Problem):
        return EventsRead([], [], [raw], readable=False)
    if parsed is None:
        return parse_events_file(raw, rel)
    entries = parsed.events_entries
    return parsed.get_data((str(root), rel), raw, lambda: parse_events_file(raw, rel, entries), _same_entries)


def _same_entries(new: EventsRead, old: EventsRead) -> EventsRead:
    """``new``, with each series and event that is equal to one of ``old`` (same fields, same
    place in its list) the old object itself: the preview's memo knows loaded content by
    identity, so a save that changes one event re-renders that event, not all of them.

    Every entry of one read shares one line map. When lines came or went, the old map is
    given the new lines (in place) and every entry of the result uses it, so an event kept
    from before names the lines of the file as it is now."""
    entries: list[Event | Series] = [*new.events, *new.series]
    before: list[Event | Series] = [*old.events, *old.series]
    if not entries or not before:
        return new
    lines, old_lines = entries[0].lines, before[0].lines
    if any(e.lines is not lines for e in entries) or any(e.lines is not old_lines for e in before):
        return new
    if type(lines) is not type(old_lines):  # one read whole, the other put together from entries
        return new
    if lines != old_lines:
        vars(old_lines).update(vars(lines))

    def same(entries: list[Any], before: list[Any], kind: type[Any]) -> list[Any]:
        found = {(e.id, e.index): e for e in before}
        out = []
        for entry in entries:
            kept = found.get((entry.id, entry.index))
            equal = (
                kept is not None
                and (kept.meta is entry.meta or kept.meta == entry.meta)
                and kept.path == entry.path
            )
            out.append(kept if equal else kind(entry.meta, entry.path, entry.index, old_lines))
        return out

    series, events = same(new.series, old.series, Series), same(new.events, old.events, Event)
    return replace(new, series=series, events=events)


def load_events(
    path: Path, root: Path, parsed: ParseCache | None = None
) -> tuple[list[Series], list[Event], list[Problem]]:
    """Series, events and problems of ``events.yaml`` (see :func:`read_events`)."""
    read = read_events(path, root, parsed)
    return list(read.series), list(read.events), list(read.problems)


def parse_events(raw: bytes, rel: str) -> tuple[list[Series], list[Event], list[Problem]]:
    """Series, events and problems from the bytes of ``events.yaml``."""
    read = parse_events_file(raw, rel)
    return list(read.series), list(read.events), list(read.problems)


def _unknown_sections(data: dict[Any, Any], known: list[str], rel: str, lines: LineMap) -> list[Problem]:
    """A problem for each top-level key of a data file that is none of ``known``."""
    problems = []
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(rel, lines.line((key,)), str(key), f"is not a known section{hint}"))
    return problems


def parse_events_file(raw: bytes, rel: str, entries: EntryCache | None = None) -> EventsRead:
    """Series and events from the bytes of ``events.yaml``, and every problem found; with
    ``entries``, only the entries not in it are parsed (the result is the same)."""
    parsed = _data_yaml(raw, rel, frozenset(EventsFile.model_fields), entries)
    if isinstance(parsed, Problem):
        return EventsRead([], [], [parsed], readable=False)
    problems = list(parsed.problems)
    data = parsed.data
    if data is None:
        if not problems:
            problems.append(
                Problem(
                    rel,
                    1,
                    "-",
                    "the file is empty, so the site would have no events: write them under 'events:' "
                    "(and 'events: []' when there are none)",
                )
            )
        return EventsRead([], [], problems, readable=False)
    if not isinstance(data, dict):
        problems.append(Problem(rel, 1, "-", "expected two lists at the top: 'series:' and 'events:'"))
        return EventsRead([], [], problems, readable=False)
    problems += _unknown_sections(data, list(EventsFile.model_fields), rel, parsed.lines)
    found: list[Problem] = []
    check = entries.validate if entries is not None else None
    series = list(_entries(data, "series", SeriesMeta, rel, parsed.lines, found, check))
    events = list(_entries(data, "events", EventMeta, rel, parsed.lines, found, check))
    problems += _not_on(parsed.problems, found)
    items = data.get("events")
    readable = items is None or isinstance(items, list)
    loaded = {meta.id for _, meta in events}  # type: ignore[attr-defined]
    wrong = {
        item["id"]
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in loaded
    }
    return EventsRead(
        [Series(meta, rel, index, parsed.lines) for index, meta in series],  # type: ignore[arg-type]
        [Event(meta, rel, index, parsed.lines) for index, meta in events],  # type: ignore[arg-type]
        problems,
        readable=readable,
        unreadable_ids=frozenset(wrong),
    )


def _data_yaml(raw: bytes, rel: str, known: frozenset[str], entries: EntryCache | None) -> Parsed | Problem:
    """``load_yaml`` of a data file's text, or why it cannot be read: not UTF-8, or a character
    content may not hold (searched for before YAML reads the text, as YAML takes U+2028 for a
    line break). With ``entries``, put together from the parse of each entry when it can be:
    each entry's text, and the text between entries, was searched already, not the whole file."""
    text = decode(raw, rel)
    if isinstance(text, Problem):
        return text
    assembled = entries.load(text, known) if entries is not None else None
    if assembled is None:
        bad = bad_character(text)
        if bad is not None:
            return Problem(rel, 1 + text.count("\n", 0, bad[0]), "-", bad[1])
        return load_yaml(text, rel)
    problems = [duplicate_problem(rel, loc, line) for loc, line in assembled.duplicates]
    problems += [Problem(rel, row + 1, name, message) for row, name, message in assembled.hidden]
    return Parsed(assembled.data, assembled.lines, problems)


def _entries(
    data: dict[str, Any],
    key: str,
    model: type[BaseModel],
    rel: str,
    lines: LineMap,
    problems: list[Problem],
    check: Callable[[type[BaseModel], Any], BaseModel] | None = None,
) -> Iterable[tuple[int, BaseModel]]:
    """Each item of ``data[key]`` read as ``model`` (by ``check``, which may remember)."""
    items = data.get(key)
    if items is None:
        return
    if not isinstance(items, list):
        problems.append(
            Problem(rel, lines.line((key,)), key, "expected a list of entries, each starting with '- id:'")
        )
        return
    for index, item in enumerate(items):
        try:
            yield index, check(model, item) if check is not None else model.model_validate(item)
        except ValidationError as exc:
            problems.extend(model_problems(exc, rel, lines, model, (key, index)))


def load_vacancies(
    path: Path, root: Path, parsed: ParseCache | None = None
) -> tuple[list[Vacancy], list[Problem]]:
    """Read ``vacancies.yaml`` (no file: no vacancies); each entry is validated on its own."""
    rel = relative_path(path, root)
    raw = _data_bytes(path, root, rel)
    if raw is None:
        return [], []
    if isinstance(raw, Problem):
        return [], [raw]
    if parsed is None:
        vacancies, problems = parse_vacancies(raw, rel)
    else:
        entries = parsed.vacancy_entries
        key = (str(root), rel)
        vacancies, problems = parsed.get_data(key, raw, lambda: parse_vacancies(raw, rel, entries))
    return list(vacancies), list(problems)


def parse_vacancies(
    raw: bytes, rel: str, entries: EntryCache | None = None
) -> tuple[list[Vacancy], list[Problem]]:
    """Vacancies from the bytes of ``vacancies.yaml``, and every problem found; with
    ``entries``, only the entries not in it are parsed (the result is the same)."""
    parsed = _data_yaml(raw, rel, frozenset(VacanciesFile.model_fields), entries)
    if isinstance(parsed, Problem):
        return [], [parsed]
    problems = list(parsed.problems)
    data = parsed.data
    if data is None:
        return [], problems
    if not isinstance(data, dict):
        problems.append(Problem(rel, 1, "-", "expected a list at the top: 'vacancies:'"))
        return [], problems
    problems += _unknown_sections(data, list(VacanciesFile.model_fields), rel, parsed.lines)
    check = entries.validate if entries is not None else None
    valid = _entries(data, "vacancies", VacancyMeta, rel, parsed.lines, problems, check)
    vacancies = [Vacancy(meta, rel, index, parsed.lines) for index, meta in valid]  # type: ignore[arg-type]
    return vacancies, problems


def load_content(
    stories_dir: Path,
    events_file: Path,
    root: Path,
    parsed: ParseCache | None = None,
    vacancies_file: Path | None = None,
) -> Content:
    """Load stories, events and vacancies together; with ``parsed``, files unchanged since it
    last saw them are not parsed again."""
    stories, story_problems = load_stories(stories_dir, root, parsed)
    read = read_events(events_file, root, parsed)
    vacancies, vacancy_problems = (
        load_vacancies(vacancies_file, root, parsed) if vacancies_file is not None else ([], [])
    )
    return Content(
        stories,
        list(read.series),
        list(read.events),
        story_problems + list(read.problems) + vacancy_problems,
        events_read=read.readable,
        unreadable_ids=read.unreadable_ids,
        vacancies=vacancies,
    )


@dataclass(frozen=True)
class _Real:
    """A folder of content files and the project, with every link in their paths followed."""

    folder: Path
    root: Path
    inside: bool
    """The folder is in the project: so is every plain file in it (not a link)."""

    def __init__(self, folder: Path, root: Path) -> None:
        object.__setattr__(self, "folder", folder.resolve())
        object.__setattr__(self, "root", root.resolve())
        object.__setattr__(self, "inside", self.folder.is_relative_to(self.root))


def _outside(path: Path, root: Path, rel: str, real: _Real | None = None) -> Problem | None:
    """Why a content file that is a link to a file outside the project is not read.
    ``real``: ``path``'s folder and the project, resolved already."""
    if real is not None and not path.is_symlink():
        if (real.folder / path.name).is_relative_to(real.root):
            return None
        target = real.folder / path.name
    else:
        target = path.resolve()
        if target.is_relative_to(root.resolve()):
            return None
    return Problem(
        rel,
        1,
        "-",
        f"is a link to {target}, outside the project: only files of the project are published; "
        "copy the file here instead of linking to it",
    )


def relative_path(path: Path, root: Path) -> str:
    """``path`` as staff see it in messages: relative to the project folder when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
