"""Vacancies as a person thinking of becoming a PSW meets them, and as staff publish them.

The sample hub (``peerhub build --today 2026-11-23``) has three open posts, one closed
and one draft (``vacancies.yaml``). What is read is what a reader, a search engine or
Google for Jobs gets: the built pages, the sitemap, the search index, the JSON-LD.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from html import unescape
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.model import VacancyMeta
from generator.placeholders import VACANCY
from generator.vacancy_rules import state
from generator.yamlsource import load_yaml
from tests.conftest import REPO, TODAY, mkdocs_build, run_peerhub
from tests.searchindex import BuiltIndex
from tests.storyhelp import article, build_hub, every_file_text, mkdocs_yml, visible_text


def read_yaml(text: str) -> Any:
    """YAML as peerhub reads it: dates stay text."""
    return load_yaml(text, "vacancies.yaml").data


SAMPLE = read_yaml((REPO / "vacancies.yaml").read_text(encoding="utf-8"))["vacancies"]
BY_ID = {v["id"]: v for v in SAMPLE}
OPEN = [  # closing soonest first
    "psw-rehabilitation-part-time-2027",  # Sunday 6 December 2026
    "psw-adult-community-2027",  # Sunday 20 December 2026
    "carers-peer-worker-secondment-2027",  # Friday 15 January 2027
]
CLOSED = "senior-psw-early-intervention-2026"  # closed on Sunday 25 October 2026
DRAFT = "psw-bank-inpatient-2027"


def jsonld(path: Path) -> list[Any]:
    html = path.read_text(encoding="utf-8")
    return [
        json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def card_ids(html: str) -> list[str]:
    return re.findall(r'class="hub-card__title"><a href="(?:[a-z./-]*/)?([a-z0-9-]+)/"', html)


def section(html: str, heading_id: str) -> str:
    """The HTML from the heading with ``heading_id`` to the next heading of that level."""
    match = re.search(rf'<h(\d) id="{heading_id}">', html)
    assert match, heading_id
    rest = html[match.end() :]
    end = re.search(rf"<h[1-{match[1]}] id=", rest)
    return rest[: end.start()] if end else rest


# -- Google for Jobs: JobPosting ----------------------------------------------------------

EMPLOYMENT_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def job_posting_problems(data: dict[str, Any]) -> list[str]:
    """What Google's JobPosting documentation asks of a posting for a job in one place:
    the required properties (title, description, datePosted, hiringOrganization,
    jobLocation with an address and its country) and the recommended ones (validThrough,
    employmentType, baseSalary, identifier, directApply), each of the documented type."""
    problems = []
    if data.get("@context") != "https://schema.org" or data.get("@type") != "JobPosting":
        problems.append("not a schema.org JobPosting")
    for key in ("title", "description", "datePosted"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(f"{key}: required text")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", data.get("datePosted", "")):
        problems.append("datePosted: an ISO 8601 date")
    if "<p>" not in data.get("description", ""):
        problems.append("description: HTML expected")
    org = data.get("hiringOrganization", {})
    if org.get("@type") != "Organization" or not org.get("name"):
        problems.append("hiringOrganization: an Organization with a name")
    places = data.get("jobLocation")
    for place in places if isinstance(places, list) else [places]:
        address = (place or {}).get("address", {})
        if (place or {}).get("@type") != "Place" or address.get("@type") != "PostalAddress":
            problems.append("jobLocation: a Place with a PostalAddress")
        if not re.fullmatch(r"[A-Z]{2}", address.get("addressCountry", "")):
            problems.append("jobLocation.address.addressCountry: a two-letter country code")
        if not any(
            address.get(k) for k in ("streetAddress", "addressLocality", "addressRegion", "postalCode")
        ):
            problems.append("jobLocation.address: a street, town, region or postcode")
    try:
        through = datetime.fromisoformat(data["validThrough"])
        if through.tzinfo is None or through.date() < date.fromisoformat(data["datePosted"]):
            problems.append("validThrough: a date-time with its offset, after datePosted")
    except (KeyError, ValueError):
        problems.append("validThrough: an ISO 8601 date-time")
    types = data.get("employmentType")
    if not types or not set(types if isinstance(types, list) else [types]) <= EMPLOYMENT_TYPES:
        problems.append(f"employmentType: one or more of {sorted(EMPLOYMENT_TYPES)}")
    salary = data.get("baseSalary")
    if salary is not None:
        value = salary.get("value", {})
        numbers = [value.get(k) for k in ("value", "minValue", "maxValue") if k in value]
        if salary.get("@type") != "MonetaryAmount" or not re.fullmatch(
            r"[A-Z]{3}", salary.get("currency", "")
        ):
            problems.append("baseSalary: a MonetaryAmount with an ISO 4217 currency")
        if (
            value.get("@type") != "QuantitativeValue"
            or value.get("unitText") not in SALARY_UNITS
            or not numbers
        ):
            problems.append("baseSalary.value: a QuantitativeValue with unitText and a value or range")
        if not all(isinstance(n, int | float) for n in numbers):
            problems.append("baseSalary.value: numbers")
        if "minValue" in value and value.get("maxValue", value["minValue"]) < value["minValue"]:
            problems.append("baseSalary.value: maxValue below minValue")
    ident = data.get("identifier", {})
    if ident.get("@type") != "PropertyValue" or not ident.get("name") or not ident.get("value"):
        problems.append("identifier: a PropertyValue with name and value")
    if not isinstance(data.get("directApply"), bool):
        problems.append("directApply: true or false")
    return problems


def test_the_checker_finds_what_google_would_refuse() -> None:
    """The JobPosting check above can fail: each broken property is named."""
    broken = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "",
        "description": "plain",
        "datePosted": "10 November 2026",
        "hiringOrganization": {"@type": "Organization"},
        "jobLocation": {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressCountry": "United Kingdom"},
        },
        "validThrough": "2026-12-20",
        "employmentType": ["PERMANENT"],
        "baseSalary": {"@type": "MonetaryAmount", "currency": "£", "value": {"@type": "QuantitativeValue"}},
        "identifier": {},
    }
    found = " | ".join(job_posting_problems(broken))
    for name in (
        "title",
        "datePosted",
        "description: HTML",
        "hiringOrganization",
        "addressCountry",
        "a street, town",
        "validThrough",
        "employmentType",
        "baseSalary: a MonetaryAmount",
        "baseSalary.value",
        "identifier",
        "directApply",
    ):
        assert name in found, name


@pytest.mark.parametrize("vacancy_id", OPEN)
def test_every_open_vacancy_has_a_valid_job_posting(sample_site: Path, vacancy_id: str) -> None:
    (data,) = jsonld(sample_site / f"vacancies/{vacancy_id}/index.html")
    assert job_posting_problems(data) == []
    source = BY_ID[vacancy_id]
    assert data["title"] == source["title"]
    assert data["datePosted"] == source["posted"]
    assert data["validThrough"] == f"{source['closes']}T23:59+00:00"  # the whole closing day, UK time
    assert data["url"] == f"https://peersupport.example.org/vacancies/{vacancy_id}/"
    assert data["jobLocation"]["name"] == source["location"]["name"]
    assert data["jobLocation"]["address"]["postalCode"] == source["location"]["postcode"]
    assert " ".join(source["summary"].split()) in data["description"]
    salary = source["salary"]
    value = data["baseSalary"]["value"]
    assert data["baseSalary"]["currency"] == "GBP" and value["unitText"] == "YEAR"
    if "max" in salary:
        assert (value["minValue"], value["maxValue"]) == (salary["min"], salary["max"])
    else:
        assert value["value"] == salary["min"]


def test_job_posting_details(sample_site: Path) -> None:
    (adult,) = jsonld(sample_site / "vacancies/psw-adult-community-2027/index.html")
    assert adult["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 Sample Street",
        "addressLocality": "Maidstone",
        "postalCode": "ME14 1ZZ",
        "addressCountry": "GB",
    }
    assert adult["employmentType"] == ["FULL_TIME"]
    assert adult["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Example Mental Health NHS Foundation Trust",
        "url": "https://www.example.org/",
    }
    assert "<li>Meet people one to one" in adult["description"]  # the description's markdown, as HTML
    (rehab,) = jsonld(sample_site / "vacancies/psw-rehabilitation-part-time-2027/index.html")
    assert rehab["employmentType"] == ["PART_TIME", "TEMPORARY"]
    (carers,) = jsonld(sample_site / "vacancies/carers-peer-worker-secondment-2027/index.html")
    # An outside employer is named alone: the hub does not know its website, and must not give it its own.
    assert carers["hiringOrganization"] == {"@type": "Organization", "name": "Example Carers' Network"}
    assert carers["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "YEAR", "value": 24071}


# -- /vacancies/ and each post's page ------------------------------------------------------


def test_the_listing_shows_open_posts_closing_soonest_first(sample_site: Path) -> None:
    html = article(sample_site / "vacancies/index.html")
    assert card_ids(html) == OPEN
    text = visible_text(html)
    assert "3 posts open, closing soonest first." in text
    assert "Band 3 · £24,071 to £25,674 a year · 22.5 hours a week (part time) · Fixed term" in text
    assert "Closing date: Sunday 6 December 2026 (apply by the end of the day)" in text
    for hidden in (CLOSED, DRAFT):
        assert BY_ID[hidden]["title"] not in text
    # In the site's menu, next to stories and events.
    menu = (sample_site / "index.html").read_text(encoding="utf-8")
    assert (
        re.search(r'<a href="vacancies/"[^>]*>\s*<span[^>]*>\s*Vacancies', menu)
        or 'href="vacancies/"' in menu
    )


@pytest.mark.parametrize("vacancy_id", OPEN)
def test_an_open_post_shows_its_facts_and_a_way_to_apply(sample_site: Path, vacancy_id: str) -> None:
    html = article(sample_site / f"vacancies/{vacancy_id}/index.html")
    source = BY_ID[vacancy_id]
    text = visible_text(html)
    facts = dict(
        zip(
            re.findall(r"<dt>(.*?)</dt>", html),
            [visible_text(d) for d in re.findall(r"<dd>(.*?)</dd>", html, re.S)],
            strict=True,
        )
    )
    assert facts["Team"] == source["team"]
    assert facts["Where"].startswith(source["location"]["name"])
    assert source["location"]["postcode"] in facts["Where"]
    assert facts["Hours"].startswith(f"{source['hours']:g} hours a week")
    assert facts["Contract"] in {"Permanent", "Fixed term", "Bank (hours when needed)", "Secondment"}
    assert facts["Pay"].startswith(f"£{source['salary']['min']:,}")
    if "band" in source:
        assert facts["Band"] == f"Agenda for Change band {source['band']}"
    closes = date.fromisoformat(source["closes"])
    assert facts["Closing date"].startswith(f"{closes:%A} {closes.day} {closes:%B %Y}")
    apply = re.findall(r'<a class="md-button md-button--primary hub-apply__button" href="([^"]+)"', html)
    assert apply == [source["apply"]]
    assert "Apply for this post" in text
    assert '<meta name="robots"' not in (sample_site / f"vacancies/{vacancy_id}/index.html").read_text(
        "utf-8"
    )


def test_a_closed_post_says_so_with_no_way_to_apply(sample_site: Path) -> None:
    page = sample_site / f"vacancies/{CLOSED}/index.html"
    html = page.read_text(encoding="utf-8")
    text = visible_text(article(page))
    assert "Closed This post closed on Sunday 25 October 2026" in text
    assert "Applications are no longer taken." in text
    assert BY_ID[CLOSED]["apply"] not in html and "Apply for this post" not in text
    assert jsonld(page) == []  # not offered to job search engines
    assert '<meta name="robots" content="noindex">' in html
    assert "See the posts open now" in text


def test_a_closed_post_is_in_no_listing_search_sitemap_or_feed(sample_site: Path) -> None:
    title = BY_ID[CLOSED]["title"]
    found = sorted(
        name for name, text in every_file_text(sample_site).items() if title in text or CLOSED in text
    )
    assert found == [f"vacancies/{CLOSED}/index.html"]


def test_a_draft_post_is_nowhere_in_a_build(sample_site: Path) -> None:
    title = BY_ID[DRAFT]["title"]
    found = sorted(
        name for name, text in every_file_text(sample_site).items() if title in text or DRAFT in text
    )
    assert found == []
    assert not (sample_site / f"vacancies/{DRAFT}").exists()


def test_open_posts_are_in_the_sitemap_and_the_search(sample_site: Path) -> None:
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>https://peersupport\.example\.org/(vacancies/[^<]*)</loc>", sitemap)
    assert sorted(locs) == sorted(["vacancies/"] + [f"vacancies/{v}/" for v in OPEN])
    index = BuiltIndex(sample_site)
    for vacancy_id in OPEN:
        card = index.by_url[f"vacancies/{vacancy_id}/"]
        assert card["t"] == unescape(BY_ID[vacancy_id]["title"]) and card["k"] == "Vacancy"
    # Searching "pay" (issue 13) and "part time" finds a post; a closed one is not a record.
    assert "vacancies/psw-adult-community-2027/" in index.find("pay")
    assert "vacancies/psw-rehabilitation-part-time-2027/" in index.find("part") & index.find("time")
    assert f"vacancies/{CLOSED}/" not in index.by_url and "vacancies/" not in index.by_url
    assert index.facets["kind"]["Vacancy"] == {f"vacancies/{v}/" for v in OPEN}


# -- the home page and /becoming-a-psw/ ------------------------------------------------------


def test_home_page_to_an_apply_link_in_two_clicks(sample_site: Path) -> None:
    home = article(sample_site / "index.html")
    jobs = section(home, "jobs")
    links = re.findall(r'<a href="(vacancies/[a-z0-9-]+/)">', jobs)
    assert links == [f"vacancies/{v}/" for v in OPEN]  # click 1: a post
    post = (sample_site / links[0] / "index.html").read_text(encoding="utf-8")
    assert BY_ID[OPEN[0]]["apply"] in re.findall(r'hub-apply__button" href="([^"]+)"', post)  # click 2: apply
    assert 'href="vacancies/">See all vacancies</a>' in jobs
    recruitment = section(home, "next-recruitment-events")
    assert "hub-card__title" in recruitment and "open session" in (visible_text(recruitment).lower())


def test_becoming_a_psw_shows_the_open_posts_and_recruitment_events(sample_site: Path) -> None:
    page = article(sample_site / "becoming-a-psw/index.html")
    jobs = section(page, "jobs-open-now")
    assert re.findall(r'<a href="../vacancies/([a-z0-9-]+)/">', jobs) == OPEN
    assert "Band 4 · £26,530 to £29,114 a year · 37.5 hours a week (full time) · Permanent" in visible_text(
        jobs
    )
    events = visible_text(section(page, "next-recruitment-events"))
    assert "recruitment open day" in events.lower()


def test_with_no_open_post_the_blocks_and_listing_say_so(tmp_path: Path) -> None:
    files = {
        "docs/index.md": "# Home\n\n## Jobs\n\n<!-- peerhub:open-vacancies count=3 -->\n",
        "vacancies.yaml": VALID.replace("closes: 2026-12-20", "closes: 2026-11-22"),
    }
    site = build_hub(tmp_path / "hub", files)
    home = visible_text(article(site / "index.html"))
    assert "No Peer Support Worker posts are open just now." in home
    listing = visible_text(article(site / "vacancies/index.html"))
    assert "No posts are open just now." in listing
    assert "closed on Sunday 22 November 2026" in visible_text(article(site / "vacancies/psw/index.html"))


# -- the rules: open until the end of the closing day, drafts only in the preview -------------


VALID = """\
vacancies:
  - id: psw
    title: Peer Support Worker
    summary: A post in a community team.
    location: {name: Community base, address: "1 High Street, Maidstone", postcode: ME14 1ZZ}
    band: "4"
    salary: {min: 26530, max: 29114}
    hours: 37.5
    contract: permanent
    posted: 2026-11-10
    closes: 2026-12-20
    apply: https://example.org/jobs/psw
    status: published
