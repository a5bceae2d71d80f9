"""The web editor's ``config.yml`` (Decap CMS), generated from the content model.

Every field of the editor comes from a field of the pydantic classes that ``peerhub check``
validates with (``generator.model``): its name, whether it is required, its hint (the
field's description), its choices (the ``Literal`` values), its pattern (ids, dates, web
addresses) and its kind of input. What the model does not say (a label, a multi-line
box, a default for new entries, a link to another collection) is in the small tables
below, keyed by model class and field name. The collections are the rows of
:data:`COLLECTIONS`: a new kind of content (vacancies) is one more row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.model import (
    BAND_PATTERN,
    CATEGORY_LABELS,
    CONTRACT_LABELS,
    DATE_PATTERN,
    ID_PATTERN,
    ROLE_LABELS,
    SUMMARY_MAX,
    THEME_LABELS,
    URL_PATTERN,
    WHEN_PATTERN,
    Consent,
    EventMeta,
    EventsFile,
    Image,
    Location,
    Salary,
    SeriesMeta,
    StoryMeta,
    Storyteller,
    VacanciesFile,
    VacancyMeta,
)
from generator.settings import Settings

TODAY = "{{today}}"
"""Default of a date field: today in the site's time zone, filled in by our date widget."""

DATE_WIDGET = "hub-date"
"""Our date input (``static/hub-editor.js``): a date, and for events an optional time,
in the site's time zone; it never rewrites a value it was not asked to change."""
OPTIONAL_OBJECT_WIDGET = "hub-optional"
"""Our wrapper of Decap's object widget for an optional group with required fields (a
picture needs its alt text): its fields are asked for only once the group is added."""

VALUE_LABELS: dict[str, str] = {
    **ROLE_LABELS,
    **THEME_LABELS,
    **CATEGORY_LABELS,
    **CONTRACT_LABELS,
    "lived-experience": "Lived experience (needs consent)",
    "news": "News",
    "draft": "Draft (not public)",
    "review": "In review (not public)",
    "published": "Published (public when consent is current)",
    "scheduled": "Scheduled",
    "cancelled": "Cancelled",
    "postponed": "Postponed",
    "moved-online": "Moved online",
}
"""How a choice reads in the editor; the value saved is always the model's."""

PATTERN_MESSAGES: dict[str, str] = {
    ID_PATTERN: "use small letters, numbers and single dashes, e.g. open-day-2027",
    DATE_PATTERN: "a date written YYYY-MM-DD, e.g. 2026-11-23",
    WHEN_PATTERN: "a date, or a date and a time, e.g. 2027-03-04T10:00",
    URL_PATTERN: "a web address starting https://",
    BAND_PATTERN: "an Agenda for Change band: 1 to 9, or 8a to 8d",
}
"""The message Decap shows when a value does not match the model's pattern."""


@dataclass(frozen=True)
class Relation:
    """A field whose values are ids of entries in a list of a file collection."""

    collection: str
    file: str
    list_field: str
    shown: str = "title"

    def decap(self, *, multiple: bool) -> dict[str, Any]:
        items = f"{self.list_field}.*"
        return {
            "widget": "relation",
            "collection": self.collection,
            "file": self.file,
            "value_field": f"{items}.id",
            "search_fields": [f"{items}.{self.shown}", f"{items}.id"],
            "display_fields": [f"{items}.{self.shown}"],
            "multiple": multiple,
        }


EVENTS = Relation("events", "events", "events")
SERIES = Relation("events", "events", "series")

