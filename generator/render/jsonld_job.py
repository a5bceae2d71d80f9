"""schema.org ``JobPosting`` structured data for an open vacancy, with the properties
Google for Jobs requires (title, description, datePosted, hiringOrganization, jobLocation)
and those it recommends for a post based in one place (validThrough, employmentType,
baseSalary, identifier, directApply).

Only an open vacancy has it: a closed post must not be offered to job search engines.
The result is a plain mapping written by the theme with ``tojson``, like every JSON-LD.
"""

from __future__ import annotations

import html
from datetime import datetime, time
from typing import Any

import markdown
import nh3

from generator.model import Location, VacancyMeta
from generator.render.jsonld_event import hub_organisation
from generator.schedule import iso_local
from generator.settings import Settings
from generator.vacancy_rules import employment_type, hours_in_words, pay_in_words

COUNTRY = "GB"
"""Every post is in the UK: the hub is for NHS Peer Support Workers."""
_DESCRIPTION_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i"}
"""What a job description may keep of its markdown (Google reads it as HTML)."""
_DESCRIPTION = nh3.Cleaner(tags=_DESCRIPTION_TAGS, attributes={})


def postal_address(location: Location) -> dict[str, Any]:
    """The post's address: the last part of ``address`` after a comma is the town."""
    street, _, town = location.address.rpartition(",")
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if street.strip() and town.strip():
        address["streetAddress"] = street.strip()
        address["addressLocality"] = town.strip()
    else:
        address["streetAddress"] = location.address
    if location.postcode:
        address["postalCode"] = location.postcode
    address["addressCountry"] = COUNTRY
    return address


def description_html(meta: VacancyMeta) -> str:
    """The whole advert as HTML: summary, the facts, then the description (sanitised)."""
    facts = [hours_in_words(meta.hours)]
    pay = pay_in_words(meta.salary)
    if pay:
        facts.append(pay)
    if meta.band:
        facts.append(f"Agenda for Change band {meta.band}")
    parts = [f"<p>{html.escape(meta.summary)}</p>", f"<p>{html.escape('; '.join(facts))}.</p>"]
    if meta.description:
        converted = markdown.markdown(meta.description)
        parts.append(_DESCRIPTION.clean(converted).strip())
    return "\n".join(parts)


def base_salary(meta: VacancyMeta) -> dict[str, Any] | None:
    salary = meta.salary
    if salary is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "YEAR"}
    if salary.max is None or salary.max == salary.min:
        value["value"] = salary.min
    else:
        value |= {"minValue": salary.min, "maxValue": salary.max}
    return {"@type": "MonetaryAmount", "currency": "GBP", "value": value}


def hiring_organisation(meta: VacancyMeta, settings: Settings) -> dict[str, Any]:
    """The employer by name when it is not the hub's organisation (whose website the hub
    does not know), else the organisation that runs the hub."""
    if meta.employer:
        return {"@type": "Organization", "name": meta.employer}
    return hub_organisation(settings)


def job_posting(meta: VacancyMeta, page_url: str, settings: Settings) -> dict[str, Any]:
    """The ``JobPosting`` of an open vacancy; applications close at the end of ``closes``."""
    organisation = hiring_organisation(meta, settings)
    end = datetime.combine(meta.closes, time(23, 59))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": meta.title,
        "description": description_html(meta),
        "datePosted": meta.posted.isoformat(),
        "validThrough": iso_local(end, settings.tz),
        "hiringOrganization": organisation,
        "jobLocation": {
            "@type": "Place",
            "name": meta.location.name,
            "address": postal_address(meta.location),
        },
        "employmentType": employment_type(meta),
        "identifier": {"@type": "PropertyValue", "name": organisation["name"], "value": meta.id},
        "directApply": False,
        "url": page_url,
    }
    salary = base_salary(meta)
    if salary is not None:
        data["baseSalary"] = salary
    return data
