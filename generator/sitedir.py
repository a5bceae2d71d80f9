"""The site folder: which folder a build may write, and how a new site replaces the old.

- **One guard** (:func:`check_site_dir`) decides whether a folder may be the site folder:
  never the project, a folder above it, or a folder holding the project's docs, content,
  configuration, theme or ``.git``; nor a folder inside docs or content; nor any folder
  holding a ``.git``, a ``mkdocs.yml`` or markdown files (someone's project). The site
  folder is replaced whole, so anything else in it would be lost. ``peerhub check``,
  ``peerhub build``, ``mkdocs build`` (through the plugin, whatever ``site_dir`` says) and
  ``peerhub serve`` ask it before anything is written.
- **The swap**: a build writes into ``.<site>.building-<pid>`` beside the site folder, then
  exchanges the two folders in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``), so at
  every instant the site folder holds the previous site or the complete new one; a kill
  after the exchange leaves only the old copy beside it. Where the system cannot exchange,
  two renames are used, and a build killed between them is finished by the next one, which
  first puts the previous site back.
- **One build at a time**: ``.<site>.lock`` is locked while a build writes; a second one is
  refused with a plain message. What killed builds left (``.<site>.building-*``,
  ``.<site>.old-*``) is removed by the next build.
- **Plain words for the disk**: read-only, full or busy disks are sentences, not tracebacks.
- **The preview's folder** (:func:`preview_folder`) is removed when ``peerhub serve`` stops,
  by Ctrl-C or a terminating signal; one left by a killed preview is removed by the next.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import errno
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ConfigError

try:
    import fcntl
except ImportError:  # Windows: the lock falls back to a file that only one build can create
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("mkdocs.plugins.peerhub")

PROJECT_MARKERS = (".git", "mkdocs.yml", "mkdocs.yaml")
"""A folder holding one of these is a project, never a site folder."""
PREVIEW_PREFIX = "peerhub-preview-"


class SiteFolderError(ConfigError):
    """The site folder cannot be used, or the disk refused to write it."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _holds_markdown_or_project(folder: Path) -> str | None:
    """What in ``folder`` shows it is not a built site: a project file, or a markdown file."""
    for marker in PROJECT_MARKERS:
        if (folder / marker).exists():
            return marker
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            if name.endswith((".md", ".markdown")):
                return os.path.relpath(os.path.join(dirpath, name), folder)
    return None


def check_site_dir(site_dir: Path, root: Path, keep: Iterable[Path], *, contents: bool = True) -> Path:
    """The site folder as an absolute, resolved path, or :class:`SiteFolderError` saying why
    it may not be one. ``keep``: the project's docs, content, config and theme. ``contents``:
    also look inside an existing folder (the preview skips it: its folder is its own)."""
    target = Path(os.path.realpath(site_dir))
    project = Path(os.path.realpath(root))
    shown = _shown(site_dir, root)
    if _inside(project, target):
        what = "the project folder itself" if target == project else "a folder that holds the project"
        raise SiteFolderError(
            f"site_dir: {shown} is {what}; the site folder is replaced whole by every build, so "
            "this would delete the project: use a folder of its own, such as site"
        )
    for path in [*keep, project / ".git"]:
        kept = Path(os.path.realpath(path))
        if _inside(kept, target):
            raise SiteFolderError(
                f"site_dir: {shown} holds {_shown(path, root)}, which every build would delete "
                "(the site folder is replaced whole): use a folder of its own, such as site"
            )
        if kept.is_dir() and kept != project and _inside(target, kept):
            raise SiteFolderError(
                f"site_dir: {shown} is inside {_shown(path, root)}; the site must be built "
                "outside the content and docs folders, e.g. site"
            )
    if target.exists() and not target.is_dir():
        raise SiteFolderError(f"site_dir: {shown} is a file, not a folder; choose a folder such as site")
    if contents and target.is_dir():
        found = _holds_markdown_or_project(target)
        if found is not None:
            raise SiteFolderError(
                f"site_dir: {shown} holds {found}, so it is not a built site: every build replaces "
                "the site folder whole, which would delete it; choose an empty or new folder"
            )
    return target


