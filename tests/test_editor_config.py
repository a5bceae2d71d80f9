"""The web editor's ``config.yml`` is the content model: every field of a story, an event
and a series is in the editor, required exactly when the model requires it, with the
model's choices, patterns and description; and nothing else is.

If a test here fails after a change to ``generator/model.py``, the editor no longer
matches ``peerhub check``: say in ``generator/editor/decap.py`` how the new field is shown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import unescape
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo

import pytest
import yaml
from pydantic import BaseModel, Field, ValidationError

from generator.editor import decap
from generator.editor.admin import AdminPage
from generator.editor.decap import Backend, File, config, model_fields
from generator.model import (
    EventMeta,
    EventsFile,
    Id,
    SeriesMeta,
    StoryMeta,
    Summary,
    Text,
    VacanciesFile,
    VacancyMeta,
)
from generator.settings import Settings
from tests.conftest import REPO

SETTINGS = Settings(
    root=REPO,
    stories_dir=REPO / "stories",
    events_file=REPO / "events.yaml",
    tz=ZoneInfo("Europe/London"),
    today=date(2026, 11, 23),
    site_url="https://peersupport.example.org/",
    docs_dir=REPO / "docs",
)
GITHUB = Backend("github", repo="your-organisation/peer-support-hub")


def editor() -> dict[str, Any]:
    return config(SETTINGS, GITHUB)


def collection(name: str) -> dict[str, Any]:
    return next(c for c in editor()["collections"] if c["name"] == name)


def flatten(fields: list[dict[str, Any]], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Every editor field by dotted path (``storyteller.role``, ``events.venue.name``)."""
    out = {}
    for f in fields:
        path = prefix + f["name"]
        out[path] = f
        out |= flatten(f.get("fields", []), path + ".")
    return out


