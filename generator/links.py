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
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.editorial.prose import prose
from generator.errors import Problem
from generator.hub import Hub
from generator.load import Content, read_text, relative_path
from generator.memo import Memo, NoMemo
from generator.model import CATEGORY_LABELS, ROLE_LABELS, THEME_LABELS
from generator.render.common import PageUrls
from generator.render.vacancies import PER_PAGE as VACANCIES_PER_PAGE
from generator.yamlsource import field_name

_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_AMP_SUBSTITUTE = "\x02amp\x03"
MAX_PAGE_BYTES = 2_000_000


def generated_uris(hub: Hub) -> set[str]:
    """The ``src_uri`` of every page the hub generates, as MkDocs will know them."""
    settings = hub.settings
    found = {urls.src_uri(urls.story(s.slug)) for s in hub.stories}
    found |= {urls.src_uri(urls.event(e.id)) for e in hub.events}
    found |= {urls.src_uri(urls.series(s.id)) for s in hub.series}

    def listing(base: str, count: int, per_page: int) -> None:
        page_url = PageUrls(base)
        found.update(urls.src_uri(page_url(n)) for n in range(1, max(1, math.ceil(count / per_page)) + 1))

    listing(urls.STORIES, len(hub.stories), settings.stories_per_page)
    themes: Counter[str] = Counter(theme for s in hub.stories for theme in set(s.meta.themes))
    roles: Counter[str] = Counter(s.meta.storyteller.role for s in hub.stories)
    for theme in THEME_LABELS:
        listing(urls.theme(theme), themes[theme], settings.stories_per_page)
    for role in ROLE_LABELS:
        listing(urls.role(role), roles[role], settings.stories_per_page)
    listing(urls.EVENTS, len(hub.events), settings.events_per_page)
    found |= {urls.src_uri(urls.vacancy(v.meta.id)) for v in hub.vacancies}
    listed = sum(1 for v in hub.vacancies if v.meta.closes >= settings.today)  # as vacancy_view
    listing(urls.VACANCIES, listed, VACANCIES_PER_PAGE)
    for category in CATEGORY_LABELS:
        count = sum(1 for e in hub.events if e.meta.category == category)
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


def target_list(text: str) -> list[tuple[int, str]]:
    """:func:`targets` as a list (the memo keeps it for each text)."""
    return list(targets(text))


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


def site_problems(content: Content, hub: Hub, memo: Memo | None = None) -> list[Problem]:
    """Links MkDocs would find broken, and hand-written pages at a generated page's address;
    ``hub`` is what :func:`generator.hub.select` made of ``content``; ``memo`` (the preview's)
    remembers the links of each text."""
    memo = memo or NoMemo()
    settings = hub.settings
    generated = generated_uris(hub)
    files = docs_files(settings.docs_dir)
    known = generated | set(files)
    withheld = {urls.src_uri(urls.story(s.slug)) for s, _ in hub.withheld} - generated
    problems: list[Problem] = []

    def check(text: str, src_uri: str, path: str, line: int, field: str, exact: bool) -> None:
        for offset, address in memo.call(target_list, text):
            target = checked_target(address, src_uri)
            if target is None or target in known:
                continue
            why = "the story there is not public" if target in withheld else "there is no such file"
            message = (
                f"links to {address} ({target}), but {why}, so MkDocs would stop the build: "
                "correct the link, or give the full address (https://...)"
            )
            nth = text.count("\n", 0, offset)
            if exact:
                problems.append(Problem(path, line + nth, field, message))
            else:
                where = f" (line {nth + 1} of the text)" if nth else ""
                problems.append(Problem(path, line, field, message + where))

    for story in content.stories:
        src_uri = urls.src_uri(urls.story(story.slug))
        if src_uri in generated and ("](" in story.body or "]:" in story.body):  # else no link
            check(story.body, src_uri, story.path, story.body_line, "body", True)
    for entries, section, page in (
        (content.events, "events", urls.event),
        (content.series, "series", urls.series),
    ):
        for entry in entries:
            if entry.meta.description:
                loc = (section, entry.index, "description")
                line = entry.lines.line(loc)
                check(
                    entry.meta.description,
                    urls.src_uri(page(entry.id)),
                    entry.path,
                    line,
                    field_name(loc),
                    False,
                )
    generated_urls = {page_url(uri): uri for uri in generated}
    for src_uri, file in files.items():
        if not src_uri.endswith(".md"):
            continue
        rel = relative_path(file, settings.root)
        folder, _, name = src_uri.rpartition("/")
        if name == "README.md" and f"{folder}/index.md".lstrip("/") in files:
            problems.append(
                Problem(
                    rel,
                    1,
                    "-",
                    f"this page and {posixpath.join(folder, 'index.md')} are both at /{page_url(src_uri)}, "
                    "so MkDocs would leave this one out and stop the build: rename or remove one",
                )
            )
            continue
        clash = generated_urls.get(page_url(src_uri))
        if clash is not None:
            problems.append(
                Problem(
                    rel,
                    1,
                    "-",
                    f"this page is at /{page_url(src_uri)}, the address of a page the hub makes "
                    f"({clash}): rename or move it",
                )
            )
            continue
        text = read_text(file, rel, MAX_PAGE_BYTES)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        check(text, src_uri, rel, 1, "-", True)
    return problems
