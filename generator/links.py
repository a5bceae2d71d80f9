"""What MkDocs would refuse about the site as a whole, found by ``peerhub check`` first.

``peerhub build`` builds with ``--strict``, so a warning of MkDocs stops it. Two come from
content, and are named here as ``path:line: field: message``:

- a link (``[text](page.md)``, ``![alt](picture.jpg)``, ``[ref]: file.pdf``) in a story
  body, an event or series description or a hand-written page, to a file that is neither
  in ``docs/`` nor a page the hub generates (MkDocs checks relative links to files; a
  link to a story that is withheld today is such a link);
- a hand-written page at the address of a generated one (``docs/stories/x/index.md`` and
  the story ``stories/x.md`` are both ``/stories/x/``).

:func:`generated_uris` lists the hub's pages from the content alone, without rendering
them (``tests/test_links.py`` keeps it equal to what rendering makes).
"""

from __future__ import annotations

import math
import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.editorial.prose import prose
from generator.errors import Problem
from generator.hub import Hub
from generator.load import Content, read_text, relative_path
from generator.memo import Memo, NoMemo
from generator.model import CATEGORY_LABELS, ROLE_LABELS, THEME_LABELS, Event, Series, Story, Vacancy
from generator.render.common import PageUrls
from generator.render.vacancies import PER_PAGE as VACANCIES_PER_PAGE
from generator.settings import Settings
from generator.yamlsource import field_name

_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_AMP_SUBSTITUTE = "\x02amp\x03"
MAX_PAGE_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Link:
    """A link MkDocs checks: as written, the file it looks for, and the line of the text it is on."""

    address: str
    target: str
    nth: int
    """The line of the text (0 for its first) the link is on."""


@dataclass(frozen=True, slots=True)
class TextLinks:
    """The links MkDocs checks in one text of a content file, and where the text is."""

    path: str
    line: int
    """The line of the file where the text starts (``exact``), or of its field."""
    field: str
    exact: bool
    """The text's lines are the file's, line for line (a story body, a page), not a YAML value."""
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class StoryLinks:
    """What the site-wide checks need of one story: its page, its listings, its body's links."""

    src_uri: str
    themes: frozenset[str]
    role: str
    body: TextLinks | None
    """``None`` when its body has no link MkDocs checks."""


def story_links(story: Story) -> StoryLinks:
    """The :class:`StoryLinks` of one story (a function of the loaded story alone)."""
    src_uri = urls.src_uri(urls.story(story.slug))
    body = text_links(story.body, src_uri, story.path, story.body_line, "body", True)
    meta = story.meta
    return StoryLinks(src_uri, frozenset(meta.themes), meta.storyteller.role, body)


def text_links(text: str, src_uri: str, path: str, line: int, field: str, exact: bool) -> TextLinks | None:
    """The links MkDocs checks in ``text`` on the page ``src_uri``; ``None`` when there is none."""
    found = []
    for offset, address in targets(text):
        target = checked_target(address, src_uri)
        if target is not None:
            found.append(Link(address, target, text.count("\n", 0, offset)))
    return TextLinks(path, line, field, exact, tuple(found)) if found else None


def generated_uris(
    hub: Hub, stories: Iterable[StoryLinks] | None = None, memo: Memo | None = None
) -> set[str]:
    """The ``src_uri`` of every page the hub generates, as MkDocs will know them; ``stories``:
    the :class:`StoryLinks` of ``hub.stories`` (any order), made already."""
    memo = memo or NoMemo()
    settings = hub.settings
    shown = list(stories) if stories is not None else [story_links(s) for s in hub.stories]
    found = {s.src_uri for s in shown}

    def listing(base: str, count: int) -> None:
        page_url = PageUrls(base)
        per_page = settings.stories_per_page
        found.update(urls.src_uri(page_url(n)) for n in range(1, max(1, math.ceil(count / per_page)) + 1))

    listing(urls.STORIES, len(shown))
    themes: Counter[str] = Counter(chain.from_iterable(s.themes for s in shown))
    roles: Counter[str] = Counter(s.role for s in shown)
    for theme in THEME_LABELS:
        listing(urls.theme(theme), themes[theme])
    for role in ROLE_LABELS:
        listing(urls.role(role), roles[role])
    found |= memo.again("generated", _entry_uris, hub.events, hub.series, hub.vacancies, settings)
    return found


def _entry_uris(
    events: list[Event], series: list[Series], vacancies: list[Vacancy], settings: Settings
) -> set[str]:
    """The ``src_uri`` of the pages of events, series and vacancies, and of their listings."""
    found = {urls.src_uri(urls.event(e.id)) for e in events}
    found |= {urls.src_uri(urls.series(s.id)) for s in series}

    def listing(base: str, count: int, per_page: int) -> None:
        page_url = PageUrls(base)
        found.update(urls.src_uri(page_url(n)) for n in range(1, max(1, math.ceil(count / per_page)) + 1))

    listing(urls.EVENTS, len(events), settings.events_per_page)
    found |= {urls.src_uri(urls.vacancy(v.meta.id)) for v in vacancies}
    listed = sum(1 for v in vacancies if v.meta.closes >= settings.today)  # as vacancy_view
    listing(urls.VACANCIES, listed, VACANCIES_PER_PAGE)
    for category in CATEGORY_LABELS:
        count = sum(1 for e in events if e.meta.category == category)
        listing(urls.event_category(category), count, settings.events_per_page)
    return found


def targets(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, address)`` of every markdown link, image and link reference in ``text``
    (code blanked out: a link there is only shown)."""
    if "](" not in text and "]:" not in text:
        return
    text = prose(text)
    for match in _LINK.finditer(text):
        yield match.start(), match[1]
    if "]:" in text:
        for match in _REFERENCE.finditer(text):
            yield match.start(), match[1]


def checked_target(address: str, src_uri: str) -> str | None:
    """The file MkDocs would look for, for a link from the page ``src_uri``; ``None`` for a
    link it leaves alone (to another site, absolute, to an anchor, or not to a file)."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or address.startswith(("/", "\\")) or _AMP_SUBSTITUTE in address:
        return None
    path = unquote(parts.path)
    if not path or not posixpath.splitext(path)[1]:
        return None  # no extension: not a link to a file (MkDocs only notes it)
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path)).lstrip("/")