def model_paths(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """Every model field by dotted path, with its pydantic field info."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        out[path] = info
        nested = decap._nested_model(info.annotation)
        if nested is not None:
            out |= model_paths(nested, path + ".")
    return out


CASES = [
    ("stories", StoryMeta, lambda c: c["fields"]),
    ("events", EventsFile, lambda c: c["files"][0]["fields"]),
    ("vacancies", VacanciesFile, lambda c: c["files"][0]["fields"]),
]
IDS = ["story", "events.yaml", "vacancies.yaml"]


@pytest.mark.parametrize(("name", "model", "fields_of"), CASES, ids=IDS)
def test_every_model_field_is_in_the_editor_and_nothing_else(name: str, model: Any, fields_of: Any) -> None:
    fields = flatten(fields_of(collection(name)))
    wanted = model_paths(model)
    missing = sorted(set(wanted) - set(fields))
    assert not missing, f"model fields with no editor field: {missing}"
    extra = sorted(set(fields) - set(wanted) - {"body"})
    assert not extra, f"editor fields the model does not have: {extra}"
    print(f"{name}: {len(wanted)} of {len(wanted)} model fields in the editor")


@pytest.mark.parametrize(("name", "model", "fields_of"), CASES, ids=IDS)
def test_required_label_and_hint_as_the_model(name: str, model: Any, fields_of: Any) -> None:
    fields = flatten(fields_of(collection(name)))
    for path, info in model_paths(model).items():
        field = fields[path]
        assert field["required"] is info.is_required(), path
        assert field["label"], path
        assert info.description, f"{path} has no description in the model: add one (it is the editor's hint)"
        assert field["hint"] == info.description, path


def literal_values(annotation: Any) -> list[str] | None:
    """The ``Literal`` values of ``X``, ``X | None`` or ``list[X]``."""
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    for arg in get_args(annotation):
        found = literal_values(arg)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize(("name", "model", "fields_of"), CASES, ids=IDS)
def test_choices_are_exactly_the_models(name: str, model: Any, fields_of: Any) -> None:
    fields = flatten(fields_of(collection(name)))
    selects = 0
    for path, info in model_paths(model).items():
        values = literal_values(info.annotation)
        field = fields[path]
        if values is None:
            assert field["widget"] != "select", path
            continue
        selects += 1
        assert field["widget"] == "select", path
        assert [o["value"] for o in field["options"]] == values, path
        assert field.get("multiple", False) is (get_origin(info.annotation) is list), path
    assert selects >= 2


def test_patterns_are_the_models_and_agree_with_it() -> None:
    """Each pattern accepts exactly what the model accepts, for a few telling values."""
    story = flatten(collection("stories")["fields"])
    events = flatten(collection("events")["files"][0]["fields"])

    class Probe(BaseModel):
        id: Id
        text: Text
        summary: Summary

    samples = [
        (events["events.id"], "id", ["open-day-2027", "a1"], ["Open Day", "open--day", "-x", "x_y", ""]),
        (story["summary"], "summary", ["One line.", "x" * 300], ["x" * 301]),
    ]
    for field, name, good, bad in samples:
        pattern = field["pattern"][0]
        for value in good:
            Probe.model_validate({"id": "x", "text": "x", "summary": "x", name: value})
            assert re.search(pattern, value), (name, value)
        for value in bad:
            assert not re.search(pattern, value), (name, value)
            with pytest.raises(ValidationError):
                Probe.model_validate({"id": "x", "text": "x", "summary": "x", name: value})
    for path in ("events.online", "events.booking"):
        pattern = events[path]["pattern"][0]
        assert re.search(pattern, "https://example.org/book")
        assert not re.search(pattern, "example.org/book")
        assert not re.search(pattern, "javascript:alert(1)")
    for path in ("date", "publish_on", "consent.recorded", "consent.review"):
        assert story[path]["widget"] == decap.DATE_WIDGET
        assert story[path]["time"] is False
        assert re.search(story[path]["pattern"][0], "2026-11-23")
        assert not re.search(story[path]["pattern"][0], "2026-11-23T10:00")
    for path in ("events.start", "events.end"):
        assert events[path]["widget"] == decap.DATE_WIDGET
        assert events[path]["time"] is True
        for value in ("2027-03-04", "2027-03-04T10:00"):
            assert re.search(events[path]["pattern"][0], value)
        assert not re.search(events[path]["pattern"][0], "4 March 2027")
    assert all(f["pattern"][1] for f in [*story.values(), *events.values()] if "pattern" in f)


def test_lists_images_collections_and_new_entries() -> None:
    stories = collection("stories")
    story = flatten(stories["fields"])
    events = flatten(collection("events")["files"][0]["fields"])
    assert (stories["folder"], stories["extension"], stories["format"]) == ("stories", "md", "frontmatter")
    assert stories["create"] is True and stories["slug"] == "{{slug}}"
    events_file = collection("events")["files"][0]
    assert (events_file["file"], events_file["format"]) == ("events.yaml", "yaml")
    # lists
    assert story["themes"]["widget"] == "select" and story["themes"]["multiple"] is True
    for path in ("tags", "content_notes", "allow_contacts"):
        assert story[path]["widget"] == "list" and "fields" not in story[path]
    assert story["events"]["widget"] == "relation" and story["events"]["multiple"] is True
    assert story["events"]["value_field"] == "events.*.id"
    assert events["events.series"]["value_field"] == "series.*.id"
    assert events["events.series"]["multiple"] is False
    assert events["events.tags"]["widget"] == "list"
    assert events["events"]["widget"] == "list" and events["series"]["widget"] == "list"
    # pictures go into docs/images, and the field holds images/<name> as peerhub check expects
    cfg = editor()
    assert (cfg["media_folder"], cfg["public_folder"]) == ("docs/images", "images")
    assert story["image.src"]["widget"] == "image"
    assert story["image"]["widget"] == decap.OPTIONAL_OBJECT_WIDGET  # alt only once there is a picture
    assert events["events.venue"]["widget"] == decap.OPTIONAL_OBJECT_WIDGET
    assert story["storyteller"]["widget"] == "object" and story["consent"]["widget"] == "object"
    # new entries start as drafts
    assert story["status"]["default"] == "draft"
    assert story["date"]["default"] == decap.TODAY
    assert events["events.draft"]["default"] is True
    # hosted: every change on a branch and a pull request
    assert cfg["publish_mode"] == "editorial_workflow"
    assert cfg["backend"] == {
        "name": "github",
        "repo": "your-organisation/peer-support-hub",
        "branch": "main",
        "squash_merges": True,
        "cms_label_prefix": "editor/",
    }


def test_local_and_gitlab_backends() -> None:
    local = config(SETTINGS, Backend("proxy", proxy_url="http://127.0.0.1:8081/api/v1"))
    assert local["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1"}
    assert "publish_mode" not in local  # on disk, saving writes the file
    gitlab = Backend("gitlab", repo="trust/hub", app_id="abc123", base_url="https://gitlab.example.org")
    assert config(SETTINGS, gitlab)["backend"] == {
        "name": "gitlab",
        "repo": "trust/hub",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "abc123",
        "base_url": "https://gitlab.example.org",
        "squash_merges": True,
        "cms_label_prefix": "editor/",
    }
    assert gitlab.api_hosts() == ["https://gitlab.example.org"]
    assert GITHUB.api_hosts() == ["https://api.github.com"]


class Post(BaseModel):
    id: Id = Field(description="Short name.")
    title: Text = Field(description="The post.")
    contract: Literal["permanent", "fixed-term"] = Field(default="permanent", description="Kind of contract.")


class PostsFile(BaseModel):
    posts: list[Post] = Field(default_factory=list, description="Posts.")


def test_a_new_kind_of_content_is_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    row = File(
        name="posts",
        label="Posts",
        model=PostsFile,
        file=lambda s: s.root / "posts.yaml",
        description="Some posts.",
        file_label="Posts",
    )
    monkeypatch.setattr(decap, "COLLECTIONS", (*decap.COLLECTIONS, row))
    added = collection("posts")["files"][0]
    fields = flatten(added["fields"])
    assert added["file"] == "posts.yaml"
    assert sorted(fields) == ["posts", "posts.contract", "posts.id", "posts.title"]
    assert [o["value"] for o in fields["posts.contract"]["options"]] == ["permanent", "fixed-term"]
    assert fields["posts.contract"]["default"] == "permanent"


def test_config_yml_is_yaml_with_a_generated_header() -> None:
    page = AdminPage(SETTINGS, GITHUB)
    text = page.config_yaml()
    assert text.startswith("# The web editor's configuration (Decap CMS), generated by peerhub")
    assert yaml.safe_load(text) == editor()
    assert [f["name"] for f in model_fields(SeriesMeta)] == list(SeriesMeta.model_fields)
    assert "site_url" not in config(replace(SETTINGS, site_url=""), GITHUB)


def test_the_page_reaches_only_the_site_and_the_git_host() -> None:
    page = AdminPage(SETTINGS, GITHUB, ("../assets/stylesheets/hub.css",))
    html = page.index_html()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    rules = dict(rule.strip().split(" ", 1) for rule in unescape(csp[1]).split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["connect-src"] == "'self' blob: data: https://api.github.com"
    assert rules["script-src"].split()[0] == "'self'" and "'unsafe-inline'" not in rules["script-src"]
    assert rules["font-src"] == "'self' data:"
    assert "http" not in rules["style-src"] and "http" not in rules["script-src"]
    srcs = re.findall(r'<script src="([^"]+)"', html)
    assert srcs == ["decap-cms.js", "hub-editor.js"]  # from the site itself, never a CDN


def test_every_field_of_the_model_has_a_description() -> None:
    for model in (StoryMeta, EventMeta, SeriesMeta, VacancyMeta):
        for path, info in model_paths(model).items():
            assert info.description, f"{model.__name__}.{path}"


def test_vacancies_in_the_editor_start_as_drafts_with_numbers_as_numbers() -> None:
    row = collection("vacancies")["files"][0]
    assert (row["file"], row["format"]) == ("vacancies.yaml", "yaml")
    fields = flatten(row["fields"])
    assert fields["vacancies.status"]["default"] == "draft"  # a new vacancy is never public at once
    assert fields["vacancies.posted"]["default"] == decap.TODAY
    assert (
        fields["vacancies.posted"]["widget"] == decap.DATE_WIDGET
        and fields["vacancies.posted"]["time"] is False
    )
    assert "default" not in fields["vacancies.closes"]
    hours = fields["vacancies.hours"]
    assert (hours["widget"], hours["value_type"], hours["max"]) == ("number", "float", 48)
    for path in ("vacancies.salary.min", "vacancies.salary.max"):
        assert (fields[path]["widget"], fields[path]["value_type"], fields[path]["min"]) == (
            "number",
            "int",
            1,
        )
    assert fields["vacancies.salary"]["widget"] == decap.OPTIONAL_OBJECT_WIDGET  # min only once pay is added
    assert fields["vacancies.location"]["widget"] == "object"  # required
    assert [o["value"] for o in fields["vacancies.contract"]["options"]] == [
        "permanent",
        "fixed-term",
        "bank",
        "secondment",
    ]
    band = fields["vacancies.band"]["pattern"][0]
    for good in ("1", "4", "8a", "8d", "9"):
        assert re.search(band, good)
        VacancyMeta.model_validate(vacancy(band=good))
    for bad in ("0", "10", "8e", "Band 4", "4a"):
        assert not re.search(band, bad)
        with pytest.raises(ValidationError):
            VacancyMeta.model_validate(vacancy(band=bad))
    apply = fields["vacancies.apply"]["pattern"][0]
    assert re.search(apply, "https://www.example.org/jobs/1") and not re.search(apply, "javascript:alert(1)")


def vacancy(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "psw",
        "title": "Peer Support Worker",
        "summary": "A post.",
        "location": {"name": "Base", "address": "1 Road, Town"},
        "hours": 37.5,
        "contract": "permanent",
        "posted": "2026-11-10",
        "closes": "2026-12-20",
        "apply": "https://example.org/apply-here",
    }
    return data | changes
