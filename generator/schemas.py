"""JSON Schemas of story front matter, ``events.yaml`` and ``vacancies.yaml``, generated from
the content model.

Editors use them to check fields as staff type (``schemas/`` in the project; see the
publishing guide). They are JSON Schema draft-07, the newest draft the common YAML editor
tooling (yaml-language-server, used by VS Code, Neovim and others) fully supports.
``peerhub schema`` writes them; a test keeps the committed files up to date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model import EventsFile, StoryMeta, VacanciesFile

DRAFT = "http://json-schema.org/draft-07/schema#"

SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "story.schema.json": (
        StoryMeta,
        "Peer Support Hub story",
        "The front matter of a story, stories/<slug>.md: the fields between the two --- lines.",
    ),
    "events.schema.json": (
        EventsFile,
        "Peer Support Hub events",
        "events.yaml: series (such as an awareness week) and events.",
    ),
    "vacancies.schema.json": (
        VacanciesFile,
        "Peer Support Hub vacancies",
        "vacancies.yaml: posts for Peer Support Workers, with where to apply.",
    ),
}


def _draft07(node: Any) -> Any:
    """Pydantic writes ``$defs`` (2019-09 and later); draft-07 calls them ``definitions``."""
    if isinstance(node, dict):
        out = {("definitions" if k == "$defs" else k): _draft07(v) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            out["$ref"] = "#/definitions/" + ref[len("#/$defs/") :]
        return out
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    return node


def schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    """One model's schema, with the draft, a title and a description for editors."""
    body = _draft07(model.model_json_schema(mode="validation"))
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DRAFT, "title": title, "description": description, **body}


def render_schemas() -> dict[str, str]:
    """``{file name: JSON text}`` of every schema, formatted the same on every run."""
    return {
        name: json.dumps(schema(model, title, text), indent=2, ensure_ascii=False) + "\n"
        for name, (model, title, text) in SCHEMAS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed
