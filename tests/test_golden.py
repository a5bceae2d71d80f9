"""Golden tests of rendering: the markdown of every generated page of a small hub.

Refresh the expected files after an intended change with:
    PEERHUB_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import pipeline
from generator.edge.theme import page_markdown
from generator.feeds import render_files
from generator.memo import NoMemo
from generator.render import Renderer, render_site
from generator.sanitize import Markers
from generator.settings import Settings

HERE = Path(__file__).parent / "golden"
EXPECTED = HERE / "expected"


def rendered() -> dict[str, str]:
    root = HERE / "hub"
    settings = Settings(
        root=root,
        stories_dir=root / "stories",
        events_file=root / "events.yaml",
        vacancies_file=root / "vacancies.yaml",
        tz=ZoneInfo("Europe/London"),
        today=date(2026, 11, 23),
        site_url="https://hub.example.org/",
    )
    hub = pipeline.run(settings, warnings=False).valid_hub()
    site = render_site(hub, Renderer.fresh(Markers("<!-- body -->", "<!-- /body -->")))
    out = {page.src_uri: page_markdown(page, NoMemo()) for page in site.pages}
    out.update({path: data.decode() for path, data in render_files(hub).items()})
    return out


def test_rendered_pages_match_golden_files() -> None:
    actual = rendered()
    if os.environ.get("PEERHUB_UPDATE_GOLDEN"):
        for old in EXPECTED.rglob("*"):
            if old.is_file():
                old.unlink()
        for name, text in actual.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_text(text, encoding="utf-8", newline="")
    expected = {
        p.relative_to(EXPECTED).as_posix(): p.read_bytes().decode("utf-8")
        for p in EXPECTED.rglob("*")
        if p.is_file()
    }
    assert sorted(actual) == sorted(expected)
    for name in actual:
        assert actual[name] == expected[name], f"{name} differs from tests/golden/expected/{name}"


def test_golden_output_escapes_content_and_hides_withheld_and_internal_fields() -> None:
    # front matter is escaped by the theme's templates; here, the bodies
    everything = "\n".join(text.split("\n---\n", 1)[-1] for text in rendered().values())
    assert "Hidden draft" not in everything and "Secret words" not in everything
    assert "CF-SECRET-1" not in everything
    assert '<script>alert("x")' not in everything
