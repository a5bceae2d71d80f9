"""The JSON Schemas editors use: generated from the model, committed up to date, accepting
the sample content and rejecting what ``peerhub check`` rejects; wired to the editors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.load import split_front_matter
from generator.schemas import render_schemas
from generator.yamlsource import load_yaml
from tests.conftest import REPO, run_peerhub, story

SCHEMAS = REPO / "schemas"


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def front_matter(text: str) -> object:
    parts = split_front_matter(text, "story.md")
    assert isinstance(parts, tuple), parts
    return load_yaml(parts[0], "story.md").data


def test_committed_schemas_are_up_to_date() -> None:
    """If this fails, run `peerhub schema` and commit the files in schemas/."""
    for name, text in render_schemas().items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, f"schemas/{name} is out of date"
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(render_schemas())


def test_peerhub_schema_writes_the_files(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    result = run_peerhub("schema", cwd=tmp_path)
    assert result.code == 0, result.text
    for name, text in render_schemas().items():
        assert (tmp_path / "schemas" / name).read_text(encoding="utf-8") == text
    again = run_peerhub("schema", cwd=tmp_path)
    assert "0 schema files updated" in again.out


def test_sample_content_is_valid_against_the_schemas() -> None:
    stories = validator("story.schema.json")
    for path in sorted((REPO / "stories").glob("*.md")):
        errors = [e.message for e in stories.iter_errors(front_matter(path.read_text(encoding="utf-8")))]
        assert errors == [], path
    events = load_yaml((REPO / "events.yaml").read_text(encoding="utf-8"), "events.yaml").data
    assert [e.message for e in validator("events.schema.json").iter_errors(events)] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("title: A story\n", "titel: A story\n"), "'titel' was unexpected"),
        (("role: peer-support-worker", "role: nurse"), "'nurse' is not one of"),
        (("themes: [hope]", "themes: [hopes]"), "'hopes' is not one of"),
        (("date: 2026-06-01", "date: 1 June 2026"), "does not match"),
        (("status: published", "status: live"), "'live' is not one of"),
    ],
)
def test_story_schema_rejects_what_check_rejects(change: tuple[str, str], message: str) -> None:
    text = story().replace(*change)
    errors = [e.message for e in validator("story.schema.json").iter_errors(front_matter(text))]
    assert any(message in e for e in errors), errors


def test_events_schema_rejects_a_bad_event() -> None:
    data = {
        "events": [
            {"id": "Open Day", "title": "x", "summary": "y", "start": "2027-03-04T10:00", "category": "fun"}
        ]
    }
    errors = " ".join(e.message for e in validator("events.schema.json").iter_errors(data))
    assert "does not match" in errors and "'fun' is not one of" in errors


def test_editors_are_pointed_at_the_schemas() -> None:
    modeline = (REPO / "events.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=./schemas/events.schema.json"
    assert (REPO / modeline.split("=", 1)[1]).resolve() == (SCHEMAS / "events.schema.json").resolve()
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema, files in settings["yaml.schemas"].items():
        assert (REPO / schema).is_file() and all((REPO / f).is_file() for f in files)
    remark = (REPO / ".remarkrc.mjs").read_text(encoding="utf-8")
    assert '"./schemas/story.schema.json": ["./stories/*.md"]' in remark
    guide = (REPO / "docs/publishing/index.md").read_text(encoding="utf-8")
    assert "## Check fields as you type" in guide and "peerhub schema" in guide