PRESENTATION: dict[tuple[type[BaseModel], str], dict[str, Any]] = {
    (StoryMeta, "title"): {"label": "Title"},
    (StoryMeta, "date"): {"label": "Publication date", "default": TODAY},
    (StoryMeta, "summary"): {"widget": "text"},
    (StoryMeta, "kind"): {"label": "Kind of story"},
    (StoryMeta, "content_notes"): {"label": "Content notes"},
    (StoryMeta, "status"): {"label": "Publication status"},
    (StoryMeta, "publish_on"): {"label": "Not public before"},
    (StoryMeta, "image"): {"label": "Picture", "add_label": "Add a picture"},
    (StoryMeta, "events"): {"label": "Related events", "relation": EVENTS},
    (StoryMeta, "quote"): {"label": "Pull quote", "widget": "text"},
    (StoryMeta, "allow_contacts"): {"label": "Contact details this story may show"},
    (Storyteller, "role"): {"label": "Role"},
    (Consent, "recorded"): {"label": "Consent recorded on"},
    (Consent, "review"): {"label": "Review consent by"},
    (Consent, "withdrawn"): {"label": "Consent withdrawn"},
    (Consent, "reference"): {"label": "Consent reference (never shown)"},
    (Image, "src"): {"label": "Picture file", "widget": "image", "choose_url": False},
    (Image, "alt"): {"label": "Description of the picture (alt text)", "widget": "text"},
    (EventMeta, "id"): {"label": "Id (web address)"},
    (EventMeta, "summary"): {"widget": "text"},
    (EventMeta, "description"): {"widget": "text"},
    (EventMeta, "start"): {"label": "Starts"},
    (EventMeta, "end"): {"label": "Ends"},
    (EventMeta, "series"): {"relation": SERIES},
    (EventMeta, "venue"): {"add_label": "Add a venue"},
    (EventMeta, "online"): {"label": "Online link"},
    (EventMeta, "booking"): {"label": "Booking link"},
    (EventMeta, "repeat"): {"label": "Repeats (rule)"},
    (EventMeta, "accessibility"): {"widget": "text"},
    (EventMeta, "draft"): {"label": "Draft (only in the preview)", "default": True},
    (SeriesMeta, "id"): {"label": "Id (web address)"},
    (SeriesMeta, "summary"): {"widget": "text"},
    (SeriesMeta, "description"): {"widget": "text"},
    (EventsFile, "events"): {
        "label_singular": "event",
        "summary": "{{fields.start}} · {{fields.title}}",
        "add_to_top": True,
        "collapsed": True,
    },
    (EventsFile, "series"): {"label_singular": "series", "summary": "{{fields.title}}", "collapsed": True},
    (VacancyMeta, "id"): {"label": "Id (web address)"},
    (VacancyMeta, "summary"): {"widget": "text"},
    (VacancyMeta, "description"): {"widget": "text"},
    (VacancyMeta, "band"): {"label": "Band (Agenda for Change)"},
    (VacancyMeta, "salary"): {"label": "Pay (pounds a year)", "add_label": "Add the pay"},
    (VacancyMeta, "hours"): {"label": "Hours a week", "default": 37.5, "step": 0.5},
    (VacancyMeta, "posted"): {"label": "Posted on", "default": TODAY},
    (VacancyMeta, "closes"): {"label": "Closing date (last day to apply)"},
    (VacancyMeta, "apply"): {"label": "Where to apply (link)"},
    (VacancyMeta, "status"): {"label": "Publication status"},
    (Location, "name"): {"label": "Place"},
    (Salary, "min"): {"label": "From (or the pay)", "step": 1},
    (Salary, "max"): {"label": "To", "step": 1},
    (VacanciesFile, "vacancies"): {
        "label_singular": "vacancy",
        "summary": "{{fields.closes}} · {{fields.title}} · {{fields.status}}",
        "add_to_top": True,
        "collapsed": True,
    },
}
"""What the model leaves open, by (class, field): labels, inputs, defaults of new entries
(new events start as drafts), links to other collections. Keys Decap knows are copied."""


@dataclass(frozen=True)
class Folder:
    """A folder of markdown files with front matter, one entry per file (stories)."""

    name: str
    label: str
    singular: str
    model: type[BaseModel]
    folder: Callable[[Settings], Path]
    description: str
    summary: str
    body_label: str
    body_hint: str
    sortable: tuple[str, ...] = ()


@dataclass(frozen=True)
class File:
    """One YAML file whose top-level keys are the model's fields (events.yaml)."""

    name: str
    label: str
    model: type[BaseModel]
    file: Callable[[Settings], Path]
    description: str
    file_label: str


COLLECTIONS: tuple[Folder | File, ...] = (
    Folder(
        name="stories",
        label="Stories",
        singular="story",
        model=StoryMeta,
        folder=lambda s: s.stories_dir,
        description=(
            "Lived-experience stories and news. A story is public only when its status is "
            "Published and, for lived experience, consent is recorded and current."
        ),
        summary="{{title}} · {{date}} · {{status}}",
        body_label="Story",
        body_hint="The story itself, in short paragraphs. No names of other people, phone numbers, "
        "email addresses or NHS numbers.",
        sortable=("date", "title", "status"),
    ),
    File(
        name="events",
        label="Events",
        model=EventsFile,
        file=lambda s: s.events_file,
        description="Every event and series, in events.yaml. New events start as drafts.",
        file_label="Events and series",
    ),
    File(
        name="vacancies",
        label="Vacancies",
        model=VacanciesFile,
        file=lambda s: s.vacancies_file or s.root / "vacancies.yaml",
        description=(
            "Posts for Peer Support Workers, in vacancies.yaml. New vacancies start as drafts; "
            "a published one is listed until its closing date."
        ),
        file_label="Vacancies",
    ),
)
"""The editor's collections, in the order of its menu."""


