"""Pictures in a story: its own picture (``image:``) and images in its text must be on this
site and there (``docs/``), and an image in the text needs alt text. Errors of
``peerhub check``, part of its privacy checks: a picture from another site would make
every reader's browser ask that site for it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from generator import urls
from generator.editorial.prose import line_at
from generator.errors import Problem
from generator.load import relative_path
from generator.model import Story
from generator.settings import Settings

_ALT = re.compile(r"""\balt\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s>]+))""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s>]+))""", re.IGNORECASE)
_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)
_SRC_END = re.compile(r"[)\s>]")


def _attribute(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    return None if match is None else next(v for v in match.groupdict().values() if v is not None)


def markdown_images(text: str) -> Iterator[tuple[int, str, str]]:
    """``(offset, alt, src)`` of each ``![alt](src ...)``: the alt text runs to the first
    ``]``, which must be followed by ``(``. Linear: the ``]`` after a ``![`` is looked for
    once for all the ``![`` before it (the expression ``!\\[[^\\]]*\\]\\(`` read to the end
    of the text from each of 20 KB of ``![``, a minute)."""
    position, close = 0, -1
    while (start := text.find("![", position)) >= 0:
        if close < start + 2:
            close = text.find("]", start + 2)
            if close < 0:
                return
        if not text.startswith("(", close + 1):
            position = start + 2
            continue
        src_start = close + 2
        while src_start < len(text) and text[src_start].isspace():
            src_start += 1
        if text.startswith("<", src_start):
            src_start += 1
        end = _SRC_END.search(text, src_start)
        src_end = end.start() if end else len(text)
        yield start, text[start + 2 : close], text[src_start:src_end]
        position = max(src_end, close + 1)


def html_images(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, tag)`` of each ``<img ...>``, each up to the first ``>`` (linear, as above)."""
    position = 0
    while (match := _IMG_TAG.search(text, position)) is not None:
        end = text.find(">", match.end())
        if end < 0:
            return
        yield match.start(), text[match.start() : end + 1]
        position = end + 1


def body_images(text: str) -> Iterator[tuple[int, str, str, bool]]:
    """``(offset, alt text, src, written in markdown)`` for each image in a story's text."""
    for offset, alt, src in markdown_images(text):
        yield offset, alt, src, True
    for offset, tag in html_images(text):
        yield offset, _attribute(_ALT, tag) or "", _attribute(_SRC, tag) or "", False


def image_problems(story: Story, settings: Settings, real_docs: Path | None = None) -> Iterator[Problem]:
    """The errors of a story's pictures; ``real_docs``: ``settings.docs_dir`` with its links
    followed, when the caller has it already (it is the same for every story of a run)."""
    if real_docs is None and settings.docs_dir is not None:
        real_docs = settings.docs_dir.resolve()
    image = story.meta.image
    if image is not None:
        line = story.lines.line(("image", "src"))
        if not urls.is_local(image.src):
            yield Problem(
                story.path,
                line,
                "image.src",
                f"{image.src} is on another website, and pages must not load anything from other "
                "sites: save the picture under docs/ (e.g. docs/images/photo.jpg) and give its path "
                "(images/photo.jpg)",
            )
        elif settings.docs_dir is not None:
            target = settings.docs_dir / image.src.lstrip("/")
            if real_docs is not None and not _in_docs(target, real_docs):
                yield Problem(story.path, line, "image.src", _outside_docs(image.src, target, settings))
            elif not target.is_file():
                missing = f"there is no picture at {relative_path(target, settings.root)}; check the path"
                yield Problem(story.path, line, "image.src", missing)
    if "<img" not in story.body.lower() and "![" not in story.body:
        return
    for offset, alt, src, markdown in body_images(story.body):
        line = line_at(story.body, offset, story.body_line)
        if not alt.strip():
            yield Problem(
                story.path,
                line,
                "body",
                "an image without alt text: describe what it shows between the brackets, "
                "e.g. ![Two people walking by a lake](../images/walk.jpg)",
            )
        if src and not urls.is_local(src):
            yield Problem(
                story.path,
                line,
                "body",
                f"the image {src} is on another website and will not be shown; save it under docs/ instead",
            )
        elif markdown and src and settings.docs_dir is not None:
            # A story's page is built from stories/<slug>.md inside the docs folder.
            target = settings.docs_dir / "stories" / src.split("?", 1)[0].split("#", 1)[0]
            if real_docs is not None and not _in_docs(target, real_docs):
                yield Problem(story.path, line, "body", _outside_docs(src, target, settings))
            elif not target.resolve().is_file():
                yield Problem(
                    story.path,
                    line,
                    "body",
                    f"there is no picture at {relative_path(target, settings.root)}; pictures go in "
                    "docs/images, and a story links to them as ../images/<name>",
                )


def _in_docs(target: Path, real_docs: Path) -> bool:
    """True when ``target``, links followed, is a file of ``docs/`` (``real_docs``, its links
    followed): MkDocs copies what a link points at, so a link to /etc/passwd would publish it."""
    return target.resolve().is_relative_to(real_docs)


def _outside_docs(src: str, target: Path, settings: Settings) -> str:
    where = relative_path(target.resolve(), settings.root)
    return (
        f"{src} leads to {where}, outside {relative_path(settings.docs_dir or target, settings.root)}/: "
        "only pictures saved under docs/ are published (e.g. docs/images/photo.jpg, written "
        "images/photo.jpg)"
    )
