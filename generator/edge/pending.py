"""The preview's pages not yet written: each is written when a browser asks for it, the rest
by a thread in the background.

A clean preview build at 10,000 stories would spend most of two minutes converting and
templating pages nobody has asked for yet. So the preview's first build (and any clean
one) writes only the pages in the navigation and the hand-written pages, then starts
serving; the generated pages (stories, events, theme and role pages, listings after the
first) are left *pending*. A request for a pending page writes it at once; a thread
writes the others one by one, and when none is left it writes what needs every page's
text (the search index). Each page is written by MkDocs' own functions, with the
files, navigation and template environment of the build that left it pending, so it is
the page that build would have written.

One lock admits one writer at a time: the background thread, a request, or a rebuild
after a save (which stops the thread and starts it again on what it leaves pending).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mkdocs.commands.build import _build_page, _populate_page

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

    Build = tuple[MkDocsConfig, Files, Sequence[File], Navigation, Environment]
    """What MkDocs' build has when it writes pages: config, files, pages, navigation, templates."""

log = logging.getLogger("mkdocs.plugins.peerhub")


class PendingPages:
    """Pages a build left unwritten, by the path they are written to under the site folder."""

    def __init__(self, lock: threading.RLock) -> None:
        self.lock = lock
        """Held by whoever writes into the site folder: this, a request, or a rebuild."""
        self._files: dict[str, File] = {}
        self._build: Build | None = None
        self._around: tuple[Callable[[], None], Callable[[], None]] = (_nothing, _nothing)
        self._done: Callable[[], None] = _nothing
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._rebuilding = False
        """A build is under way (or failed): what is pending is not known yet."""
        self.failure: BaseException | None = None
        """Why the last page failed to be written, if one did (the next build starts clean)."""

    def __len__(self) -> int:
        return len(self._files)

    def leave(
        self,
        files: list[File],
        build: Build,
        *,
        around: tuple[Callable[[], None], Callable[[], None]],
        done: Callable[[], None],
    ) -> None:
        """The build ``build`` (config, files, pages, navigation, environment) left ``files``
        unwritten. ``around``: called before and after writing pages (the build's state, such
        as the date of the sitemap); ``done``: called, under the lock, once none is left."""
        with self.lock:
            self._files = {f.dest_uri: f for f in files}
            self._build, self._around, self._done = build, around, done
            self._rebuilding = False
            self.failure = None
            if not self._files:
                self._finish()

    def forget(self) -> set[str]:
        """A new build starts: stop the thread and keep nothing (the build decides anew).
        Returns the URLs of the pages that were still pending, which the build keeps pending."""
        self._rebuilding = True
        self.stop()
        with self.lock:
            left = {file.url for file in self._files.values()}
            self._files, self._build = {}, None
        return left

    def write(self, dest_uri: str) -> bool:
        """Write the page at ``dest_uri`` now if it is pending; whether it was. A page that
        is not pending is answered at once, without waiting for the lock (unless a build is
        under way: it may leave the page pending)."""
        if dest_uri not in self._files and not self._rebuilding:
            return False
        with self.lock:
            file = self._files.get(dest_uri)
            if file is None:
                return False
            self._write([file])
            return True

    def write_all(self) -> None:
        """Write every pending page now, in this thread."""
        with self.lock:
            self._write(list(self._files.values()))

    def start(self) -> None:
        """Write the pending pages in a background thread, one at a time."""
        self.stop()
        if not self._files:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="peerhub-pending-pages", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread (after the page it is writing)."""
        thread = self._thread
        if thread is not None:
            self._stop.set()
            thread.join()
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            with self.lock:
                if self._stop.is_set() or not self._files:
                    return
                self._write([next(iter(self._files.values()))])
            # A moment between pages, so that a request waiting for the lock takes it: the
            # lock is not fair, and this thread would otherwise take it again at once.
            self._stop.wait(0.002)

    def _write(self, files: list[File]) -> None:
        if not files or self._build is None:
            return
        config, all_files, doc_files, nav, env = self._build
        before, after = self._around
        before()
        try:
            for file in files:
                page = file.page
                assert page is not None
                _populate_page(page, config, all_files, dirty=False)
                _build_page(page, config, doc_files, nav, env, dirty=False)
                # Pending until it is on disk: a request that finds it pending waits for the
                # lock, one that does not is served the file (so never a 404 while it is written).
                self._files.pop(file.dest_uri, None)
        except Exception as exc:  # shown in the log; the next build is a clean one
            self.failure = exc
            self._files = {}
            log.error("The preview could not write a page: %s", exc)
            return
        finally:
            after()
        if not self._files:
            self._finish()

    def _finish(self) -> None:
        done, self._done = self._done, _nothing
        done()


def _nothing() -> None:
    pass