def _shown(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix() or "."
    except ValueError:
        return str(path)


def check_content_folders(root: Path, docs_dir: Path, stories_dir: Path, events_file: Path) -> None:
    """Refuse content kept inside ``docs_dir``: MkDocs publishes every file there as it is, so a
    draft story would be a plain page (and ``events.yaml`` a download)."""
    docs = Path(os.path.realpath(docs_dir))
    for name, path in (("stories_dir", stories_dir), ("events_file", events_file)):
        if _inside(Path(os.path.realpath(path)), docs):
            raise ConfigError(
                f"{name}: {_shown(path, root)} is inside docs_dir ({_shown(docs_dir, root)}), and MkDocs "
                "publishes every file there as it is: drafts and withheld stories would be public. "
                f"Keep it outside {_shown(docs_dir, root)}/ (the default is "
                f"{'stories' if name == 'stories_dir' else 'events.yaml'} next to mkdocs.yml)"
            )


# ---------------------------------------------------------------------------------------
# Plain words for what the disk said


def disk_message(exc: OSError, what: str) -> str:
    """``what`` (e.g. "could not write the site") and why, in words, from an ``OSError``."""
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) not in what else ""
    reasons = {
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied: the folder cannot be written by this user",
        errno.EPERM: "permission denied: the folder cannot be written by this user",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "a file is larger than the disk allows",
        errno.EBUSY: "the folder is in use by another program",
        errno.ENOTEMPTY: "the folder is in use by another program",
        errno.EXDEV: "the site folder and the folder beside it are on different disks",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return f"{what}{where}: {reason}"


# ---------------------------------------------------------------------------------------
# Locking, staging and the swap

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2: Any = (
    getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _names(target: Path) -> tuple[str, str, str]:
    """Prefixes of the staging and old folders, and the lock file, beside ``target``."""
    return f".{target.name}.building-", f".{target.name}.old-", f".{target.name}.lock"


class _Lock:
    """An exclusive lock on ``.<site>.lock``; refused at once when another build holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        if fcntl is None:
            self._create(path)
            return
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode(errors="replace").strip() or "another process"
                os.close(fd)
                raise SiteFolderError(
                    f"another build is writing {path.parent / path.name[1:-5]} just now (process "
                    f"{holder}); wait for it to finish, then build again"
                ) from None
            try:  # the file may have been removed by the build that held it: lock the one there
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd

    def _create(self, path: Path) -> None:
        """Without ``flock``: the lock is the file itself, taken over when its process is gone."""
        for _ in range(2):
            try:
                self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = path.read_text(errors="replace").strip()
                if holder.isdigit() and _alive(int(holder)):
                    raise SiteFolderError(
                        f"another build is writing {path.parent / path.name[1:-5]} just now (process "
                        f"{holder}); wait for it to finish, then build again"
                    ) from None
                path.unlink(missing_ok=True)
                continue
            os.write(self.fd, str(os.getpid()).encode())
            return

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            os.close(self.fd)
            self.fd = None


def _recover(target: Path) -> None:
    """Finish what a killed build left: the previous site back in place, strays removed."""
    building, old, _ = _names(target)
    parent = target.parent
    strays = sorted((p for p in parent.iterdir() if p.name.startswith((building, old))), key=_mtime)
    olds = [p for p in strays if p.name.startswith(old) and p.is_dir()]
    if not target.exists() and olds:  # killed between the two renames: put the old site back
        olds[-1].rename(target)
        log.info("Put back %s, left aside by a build that was stopped", target)
        strays.remove(olds[-1])
    for path in strays:
        shutil.rmtree(path, ignore_errors=True)
        if path.exists() and not path.is_dir():
            path.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class _Warnings(logging.Handler):
    """Counts warnings of MkDocs' loggers during a build, as its ``--strict`` does."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class Staged:
    """A build under way in ``staging``, to replace ``target`` whole when it succeeds."""

    target: Path
    staging: Path
    lock: _Lock
    warnings: _Warnings = field(default_factory=_Warnings)
    config: Any = None
    """MkDocs' config, whose ``site_dir`` points at ``staging`` while the build runs."""
    done: bool = False
    """Committed or discarded: nothing is left to do (a second call does nothing)."""

    def commit(self) -> None:
        """Put the new site in place; the previous one is removed afterwards."""
        try:
            if not self.target.exists():
                self.staging.rename(self.target)
            elif _exchange(self.staging, self.target):
                shutil.rmtree(self.staging, ignore_errors=True)  # now the previous site
            else:
                self._two_renames()
        except OSError as exc:
            raise SiteFolderError(
                disk_message(exc, f"could not put the new site in place of {self.target}")
                + "; the previous site is unchanged"
            ) from None
        finally:
            self.discard()

    def _two_renames(self) -> None:
        old = self.target.parent / f"{_names(self.target)[1]}{os.getpid()}"
        self.target.rename(old)
        try:
            self.staging.rename(self.target)
        except OSError:
            old.rename(self.target)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove what was built (after a commit, nothing is left) and release the lock."""
        self.done = True
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.lock.release()


def stage(target: Path) -> Staged:
    """Lock the site folder, finish what killed builds left, and make a staging folder beside
    it. ``target`` has passed :func:`check_site_dir`."""
    building, _, lock_name = _names(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = _Lock(target.parent / lock_name)
    except OSError as exc:
        raise SiteFolderError(disk_message(exc, f"cannot build the site in {target.parent}")) from None
    try:
        _recover(target)
        staging = target.parent / f"{building}{os.getpid()}"
        staging.mkdir()
    except OSError as exc:
        lock.release()
        raise SiteFolderError(disk_message(exc, f"cannot build the site in {target.parent}")) from None
    staged = Staged(target, staging, lock)
    logging.getLogger("mkdocs").addHandler(staged.warnings)
    return staged


# ---------------------------------------------------------------------------------------
# MkDocs glue: one call from each of the plugin's events


def _project(config: Any, options: Any) -> tuple[Path, list[Path]]:
    """The project folder, and what the site folder must never hold, from MkDocs' config."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    keep = [Path(config.docs_dir), root / options.stories_dir, root / options.events_file]
    if config.config_file_path:
        keep.append(Path(config.config_file_path))
    custom_dir = getattr(config.theme, "custom_dir", None) if config.theme else None
    if custom_dir:
        keep.append(Path(custom_dir))
    return root, keep


def check_config(config: Any, options: Any, *, contents: bool = True) -> Path:
    """Both rules of the project's folders for MkDocs' config: content outside docs, and a
    site folder that may be replaced whole. Returns the site folder."""
    root, keep = _project(config, options)
    check_content_folders(root, Path(config.docs_dir), keep[1], keep[2])
    return check_site_dir(Path(config.site_dir), root, keep, contents=contents)


def begin_build(config: Any, options: Any, *, command: str) -> Staged | None:
    """Check the folders; for a build, point ``config.site_dir`` at a staging folder.

    ``gh-deploy`` builds too (and deploys ``config.site_dir``, the site folder again by
    then); ``serve`` builds into a temporary folder of its own, in place."""
    building = command in {"build", "gh-deploy"}
    target = check_config(config, options, contents=building)
    if not building:
        return None
    staged = stage(target)
    staged.config = config
    config.site_dir = str(staged.staging)
    return staged


def end_build(staged: Staged | None) -> None:
    """After every other plugin's ``on_post_build``: swap the site in, unless ``--strict``
    will stop the build for a warning (then the previous site stays)."""
    if staged is None or staged.done:
        return
    staged.config.site_dir = str(staged.target)
    if staged.config.strict and staged.warnings.count:
        staged.discard()
        return
    staged.commit()


def abandon_build(staged: Staged | None) -> None:
    """The build failed: remove the staging folder; the previous site is unchanged."""
    if staged is not None and not staged.done:
        staged.config.site_dir = str(staged.target)
        staged.discard()


# ---------------------------------------------------------------------------------------
# The preview's temporary folder


def preview_folder() -> str:
    """A new temporary folder for ``peerhub serve``, removed when the process ends (also on
    Ctrl-C, SIGTERM or SIGHUP); folders of previews that were killed are removed now."""
    base = Path(tempfile.gettempdir())
    me = os.getuid() if hasattr(os, "getuid") else None
    for old in base.glob(f"{PREVIEW_PREFIX}*"):
        pid = old.name[len(PREVIEW_PREFIX) :].split("-", 1)[0]
        if (
            pid.isdigit()
            and not _alive(int(pid))
            and old.is_dir()
            and getattr(old.stat(), "st_uid", me) == me
        ):
            shutil.rmtree(old, ignore_errors=True)
    folder = tempfile.mkdtemp(prefix=f"{PREVIEW_PREFIX}{os.getpid()}-")
    atexit.register(shutil.rmtree, folder, True)
    for signum in filter(None, (signal.SIGTERM, getattr(signal, "SIGHUP", None))):
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            if signal.getsignal(signum) == signal.SIG_DFL:
                signal.signal(signum, _exit_on_signal)
    return folder


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