"""


def meta(**changes: Any) -> VacancyMeta:
    data = yaml.safe_load(VALID)["vacancies"][0] | changes
    return VacancyMeta.model_validate(data)


def test_open_through_the_closing_day_then_closed() -> None:
    post = meta()
    assert state(post, date(2026, 11, 1)) == "open"
    assert state(post, date(2026, 12, 20)) == "open"  # the last day to apply
    assert state(post, date(2026, 12, 21)) == "closed"
    assert state(meta(status="draft"), date(2026, 11, 1)) == "draft"
    assert state(meta(), date(2026, 12, 21)) != "open"


def test_the_preview_shows_a_draft_post_behind_the_banner(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    draft = VALID.replace("status: published", "status: draft").replace(
        "Peer Support Worker", "Zqdraft worker"
    )
    build_hub(root, {"vacancies.yaml": draft})
    site = root / "site"
    assert not (site / "vacancies/psw").exists()
    assert "Zqdraft" not in visible_text(article(site / "vacancies/index.html"))
    (root / "mkdocs.yml").write_text(mkdocs_yml(preview=True), encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "preview", command="serve")  # the build the preview makes
    assert result.code == 0, result.text
    page = visible_text(article(tmp_path / "preview/vacancies/psw/index.html"))
    assert page.index("Draft — not public.") < page.index("Zqdraft worker")
    listing = visible_text(article(tmp_path / "preview/vacancies/index.html"))
    assert "Zqdraft worker" in listing and "Draft — not public" in listing
    assert jsonld(tmp_path / "preview/vacancies/psw/index.html") == []  # never offered while a draft


def test_check_lists_closed_and_draft_posts(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    two = VALID + VALID.split("vacancies:\n", 1)[1].replace("id: psw", "id: psw-draft").replace(
        "status: published", "status: draft"
    )
    build_hub(root, {"vacancies.yaml": two})
    result = run_peerhub("check", "--today", "2026-12-21", cwd=root)
    assert result.code == 0, result.text
    assert (
        "vacancies.yaml:11: vacancies[0].closes: withheld: psw closed on 2026-12-20: in no listing, "
        "search or sitemap; its page says it has closed"
    ) in result.text
    assert (
        "vacancies.yaml:25: vacancies[1].status: withheld: psw-draft is a draft (status: draft)"
        in result.text
    )


# -- bad input: path:line: field: message ------------------------------------------------------

LOCATION = 'location: {name: Community base, address: "1 High Street, Maidstone", postcode: ME14 1ZZ}'
SALARY = "{min: 26530, max: 29114}"
BAD = [  # (text in VALID, what it becomes, line: field: message)
    ("hours: 37.5", "hours: full time", "8: vacancies[0].hours: expected hours a week as a number"),
    ("hours: 37.5", "hours: 60", "8: vacancies[0].hours: expected hours a week above 0 and at most 48"),
    ("contract: permanent", "contract: zero-hours", "9: vacancies[0].contract: expected one of"),
    ("closes: 2026-12-20", "closes: 20/12/2026", "11: vacancies[0].closes: expected a date written"),
    ("closes: 2026-12-20", "closes: 2026-11-01", "11: vacancies[0].closes: closes before it was posted"),
    ("closes: 2026-12-20", "closes: 2026-02-30", "11: vacancies[0].closes: 2026-02-30 is not a real date"),
    (
        "apply: https://example.org/jobs/psw",
        "apply: jobs.nhs.uk",
        "12: vacancies[0].apply: expected a web address",
    ),
    ('band: "4"', "band: Band 4", "6: vacancies[0].band: expected an Agenda for Change band"),
    (SALARY, '{min: "£26,530"}', "7: vacancies[0].salary.min: expected pounds a year as a number without £"),
    (
        SALARY,
        "{min: 29114, max: 26530}",
        "7: vacancies[0].salary: max (26530) is below min (29114); swap them",
    ),
    ("status: published", "status: live", "13: vacancies[0].status: expected one of 'draft' or 'published'"),
    ("    apply: https://example.org/jobs/psw\n", "", "2: vacancies[0].apply: is required but missing"),
    (
        "    hours: 37.5",
        "    hourz: 37.5",
        "8: vacancies[0].hourz: is not a known field; did you mean 'hours'?",
    ),
    (
        LOCATION,
        "location: {name: Community base}",
        "5: vacancies[0].location.address: is required but missing",
    ),
    ("vacancies:", "vacancy:", "1: vacancy: is not a known section; did you mean 'vacancies'?"),
    ("A post in a community team.", "x" * 301, "4: vacancies[0].summary: must be at most 300 characters"),
]


@pytest.mark.parametrize(
    ("old", "new", "message"), BAD, ids=[f"{m.split(': ')[1]}={n[:12]}" for _, n, m in BAD]
)
def test_a_mistake_is_named_with_file_line_and_field(make_hub, old: str, new: str, message: str) -> None:  # type: ignore[no-untyped-def]
    assert old in VALID
    root = make_hub({"vacancies.yaml": VALID.replace(old, new)})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert f"vacancies.yaml:{message}" in result.err, result.err
    assert "Traceback" not in result.text


def test_two_posts_with_one_id_and_a_reserved_id(make_hub) -> None:  # type: ignore[no-untyped-def]
    entry = VALID.split("vacancies:\n", 1)[1]
    root = make_hub({"vacancies.yaml": VALID + entry + entry.replace("id: psw", "id: page")})
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert "vacancies.yaml:14: vacancies[1].id: the id 'psw' is already used on line 2" in result.err
    assert (
        "vacancies.yaml:26: vacancies[2].id: 'page' is reserved for the site; choose another id" in result.err
    )
    assert not (root / "site").exists()  # nothing half-built


HOSTILE_TEXT = '"<img src=x onerror=alert(2)> **Apply** <script>alert(3)</script>"'


def test_hostile_text_stays_text_in_the_page_and_the_json_ld(tmp_path: Path) -> None:
    bad = "</script><script>alert(1)</script> & <b>x</b>"
    hostile = f"""\
