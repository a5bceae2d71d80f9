"""Vacancy pages, the vacancies listing and the open-vacancies block of hand-written pages,
rendered from templates to markdown.

One :class:`VacancyView` per vacancy holds what every page shows of it for the build's
today. Only open posts are listed (closing soonest first), searched, in the sitemap and
given a ``JobPosting``; a closed post's page stays, says when it closed and offers no way
to apply (``generator.vacancy_rules``).
"""

from __future__ import annotations

from collections.abc import Callable

from generator import urls
from generator.model import CONTRACT_LABELS, Vacancy
from generator.render.common import Linker, Page, PageUrls, Renderer, page_title, paginate
from generator.render.jsonld_job import job_posting
from generator.settings import Settings
from generator.vacancy_rules import hours_in_words, pay_in_words, state
from generator.views import VacancyView

PER_PAGE = 50
"""Posts on a page of ``/vacancies/`` (then ``/vacancies/page/2/``), so no page grows with
the content."""
INTRO = (
    "Jobs for people with lived experience of mental health problems, or of caring for "
    "someone who has. Each post says its team, place, pay and hours, and how to apply."
)


def employer_name(settings: Settings) -> str:
    """The organisation that runs the hub, which employs a post unless it says otherwise."""
    return settings.organisation.name if settings.organisation else settings.site_name


def vacancy_view(vacancy: Vacancy, settings: Settings) -> VacancyView:
    """The vacancy as shown today: open (with where to apply), closed, or a draft."""
    meta = vacancy.meta
    found = state(meta, settings.today)
    url = urls.vacancy(meta.id)
    not_past = meta.closes >= settings.today
    return VacancyView(
        id=meta.id,
        url=url,
        title=meta.title,
        summary=meta.summary,
        description=meta.description,
        team=meta.team,
        employer=meta.employer or employer_name(settings),
        location=meta.location,
        band=meta.band,
        pay=pay_in_words(meta.salary),
        hours=hours_in_words(meta.hours),
        contract=CONTRACT_LABELS[meta.contract],
        posted=meta.posted,
        closes=meta.closes,
        state=found,
        apply=meta.apply if not_past else None,
        listed=not_past,
        jsonld=job_posting(meta, urls.absolute(settings.site_url, url), settings)
        if found == "open"
        else None,
    )


def closing_soonest(views: list[VacancyView]) -> list[VacancyView]:
    """Listed posts, closing soonest first; the id breaks ties."""
    return sorted((v for v in views if v.listed), key=lambda v: (v.closes, v.id))


def vacancy_page(view: VacancyView, renderer: Renderer) -> Page:
    """One post at ``vacancies/<id>/``; an open one carries its ``JobPosting``."""
    markers = renderer.markers
    body = renderer.render(
        "vacancy.md.j2", v=view, link=Linker(view.url), body_start=markers.start, body_end=markers.end
    )
    return Page(
        view.url,
        body,
        description=view.summary,
        jsonld=view.jsonld,
        draft=view.draft,
        layout="event",
        sanitize_body=view.description is not None,
        indexed=not view.closed,
        in_search=not view.closed,
    )


def vacancies_index(views: list[VacancyView], renderer: Renderer, per_page: int = PER_PAGE) -> list[Page]:
    """``vacancies/``: open posts, closing soonest first, ``per_page`` to a page."""
    listed = closing_soonest(views)
    page_url = PageUrls(urls.VACANCIES)
    chunks = paginate(listed, per_page)
    out = []
    for number, chunk in enumerate(chunks, 1):
        url = page_url(number)
        title = page_title("Vacancies", number, len(chunks))
        body = renderer.render(
            "vacancies.md.j2",
            heading=title,
            vacancies=chunk,
            total=len(listed),
            intro=INTRO,
            number=number,
            pages=len(chunks),
            page_url=page_url,
            link=Linker(url),
        )
        out.append(Page(url, body, description=INTRO, title=title, in_search=False))
    return out


def vacancy_pages(views: list[VacancyView], renderer: Renderer) -> list[Page]:
    """Every page about vacancies: one per post, then the listing."""
    return [vacancy_page(view, renderer) for view in views] + vacancies_index(views, renderer)


def vacancies_block(
    views: list[VacancyView], count: int, link: Callable[[str], str], renderer: Renderer
) -> str:
    """The ``<!-- peerhub:open-vacancies count=3 -->`` block: the next ``count`` posts to
    close (open ones only, also in the preview), and a link to all of them."""
    chosen = [v for v in closing_soonest(views) if v.open]
    return renderer.render("blocks/vacancies.md.j2", vacancies=chosen[:count], total=len(chosen), link=link)
