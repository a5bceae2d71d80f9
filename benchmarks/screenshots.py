"""Screenshots of the sample hub at a phone's and a laptop's width, for before/after notes.

    python benchmarks/screenshots.py --prefix after     # benchmarks/results/screenshots/after-*.png

It builds the sample hub with ``peerhub build --today`` into a temporary folder, serves it
on 127.0.0.1 and opens the pages ``lighthouse.py`` audits (home, the newest story, the
events list, the soonest event, the vacancies list) and the post closing soonest, in
Debian's Chromium at 390 x 844 and 1280 x 800. Each
picture is the top of the page, two screens tall at most, and is squeezed with
``pngquant`` when it is installed (``apt-get install pngquant``), so the set stays small
enough to commit.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lighthouse import CHROME, TODAY, build, first_link
from localhttp import serve

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "results" / "screenshots"
SIZES = [(390, 844), (1280, 800)]
SCREENS = 2
"""How many screens of each page the picture shows, at most."""


def squeeze(path: Path) -> None:
    """Recompress with pngquant (a 256-colour palette), if it is installed."""
    if shutil.which("pngquant") is None:
        return
    subprocess.run(
        [
            "pngquant",
            "--force",
            "--skip-if-larger",
            "--quality=40-70",
            "--speed=1",
            "--output",
            str(path),
            str(path),
        ],
        check=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--prefix", required=True, help="file name prefix, e.g. before or after")
    parser.add_argument("--today", default=TODAY, help="the build's --today")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="peerhub-screenshots-") as tmp:
        site = Path(tmp) / "site"
        build(site, args.today)
        pages = [
            ("home", ""),
            ("story", first_link(site, "stories", "stories/")),
            ("events", "events/"),
            ("event", first_link(site, "events", "events/")),
            ("vacancies", "vacancies/"),
            ("vacancy", first_link(site, "vacancies", "vacancies/")),
        ]
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROME, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in pages:
                    page.goto(base + path, wait_until="networkidle")
                    full = page.evaluate("document.documentElement.scrollHeight")
                    clip = {"x": 0, "y": 0, "width": width, "height": min(full, SCREENS * height)}
                    target = OUT / f"{args.prefix}-{name}-{width}.png"
                    page.screenshot(path=str(target), clip=clip, full_page=True)
                    squeeze(target)
                    print(f"{target.relative_to(REPO)}  {target.stat().st_size // 1024} KB")
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
