"""Browser test fixtures: build the real hub once, serve it locally, drive Debian's Chromium.

The site is built from the repository's own mkdocs.yml with `--strict` and a fixed
today, served over http on 127.0.0.1 (a missing path gets the site's 404 page, as on a
static host), and opened in headless Chromium at /usr/bin/chromium. Without Chromium the
browser tests are skipped, except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from benchmarks.localhttp import serve
from tests.browser.pages import PageType, discover
from tests.browser.visits import Visit, make_visit
from tests.conftest import build_sample_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[2]
# The real config; PEERHUB_MKDOCS_CONFIG points the tests at another one (e.g. a copy
# without a plugin that is being worked on).
MKDOCS_CONFIG = Path(os.environ.get("PEERHUB_MKDOCS_CONFIG") or REPO / "mkdocs.yml")
TODAY = "2026-11-23"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    """Skip the test, or fail it under CI, where a missing browser is a broken setup."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is an error, not a skip)")
    pytest.skip(reason)


_SITE = pytest.StashKey[Path]()


def build_site(config: pytest.Config) -> Path:
    """The site under test, built once per session into a temporary folder removed at the end.

    Called while collecting (the page types to test are found in the built site) and by
    the ``built_site`` fixture, so the session builds only once. It is the sample hub that
    every test of the built site reads (``peerhub build``, which is ``mkdocs build
    --strict`` after its checks), unless PEERHUB_MKDOCS_CONFIG names another config.
    """
    if MKDOCS_CONFIG == REPO / "mkdocs.yml":
        return build_sample_site(config)
    if _SITE in config.stash:
        return config.stash[_SITE]
    site_dir = Path(tempfile.mkdtemp(prefix="peerhub-browser-site-"))
    config.add_cleanup(lambda: shutil.rmtree(site_dir, ignore_errors=True))
    command = [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "-f", str(MKDOCS_CONFIG), "-d", str(site_dir),
    ]  # fmt: skip
    env = {**os.environ, "PEERHUB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build failed (exit {result.returncode}):\n{result.stdout}{result.stderr}",
            pytrace=False,
        )
    config.stash[_SITE] = site_dir
    return site_dir


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes ``page_type`` runs once for every kind of page in the built site."""
    if "page_type" in metafunc.fixturenames:
        types = discover(build_site(metafunc.config))
        metafunc.parametrize("page_type", types, ids=[t.name for t in types])


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> Path:
    """The hub built once per session into a temporary folder."""
    return build_site(request.config)


@pytest.fixture(scope="session")
def page_types(built_site: Path) -> list[PageType]:
    """Every kind of page of the built site (see tests/browser/pages.py)."""
    return discover(built_site)


@pytest.fixture(scope="session")
def crisis() -> dict[str, Any]:
    """`extra.crisis` from the mkdocs.yml under test (YAML tags such as !ENV read as null)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load(MKDOCS_CONFIG.read_text(encoding="utf-8"), Loader=Loader)
    value: dict[str, Any] = config["extra"]["crisis"]
    return value


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in '/') of the built site, served on a free port of 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium (Playwright cannot download its own browsers here)."""
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not installed at {CHROMIUM}: install it with apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"Playwright is not installed: pip install -e '.[test]' ({error})")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context (no shared storage, cookies or cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def visit(browser: Browser, site_url: str, crisis: dict[str, Any]) -> Callable[[PageType, int], Visit]:
    """``visit(page_type, width)``: what one load of that page at that width showed, each
    page and width loaded once per session (see tests/browser/visits.py)."""
    made: dict[tuple[str, bool, int], Visit] = {}

    def get(page_type: PageType, width: int) -> Visit:
        key = (page_type.path, page_type.search_open, width)
        if key not in made:
            made[key] = make_visit(browser, site_url, page_type, width, crisis)
        return made[key]

    return get