def docs_files(docs_dir: Path | None) -> dict[str, Path]:
    """Every file MkDocs finds in ``docs/`` (hidden ones left out, as MkDocs does), by path."""
    if docs_dir is None or not docs_dir.is_dir():
        return {}
    found: dict[str, Path] = {}
    for folder, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith("."):
                path = Path(folder) / name
                found[path.relative_to(docs_dir).as_posix()] = path
    return found


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a markdown page: ``a/b.md`` and ``a/b/index.md`` are ``a/b/``."""
    stem = src_uri.rsplit(".", 1)[0]
    head, _, name = stem.rpartition("/")
    if name in {"index", "README"}:
        return f"{head}/" if head else ""
    return f"{stem}/"


def site_problems(
    content: Content,
    hub: Hub,
    memo: Memo | None = None,
    stories: Sequence[StoryLinks] | None = None,
    shown: Sequence[StoryLinks] | None = None,
    entries: Iterable[TextLinks] | None = None,
) -> list[Problem]:
    """Links MkDocs would find broken, and hand-written pages at a generated page's address;
    ``hub`` is what :func:`generator.hub.select` made of ``content``. Made already when given:
    ``stories``, the :class:`StoryLinks` of ``content.stories`` (in order); ``shown``, those
    of ``hub.stories``; ``entries``, the links of the events' and series' descriptions (in
    order). ``memo`` (the preview's) remembers the hand-written pages while ``docs/`` is
    unchanged (``Memo.files``)."""
    memo = memo or NoMemo()
    settings = hub.settings
    if stories is None:
        stories = [story_links(s) for s in content.stories]
    generated = generated_uris(hub, shown, memo)
    docs = (
        docs_pages(settings.docs_dir, settings.root)
        if memo.files is None
        else memo.again("docs", docs_pages, settings.docs_dir, settings.root, memo.files)
    )
    known = generated | docs.files
    withheld = {urls.src_uri(urls.story(s.slug)) for s, _ in hub.withheld} - generated
    problems: list[Problem] = []
    for story in stories:
        if story.body is not None and story.src_uri in generated:  # else no link, or no page
            problems += broken(story.body, known, withheld)
    for text in entry_links(content) if entries is None else entries:
        problems += broken(text, known, withheld)
    for page in docs.pages:
        if page.beside_index is not None:
            problems.append(page.beside_index)
            continue
        clash = _generated_at(page_url(page.src_uri), generated)
        if clash is not None:
            problems.append(
                Problem(
                    page.rel,
                    1,
                    "-",
                    f"this page is at /{page_url(page.src_uri)}, the address of a page the hub makes "
                    f"({clash}): rename or move it",
                )
            )
        elif isinstance(page.text, Problem):
            problems.append(page.text)
        elif page.text is not None:
            problems += broken(page.text, known, withheld)
    return problems


def broken(text: TextLinks, known: set[str], withheld: set[str]) -> list[Problem]:
    """The links of ``text`` to a file that is neither in ``known`` nor a page the hub makes;
    ``withheld``: the pages of stories not public today."""
    problems = []
    for link in text.links:
        if link.target in known:
            continue
        why = "the story there is not public" if link.target in withheld else "there is no such file"
        message = (
            f"links to {link.address} ({link.target}), but {why}, so MkDocs would stop the build: "
            "correct the link, or give the full address (https://...)"
        )
        if text.exact:
            problems.append(Problem(text.path, text.line + link.nth, text.field, message))
        else:
            where = f" (line {link.nth + 1} of the text)" if link.nth else ""
            problems.append(Problem(text.path, text.line, text.field, message + where))
    return problems


def entry_links(content: Content) -> list[TextLinks]:
    """The links MkDocs checks in the descriptions of the events and series of ``content``."""
    found = []
    for entries, section in ((content.events, "events"), (content.series, "series")):
        for entry in entries:
            links = description_links(entry, section)
            if links is not None:
                found.append(links)
    return found


def description_links(entry: Event | Series, section: str) -> TextLinks | None:
    """The links MkDocs checks in an event's or series' description (``section``: which)."""
    if not entry.meta.description:
        return None
    loc = (section, entry.index, "description")
    page = urls.event(entry.id) if section == "events" else urls.series(entry.id)
    return text_links(
        entry.meta.description, urls.src_uri(page), entry.path, entry.lines.line(loc), field_name(loc), False
    )


def _generated_at(url: str, generated: set[str]) -> str | None:
    """The generated page at the directory URL ``url`` (``a/b/``), if there is one."""
    for src_uri in (f"{url[:-1]}.md" if url else None, f"{url}index.md", f"{url}README.md"):
        if src_uri is not None and src_uri in generated:
            return src_uri
    return None


@dataclass(frozen=True)
class DocsPage:
    """A hand-written markdown page, as the site-wide checks need it."""

    src_uri: str
    rel: str
    beside_index: Problem | None
    """A ``README.md`` beside an ``index.md``, which MkDocs leaves out."""
    text: TextLinks | Problem | None
    """The links of the page (``None``: none), or why it cannot be read."""


@dataclass(frozen=True)
class Docs:
    """The files of ``docs/`` and its markdown pages."""

    files: frozenset[str]
    pages: tuple[DocsPage, ...]


def docs_pages(docs_dir: Path | None, root: Path, files_state: object = None) -> Docs:
    """Every file of ``docs/`` by path, and each markdown page with its links; ``files_state``
    stands for the state of ``docs/``, so the memo makes them again when it changes."""
    files = docs_files(docs_dir)
    pages = []
    for src_uri, file in files.items():
        if not src_uri.endswith(".md"):
            continue
        rel = relative_path(file, root)
        folder, _, name = src_uri.rpartition("/")
        if name == "README.md" and f"{folder}/index.md".lstrip("/") in files:
            beside = Problem(
                rel,
                1,
                "-",
                f"this page and {posixpath.join(folder, 'index.md')} are both at /{page_url(src_uri)}, "
                "so MkDocs would leave this one out and stop the build: rename or remove one",
            )
            pages.append(DocsPage(src_uri, rel, beside, None))
            continue
        text = read_text(file, rel, MAX_PAGE_BYTES)
        links = text if isinstance(text, Problem) else text_links(text, src_uri, rel, 1, "-", True)
        pages.append(DocsPage(src_uri, rel, None, links))
    return Docs(frozenset(files), tuple(pages))
