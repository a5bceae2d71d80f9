"""Content text is escaped wherever it lands in the built site, and the search index holds
it as text."""

from __future__ import annotations

from tests.conftest import TODAY, run_peerhub, story
from tests.searchindex import BuiltIndex

HOSTILE = '<img src=x onerror=alert(1)> & "quotes"'


def test_hostile_titles_are_escaped_in_pages_and_search_index(make_hub) -> None:  # type: ignore[no-untyped-def]
    events = (
        "events:\n  - id: e\n    title: '" + HOSTILE + "'\n    summary: '" + HOSTILE + "'\n"
        "    start: 2027-01-01T10:00\n    category: community\n    online: https://example.org/e\n"
    )
    root = make_hub({"stories/s.md": story(f"'{HOSTILE}'"), "events.yaml": events})
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    site = root / "site"
    # The index holds text, which the search script shows with textContent (never as HTML).
    index = BuiltIndex(site)
    assert [index.by_url[url]["t"] for url in ("stories/s/", "events/e/")] == [HOSTILE, HOSTILE]
    script = next((site / "assets/javascripts").glob("hub-search.*.js")).read_text(encoding="utf-8")
    assert "innerHTML" not in script.replace("never innerHTML", "")
    for page in ["stories/s/index.html", "events/e/index.html", "stories/index.html", "events/index.html"]:
        html = (site / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html, page
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, page
