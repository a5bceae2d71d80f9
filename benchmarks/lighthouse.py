"""Lighthouse scores of the sample hub: home, a story, the events list and an event.

    python benchmarks/lighthouse.py                  # build, serve, audit, print the table
    python benchmarks/lighthouse.py --runs 5         # median of five runs per page
    python benchmarks/lighthouse.py --readme         # also put the table in README.md

It installs npm's ``lighthouse`` (pinned below) into ``.cache/lighthouse`` if it is not
there, builds the sample hub with ``peerhub build --today`` into a temporary folder,
serves it on 127.0.0.1 and runs Lighthouse against Debian's Chromium
(``CHROME_PATH=/usr/bin/chromium``, headless) with its default mobile settings: a
Moto G-sized screen and simulated slow 4G and a 4x slower CPU.

The server is local, so what Lighthouse measures is the site, not a network: it serves
files as a static host does, gzip-compressed when the browser asks, with a 404 page.
Real hosts add latency (and HTTP/2); the simulated throttling stands in for it. Each
score is the median of ``--runs`` runs. The table, and every audit that did not pass,
are printed and written to ``benchmarks/results/lighthouse.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from localhttp import StaticHost, serve

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.8.2"  # the last release that runs on Node 20 (13.x needs Node 22)
PREFIX = REPO / ".cache" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TODAY = "2026-11-23"
RESULTS = REPO / "benchmarks" / "results"
README_START = "<!-- lighthouse:start -->"
README_END = "<!-- lighthouse:end -->"


def lighthouse_bin() -> Path:
    """The pinned Lighthouse, installed into .cache/lighthouse on first use."""
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    package = PREFIX / "node_modules" / "lighthouse" / "package.json"
    installed = json.loads(package.read_text())["version"] if package.is_file() else None
    if installed != LIGHTHOUSE_VERSION:
        print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {PREFIX.relative_to(REPO)} ...")
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund",
             f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )  # fmt: skip
    return binary


def build(site: Path, today: str) -> None:
    command = [sys.executable, "-m", "generator", "build", "--today", today, "--site-dir", str(site)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"peerhub build failed:\n{result.stdout}{result.stderr}")


def first_link(site: Path, listing: str, prefix: str) -> str:
    """The first card's link on a listing page (the newest story, the soonest event)."""
    html = (site / listing / "index.html").read_text(encoding="utf-8")
    match = re.search(r'class="hub-card__title"><a href="([^"]+)"', html)
    if not match:
        sys.exit(f"no card found on /{listing}")
    return prefix + match[1]


def audit(binary: Path, url: str, out: Path) -> dict[str, Any]:
    command = [
        str(binary), url,
        "--output=json", f"--output-path={out}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(command, env=env, check=True, capture_output=True)
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def failing_audits(report: dict[str, Any]) -> dict[str, list[str]]:
    """Per category, the audits short of full marks that count towards the score, and the
    unscored opportunities Lighthouse rates poorly (what there is to improve)."""
    found: dict[str, list[str]] = {}
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            score = result.get("score")
            if score is not None and score < (1 if ref.get("weight", 0) > 0 else 0.9):
                value = f" ({result['displayValue']})" if result.get("displayValue") else ""
                found.setdefault(name, []).append(f"{ref['id']}: {score:.2f}{value}")
    return found


def markdown_table(rows: list[dict[str, Any]], runs: int, note: str) -> str:
    head = (
        "| page | performance | accessibility | best practices | SEO |\n| --- | ---: | ---: | ---: | ---: |\n"
    )
    body = "".join(
        f"| {row['page']} (`/{row['path']}`) | "
        + " | ".join(str(row["scores"][c]) for c in CATEGORIES)
        + " |\n"
        for row in rows
    )
    return (
        head + body + f"\nLighthouse {LIGHTHOUSE_VERSION}, mobile defaults, median of {runs} "
        f"run{'s' if runs != 1 else ''}; {note}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept")
    parser.add_argument("--today", default=TODAY, help="the build's --today")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()

    binary = lighthouse_bin()
    with tempfile.TemporaryDirectory(prefix="peerhub-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        build(site, args.today)
        pages = [
            ("Home", ""),
            ("A story", first_link(site, "stories", "stories/")),
            ("Events list", "events/"),
            ("An event", first_link(site, "events", "events/")),
            ("Vacancies list", "vacancies/"),
        ]
        rows: list[dict[str, Any]] = []
        with serve(site, StaticHost) as base:
            for name, path in pages:
                reports = [
                    audit(binary, base + path, Path(tmp) / f"report-{i}.json") for i in range(args.runs)
                ]
                scores = {
                    c: round(100 * statistics.median(r["categories"][c]["score"] for r in reports))
                    for c in CATEGORIES
                }
                middle = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[
                    len(reports) // 2
                ]
                rows.append({"page": name, "path": path, "scores": scores, "failing": failing_audits(middle)})
                print(
                    f"{name:12} /{path:45} " + " ".join(f"{c} {scores[c]:3}" for c in CATEGORIES), flush=True
                )

    when = datetime.now(UTC).strftime("%Y-%m-%d")
    note = f"measured {when} on a local static server (gzip, no network latency; see the script)."
    table = markdown_table(rows, args.runs, note)
    details = "".join(
        f"\n- {row['page']}: " + "; ".join(f"{c}: {', '.join(a)}" for c, a in row["failing"].items())
        for row in rows
        if row["failing"]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "lighthouse.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "lighthouse.md").write_text(
        table + ("\nAudits below full marks:" + details + "\n" if details else ""), encoding="utf-8"
    )
    print()
    print(table)
    if details:
        print("Audits below full marks:" + details)
    if args.readme:
        readme = REPO / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.find(README_START), text.find(README_END)
        if start < 0 or end < start:
            sys.exit(f"README.md has no {README_START} ... {README_END} section")
        text = text[: start + len(README_START)] + "\n" + table + text[end:]
        readme.write_text(text, encoding="utf-8")
        print("README.md updated.")


if __name__ == "__main__":
    main()
