"""Story cards rendered once per build (``generator.render.cards``) are the card macro's
output on every listing, links and all, and what came from a story stays escaped."""

from __future__ import annotations

from datetime import date

import pytest

from generator.render.cards import StoryCards
from generator.render.common import Linker, Templates
from generator.views import Link, StoryImage, StoryView

LISTINGS = ["stories/", "stories/page/2/", "stories/themes/hope/", "stories/roles/carer/page/3/"]


def _view(slug: str, title: str, image: StoryImage | None) -> StoryView:
    return StoryView(
        slug=slug,
        url=f"stories/{slug}/",
        title=title,
        summary='A summary with <b>tags</b> & "quotes"',
        date=date(2026, 5, 1),
        storyteller_name="Sam <i>",
        role=Link("carer", "Carer", "stories/roles/carer/"),
        team=None,
        themes=(
            Link("hope", "Hope", "stories/themes/hope/"),
            Link("meaning", "Meaning", "stories/themes/meaning/"),
        ),
        tags=(),
        content_notes=("self-harm <x>",),
        quote=None,
        image=image,
        words=600,
        reading_minutes=3,
        draft=False,
    )


VIEWS = [
    _view("plain", "A plain story", None),
    _view(
        "hostile",
        '<script>alert("x")</script> hub-link-0; & \'',
        StoryImage('images/a&b"<c>.svg', 'Alt "x" <y>', 4, 3),
    ),
]


@pytest.mark.parametrize("page_url", LISTINGS)
def test_card_is_the_macro_output_on_every_listing(page_url: str) -> None:
    templates = Templates()
    macro = templates.env.get_template("_macros.j2").module.story_card  # type: ignore[attr-defined]
    cards = StoryCards(templates)
    for view in VIEWS * 2:  # the second time from what the first rendering kept
        assert cards(view, Linker(page_url)) == macro(view, Linker(page_url), 2)


def test_card_keeps_story_text_escaped_and_links_relative() -> None:
    card = StoryCards(Templates())(VIEWS[1], Linker("stories/themes/hope/"))
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert "hub-link-0; &amp;" in card  # text that looks like a placeholder is left as it is
    assert 'src="../../../images/a&amp;b&#34;&lt;c&gt;.svg"' in card
    assert 'href="../../hostile/"' in card and 'href="./"' in card and 'href="../meaning/"' in card
