"""schema.org ``Event`` structured data for an event page, as Google's event rich results
read it: name, start and end with their UTC offset, location, status, attendance mode,
description and organiser.

The result is a plain mapping; the generated page carries it in its front matter under
``jsonld`` and the theme writes it with ``tojson`` (which escapes ``<``, ``>`` and ``&``,
so a ``</script>`` in a title cannot end the block).
"""

from __future__ import annotations

from typing import Any

from generator import event_rules
from generator.model import EventMeta, Venue
from generator.schedule import Occurrence, iso_local
from generator.settings import Settings

SCHEMA = "https://schema.org/"


def attendance_mode(meta: EventMeta) -> str:
    """Offline at a venue, online, or both."""
    online = event_rules.is_online(meta)
    offline = event_rules.venue(meta) is not None
    if online and offline:
        return "MixedEventAttendanceMode"
    return "OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"


def _place(venue: Venue) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if venue.address:
        address["streetAddress"] = venue.address
    if venue.postcode:
        address["postalCode"] = venue.postcode
    if len(address) == 1:  # no address given: the venue's name is the best there is
        address["name"] = venue.name
    return {"@type": "Place", "name": venue.name, "address": address}


def _location(meta: EventMeta, page_url: str) -> dict[str, Any] | list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    venue = event_rules.venue(meta)
    if venue is not None:
        places.append(_place(venue))
    if meta.online is not None:
        places.append({"@type": "VirtualLocation", "url": meta.online})
    elif not places:  # moved online with no link yet: the page says how to join
        places.append({"@type": "VirtualLocation", "url": page_url})
    return places[0] if len(places) == 1 else places


def hub_organisation(settings: Settings) -> dict[str, Any]:
    """The organisation that runs the hub, as schema.org ``Organization``."""
    org = settings.organisation
    data: dict[str, Any] = {"@type": "Organization", "name": org.name if org else settings.site_name}
    url = (org.url if org else None) or settings.site_url
    if url:
        data["url"] = url
    return data


def organizer(meta: EventMeta, settings: Settings) -> dict[str, Any]:
    """The event's organiser: an outside organiser by name alone (the hub does not know its
    website, and must not give it the hub's), else the organisation that runs the hub."""
    if meta.organiser:
        return {"@type": "Organization", "name": meta.organiser}
    return hub_organisation(settings)


def event_jsonld(
    meta: EventMeta, occurrence: Occurrence, page_url: str, settings: Settings
) -> dict[str, Any]:
    """The ``Event`` of one occurrence (the next one, or the last for a past event)."""
    end = occurrence.end if occurrence.end is not None else occurrence.start
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meta.title,
        "description": meta.summary,
        "startDate": iso_local(occurrence.start, settings.tz),
        "endDate": iso_local(end, settings.tz),
        "eventStatus": SCHEMA + event_rules.status(meta).schema,
        "eventAttendanceMode": SCHEMA + attendance_mode(meta),
        "location": _location(meta, page_url),
        "organizer": organizer(meta, settings),
        "url": page_url,
    }
    if meta.booking:
        data["offers"] = {"@type": "Offer", "url": meta.booking}
    if meta.tags:
        data["keywords"] = ", ".join(meta.tags)
    return data
