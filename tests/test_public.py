"""The public site, as a reader (or a crawler) gets it from ``peerhub build``: who runs the
hub, pages for staff out of view, help one tap away, heading order, review dates, the
home page's ways in and story pictures.
"""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import ConfigError
from generator.organisation import organisation_from_config
from tests.conftest import MINIMAL_MKDOCS, REPO, TODAY, run_peerhub, story, write_files
from tests.storyhelp import article, head, visible_text

CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
ORG = CONFIG["extra"]["organisation"]
CRISIS = CONFIG["extra"]["crisis"]


def pages(site: Path) -> list[Path]:
    """Every page of the site; the web editor at /admin/ is Decap's app, not a page of
    the site, and is checked by test_editor_build.py (it is rightly ``noindex``)."""
    built = [p for p in sorted(site.rglob("index.html")) if p.relative_to(site).parts[0] != "admin"]
    return [*built, site / "404.html"]


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every ``<a href>`` with its text, and the headings, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.headings: list[tuple[int, str]] = []
        self._href: str | None = None
        self._text = ""
        self._heading: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href") is not None:
            self._href, self._text = dict(attrs)["href"], ""
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text.split())))
            self._href = None
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, " ".join(self._text.split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self._text += data


def parsed(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def footer(html: str) -> str:
    return html[html.index('<footer class="md-footer">') :]


# -- who runs the hub ------------------------------------------------------------------------


def test_every_page_footer_names_the_organisation_and_links_to_contact(sample_site: Path) -> None:
    for path in pages(sample_site):
        html = footer(path.read_text(encoding="utf-8"))
        assert f"is run by <strong>{ORG['name']}</strong>" in html, path
        hrefs = {href: text for href, text in parsed(html).links}
        contact = [href for href, text in hrefs.items() if text == "Contact us"]
        assert len(contact) == 1, path
        depth = path.relative_to(sample_site).as_posix().count("/")
        target = "/contact/" if path.name == "404.html" else "../" * depth + "contact/"
        if path.parent.name == "contact":
            target = "./"
        assert contact[0] == target, (path, contact)


def test_contact_page_says_who_how_to_share_and_how_to_take_a_story_down(sample_site: Path) -> None:
    html = article(sample_site / "contact/index.html")
    text = visible_text(html)
    assert f"The Peer Support Hub is run by {ORG['name']}." in text
    links = dict(parsed(html).links)
    assert links[f"mailto:{ORG['email']}"] == ORG["email"]
    assert links["tel:" + ORG["phone"].replace(" ", "")] == ORG["phone"]
    assert links[ORG["url"]] == "www.example.org"
    for line in ORG["address"].splitlines():
        assert line in text
    headings = [h for _, h in parsed(html).headings]
    assert headings[:4] == [
        "Contact us",
        "Share your story",
        "Ask us to take a story down",
        "Tell us about a problem with the site",
    ]
    assert "You can change your mind at any time" in text
    assert "Need help now" in text  # no crisis support by email: where to go instead


def test_accessibility_statement_names_the_same_contact(sample_site: Path) -> None:
    html = article(sample_site / "accessibility/index.html")
    text = visible_text(html)
    assert f"This site is run by {ORG['name']}." in text
    assert "local trust's communications team" not in text
    links = dict(parsed(html).links)
    assert f"mailto:{ORG['email']}" in links and "tel:" + ORG["phone"].replace(" ", "") in links


def test_structured_data_names_the_organisation(sample_site: Path) -> None:
    story = sample_site / "stories/we-found-our-way-back/index.html"
    data = json.loads(head(story).jsonld[0])
    assert data["publisher"] == {"@type": "Organization", "name": ORG["name"], "url": ORG["url"]}
    event = json.loads(head(sample_site / "events/global-peer-support-day/index.html").jsonld[0])
    assert event["organizer"] == {"@type": "Organization", "name": ORG["name"], "url": ORG["url"]}
    outside = json.loads(head(sample_site / "events/beacon-fun-day-2016/index.html").jsonld[0])
    assert outside["organizer"] == {"@type": "Organization", "name": "Thanet community mental health team"}


def org_hub(make_hub: Any, organisation: str, *, contact: bool = True) -> Path:
    config = MINIMAL_MKDOCS.format(overrides=REPO / "overrides") + organisation
    files = {"stories/a.md": story()}
    if contact:
        files["docs/contact/index.md"] = "# Contact\n\n<!-- peerhub:organisation -->\n"
    root: Path = make_hub(files, config)
    return root


def test_organisation_mistakes_are_config_errors_with_their_line(make_hub: Any) -> None:
    root = org_hub(
        make_hub,
        "  organisation:\n    name: A Trust\n    email: not-an-address\n    phone: 01234\n    colour: red\n",
    )
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1 and "Traceback" not in result.text
    lines = [line for line in result.text.splitlines() if line.startswith("mkdocs.yml:")]
    assert lines == [
        "mkdocs.yml:19: extra.organisation.email: expected an email address such as comms@example.org; "
        "got 'not-an-address'",
        'mkdocs.yml:20: extra.organisation.phone: put the phone number in quotes, e.g. phone: "01234 567890"',
        "mkdocs.yml:21: extra.organisation.colour: is not a known field; "
        "use name, url, email, phone, address",
    ]
    assert not (root / "site").exists()


def test_organisation_needs_a_name_and_a_way_to_reach_it() -> None:
    with pytest.raises(ConfigError) as raised:
        organisation_from_config({"organisation": {"url": "ftp://x"}})
    message = str(raised.value)
    assert "extra.organisation.name: is required" in message
    assert "extra.organisation.url: expected a web address starting https://" in message
    assert "extra.organisation: give an email address, a phone number or both" in message
    assert organisation_from_config({}) is None
    org = organisation_from_config({"organisation": {"name": " A  Trust ", "phone": "+44 1632 960 123"}})
    assert org is not None and org.name == "A Trust" and org.tel == "tel:+441632960123"


def test_an_organisation_needs_its_contact_page(make_hub: Any) -> None:
    root = org_hub(make_hub, "  organisation: {name: A Trust, email: a@example.org}\n", contact=False)
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 1 and "Traceback" not in result.text
    assert not (root / "site").exists()
    direct = run_mkdocs_build(root)
    assert "there is no docs/contact/index.md: write it" in direct


def run_mkdocs_build(root: Path) -> str:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    return proc.stdout + proc.stderr


# -- pages for staff -------------------------------------------------------------------------


def test_the_publishing_guide_is_out_of_the_menu_search_engines_and_sitemap(sample_site: Path) -> None:
    guide = html_of(sample_site, "publishing")
    assert '<meta name="robots" content="noindex">' in guide
    assert "Publishing guide" in guide  # it is still built, for staff
    for path in pages(sample_site):
        html = path.read_text(encoding="utf-8")
        links = parsed(html).links
        assert not any(href.rstrip("/").endswith("publishing") for href, _ in links), path
        closed_vacancy = path.parent.name == "senior-psw-early-intervention-2026"  # tests/test_vacancies.py
        if path.parent.name != "publishing" and not closed_vacancy:
            assert 'name="robots"' not in html, path
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/publishing/" not in sitemap and "/contact/" in sitemap
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "/publishing/" in readme  # staff reach it from README


def test_a_staff_page_leaves_an_automatic_menu_and_the_next_links(make_hub: Any) -> None:
    config = MINIMAL_MKDOCS.format(overrides=REPO / "overrides").replace(
        "theme:\n", "theme:\n  features: [navigation.footer]\n"
    )
    root: Path = make_hub(
        {
            "docs/a.md": "# A page\n",
            "docs/b.md": "---\naudience: staff\n---\n\n# For staff\n",
            "docs/c.md": "# C page\n",
            "docs/team/x.md": "---\naudience: Staff\n---\n\n# Staff only section\n",
            "stories/a.md": story(),
        },
        config.replace("  name: material\n", "  name: material\n"),
    )
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    site = root / "site"
    a = html_of(site, "a")
    nav = a[a.index('class="md-nav md-nav--primary"') : a.index("</nav>", a.index("md-nav--primary"))]
    assert "A page" in nav and "C page" in nav and "For staff" not in nav and "Staff only" not in nav
    assert 'aria-label="Next: C page"' in a  # the staff page between them is skipped
    assert 'aria-label="Previous: A page"' in html_of(site, "c")
    assert '<meta name="robots" content="noindex">' in html_of(site, "b")
    assert '<meta name="robots" content="noindex">' in html_of(site, "team/x")
    assert "/b/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


# -- help one tap away -----------------------------------------------------------------------


def expected_href(line: dict[str, Any]) -> str:
    dial = str(line["number"]).replace(" ", "")
    return f"sms:{dial}?&body={line['text']}" if line.get("text") else f"tel:{dial}"


def test_every_number_on_the_help_page_is_a_link_from_the_config(sample_site: Path) -> None:
    html = article(sample_site / "help/index.html")
    links = parsed(html).links
    phone_links = [(href, text) for href, text in links if href.startswith(("tel:", "sms:"))]
    wanted = {expected_href(line) for line in CRISIS["lines"]}
    assert {href for href, _ in phone_links} == wanted
    for line in CRISIS["lines"]:
        href = expected_href(line)
        texts = [text for h, text in phone_links if h == href]
        assert any(str(line["number"]) in text for text in texts), line
    assert "Text SHOUT to 85258" in [text.split(" ", 1)[1] for h, text in phone_links if h.startswith("sms:")]
    # no number is left as plain text outside a link
    unlinked = re.sub(r"<a [^>]*>.*?</a>", " ", html, flags=re.S)
    for line in CRISIS["lines"]:
        assert not re.search(rf"\b{re.escape(str(line['number']))}\b", visible_text(unlinked)), line["number"]


def test_the_support_box_after_a_story_calls_and_texts(sample_site: Path) -> None:
    html = article(sample_site / "stories/we-found-our-way-back/index.html")
    box = html[html.index('id="support"') :]
    hrefs = {href for href, _ in parsed(box).links}
    assert {expected_href(line) for line in CRISIS["lines"]} <= hrefs


def test_a_number_that_is_not_in_the_config_stops_the_build(make_hub: Any) -> None:
    root: Path = make_hub(
        {"docs/help.md": "# Help\n\nCall <!-- peerhub:call 118118 --> now.\n", "stories/a.md": story()}
    )
    assert run_peerhub("build", "--today", TODAY, cwd=root).code == 1
    output = run_mkdocs_build(root)
    assert (
        "docs/help.md: <!-- peerhub:call 118118 -->: 118118 is not one of the numbers in extra.crisis.lines "
        "of mkdocs.yml (they are: 116 123)" in output
    )
    assert "Traceback" not in output


def test_heading_order_on_every_page(sample_site: Path) -> None:
    """The first heading is the page's h1, there is one h1, and no level is skipped
    going down (HTML_CodeSniffer and WCAG 1.3.1); the crisis banner has no heading."""
    for path in pages(sample_site):
        html = path.read_text(encoding="utf-8")
        banner = html[html.index('id="need-help"') : html.index("</section>", html.index('id="need-help"'))]
        assert not re.search(r"<h[1-6]", banner), path
        levels = [level for level, _ in parsed(html).headings]
        assert levels and levels[0] == 1 and levels.count(1) == 1, (path, levels)
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path, levels)


# -- pages that say when they were checked ----------------------------------------------------


def test_reviewed_pages_say_when_and_when_next(sample_site: Path) -> None:
    html = article(sample_site / "help/index.html")
    assert (
        'Page last reviewed: <time datetime="2026-11-16">16 November 2026</time><br>\n'
        'Next review due: <time datetime="2027-05-16">16 May 2027</time>' in html
    )
    assert html.rindex("hub-review") > html.rindex("getting peer support")  # at the end
    for url in ("", "role", "getting-support", "becoming-a-psw", "accessibility", "contact"):
        assert "Page last reviewed:" in html_of(sample_site, url), url
    assert "Page last reviewed" not in html_of(sample_site, "stories/we-found-our-way-back")


def test_check_warns_when_a_review_is_due_and_refuses_bad_dates(make_hub: Any) -> None:
    root: Path = make_hub(
        {
            "stories/a.md": story(),
            "docs/soon.md": "---\ntitle: Soon\nreviewed: 2025-12-01\nreview_due: 2026-12-01\n---\n\n# Soon\n",
            "docs/late.md": "---\nreviewed: 2025-01-01\nreview_due: 2026-01-01\n---\n\n# Late\n",
            "docs/fine.md": "---\nreviewed: 2026-11-01\nreview_due: 2027-11-01\n---\n\n# Fine\n",
        }
    )
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    assert (
        "docs/soon.md:4: review_due: warning: this page is due for review on 1 December 2026 (2026-12-01): "
        "check it, then update reviewed and review_due" in result.out
    )
    assert "docs/late.md:3: review_due: warning: this page was due for review on 1 January 2026" in result.out
    assert "fine.md" not in result.out
    write_files(root, {"docs/bad.md": "---\nreviewed: 2026-11-31\nreview_due: 2026-01-01\n---\n\n# Bad\n"})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert result.code == 1
    assert (
        "docs/bad.md:2: reviewed: expected a date written YYYY-MM-DD, e.g. 2026-11-16; got '2026-11-31'"
        in result.text
    )
    write_files(root, {"docs/bad.md": "---\nreviewed: 2026-11-01\nreview_due: 2026-01-01\n---\n\n# Bad\n"})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert "docs/bad.md:3: review_due: must be after reviewed (2026-11-01); got 2026-01-01" in result.text
    write_files(root, {"docs/bad.md": "---\nreview_due: 2027-01-01\n---\n\n# Bad\n"})
    result = run_peerhub("check", "--today", TODAY, cwd=root)
    assert "docs/bad.md:2: reviewed: is missing: a page with review_due needs both" in result.text


# -- a public look ---------------------------------------------------------------------------


def test_home_page_welcomes_and_offers_three_ways_in(sample_site: Path) -> None:
    html = article(sample_site / "index.html")
    headings = parsed(html).headings
    assert headings[0] == (1, "Peer support: help from people who have been there")
    assert [h for _, h in headings[1:4]] == [
        "Get peer support",
        "Become a Peer Support Worker",
        "Stories and events",
    ]
    links = parsed(html).links
    assert ("getting-support/", "Get peer support") in links
    assert ("becoming-a-psw/", "Become a Peer Support Worker") in links
    assert ("stories/", "Stories and events") in links
    assert "Next recruitment events" in [h for _, h in headings]
    assert "Jobs" in [h for _, h in headings]  # where open vacancies will be listed
    assert (
        'class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation" hidden'
        in (sample_site / "index.html").read_text(encoding="utf-8")
    )


def test_becoming_a_psw_shows_jobs_and_the_next_recruitment_events(sample_site: Path) -> None:
    html = article(sample_site / "becoming-a-psw/index.html")
    headings = [h for _, h in parsed(html).headings]
    assert headings.index("Jobs open now") < headings.index("Next recruitment events")
    section = html[html.index('id="next-recruitment-events"') : html.index('id="training-coming-up"')]
    assert re.findall(r'hub-card__title"><a href="\.\./events/([a-z0-9-]+)/"', section) == [
        "becoming-a-psw-open-session",
        "recruitment-open-day-2027",
    ]
    assert 'href="../events/category/recruitment/"' in section


@pytest.mark.parametrize("url", ["stories/we-found-our-way-back", "events/becoming-a-psw-open-session"])
def test_story_and_event_pages_have_no_sidebars(sample_site: Path, url: str) -> None:
    html = html_of(sample_site, url)
    assert re.search(r'data-md-type="navigation"\s+hidden', html), url
    assert re.search(r'data-md-type="toc"\s+hidden', html), url
    assert 'class="hub-layout--' in html


def test_story_pictures_on_cards_and_pages_come_from_the_site(sample_site: Path) -> None:
    listing = article(sample_site / "stories/index.html")
    images = re.findall(
        r'<img class="hub-card__image" src="([^"]+)" alt="([^"]+)" width="960" height="540"', listing
    )
    assert (
        "../images/stories/path-over-the-hills.png",
        "A drawing of a path winding over green hills towards a rising sun.",
    ) in images
    assert len(images) == 2
    for src, _ in images:
        assert (sample_site / "stories" / src).resolve().is_file()
    page = sample_site / "stories/we-found-our-way-back/index.html"
    assert (
        '<figure class="hub-story-image"><img src="../../images/stories/path-over-the-hills.png"'
        in article(page)
    )
    data = json.loads(head(page).jsonld[0])
    assert data["image"] == "https://peersupport.example.org/images/stories/path-over-the-hills.png"
    assert head(page).meta["og:image"] == data["image"]