@dataclass(frozen=True)
class Backend:
    """Where the editor reads and saves: a git host, or ``decap-server`` on this computer."""

    name: Literal["github", "gitlab", "proxy"]
    repo: str = ""
    branch: str = "main"
    base_url: str | None = None
    """GitHub: the OAuth provider (default Netlify's); GitLab: the GitLab instance."""
    auth_endpoint: str | None = None
    app_id: str | None = None
    """GitLab: the OAuth application's id, for login with PKCE (no server needed)."""
    api_root: str | None = None
    proxy_url: str | None = None
    """``peerhub edit``: the local backend's address."""

    @property
    def local(self) -> bool:
        return self.name == "proxy"

    def decap(self) -> dict[str, Any]:
        """The ``backend:`` section of ``config.yml``."""
        if self.local:
            return {"name": "proxy", "proxy_url": self.proxy_url}
        out: dict[str, Any] = {"name": self.name, "repo": self.repo, "branch": self.branch}
        if self.name == "gitlab" and self.app_id:
            out |= {"auth_type": "pkce", "app_id": self.app_id}
        for key in ("base_url", "auth_endpoint", "api_root"):
            value = getattr(self, key)
            if value:
                out[key] = value
        out |= {"squash_merges": True, "cms_label_prefix": "editor/"}
        return out

    def api_hosts(self) -> list[str]:
        """Origins the editor talks to once a person has logged in (for its CSP)."""
        if self.local:
            return [_origin(self.proxy_url or "")]
        if self.name == "github":
            return [_origin(self.api_root or "https://api.github.com")]
        return [_origin(self.api_root or (self.base_url or "https://gitlab.com") + "/api/v4")]

    def image_hosts(self) -> list[str]:
        """Where avatars come from after login (the only images not from the site)."""
        if self.local:
            return []
        if self.name == "github":
            return ["https://avatars.githubusercontent.com"]
        return [_origin(self.base_url or "https://gitlab.com"), "https://secure.gravatar.com"]


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def config(settings: Settings, backend: Backend) -> dict[str, Any]:
    """The whole ``config.yml`` as a dict, in the order it is written."""
    media = _relative(settings, (settings.docs_dir or settings.root / "docs") / "images")
    out: dict[str, Any] = {"backend": backend.decap()}
    if not backend.local:
        # Each change on its own branch and pull request, reviewed before it is merged.
        out["publish_mode"] = "editorial_workflow"
    if settings.site_url:
        out["site_url"] = settings.site_url
        out["display_url"] = settings.site_url
    out |= {
        "locale": "en",
        "show_preview_links": False,
        "media_folder": media,
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_collection(c, settings) for c in COLLECTIONS],
    }
    return out


