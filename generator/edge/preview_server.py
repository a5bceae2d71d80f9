"""The preview's server talks: it says where it serves, one line when the port is taken, and
shows content errors in the browser, on the page being previewed, until the file is fixed.

MkDocs' own live-reload server treats a failed rebuild as a pause: it logs a traceback,
and every page then waits for a build that never comes (the browser hangs). Here a failed
build is an answer: the pages built last keep being served, each with a panel listing the
errors as ``peerhub check`` prints them (``path:line: field: message``), and browsers
reload as after any build. The next save that mends the file builds again, and the panel
goes.
"""

from __future__ import annotations

import errno
import html
import logging
import os
import posixpath
import re
from collections.abc import Callable
from typing import Any

from mkdocs.livereload import _SCRIPT_TEMPLATE, LiveReloadServer, _timestamp
from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from generator.errors import ContentError, PeerhubError

log = logging.getLogger("mkdocs.plugins.peerhub")

PANEL_ID = "peerhub-preview-errors"
_BODY = re.compile(rb"<body[^>]*>")


_SAVES = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_DELETED}
"""What a save is; opening or reading a file (every build reads every story) is not."""


INOTIFY_SPARE = 16
"""Inotify instances the preview wants free before it uses them (one per watched path)."""


def inotify_free(needed: int = INOTIFY_SPARE) -> bool:
    """Whether ``needed`` inotify instances can be had now. Each user may have 128 by default,
    and editors and file-syncing tools often take them all: then watchdog fails only when
    the server starts, with a traceback, so the preview asks first."""
    from watchdog.observers.inotify_c import inotify_init

    taken: list[int] = []
    try:
        for _ in range(needed):
            fd = inotify_init()
            if fd < 0:
                return False
            taken.append(fd)
        return True
    finally:
        for fd in taken:
            os.close(fd)


