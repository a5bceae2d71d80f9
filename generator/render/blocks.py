"""Blocks of hand-written pages that come from ``mkdocs.yml``: help lines and who runs the hub.

In a page of ``docs/``:

- ``<!-- peerhub:help-line 999 -->`` alone on a line: that line of ``extra.crisis`` as a
  tap-to-call (or tap-to-text) button with its name and when to use it;
- ``<!-- peerhub:call 116123 -->`` within a sentence: the number as a tap-to-call link;
- ``<!-- peerhub:organisation -->`` alone on a line: who runs the hub and every way to
  reach it (``extra.organisation``);
- ``<!-- peerhub:organisation-name -->`` and ``<!-- peerhub:contact -->`` within a
  sentence: its name, and "email … or call …".

Numbers are matched by their digits, and the text and link come from the config, so a page
never shows a number the banner does not. A number that is not in ``extra.crisis``, or an
organisation block with no ``extra.organisation``, stops the build with a message.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.errors import ConfigError
from generator.organisation import Organisation
from generator.render.common import Renderer
from generator.render.stories import help_line_href
from generator.settings import HelpLine


class BlockError(ConfigError):
    """A block of a hand-written page cannot be filled from ``mkdocs.yml``."""


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def find_line(number: str, lines: tuple[HelpLine, ...], page: str) -> HelpLine:
    """The help line whose number has these digits; :class:`BlockError` if there is none."""
    wanted = _digits(number)
    for line in lines:
        if _digits(line.number) == wanted and wanted:
            return line
    known = ", ".join(line.number for line in lines) or "none"
    raise BlockError(
        f"{page}: <!-- peerhub:call {number} -->: {number or '(no number)'} is not one of the numbers "
        f"in extra.crisis.lines of mkdocs.yml (they are: {known}); use one of those, or add the line there"
    )


def help_line(number: str, lines: tuple[HelpLine, ...], page: str, renderer: Renderer) -> str:
    """The ``help-line`` block: a big tap target with the line's name, number and when."""
    line = find_line(number, lines, page)
    return renderer.render("blocks/help-line.md.j2", line=line, href=help_line_href(line))


def call_link(number: str, lines: tuple[HelpLine, ...], page: str) -> str:
    """The ``call`` marker: the number from the config as a ``tel:`` (or ``sms:``) link."""
    line = find_line(number, lines, page)
    return str(Markup('<a class="hub-tel" href="{}">{}</a>').format(help_line_href(line), line.number))


def _organisation(org: Organisation | None, page: str, marker: str) -> Organisation:
    if org is None:
        raise BlockError(
            f"{page}: <!-- peerhub:{marker} -->: mkdocs.yml has no extra.organisation to show here; "
            "add its name and an email address or phone number (see README, 'Who runs the hub')"
        )
    return org


def organisation_block(org: Organisation | None, page: str, renderer: Renderer) -> str:
    """The ``organisation`` block: the name, address, email, phone and website."""
    return renderer.render("blocks/organisation.md.j2", org=_organisation(org, page, "organisation"))


def organisation_name(org: Organisation | None, page: str) -> str:
    return str(escape(_organisation(org, page, "organisation-name").name))


def contact_inline(org: Organisation | None, page: str) -> str:
    """``email <a>x@y</a> or call <a>01234 567890</a>``, for a sentence."""
    found = _organisation(org, page, "contact")
    ways = []
    if found.email:
        ways.append(Markup('email <a href="{}">{}</a>').format(found.mailto, found.email))
    if found.phone:
        ways.append(Markup('call <a href="{}">{}</a>').format(found.tel, found.phone))
    return str(Markup(" or ").join(ways))