def _relative(settings: Settings, path: Path) -> str:
    try:
        return path.resolve().relative_to(settings.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _collection(row: Folder | File, settings: Settings) -> dict[str, Any]:
    if isinstance(row, Folder):
        fields = model_fields(row.model)
        fields.append(
            {
                "name": "body",
                "label": row.body_label,
                "required": False,  # as in `peerhub check`
                "widget": "markdown",
                "hint": row.body_hint,
                "sanitize_preview": True,
            }
        )
        return {
            "name": row.name,
            "label": row.label,
            "label_singular": row.singular,
            "description": row.description,
            "folder": _relative(settings, row.folder(settings)),
            "create": True,
            "delete": False,
            "extension": "md",
            "format": "frontmatter",
            "slug": "{{slug}}",
            "identifier_field": "title",
            "summary": row.summary,
            "sortable_fields": list(row.sortable),
            "fields": fields,
        }
    return {
        "name": row.name,
        "label": row.label,
        "description": row.description,
        "files": [
            {
                "name": row.name,
                "label": row.file_label,
                "file": _relative(settings, row.file(settings)),
                "format": "yaml",
                "fields": model_fields(row.model),
            }
        ],
    }


def key_order(fields: list[dict[str, Any]]) -> dict[str, Any]:
    """The order of keys in a saved file, nested: ``{"keys": [...], "nested": {key: ...}}``.
    Decap forgets the order of a group of more than eight fields; our script restores it."""
    return {
        "keys": [f["name"] for f in fields],
        "nested": {f["name"]: key_order(f["fields"]) for f in fields if "fields" in f},
    }


def model_fields(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The editor's fields for every field of ``model``, in the model's order."""
    schema = model.model_json_schema(mode="validation")
    return [
        editor_field(model, name, info, schema["properties"][name], schema.get("$defs", {}))
        for name, info in model.model_fields.items()
    ]


def editor_field(
    model: type[BaseModel], name: str, info: FieldInfo, prop: Mapping[str, Any], defs: Mapping[str, Any]
) -> dict[str, Any]:
    """One Decap field from one model field and its JSON Schema."""
    extra = dict(PRESENTATION.get((model, name), {}))
    relation: Relation | None = extra.pop("relation", None)
    shape = _resolve(prop, defs)
    out: dict[str, Any] = {
        "name": name,
        "label": extra.pop("label", name.replace("_", " ").capitalize()),
        "required": info.is_required(),
    }
    if info.description:
        out["hint"] = info.description
    nested = _nested_model(info.annotation)
    kind = shape.get("type")
    if relation is not None:
        out |= relation.decap(multiple=kind == "array")
    elif "enum" in shape:
        out |= {"widget": "select", "options": _options(shape["enum"])}
    elif kind == "array":
        items = _resolve(shape["items"], defs)
        if "enum" in items:
            out |= {"widget": "select", "multiple": True, "options": _options(items["enum"])}
        elif nested is not None:
            out |= {"widget": "list", "fields": model_fields(nested)}
        else:
            out |= {"widget": "list", "allow_add": True}
    elif nested is not None:
        fields = model_fields(nested)
        groups_required = not info.is_required() and any(f["required"] for f in fields)
        out |= {"widget": OPTIONAL_OBJECT_WIDGET if groups_required else "object", "fields": fields}
        if not groups_required:
            extra.pop("add_label", None)
    elif kind == "boolean":
        out["widget"] = "boolean"
    elif kind in ("number", "integer"):
        out |= {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        out |= {k: shape[k] for k in ("minimum", "maximum") if k in shape}
        out["min"], out["max"] = out.pop("minimum", None), out.pop("maximum", None)
        out = {k: v for k, v in out.items() if v is not None}
    elif shape.get("format") == "date" or shape.get("pattern") == WHEN_PATTERN:
        out |= {"widget": DATE_WIDGET, "time": shape.get("pattern") == WHEN_PATTERN}
    else:
        out["widget"] = "string"
    if kind == "string" and relation is None:
        out |= _pattern(shape)
    default = info.default
    if "default" not in extra and default not in (PydanticUndefined, None, False) and "enum" in shape:
        out["default"] = default
    out |= extra
    if out.get("widget") == "markdown":
        out["sanitize_preview"] = True  # the preview never runs a script from the content
    if out.get("widget") not in ("string", "text", DATE_WIDGET):
        out.pop("pattern", None)  # e.g. an image's path: chosen, not typed
    return out


def _pattern(shape: Mapping[str, Any]) -> dict[str, Any]:
    pattern = shape.get("pattern")
    if pattern is not None:
        return {"pattern": [pattern, PATTERN_MESSAGES.get(pattern, f"must match {pattern}")]}
    if shape.get("maxLength") == SUMMARY_MAX:
        return {"pattern": [f"^[\\s\\S]{{1,{SUMMARY_MAX}}}$", f"at most {SUMMARY_MAX} characters"]}
    return {}


def _options(values: list[str]) -> list[dict[str, str]]:
    return [{"label": VALUE_LABELS.get(v, v), "value": v} for v in values]


def _resolve(prop: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    """The field's own schema: the ``$ref`` followed, ``X | None`` taken as ``X``."""
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        if len(options) == 1:
            return _resolve(options[0], defs)
    ref = prop.get("$ref")
    if isinstance(ref, str):
        return dict(defs[ref.rsplit("/", 1)[-1]])
    return dict(prop)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic class inside ``Model``, ``Model | None`` or ``list[Model]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, list) or type(annotation).__name__ == "UnionType":
        for arg in get_args(annotation):
            found = _nested_model(arg)
            if found is not None:
                return found
    return None
