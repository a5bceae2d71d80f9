"""Shared test helpers: a temporary hub from a dict of files, the CLI as a user runs it,
and one build of the sample hub for every test that reads the built site."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"

MINIMAL_MKDOCS = """\
site_name: Test Hub
site_url: https://hub.example.org/
theme:
  name: material
  custom_dir: {overrides}
  font: false
plugins:
  - peerhub
markdown_extensions: [attr_list, md_in_html, admonition, tables, toc]
extra:
  crisis:
    heading: Need help now?
    intro: If you are in crisis, you do not have to wait.
    more: index.md
    lines:
      - {{name: Samaritans, number: "116 123", when: any time}}
"""


@dataclass
class Result:
    """What a person running the command sees."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class _Terminal(logging.Handler):
    """What a terminal shows of MkDocs' log: warnings and errors, as their message alone, on
    stderr. In a ``peerhub`` process that is Python's last-resort handler (no one sets up
    logging there), which prints only while no other handler is on MkDocs' logger (MkDocs'
    strict build and peerhub's own message collector are handlers); ``mkdocs`` itself
    (``always``) sets up its own handler, which always prints."""

    def __init__(self, *, always: bool = False) -> None:
        super().__init__(logging.WARNING)
        self.always = always

    def emit(self, record: logging.LogRecord) -> None:
        if not self.always and any(h is not self for h in logging.getLogger("mkdocs").handlers):
            return
        sys.stderr.write(record.getMessage() + "\n")


@contextmanager
def _inside(cwd: Path, *, mkdocs_cli: bool = False) -> Iterator[None]:
    before = os.getcwd()
    handler = _Terminal(always=mkdocs_cli)
    logger = logging.getLogger("mkdocs")
    os.chdir(cwd)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        os.chdir(before)