def _observer() -> BaseObserver | None:
    """The kernel's file notices (inotify), where there are enough; ``None``: MkDocs' polling."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return None
    if not inotify_free():
        log.info("Too few inotify instances are free; the preview looks for saved files every 0.25 s.")
        return None
    try:
        return InotifyObserver()
    except OSError:
        return None


def error_lines(exc: BaseException) -> list[str]:
    """The content errors behind ``exc`` (MkDocs wraps the plugin's), one per line; for any
    other failure, its message."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ContentError):
            return [str(p) for p in cause.problems]
        cause = cause.__cause__ or cause.__context__
    text = str(exc).strip() or type(exc).__name__
    lines = [line for line in text.splitlines() if line.strip()]
    return [line for line in lines if not line.endswith("in content: nothing was built.")] or lines


def panel(lines: list[str], *, over_page: bool = True) -> str:
    """The errors as a block at the top of a page, in plain HTML (every line escaped);
    ``over_page``: it sits over the last version of the page that built."""
    items = "\n".join(html.escape(line) for line in lines)
    count = f"{len(lines)} problem{'s' if len(lines) != 1 else ''}"
    return (
        f'<div id="{PANEL_ID}" role="alert" style="position:relative;z-index:10;margin:0;'
        "padding:1rem 1.5rem;background:#fff4f4;color:#5c0000;border-bottom:4px solid #b00020;"
        'font:16px/1.5 system-ui,sans-serif">'
        f'<p style="margin:0 0 .5rem"><strong>The preview is not up to date: {count} to fix.</strong> '
        f"{'This page is the last version that built. ' if over_page else ''}"
        "Fix the file and save it; this page then reloads.</p>"
        '<pre style="margin:0;white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace">'
        f"{items}</pre></div>"
    )


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with the preview's errors shown on every page."""

    def __init__(
        self,
        builder: Callable[..., None],
        host: str,
        port: int,
        root: str,
        *,
        write_pending: Callable[[str], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(builder, host, port, root, **kwargs)
        self.observer: BaseObserver = _observer() or self.observer  # type: ignore[assignment]
        self.write_pending = write_pending
        """Writes the page at a path under ``root`` if the preview left it for later."""
        self.address = (host, port)
        self.errors: list[str] = []
        """The errors of the last build; empty when it succeeded."""
        self._bound = False
        self.error_handler = self._error_page
        self._saved: set[str] | None = set()
        """Files saved since the builder last asked (:meth:`take_saved`); ``None``: not known."""

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Rebuild when a file under ``path`` (or the file ``path``) is saved. MkDocs polls every
        watched folder: at 10,000 stories each look takes about 0.15 s of the interpreter, which
        slowed every rebuild; the kernel's notices (inotify) cost nothing while nothing changes.
        A file is watched through its folder, so an editor that saves by renaming is seen too."""
        if isinstance(self.observer, PollingObserver):
            self._saved = None  # MkDocs' polling says that something changed, not what
            super().watch(path, recursive=recursive)
            return
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        one_file = os.path.isfile(path)

        def saved(event: FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in _SAVES:
                return
            if one_file and path not in (event.src_path, event.dest_path):
                return
            with self._rebuild_cond:
                if self._saved is not None:
                    self._saved |= {os.fsdecode(p) for p in (event.src_path, event.dest_path) if p}
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = FileSystemEventHandler()
        handler.on_any_event = saved  # type: ignore[method-assign]
        folder = os.path.dirname(path) if one_file else path
        self._watch_refs[path] = self.observer.schedule(handler, folder, recursive=recursive and not one_file)

    def take_saved(self) -> set[str] | None:
        """The files saved since the last call (absolute paths), forgotten; ``None`` when the
        watcher cannot tell which (polling), so the build must look at everything."""
        with self._rebuild_cond:
            if self._saved is None:
                return None
            saved, self._saved = self._saved, set()
            return saved

    def bind(self) -> None:
        """Take the address now (before the first build), or say in one line why not."""
        host, port = self.address
        try:
            super().server_bind()
            super().server_activate()
        except OSError as exc:
            self.server_close()
            if exc.errno == errno.EADDRINUSE:
                raise PeerhubError(
                    f"{host}:{port} is already in use, perhaps by another peerhub serve: stop that one "
                    f"(Ctrl+C in its window), or preview on another port: peerhub serve -a {host}:{port + 1}"
                ) from None
            raise PeerhubError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
        self._bound = True

    def server_bind(self) -> None:
        if not self._bound:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._bound:
            super().server_activate()

    def builder_showing_errors(self, build: Callable[..., None]) -> Callable[..., None]:
        """``build``, which on failure keeps the last pages and shows why on each of them."""

        def run(*args: Any) -> None:
            try:
                build(*args)
            except Exception as exc:  # a failed build is shown, never a hung page
                self.errors = error_lines(exc)
                log.error(
                    "The preview shows the problems above at the top of every page until they are "
                    "fixed and the file is saved again."
                )
            else:
                self.errors = []

        return run

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        """A page the preview has not written yet is written before it is served."""
        if self.write_pending is not None:
            path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
            if (path + "/").startswith(self.mount_path):
                rel = path[len(self.mount_path) :]
                rel = posixpath.normpath("/" + rel + ("index.html" if path.endswith("/") else "")).lstrip("/")
                if not self.write_pending(rel) and not path.endswith("/"):
                    self.write_pending(rel + "/index.html")  # MkDocs' server adds the slash
        return super()._serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        if not self.errors:
            return content
        found = _BODY.search(content)
        at = found.end() if found else 0
        return content[:at] + panel(self.errors).encode() + content[at:]

    def _error_page(self, code: int) -> bytes | None:
        """A missing page while the build fails (the first one, or a new story's page): the
        errors, and the script that reloads the page once the build succeeds."""
        page = f"{self.root}/{code}.html"
        if not self.errors:
            try:
                with open(page, "rb") as file:
                    return file.read() if code in (404, 500) else None
            except OSError:
                return None
        script = _SCRIPT_TEMPLATE.substitute(epoch=self._visible_epoch, request_id=_timestamp())
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview: problems to fix'
            f"</title></head><body>{panel(self.errors, over_page=False)}"
            f"<script>{script}</script></body></html>"
        ).encode()
