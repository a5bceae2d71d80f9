"""What an event's status means, and where an event takes place: one rule each, for every
output (pages, search, calendars, structured data, the Google Calendar link).

- **Status**: each status has its words on the site, its note in a calendar, its
  iCalendar ``STATUS``, its schema.org ``eventStatus``, and whether the event is *on*: a
  scheduled event or one moved online is on; a cancelled or postponed one is not. The
  blocks of other pages ("what is on") show only events that are on, and a calendar
  sees a status other than "scheduled" as a new version of the event.
- **Place**: an event is at its venue unless it has moved online; it is online when it
  has an online link or has moved online. It may be both.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import EventMeta, Venue


@dataclass(frozen=True)
class Status:
    """What one value of an event's ``status`` means in every output."""

    label: str
    """Shown on cards and pages when the status is not "scheduled"."""
    sentence: str
    """Said on the event's page."""
    calendar_note: str
    """Opens the description in calendar files."""
    ics: str
    """iCalendar ``STATUS``."""
    schema: str
    """schema.org ``eventStatus``."""
    on: bool
    """The event takes place as planned (at the venue or online)."""


STATUSES: dict[str, Status] = {
    "scheduled": Status("Scheduled", "", "", "CONFIRMED", "EventScheduled", on=True),
    "cancelled": Status(
        "Cancelled",
        "This event has been cancelled. It will not take place.",
        "CANCELLED: this event will not take place.",
        "CANCELLED",
        "EventCancelled",
        on=False,
    ),
    "postponed": Status(
        "Postponed",
        "This event has been postponed. A new date will be shared here when it is known.",
        "POSTPONED: a new date will be shared when it is known.",
        "TENTATIVE",
        "EventPostponed",
        on=False,
    ),
    "moved-online": Status(
        "Moved online",
        "This event now takes place online only. Please use the online link.",
        "NOW ONLINE ONLY: join with the online link.",
        "CONFIRMED",
        "EventMovedOnline",
        on=True,
    ),
}


def status(meta: EventMeta) -> Status:
    return STATUSES[meta.status]


def venue(meta: EventMeta) -> Venue | None:
    """The venue the event takes place at: none once it has moved online."""
    return meta.venue if meta.status != "moved-online" else None


def is_online(meta: EventMeta) -> bool:
    """True when the event can be joined online (it has a link, or has moved online)."""
    return meta.online is not None or meta.status == "moved-online"


def location(meta: EventMeta) -> str | None:
    """Where, as one line for a calendar: the venue and its address, else the online link."""
    place = venue(meta)
    if place is None:
        return meta.online
    return ", ".join(p for p in (place.name, place.address, place.postcode) if p)


def offered(meta: EventMeta, upcoming: bool) -> bool:
    """An upcoming event that is not cancelled can still be booked and added to a calendar."""
    return upcoming and meta.status != "cancelled"