def run_peerhub(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run ``peerhub ARGS`` in ``cwd`` as a user would, in this process: the exit code and
    what it prints on stdout and stderr (an exception that ``peerhub`` would not have
    caught shows as a traceback on stderr, so tests that look for one still find it).

    ``run_peerhub_process`` runs it as a separate process, for the few tests about that."""
    from click.testing import CliRunner

    from generator.edge.cli import cli
    from generator.errors import PeerhubError

    environ: dict[str, str | None] = {"PEERHUB_TODAY": None, **(env or {})}
    with _inside(cwd):
        result = CliRunner().invoke(cli, list(args), env=environ, prog_name="peerhub")
    code, err = result.exit_code, result.stderr
    if isinstance(result.exception, PeerhubError):  # as generator.edge.cli.main reports it
        code, err = 1, err + f"{result.exception}\n"
    elif result.exc_info is not None and not isinstance(result.exc_info[1], SystemExit):  # exit 0 too
        err += "".join(traceback.format_exception(*result.exc_info))
    return Result(code, result.stdout, err)


@contextmanager
def _environment(values: dict[str, str | None]) -> Iterator[None]:
    before = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def mkdocs_build(
    root: Path, site_dir: Path, *, strict: bool = False, today: str = TODAY, command: str = "build"
) -> Result:
    """``PEERHUB_TODAY=<today> mkdocs build [--strict] -d <site_dir>`` in ``root``, in this
    process: exit 1 and the error on stderr when MkDocs (or the plugin) stops the build.
    ``command="serve"``: the build ``mkdocs serve`` makes (drafts shown), into ``site_dir``."""
    import io
    from contextlib import redirect_stderr

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    err = io.StringIO()
    code = 0
    with _inside(root, mkdocs_cli=True), _environment({"PEERHUB_TODAY": today}), redirect_stderr(err):
        try:
            config = load_config("mkdocs.yml", site_dir=str(site_dir), strict=strict)
            config.plugins.on_startup(command=command, dirty=False)
            try:
                build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as exc:
            code = 1
            err.write(f"{exc}\n")
    return Result(code, "", err.getvalue())


def run_peerhub_process(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run ``python -m generator ARGS`` in ``cwd`` as a separate process."""
    environ = {k: v for k, v in os.environ.items() if k != "PEERHUB_TODAY"}
    environ.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_hub(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A new hub in a temp folder: ``make_hub({"stories/a.md": "...", "events.yaml": "..."})``."""

    def make(files: dict[str, str], mkdocs: str | None = None) -> Path:
        root = tmp_path / "hub"
        root.mkdir(exist_ok=True)
        config = mkdocs or MINIMAL_MKDOCS.format(overrides=REPO / "overrides")
        write_files(root, {"mkdocs.yml": config, "docs/index.md": "# Home\n\nWelcome.\n", **files})
        return root

    return make


def story(
    title: str = "A story",
    *,
    status: str = "published",
    body: str = "Some words of the story.",
    extra: str = "",
    consent: str = "consent: {recorded: 2026-01-01, review: 2028-01-01, reference: CF-1}",
    date: str = "2026-06-01",
) -> str:
    """A valid lived-experience story; override any part."""
    return (
        f"---\ntitle: {title}\ndate: {date}\nsummary: A short summary of {title}.\n"
        f"storyteller: {{name: Sam, role: peer-support-worker}}\nthemes: [hope]\n"
        f"{consent}\nstatus: {status}\n{extra}---\n\n{body}\n"
    )


_SAMPLE = pytest.StashKey[Path]()
_SAMPLE_FOLDER = "PEERHUB_TEST_SAMPLE"
"""A folder for the session's sample build, made by the main pytest process and shared by
its workers when the suite runs in several (pytest-xdist)."""


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the main process (with or without workers)
        import tempfile

        folder = tempfile.mkdtemp(prefix="peerhub-sample-")
        os.environ[_SAMPLE_FOLDER] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def _install_editor_packages() -> None:
    """Where npm is installed but the web editor's pinned packages are not, install them
    (``npm ci --prefix editor``, from the lock file), so README's test command alone runs
    the editor's tests on a fresh clone. Without npm nothing is done: those tests then skip,
    or fail under CI=true, saying what to install."""
    from generator.editor.bundle import Packages

    packages = Packages(REPO / "editor")
    if shutil.which("npm") is None or (packages.bundle_files() and packages.up_to_date("decap-server")):
        return
    subprocess.run(
        ["npm", "ci", "--prefix", "editor", "--no-audit", "--no-fund"],
        cwd=REPO,
        capture_output=True,
        check=False,
        timeout=900,
    )


def build_sample_site(config: pytest.Config) -> Path:
    """The sample hub of this repository, built once per session with ``peerhub build
    --today 2026-11-23``. Called while collecting too (the browser tests find their page
    types in the built site); the first process to get here builds it, under a lock, and
    every other (pytest-xdist's workers) reads the same site."""
    if _SAMPLE not in config.stash:
        import fcntl

        folder = Path(os.environ[_SAMPLE_FOLDER])
        site, done = folder / "site", folder / "built"
        with open(folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not done.exists():
                _install_editor_packages()  # the sample hub's /admin/ is built from them
                clean = {"SOURCE_DATE_EPOCH": ""}  # the sitemap's dates follow --today
                result = run_peerhub("build", "--today", TODAY, "--site-dir", str(site), cwd=REPO, env=clean)
                if result.code != 0:
                    pytest.fail(f"peerhub build of the sample hub failed:\n{result.text}", pytrace=False)
                done.touch()
        config.stash[_SAMPLE] = site
    return config.stash[_SAMPLE]


@pytest.fixture(scope="session")
def sample_site(request: pytest.FixtureRequest) -> Path:
    """The sample hub of this repository, built once with ``peerhub build --today 2026-11-23``."""
    return build_sample_site(request.config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist (``-n 2 --dist loadgroup``, see pyproject.toml), a worker runs whole
    test files, so a file's fixtures are made once, and one worker runs every browser test,
    so Chromium starts and each page is loaded once."""
    for item in items:
        path = Path(str(item.path)).relative_to(REPO).as_posix()
        group = "browser" if path.startswith("tests/browser/") else path
        item.add_marker(pytest.mark.xdist_group(group))


# Under CI (CI=true) a skipped browser test is a failed run: the browser fixture already
# fails instead of skipping there, and this catches any other way a browser test skips.
_skipped_browser_tests: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and ("browser" in report.keywords or report.nodeid.startswith("tests/browser/")):
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI") == "true" and _skipped_browser_tests:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            count = len(_skipped_browser_tests)
            reporter.write_line(f"CI=true: {count} browser tests were skipped:", red=True)
            for nodeid in _skipped_browser_tests:
                reporter.write_line(f"  {nodeid}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
