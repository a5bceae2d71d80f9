"""Who runs the hub: ``extra.organisation`` in ``mkdocs.yml``, read and checked once.

```yaml
extra:
  organisation:
    name: Kent and Medway Peer Support Network     # required
    url: https://www.example.org/                  # optional: its own website
    email: peersupport@example.org                 # an email address, a phone number, or both
    phone: 01234 567890
    address: |                                     # optional: one line per line of the address
      Trust Headquarters
      1 Example Road, Maidstone ME1 1AA
```

Every page's footer names the organisation and links to ``/contact/``; the contact page and
the accessibility statement show how to reach it (``render.blocks``); structured data names
it as the publisher of stories and the organiser of the hub's own events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ConfigError

FIELDS = ("name", "url", "email", "phone", "address")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,22}[0-9]$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s<>\"']*$")


@dataclass(frozen=True)
class Organisation:
    """The organisation that runs the hub and how to reach it."""

    name: str
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    address: tuple[str, ...] = ()
    """The address, one line per item."""

    @property
    def tel(self) -> str | None:
        """``tel:+441234567890``-style link for the phone number (digits and ``+`` only)."""
        if self.phone is None:
            return None
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)

    @property
    def mailto(self) -> str | None:
        return f"mailto:{self.email}" if self.email else None


def organisation_from_config(extra: Any, config_file: Path | None = None) -> Organisation | None:
    """The organisation from ``extra`` of ``mkdocs.yml``; ``None`` when it is not set.

    Raises :class:`ConfigError` with ``mkdocs.yml:LINE: extra.organisation.FIELD: ...`` when
    a field is wrong, every wrong field in one message.
    """
    value = extra.get("organisation") if hasattr(extra, "get") else None
    if value is None:
        return None
    problems: list[tuple[tuple[str, ...], str]] = []
    if not isinstance(value, dict):
        problems.append(((), "expected the fields name, url, email, phone and address"))
        raise _error(problems, config_file)
    for key in value:
        if key not in FIELDS:
            problems.append(((str(key),), f"is not a known field; use {', '.join(FIELDS)}"))
    name = _text(value, "name", problems, required=True)
    url = _text(value, "url", problems)
    email = _text(value, "email", problems)
    phone = _text(value, "phone", problems)
    address = _address(value.get("address"), problems)
    if url is not None and not _URL.match(url):
        problems.append((("url",), f"expected a web address starting https://; got {url!r}"))
    if email is not None and not _EMAIL.match(email):
        problems.append((("email",), f"expected an email address such as comms@example.org; got {email!r}"))
    if phone is not None and not _PHONE.match(phone):
        problems.append((("phone",), f"expected a phone number such as 01234 567890; got {phone!r}"))
    if email is None and phone is None:
        problems.append(((), "give an email address, a phone number or both, so people can reach you"))
    if problems:
        raise _error(problems, config_file)
    assert name is not None
    return Organisation(name=name, url=url, email=email, phone=phone, address=address)


def _text(
    value: dict[Any, Any], key: str, problems: list[tuple[tuple[str, ...], str]], *, required: bool = False
) -> str | None:
    item = value.get(key)
    if item is None:
        if required:
            problems.append(((key,), "is required: the name of the organisation that runs the hub"))
        return None
    if isinstance(item, int | float) and not isinstance(item, bool) and key == "phone":
        problems.append(((key,), 'put the phone number in quotes, e.g. phone: "01234 567890"'))
        return None
    if not isinstance(item, str) or not item.strip():
        problems.append(((key,), f"expected text; got {item!r}"))
        return None
    return " ".join(item.split())


def _address(item: Any, problems: list[tuple[tuple[str, ...], str]]) -> tuple[str, ...]:
    if item is None:
        return ()
    lines = item.splitlines() if isinstance(item, str) else item
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        problems.append((("address",), "expected text, one line per line of the address"))
        return ()
    return tuple(" ".join(line.split()) for line in lines if line.strip())


def _error(problems: list[tuple[tuple[str, ...], str]], config_file: Path | None) -> ConfigError:
    text = _read(config_file)
    where = config_file.name if config_file is not None else "mkdocs.yml"
    located = sorted(
        (_line(text, ("extra", "organisation", *keys)), ".".join(("extra", "organisation", *keys)), message)
        for keys, message in problems
    )
    return ConfigError("\n".join(f"{where}:{line}: {name}: {message}" for line, name, message in located))


def _read(config_file: Path | None) -> str:
    try:
        return config_file.read_text(encoding="utf-8") if config_file is not None else ""
    except OSError:
        return ""


def _line(text: str, keys: tuple[str, ...]) -> int:
    """The line of ``keys`` in the YAML ``text`` (of its nearest parent found), 1-based.

    The document is composed, not constructed, so MkDocs' own tags (``!ENV``) do no harm."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 1
    line = 1
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next((pair for pair in node.value if getattr(pair[0], "value", None) == key), None)
        if found is None:
            break
        line = found[0].start_mark.line + 1
        node = found[1]
    return line


def missing_contact_page(org: Organisation | None, files: Any, docs_dir: str) -> str | None:
    """What to do when the footer would link to a ``/contact/`` page that is not there.

    ``files`` is MkDocs' ``Files`` (duck-typed: the core imports nothing from MkDocs)."""
    if org is None or files.get_file_from_path("contact/index.md") or files.get_file_from_path("contact.md"):
        return None
    return (
        f"mkdocs.yml sets extra.organisation, and every page's footer links to /contact/, but there "
        f"is no {Path(docs_dir).name}/contact/index.md: write it (who runs the hub, how to contact "
        "them, how to share a story and how to ask for a story to be taken down)"
    )