vacancies:
  - id: psw
    title: "T {bad}"
    summary: "S {bad}"
    description: {HOSTILE_TEXT}
    team: "Team {bad}"
    employer: "Employer {bad}"
    location: {{name: "Place {bad}", address: "Street {bad}, Town {bad}", postcode: "P {bad}"}}
    hours: 37.5
    contract: permanent
    posted: 2026-11-10
    closes: 2026-12-20
    apply: "https://example.org/apply?a=1&b=<x>"
    status: published
"""
    site = build_hub(
        tmp_path / "hub",
        {"vacancies.yaml": hostile, "docs/index.md": "# Home\n\n<!-- peerhub:open-vacancies -->\n"},
    )
    for page in ("vacancies/psw/index.html", "vacancies/index.html", "index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror" not in html and "<b>x</b>" not in html, page
        assert "&lt;b&gt;x&lt;/b&gt;" in html, page
    (data,) = jsonld(site / "vacancies/psw/index.html")
    assert data["title"] == f"T {bad}"  # JSON-LD carries the text as text; the script block holds
    assert data["hiringOrganization"]["name"] == f"Employer {bad}"
    assert data["jobLocation"]["address"]["addressLocality"] == f"Town {bad}"
    assert "<strong>Apply</strong>" in data["description"] and "&lt;b&gt;x" in data["description"]
    assert "<img" not in data["description"] and "alert(3)" not in data["description"]
    assert "<script>" not in data["description"]


# -- peerhub new vacancy: a draft, whose placeholders cannot go public -------------------------


def test_new_vacancy_is_a_draft_whose_placeholders_cannot_go_public(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({})
    title = "Zoë\u2019s café: Peer Support Worker #2 🌱"
    made = run_peerhub("new", "vacancy", title, "--closes", "2027-01-31", "--today", TODAY, cwd=root)
    assert made.code == 0, made.text
    assert "Added zoes-cafe-peer-support-worker-2 to vacancies.yaml as a draft" in made.out
    data = read_yaml((root / "vacancies.yaml").read_text(encoding="utf-8"))
    (entry,) = data["vacancies"]
    assert entry["title"] == title  # written as typed, read back the same
    assert (entry["status"], entry["posted"], entry["closes"]) == ("draft", TODAY, "2027-01-31")
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text  # a draft in progress never stops the build
    apply = VACANCY[("apply",)]
    assert f'warning: still says "{apply.text}", the text peerhub new wrote: {apply.instead}' in check.out
    # Published with the placeholders still in: each is an error, at its line.
    text = (root / "vacancies.yaml").read_text(encoding="utf-8")
    (root / "vacancies.yaml").write_text(
        text.replace("status: draft ", "status: published"), encoding="utf-8"
    )
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 1
    lines = text.splitlines()
    for path, placeholder in VACANCY.items():
        line = next(i for i, t in enumerate(lines, 1) if t.strip().startswith(f"{path[-1]}:"))
        assert (
            f"vacancies.yaml:{line}: vacancies[0].{'.'.join(map(str, path))}: "
            f'still says "{placeholder.text}", the text peerhub new wrote: {placeholder.instead}; '
            "the vacancy says status: published, so it would go public like this"
        ) in check.err
    built = run_peerhub("build", "--today", TODAY, cwd=root)
    assert built.code == 1 and not (root / "site").exists()


def test_new_vacancy_adds_to_the_file_and_refuses_what_it_cannot_do(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({"vacancies.yaml": VALID})
    made = run_peerhub(
        "new", "vacancy", "Peer Support Worker", "--closes", "2027-01-31", "--today", TODAY, cwd=root
    )
    assert made.code == 0, made.text
    again = run_peerhub(
        "new", "vacancy", "Peer Support Worker", "--closes", "2027-01-31", "--today", TODAY, cwd=root
    )
    assert again.code == 1 and "already has a vacancy with the id peer-support-worker; use --id" in again.err
    other = run_peerhub(
        "new",
        "vacancy",
        "Peer Support Worker",
        "--id",
        "psw-2",
        "--closes",
        "2027-01-31",
        "--today",
        TODAY,
        cwd=root,
    )
    assert other.code == 0, other.text
    ids = [
        v["id"] for v in yaml.safe_load((root / "vacancies.yaml").read_text(encoding="utf-8"))["vacancies"]
    ]
    assert ids == ["psw", "peer-support-worker", "psw-2"]
    past = run_peerhub("new", "vacancy", "Old", "--closes", "2026-11-01", "--today", TODAY, cwd=root)
    assert past.code == 1 and "--closes 2026-11-01 is before today (2026-11-23)" in past.err
    wrong = run_peerhub("new", "vacancy", "Old", "--closes", "31 January", "--today", TODAY, cwd=root)
    assert wrong.code == 1 and "--closes: expected a date written YYYY-MM-DD" in wrong.err
    assert "Traceback" not in past.text + wrong.text
    assert run_peerhub("check", "--today", TODAY, cwd=root).code == 0


# -- the JSON Schema editors use -----------------------------------------------------------------


def test_the_schema_accepts_the_sample_and_refuses_what_check_refuses() -> None:
    schema = json.loads((REPO / "schemas/vacancies.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    sample = read_yaml((REPO / "vacancies.yaml").read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(sample)] == []
    bad = read_yaml(VALID.replace("permanent", "zero-hours").replace("hours: 37.5", "hours: 60"))
    bad["vacancies"][0]["posted"] = "10 November"
    errors = " ".join(e.message for e in validator.iter_errors(bad))
    assert (
        "'zero-hours' is not one of" in errors
        and "60 is greater than" in errors
        and "does not match" in errors
    )
    modeline = (REPO / "vacancies.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=./schemas/vacancies.schema.json"


def test_a_long_listing_is_paginated(tmp_path: Path) -> None:
    from generator.render.vacancies import PER_PAGE

    entry = VALID.split("vacancies:\n", 1)[1]
    many = "vacancies:\n" + "".join(
        entry.replace("id: psw", f"id: psw-{n:03d}").replace(
            "closes: 2026-12-20", f"closes: 2027-01-{1 + n % 28:02d}"
        )
        for n in range(PER_PAGE + 5)
    )
    site = build_hub(tmp_path / "hub", {"vacancies.yaml": many})
    first = article(site / "vacancies/index.html")
    second = article(site / "vacancies/page/2/index.html")
    assert len(card_ids(first)) == PER_PAGE and len(card_ids(second)) == 5
    assert f"{PER_PAGE + 5} posts open, closing soonest first." in visible_text(first)
    assert "Vacancies (page 2 of 2)" in visible_text(second)
    assert 'rel="next"' in first and 'rel="prev"' in second
    days = [closing_key(i) for i in card_ids(first) + card_ids(second)]
    assert days == sorted(days)


def closing_key(vacancy_id: str) -> tuple[int, str]:
    number = int(vacancy_id.rsplit("-", 1)[1])
    return (1 + number % 28, vacancy_id)
