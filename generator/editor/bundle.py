"""The editor's npm packages: Decap CMS and its local backend, pinned by a lock file.

They live in a folder of their own (``editor/`` of the project: ``package.json`` and
``package-lock.json``), installed with ``npm ci --prefix editor``, so the optional tooling
in the project's root ``package.json`` is not forced on anyone. The public site needs none
of it: without these files a build leaves ``/admin/`` out and says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PeerhubError

DECAP = "decap-cms"
SERVER = "decap-server"


def npm_install_command(folder: Path) -> list[str]:
    """What installs the pinned packages (the lock file, exactly)."""
    return ["npm", "ci", "--prefix", str(folder), "--no-audit", "--no-fund"]


@dataclass(frozen=True)
class Packages:
    """The folder holding the editor's ``package.json``, lock file and ``node_modules``."""

    folder: Path

    @property
    def modules(self) -> Path:
        return self.folder / "node_modules"

    @property
    def dist(self) -> Path:
        """Decap's ready-built files: ``decap-cms.js``, its lazily loaded chunks and wasm."""
        return self.modules / DECAP / "dist"

    def locked_version(self, name: str) -> str | None:
        """The version of ``name`` the lock file pins, if the lock file names it."""
        lock = self.folder / "package-lock.json"
        if not lock.is_file():
            return None
        packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
        version = packages.get(f"node_modules/{name}", {}).get("version")
        return str(version) if version else None

    def installed_version(self, name: str) -> str | None:
        manifest = self.modules / name / "package.json"
        if not manifest.is_file():
            return None
        return str(json.loads(manifest.read_text(encoding="utf-8")).get("version") or "") or None

    def up_to_date(self, name: str) -> bool:
        """``name`` is installed at the version the lock file pins."""
        installed = self.installed_version(name)
        return installed is not None and installed == self.locked_version(name)

    def bundle_files(self) -> list[Path]:
        """The files ``/admin/`` serves from Decap: the bundle, its chunks, wasm and licence.
        Empty when Decap is not installed at the pinned version."""
        main = self.dist / f"{DECAP}.js"
        if not main.is_file() or not self.up_to_date(DECAP):
            return []
        chunks = sorted(self.dist.glob(f"*.{DECAP}.js")) + sorted(self.dist.glob("*.wasm"))
        licence = self.dist / f"{DECAP}.js.LICENSE.txt"
        return [main, *chunks, *([licence] if licence.is_file() else [])]

    def missing_reason(self, root: Path) -> str:
        """Why the bundle cannot be had, and what to do about it, in a few words."""
        try:
            folder = self.folder.relative_to(root.resolve()).as_posix()
        except ValueError:
            folder = str(self.folder)
        if not (self.folder / "package-lock.json").is_file():
            return f"{folder}/package-lock.json, which pins its packages, is missing"
        if shutil.which("npm") is None:
            return f"Node.js is not installed (to add it: install Node.js, then npm ci --prefix {folder})"
        return f"its files are not installed; run: npm ci --prefix {folder}"

    def install(self) -> None:
        """``npm ci`` in the folder: exactly what the lock file pins (needs npm and the registry)."""
        if shutil.which("npm") is None:
            raise PeerhubError(
                "The web editor needs Node.js and npm: install them (e.g. apt-get install nodejs npm, "
                "or from nodejs.org), then run this again"
            )
        if not (self.folder / "package-lock.json").is_file():
            raise PeerhubError(
                f"{self.folder}/package-lock.json is missing: the editor's packages are pinned there"
            )
        result = subprocess.run(npm_install_command(self.folder), check=False)
        if result.returncode != 0:
            raise PeerhubError(f"npm ci --prefix {self.folder} failed (exit {result.returncode}); see above")
