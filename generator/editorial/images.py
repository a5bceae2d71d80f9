"""Pictures in a story: its own picture (``image:``) and images in its text must be on this
site and there (``docs/``), and an image in the text needs alt text. Errors of
``peerhub check``, part of its privacy checks: a picture from another site would make
every reader's browser ask that site for it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator import urls
from generator.editorial.prose import line_at
from generator.errors import Problem
from generator.load import relative_path
from generator.model import Story
from generator.settings import Settings

_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s>]+))""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|(?P<c>[^\s>]+))""", re.IGNORECASE)


def _attribute(pattern: re.Pattern[str], tag: str) -> str | None:
    match = pattern.search(tag)
    return None if match is None else next(v for v in match.groupdict().values() if v is not None)


def body_images(text: str) -> Iterator[tuple[int, str, str, bool]]:
    """``(offset, alt text, src, written in markdown)`` for each image in a story's text."""
    for match in _MD_IMAGE.finditer(text):
        yield match.start(), match["alt"], match["src"], True
    for match in _HTML_IMAGE.finditer(text):
        yield match.start(), _attribute(_ALT, match[0]) or "", _attribute(_SRC, match[0]) or "", False


def image_problems(story: Story, settings: Settings) -> Iterator[Problem]:
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
        elif settings.docs_dir is not None and not (settings.docs_dir / image.src.lstrip("/")).is_file():
            where = relative_path(settings.docs_dir / image.src.lstrip("/"), settings.root)
            yield Problem(story.path, line, "image.src", f"there is no picture at {where}; check the path")
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
            target = (settings.docs_dir / "stories" / src.split("?", 1)[0].split("#", 1)[0]).resolve()
            if not target.is_file():
                yield Problem(
                    story.path,
                    line,
                    "body",
                    f"there is no picture at {relative_path(target, settings.root)}; pictures go in "
                    "docs/images, and a story links to them as ../images/<name>",
                )
