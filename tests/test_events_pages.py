"""The events part of the sample hub, built with ``peerhub build --today 2026-11-23``: the
listing, category pages, event pages, the series programme, the blocks of other pages and
the schema.org ``Event`` data, read from the built HTML as a reader or a search engine
gets them."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from tests.conftest import REPO, run_peerhub

EVENTS = yaml.safe_load((REPO / "events.yaml").read_text(encoding="utf-8"))["events"]
IDS = [e["id"] for e in EVENTS]
WEEK = [e["id"] for e in EVENTS if e.get("series") == "awareness-week-2016"]
UPCOMING = [
    "becoming-a-psw-open-session",  # Wednesday 2 December 2026, monthly
    "winter-get-together-2026",
    "new-year-walk-and-talk-2027",  # cancelled, still shown (and says so)
    "carers-peer-support-evening-2027",
    "recruitment-open-day-2027",
    "peer-support-foundations-2027-03",
    "network-spring-meet-2027",
    "world-mental-health-day-2027",
    "global-peer-support-day",  # Thursday 21 October 2027, yearly
]


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert match, path
    return match[1]


def text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def card_ids(html: str) -> list[str]:
    return re.findall(r'class="hub-card__title"><a href="(?:[a-z./-]*/)?([a-z0-9-]+)/">', html)


def card(html: str, event_id: str) -> str:
    match = re.search(
        rf'<li class="hub-card[^>]*>\s*<h\d class="hub-card__title"><a href="{event_id}/">.*?</li>',
        html,
        re.S,
    )
    assert match, event_id
    return match[0]


def jsonld(path: Path) -> list[Any]:
    html = path.read_text(encoding="utf-8")
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


# -- /events/ ----------------------------------------------------------------------------


def test_upcoming_soonest_first_then_past_by_year_newest_first(sample_site: Path) -> None:
    html = article(sample_site / "events/index.html")
    coming, _, rest = html.partition('<h2 id="past-events">')
    past, _, _ = rest.partition('<h2 id="programmes">')
    assert card_ids(coming) == UPCOMING
    years = re.findall(r'<h3 id="(\d{4})">', past)
    assert years == ["2025", "2024", "2023", "2016"]
    in_2016 = past.partition('<h3 id="2016">')[2]
    assert sorted(card_ids(in_2016)) == sorted(WEEK)
    assert card_ids(in_2016)[0] == "awareness-week-close-2016"  # newest first
    assert set(card_ids(coming)) | set(card_ids(past)) == set(IDS)


def test_global_peer_support_day_is_upcoming_with_its_next_date(sample_site: Path) -> None:
    html = article(sample_site / "events/index.html")
    gpsd = text(card(html, "global-peer-support-day"))
    assert "Next: Thursday 21 October 2027, all day" in gpsd
    assert "Repeats every year on the third Thursday of October" in gpsd
    assert "15 October 2026" not in html
    page = text(article(sample_site / "events/global-peer-support-day/index.html"))
    assert "Next: Thursday 21 October 2027, all day Then: Thursday 19 October 2028, all day" in page
    assert "Repeats every year on the third Thursday of October" in page
    assert "Past event" not in page


def test_changed_events_say_so_in_the_listing_and_on_their_page(sample_site: Path) -> None:
    html = article(sample_site / "events/index.html")
    cases = {
        "new-year-walk-and-talk-2027": (
            "Cancelled",
            "This event has been cancelled. It will not take place.",
        ),
        "network-spring-meet-2027": ("Postponed", "This event has been postponed."),
        "carers-peer-support-evening-2027": ("Moved online", "This event now takes place online only."),
    }
    for event_id, (label, sentence) in cases.items():
        listed = card(html, event_id)
        assert (
            f'<span class="hub-status hub-status--{label.lower().replace(" ", "-")}">{label}</span></h3>'
            in listed
        )
        page = text(article(sample_site / f"events/{event_id}/index.html"))
        assert f"{label} {sentence}" in page
    assert "Was planned for Thursday 14 January 2027" in text(card(html, "new-year-walk-and-talk-2027"))


def test_category_filter_links_and_pages_work_without_javascript(sample_site: Path) -> None:
    html = article(sample_site / "events/index.html")
    nav = re.search(r'<ul class="hub-filter" data-hub-filter>(.*?)</ul>', html, re.S)
    assert nav
    links = re.findall(r'<a href="([^"]+)" data-category="([a-z]*)"', nav[1])
    assert links == [
        ("./", ""),
        ("category/awareness/", "awareness"),
        ("category/celebration/", "celebration"),
        ("category/recruitment/", "recruitment"),
        ("category/training/", "training"),
        ("category/community/", "community"),
    ]
    assert 'data-category="" aria-current="page">All events</a>' in nav[1]
    by_category: dict[str, list[str]] = {}
    for event in EVENTS:
        by_category.setdefault(event["category"], []).append(event["id"])
    for category, ids in by_category.items():
        page = article(sample_site / f"events/category/{category}/index.html")
        assert sorted(card_ids(page)) == sorted(ids), category
        assert f'data-category="{category}" aria-current="page"' in page
        assert page.count('aria-current="page"') == 1
    training = article(sample_site / "events/category/training/index.html")
    assert "<h1" in training and "Training events" in text(training)
    coming, _, past = training.partition('<h2 id="past-events">')
    assert card_ids(coming) == ["peer-support-foundations-2027-03"]
    assert card_ids(past) == ["psw-welcome-day-2024"]


def test_listing_script_is_inline_and_makes_no_request(sample_site: Path) -> None:
    html = (sample_site / "events/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", article(sample_site / "events/index.html"), re.S)
    assert len(scripts) == 1
    attributes, code = scripts[0]
    assert "src" not in attributes
    assert 'var ZONE = "Europe/London";' in code
    for call in ("fetch(", "XMLHttpRequest", "import(", "sendBeacon", "http"):
        assert call not in code
    assert "calendar.google.com" not in html  # only on event pages, as a link


# -- /events/<id>/ -------------------------------------------------------------------------


def test_event_page_has_everything_a_reader_needs(sample_site: Path) -> None:
    html = article(sample_site / "events/recruitment-open-day-2027/index.html")
    words = text(html)
    assert "Peer Support Worker recruitment open day" in words
    assert '<time datetime="2027-02-11T10:00+00:00">Thursday 11 February 2027, 10am to 3pm GMT</time>' in html
    assert "Oakwood Learning Centre 2 Oakwood Road, Maidstone, Kent ME16 8AE" in words
    assert "Organiser Peer support recruitment team" in words
    assert '<a href="https://example.org/book/recruitment-open-day-2027">Book a place</a>' in html
    assert "Accessibility Step-free access; hearing loop; quiet room; BSL interpreter on request" in words
    assert "get help with your application form" in words  # the description
    assert '<a href="../category/recruitment/">Recruitment</a>' in html


def test_event_page_links_its_series_and_its_stories(sample_site: Path) -> None:
    for event_id in WEEK:
        html = article(sample_site / f"events/{event_id}/index.html")
        link = '<a href="../series/awareness-week-2016/">Peer Support Awareness Week 2016</a>'
        assert f"<dt>Part of</dt>\n<dd>{link}</dd>" in html
    rivendell = article(sample_site / "events/rivendell-team-day-2016/index.html")
    assert "Stories from this event" in rivendell
    assert 'href="../../stories/see-people-as-people/"' in rivendell
    assert "Past event This event has ended." in text(rivendell)


def test_add_to_calendar_offers_the_ics_file_and_a_google_link(sample_site: Path) -> None:
    html = article(sample_site / "events/becoming-a-psw-open-session/index.html")
    assert '<h2 id="add-to-calendar">Add to calendar</h2>' in html
    assert '<a href="../becoming-a-psw-open-session.ics" download>' in html
    assert (sample_site / "events/becoming-a-psw-open-session.ics").is_file()
    href = unescape(re.search(r'<a href="(https://calendar\.google\.com/[^"]+)"', html)[1])  # type: ignore[index]
    url = urlsplit(href)
    assert (url.netloc, url.path) == ("calendar.google.com", "/calendar/render")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["action"] == "TEMPLATE"
    assert query["text"] == "Thinking of becoming a PSW? Open session"
    assert query["dates"] == "20261202T180000/20261202T190000"  # the next one, local time...
    assert query["ctz"] == "Europe/London"  # ...in this zone
    assert query["recur"] == "RRULE:FREQ=MONTHLY;BYDAY=+1WE"
    assert query["location"] == "https://example.org/events/becoming-a-psw-open-session"
    assert query["details"].endswith("https://peersupport.example.org/events/becoming-a-psw-open-session/")
    gpsd = article(sample_site / "events/global-peer-support-day/index.html")
    assert "dates=20271021/20271022&amp;" in gpsd  # all day: exclusive end date


def test_no_add_to_calendar_for_cancelled_or_past_events(sample_site: Path) -> None:
    for event_id in ["new-year-walk-and-talk-2027", "beacon-fun-day-2016"]:
        html = article(sample_site / f"events/{event_id}/index.html")
        assert "calendar.google.com" not in html
        assert 'id="add-to-calendar"' not in html
        assert f'<a href="../{event_id}.ics" download>' in html  # the file is still there


# -- /events/series/<id>/ ------------------------------------------------------------------


def test_series_programme_day_by_day(sample_site: Path) -> None:
    html = article(sample_site / "events/series/awareness-week-2016/index.html")
    days = re.findall(r'<h2 id="[a-z0-9-]+">([^<]+)</h2>', html)
    assert days == [
        "Running over several days",
        "Monday 4 July 2016",
        "Tuesday 5 July 2016",
        "Wednesday 6 July 2016",
        "Thursday 7 July 2016",
        "Friday 8 July 2016",
    ]
    sections = dict(zip(days, re.split(r'<h2 id="[a-z0-9-]+">[^<]+</h2>', html)[1:], strict=True))
    assert card_ids(sections["Running over several days"]) == [
        "art-exhibition-2016",
        "ash-eton-activities-2016",
    ]
    assert card_ids(sections["Tuesday 5 July 2016"]) == ["north-kent-mind-talk-2016", "food-bank-talk-2016"]
    assert card_ids(sections["Wednesday 6 July 2016"]) == [
        "live-it-library-filming-2016",
        "rivendell-team-day-2016",
    ]
    tuesday = text(sections["Tuesday 5 July 2016"])
    assert "10:30am to midday BST · Methodist church hall" in tuesday
    assert "2pm to 3pm BST · Highlands House" in tuesday
    assert sorted(card_ids(html)) == sorted(WEEK)
    words = text(html)
    assert "When Monday 4 to Friday 8 July 2016" in words
    assert "Past programme These events have ended." in words


def test_events_listing_links_the_programme(sample_site: Path) -> None:
    html = article(sample_site / "events/index.html")
    assert '<a href="series/awareness-week-2016/">Peer Support Awareness Week 2016</a>' in html
    assert "Monday 4 to Friday 8 July 2016 · 10 events" in text(html)


# -- blocks of other pages -------------------------------------------------------------------


def test_home_page_shows_the_next_events_that_are_on(sample_site: Path) -> None:
    html = article(sample_site / "index.html")
    assert card_ids(html)[3:] == [  # after the three latest stories
        "becoming-a-psw-open-session",
        "winter-get-together-2026",
        "carers-peer-support-evening-2027",  # the cancelled walk on 14 January is left out
        # "Jobs": the open vacancies (tests/test_vacancies.py), then "Next recruitment events"
        "psw-rehabilitation-part-time-2027",
        "psw-adult-community-2027",
        "carers-peer-worker-secondment-2027",
        "becoming-a-psw-open-session",
        "recruitment-open-day-2027",
    ]
    assert "peerhub:" not in html


def test_becoming_a_psw_page_shows_upcoming_recruitment_and_training(sample_site: Path) -> None:
    html = article(sample_site / "becoming-a-psw/index.html")
    assert card_ids(html) == [
        # "Jobs open now" (tests/test_vacancies.py), then the events
        "psw-rehabilitation-part-time-2027",
        "psw-adult-community-2027",
        "carers-peer-worker-secondment-2027",
        "becoming-a-psw-open-session",
        "recruitment-open-day-2027",
        "peer-support-foundations-2027-03",
    ]
    assert "peerhub:" not in html
    assert "psw-welcome-day-2024" not in html  # training, but past


# -- schema.org Event --------------------------------------------------------------------


@pytest.mark.parametrize("event_id", IDS)
def test_every_event_page_has_valid_event_jsonld(sample_site: Path, event_id: str) -> None:
    (data,) = jsonld(sample_site / f"events/{event_id}/index.html")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    source = next(e for e in EVENTS if e["id"] == event_id)
    assert data["name"] == source["title"]
    assert data["description"] == " ".join(source["summary"].split())
    timed = "T" in str(source["start"])
    pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$" if timed else r"^\d{4}-\d{2}-\d{2}$"
    assert re.match(pattern, data["startDate"]) and re.match(pattern, data["endDate"])
    assert data["endDate"] >= data["startDate"]
    status = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed",
              "moved-online": "EventMovedOnline"}[source.get("status", "scheduled")]  # fmt: skip
    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert data["eventAttendanceMode"].startswith("https://schema.org/") and data[
        "eventAttendanceMode"
    ].endswith("EventAttendanceMode")
    places = data["location"] if isinstance(data["location"], list) else [data["location"]]
    for place in places:
        assert place["@type"] in {"Place", "VirtualLocation"}
        if place["@type"] == "Place":
            assert place["address"]["@type"] == "PostalAddress" and place["name"]
        else:
            assert place["url"].startswith("https://")
    assert data["organizer"]["@type"] == "Organization" and data["organizer"]["name"]
    assert data["url"] == f"https://peersupport.example.org/events/{event_id}/"


def test_jsonld_dates_and_places(sample_site: Path) -> None:
    (fun_day,) = jsonld(sample_site / "events/beacon-fun-day-2016/index.html")
    assert (fun_day["startDate"], fun_day["endDate"]) == ("2016-07-04T11:00+01:00", "2016-07-04T15:00+01:00")
    assert fun_day["location"] == {
        "@type": "Place",
        "name": "The Beacon",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Courtyard, 40 Northdown Road, Margate, Kent",
            "postalCode": "CT9 2RS",
        },
    }
    assert fun_day["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    (winter,) = jsonld(sample_site / "events/winter-get-together-2026/index.html")
    assert winter["startDate"] == "2026-12-10T13:00+00:00"
    (gpsd,) = jsonld(sample_site / "events/global-peer-support-day/index.html")
    assert (gpsd["startDate"], gpsd["endDate"]) == ("2027-10-21", "2027-10-21")
    assert gpsd["location"] == {
        "@type": "VirtualLocation",
        "url": "https://example.org/global-peer-support-day",
    }
    assert gpsd["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    (moved,) = jsonld(sample_site / "events/carers-peer-support-evening-2027/index.html")
    assert moved["location"]["@type"] == "VirtualLocation"
    assert moved["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


HOSTILE = """\
events:
  - id: hostile
    title: "</script><script>alert(1)</script> & <b>bold</b>"
    summary: "Ends </SCRIPT> early? 'quotes' \\"too\\""
    start: 2026-12-03T11:00
    category: community
    venue: {name: "<img src=x onerror=alert(2)>", address: 1 Road}
  - id: moved
    title: Moved
    summary: Was at the hall.
    start: 2026-12-03T11:00
    category: community
    status: moved-online
    venue: {name: Church hall, address: 1 Road}
    online: https://example.org/join
"""


def test_content_cannot_break_out_of_the_jsonld_or_the_page(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": HOSTILE})
    site = tmp_path / "site"
    result = run_peerhub("build", "--today", "2026-11-23", "--site-dir", str(site), cwd=root)
    assert result.code == 0, result.text
    page = site / "events/hostile/index.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "</SCRIPT> early" not in html
    assert "<img src=x" not in html
    (data,) = jsonld(page)
    assert data["name"] == "</script><script>alert(1)</script> & <b>bold</b>"
    assert data["description"] == "Ends </SCRIPT> early? 'quotes' \"too\""
    assert data["location"]["name"] == "<img src=x onerror=alert(2)>"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in article(
        page
    )


def test_an_event_moved_online_says_where_it_no_longer_is(make_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"events.yaml": HOSTILE})
    site = tmp_path / "site"
    assert run_peerhub("build", "--today", "2026-11-23", "--site-dir", str(site), cwd=root).code == 0
    page = site / "events/moved/index.html"
    html = article(page)
    assert "<dt>Where</dt>\n<dd><s>Church hall</s> Now online only</dd>" in html
    assert '<a href="https://example.org/join">Join online</a>' in html
    (data,) = jsonld(page)
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/join"}
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
