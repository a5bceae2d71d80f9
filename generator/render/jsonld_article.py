"""schema.org ``Article`` structured data for a story page.

The mapping goes into the generated page's front matter under ``jsonld``; the theme writes
it into a ``<script type="application/ld+json">`` with Jinja's ``tojson``, which escapes
``<``, ``>``, ``&`` and ``'`` so no content text can end the script block. Only public
fields are used: never ``consent``, ``allow_contacts`` or anything internal.
"""

from __future__ import annotations

from typing import Any

from generator import urls
from generator.model import THEME_LABELS, Story
from generator.render.jsonld_event import hub_organisation
from generator.settings import Settings

LANGUAGE = "en-GB"


def article(story: Story, settings: Settings, words: int, *, image: str | None = None) -> dict[str, Any]:
    """The ``Article`` (``NewsArticle`` for news) mapping of one story.

    ``words`` is the body's word count (the story view has counted it); ``image`` is the
    story image's path on this site, if it has one.
    """
    meta = story.meta
    url = urls.absolute(settings.site_url, urls.story(story.slug))
    teller = meta.storyteller
    author: dict[str, Any] = {
        "@type": "Organization" if teller.role == "team" else "Person",
        "name": teller.name,
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if meta.kind == "news" else "Article",
        "headline": meta.title,
        "description": meta.summary,
        "datePublished": meta.date.isoformat(),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": author,
        "publisher": hub_organisation(settings),
        "inLanguage": LANGUAGE,
        "wordCount": words,
    }
    keywords = [THEME_LABELS[t] for t in meta.themes] + list(meta.tags)
    if keywords:
        data["keywords"] = ", ".join(keywords)
    if image is not None:
        data["image"] = urls.absolute(settings.site_url, image)
    return data
