"""What a reader can search for: one record per story, event, programme and page on the site.

A record holds only what a reader searches and what a result shows, taken from the views
the pages are rendered from (so a withheld story, which has no view, has no record). Its
words are weighed by where they stand: the title most, then the ``fields`` (summary, names,
themes, tags, places), then the ``text`` (a story's body, an event's description), which
is also what a result's excerpt is cut from.

Adding a kind takes a label in :data:`KINDS`, its facets in :data:`FACETS` if it has new
ones, and a function like :func:`vacancy_record` called where its pages are rendered
(``generator.render``). A generated page with no record is still found: it is indexed by
its text like any hand-written page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from generator.schedule import day_in_words
from generator.views import EventView, SeriesView, StoryView, VacancyView

KINDS: dict[str, str] = {
    "page": "Page",
    "story": "Story",
    "event": "Event",
    "series": "Programme",
    "vacancy": "Vacancy",
}
"""What each kind of record is called in results and in the "Type" filter."""

FACETS: dict[str, str] = {
    "kind": "Type",
    "theme": "CHIME theme",
    "role": "Who tells it",
    "category": "Event category",
}
"""The filters offered with results, in this order; each record names its values."""


@dataclass(frozen=True)
class Record:
    """One searchable thing: a page of the site, what finds it and what its result shows."""

    url: str
    """Directory URL relative to the site root, e.g. ``stories/my-story/``."""
    kind: str
    """A key of :data:`KINDS`."""
    title: str
    summary: str = ""
    when: str = ""
    """The date as a result shows it (a story's date, an event's day)."""
    day: date | None = None
    """Orders records: on equal scores, newer comes first (pages, undated, before all)."""
    fields: tuple[str, ...] = ()
    """Text found with more weight than the body: names, themes, tags, places, ..."""
    text: str = ""
    """Plain text of the body; the excerpt of a result is cut from it."""
    notes: tuple[str, ...] = ()
    """Content notes: the result shows them and the summary, never an excerpt of the body."""
    facets: tuple[tuple[str, str], ...] = ()
    """``(facet, value)`` pairs; ``facet`` is a key of :data:`FACETS`."""

    def with_text(self, text: str) -> Record:
        """The record with the plain text of its body, known once the page is converted."""
        return replace(self, text=" ".join(f for f in (self.text, text) if f)) if text else self


def _present(*parts: str | None) -> tuple[str, ...]:
    return tuple(p for p in parts if p)


def story_record(view: StoryView) -> Record:
    """A story: found by its title, summary, storyteller, themes, tags, quote, content notes
    and every word of its body (added with :meth:`Record.with_text`)."""
    themes = tuple(t.label for t in view.themes)
    return Record(
        url=view.url,
        kind="story",
        title=view.title,
        summary=view.summary,
        when=day_in_words(view.date),
        day=view.date,
        fields=_present(
            view.summary,
            view.storyteller_name,
            view.role_label,
            view.team,
            ", ".join(themes),
            ", ".join(view.tags),
            view.quote,
            ", ".join(view.content_notes),
        ),
        notes=view.content_notes,
        facets=(("kind", KINDS["story"]), ("role", view.role_label), *(("theme", t) for t in themes)),
    )


def event_record(view: EventView) -> Record:
    """An event: found by its title, summary, when and where, category, series, organiser
    and accessibility, and its description. The excerpt can show when and where."""
    venue = view.venue if view.status != "moved-online" else None
    address = _present(venue.address, venue.postcode) if venue is not None else ()
    status = view.status_label if view.status != "scheduled" else ""
    facts = _present(status, view.when, view.where, ", ".join(address))
    return Record(
        url=view.url,
        kind="event",
        title=view.title,
        summary=view.summary,
        when=day_in_words(view.occurrence.first_day),
        day=view.occurrence.first_day,
        fields=_present(
            view.summary,
            *facts,
            view.category_label,
            view.series.title if view.series else None,
            view.organiser,
            view.accessibility,
        ),
        text=" ".join(f"{fact}." for fact in facts),
        facets=(("kind", KINDS["event"]), ("category", view.category_label)),
    )


def series_record(view: SeriesView) -> Record:
    """A programme (an awareness week): its title, summary, dates and description. Its
    events have records of their own."""
    firsts = [d.day for d in view.days] + [e.occurrence.first_day for e in view.running]
    return Record(
        url=view.url,
        kind="series",
        title=view.title,
        summary=view.summary,
        when=view.when,
        day=min(firsts) if firsts else None,
        fields=_present(view.summary, view.when),
        facets=(("kind", KINDS["series"]),),
    )


def vacancy_record(view: VacancyView) -> Record:
    """An open post: found by its title, summary, team, place, pay, hours and closing day
    (people search for "pay" and "part time"), its address, band, contract and employer,
    and its description. A closed post has no record."""
    return Record(
        url=view.url,
        kind="vacancy",
        title=view.title,
        summary=view.summary,
        when=f"closes {day_in_words(view.closes)}",
        day=view.posted,
        fields=_present(
            view.summary,
            view.team,
            view.where,
            f"Pay {view.pay}" if view.pay else None,
            view.hours,
            view.location.address,
            view.location.postcode,
            f"Band {view.band}" if view.band else None,
            f"{view.contract} contract",
            view.employer,
        ),
        facets=(("kind", KINDS["vacancy"]),),
    )


def page_record(url: str, title: str, text: str, heading: str = "") -> Record:
    """A hand-written page: its title (as in the menu), its heading, and the text of its
    content (not the theme's chrome)."""
    fields = (heading,) if heading and heading != title else ()
    return Record(
        url=url, kind="page", title=title, fields=fields, text=text, facets=(("kind", KINDS["page"]),)
    )
