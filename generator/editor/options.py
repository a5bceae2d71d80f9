"""The ``editor:`` options of the ``peerhub`` plugin, and writing ``site/admin/`` after a build.

MkDocs glue, like ``plugin.py``: it reads MkDocs' config and hands plain values to
``generator.editor.admin``.

```yaml
plugins:
  - peerhub:
      editor:
        enabled: true
        backend: github              # or gitlab
        repo: your-org/peer-support-hub
        branch: main
        # base_url: https://oauth.example.org   # GitHub: your OAuth provider
        # app_id: ...                            # GitLab: the OAuth application (PKCE)
```
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError

from generator.editor.admin import AdminPage, write_admin
from generator.editor.bundle import Packages
from generator.editor.decap import Backend
from generator.settings import Settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.peerhub")

PROXY_ENV = "PEERHUB_EDITOR_PROXY"
"""Set by ``peerhub edit``: the address of the local backend the editor saves through."""
ADMIN = "admin"
REPO_NEEDED = (
    "name the repository the web editor saves to, e.g. repo: your-organisation/peer-support-hub "
    "(or set enabled: false)"
)


class EditorConfig(base.Config):
    """Options under ``editor:`` of the ``peerhub`` plugin."""

    enabled = c.Type(bool, default=False)
    """Write the web editor into ``site/admin/`` (when its npm packages are installed)."""
    backend = c.Choice(("github", "gitlab"), default="github")
    repo = c.Optional(c.Type(str))
    """The repository the editor commits to, ``owner/name`` (GitLab: ``group/project``)."""
    branch = c.Type(str, default="main")
    base_url = c.Optional(c.Type(str))
    auth_endpoint = c.Optional(c.Type(str))
    app_id = c.Optional(c.Type(str))
    api_root = c.Optional(c.Type(str))
    packages = c.Type(str, default="editor")
    """The folder of the editor's ``package.json`` and lock file, relative to ``mkdocs.yml``."""

    def _post_validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        failed, warnings = super()._post_validate()
        if self.enabled and not os.environ.get(PROXY_ENV) and (not self.repo or "/" not in self.repo):
            failed.append(("repo", ValidationError(REPO_NEEDED)))
        return failed, warnings


def packages_of(options: EditorConfig, settings: Settings) -> Packages:
    return Packages((settings.root / options.packages).resolve())


def backend_of(options: EditorConfig) -> Backend:
    """Where the editor saves: ``decap-server`` under ``peerhub edit``, else the git host."""
    proxy = os.environ.get(PROXY_ENV)
    if proxy:
        return Backend("proxy", proxy_url=proxy)
    if not options.repo or "/" not in options.repo:
        raise PluginError(f"plugins.peerhub.editor.repo: {REPO_NEEDED}")
    return Backend(
        cast(Literal["github", "gitlab"], options.backend),
        repo=options.repo,
        branch=options.branch,
        base_url=options.base_url,
        auth_endpoint=options.auth_endpoint,
        app_id=options.app_id,
        api_root=options.api_root,
    )


def site_styles(site_dir: Path, config: MkDocsConfig) -> tuple[str, ...]:
    """The built site's stylesheets (the theme's, then ``extra_css``), relative to /admin/."""
    sheets = site_dir / "assets" / "stylesheets"
    theme = sorted(sheets.glob("main.*.min.css")) + sorted(sheets.glob("palette.*.min.css"))
    out = [f"../{p.relative_to(site_dir).as_posix()}" for p in theme]
    out += [f"../{str(extra).lstrip('/')}" for extra in config.extra_css]
    return tuple(out)


def left_out(options: EditorConfig, settings: Settings, site_dir: Path) -> str | None:
    """The line ``peerhub build`` prints when the editor is on but ``site/admin/`` was not
    written (MkDocs' own log shows it under ``mkdocs build``)."""
    if not options.enabled or (site_dir / ADMIN / "index.html").is_file():
        return None
    reason = packages_of(options, settings).missing_reason(settings.root)
    return f"The web editor (/admin/) was left out: {reason}."


def write_editor(config: MkDocsConfig, options: EditorConfig, settings: Settings) -> list[Path]:
    """Write ``site/admin/`` if the editor is on and Decap's files can be had; else say in
    one line that it was left out. Returns the files written."""
    if not options.enabled and not os.environ.get(PROXY_ENV):  # `peerhub edit` turns it on
        return []
    backend = backend_of(options)
    packages = packages_of(options, settings)
    bundle = packages.bundle_files()
    if not bundle:
        log.info("The web editor (/admin/) was left out: %s.", packages.missing_reason(settings.root))
        return []
    site_dir = Path(config.site_dir)
    page = AdminPage(settings, backend, site_styles(site_dir, config))
    return write_admin(site_dir / ADMIN, page, bundle)
