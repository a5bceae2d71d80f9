"""Build benchmark: the hub against plain MkDocs on the same synthetic content, in one run.

    python benchmarks/build.py                      # 1,000 x 1,000, then 10,000 x 2,000
    python benchmarks/build.py --size 1000x1000     # one size: STORIESxEVENTS
    python benchmarks/build.py --size 20x10 --repeat 1 --out /tmp/bench.json
    python benchmarks/build.py --marginal-only --marginal 1000   # one more story vs one bare page

For each size it writes a synthetic hub (``benchmarks/synthetic.py``) into a temporary
folder and measures:

- the core alone (load, validate, publication rules, render pages, feeds), in a fresh process;
- ``peerhub build`` (check, then ``mkdocs build --strict`` with the plugin, then the swap);
- the baseline: ``mkdocs build`` of the same generated markdown written as ordinary files,
  with the ``peerhub`` plugin off and Material's search plugin on, as a plain MkDocs site
  is built (it indexes every word of every page into one file);
- peak memory (max RSS) of each build, the site's size and file count, the search
  index's files, and the largest HTML page;
- the search index alone (in the core's process): its build time, how much it adds to
  the peak memory, and how long the preview takes to build it again after a save;
- a phone's first search (``benchmarks/first_search.py``): in Chromium at 390 x 844 with
  Lighthouse's mobile throttling, search for the made-up word that only the body of the
  oldest public story holds; the bytes that search downloads (raw and as sent gzipped),
  the home page's own weight, and the time from the last key to the first result;
- the live preview (``measure_preview``; alone with ``--preview-only``): start ``peerhub
  serve``, time until the newest story's page is served, then save edits of a story, an
  event and a vacancy in turn and poll each one's page until the edit shows (median and
  worst), and read the server's peak memory;
- the marginal cost (``benchmarks/marginal.py``): one more story in the hub against one more
  bare Material page of the same body in a plain MkDocs site, and the top entries of a
  cProfile of ``peerhub build``.

Hub and baseline builds are interleaved in rounds (hub, plain, then plain, hub, ...) so the
noise of a shared machine falls on both; the ratio checked is the median of the rounds'
ratios, and the best times are shown too. The table is printed and everything is written
as JSON (default ``benchmarks/results/build.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import marginal
import yaml
from localhttp import fetch, free_port
from synthetic import REPO, TODAY, write_hub

RESULTS = REPO / "benchmarks" / "results" / "build.json"
DEFAULT_SIZES = ["1000x1000", "10000x2000"]

# Targets of the issue, checked on the benchmark's own output.
MAX_RATIO = 1.10
MAX_GROWTH = 11.0
MAX_PEAK_MB = 1024
MAX_PAGE_BYTES = 100 * 1024
MAX_FIRST_SEARCH_BYTES = 300 * 1000
MAX_RESULT_SECONDS = 1.0
MAX_FILES = 20_000  # Cloudflare Pages (free) takes at most this many files
MAX_PREVIEW_SECONDS = 2.0

BEFORE = {
    1000: {"search_raw": 4_000_000, "search_sent": 1_300_000, "files": 3_303, "found": False},
    10000: {"search_raw": 4_700_000, "search_sent": 1_400_000, "files": 15_928, "found": False},
}
"""Today's figures before this search, from README (benchmark of 2026-11-23): Material's
search downloaded its whole index (``search/search_index.json``, capped at 4 MB) with every
page, and a word only in the body of an older story was not in it."""


@dataclass
class Run:
    """One build in its own process."""

    seconds: float
    """Wall-clock time."""
    cpu_seconds: float
    """User and system time of the process: less disturbed by other work on the machine."""
    peak_mb: float
    system_seconds: float = 0.0
    """The system (kernel) part of ``cpu_seconds``: file writes, folders, memory."""


@dataclass
class SiteStats:
    bytes: int = 0
    files: int = 0
    html_pages: int = 0
    largest_html_bytes: int = 0
    largest_html: str = ""
    search_files: int = 0
    """Files of the hub's search (``search/``), or 1 for Material's index."""
    search_bytes: int = 0
    search_index_bytes: int = 0
    """Material's ``search/search_index.json`` (plain MkDocs), if any."""


@dataclass
class SizeResult:
    stories: int
    events: int
    public_stories: int = 0
    pages: int = 0
    generate_seconds: float = 0.0
    core: dict[str, float] = field(default_factory=dict)
    hub_runs: list[Run] = field(default_factory=list)
    plain_runs: list[Run] = field(default_factory=list)
    hub_site: SiteStats = field(default_factory=SiteStats)
    plain_site: SiteStats = field(default_factory=SiteStats)
    preview: dict[str, Any] = field(default_factory=dict)
    first_search: dict[str, Any] = field(default_factory=dict)

    @property
    def hub_best(self) -> float:
        return min(r.seconds for r in self.hub_runs)

    @property
    def plain_best(self) -> float:
        return min(r.seconds for r in self.plain_runs)

    @property
    def best_ratio(self) -> float:
        return self.hub_best / self.plain_best

    @property
    def ratio(self) -> float:
        """The median of the rounds' ratios: each round runs both builds back to back, so a
        slow spell of the machine falls on both (the target is checked on this)."""
        return statistics.median(self.round_ratios)

    @property
    def cpu_ratio(self) -> float:
        return min(r.cpu_seconds for r in self.hub_runs) / min(r.cpu_seconds for r in self.plain_runs)

    @property
    def round_ratios(self) -> list[float]:
        return [h.seconds / p.seconds for h, p in zip(self.hub_runs, self.plain_runs, strict=True)]

    @property
    def hub_peak_mb(self) -> float:
        return max(r.peak_mb for r in self.hub_runs)

    @property
    def plain_peak_mb(self) -> float:
        return max(r.peak_mb for r in self.plain_runs)


# --------------------------------------------------------------------------- measuring


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to the end; its wall time and its own peak resident memory (``wait4``)."""
    environ = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=environ, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            output.seek(0)
            raise SystemExit(
                f"{' '.join(command)} failed in {cwd} ({proc.returncode}):\n{output.read()[-4000:]}"
            )
    cpu = usage.ru_utime + usage.ru_stime
    return Run(round(seconds, 3), round(cpu, 3), round(usage.ru_maxrss / 1024, 1), round(usage.ru_stime, 3))


def site_stats(site: Path) -> SiteStats:
    stats = SiteStats()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        stats.bytes += size
        stats.files += 1
        if path.suffix == ".html":
            stats.html_pages += 1
            if size > stats.largest_html_bytes:
                stats.largest_html_bytes = size
                stats.largest_html = path.relative_to(site).as_posix()
    for path in (site / "search").rglob("*"):
        if path.is_file():
            stats.search_files += 1
            stats.search_bytes += path.stat().st_size
    index = site / "search" / "search_index.json"
    if index.is_file():
        stats.search_index_bytes = index.stat().st_size
    return stats


# --------------------------------------------------------------------------- the core alone

CORE_SCRIPT = r"""
import json, resource, sys, time
from pathlib import Path
from generator.editorial.privacy import privacy_problems
from generator.hub import select
from generator.load import load_content
from generator.validate import validate
from generator.render import Renderer, render_site
from generator.feeds import render_files

root = Path(sys.argv[1])
sys.path.insert(0, sys.argv[3])
from synthetic import hub_settings
settings = hub_settings(root, sys.argv[2])
times = {}
t = time.perf_counter()
content = load_content(settings.stories_dir, settings.events_file, settings.root)
times["load"] = time.perf_counter() - t
t = time.perf_counter()
problems = content.problems + validate(content)
problems += [p for story in content.stories for p in privacy_problems(story, settings)]
assert not [p for p in problems if p.severity == "error"], problems[:5]
times["validate"] = time.perf_counter() - t
t = time.perf_counter()
hub = select(content, settings)
times["publish"] = time.perf_counter() - t
t = time.perf_counter()
site = render_site(hub, Renderer.fresh())
times["render"] = time.perf_counter() - t
t = time.perf_counter()
files = render_files(hub)
times["feeds"] = time.perf_counter() - t
times["total"] = sum(times.values())
times = {k: round(v, 3) for k, v in times.items()}
times["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
times["public_stories"] = len(hub.stories)
times["pages"] = len(site.pages)

# The search index of the same pages, as the plugin builds it after the pages are converted
# (with each story's markdown for the text of its body); then again after one save.
import os, tempfile
from dataclasses import replace
from generator.search.index import IndexBuilder
bodies = {f"stories/{s.slug}/": s.body for s in hub.stories}
bodies |= {f"events/{e.id}/": e.meta.description or "" for e in hub.events}
def rss_mb(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # the peak (VmHWM) starts again from now
    except OSError:
        pass
records = [p.search.with_text(bodies.get(p.url, "")) for p in site.pages if p.search is not None]
before = rss_mb("VmRSS")
reset_peak()
folder = tempfile.mkdtemp()
def write(name, data):
    target = os.path.join(folder, name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(data)
t = time.perf_counter()
index = IndexBuilder().build(records, write)  # as `peerhub build` does
times["index"] = round(time.perf_counter() - t, 3)
times["index_peak_mb"] = round(rss_mb("VmHWM"), 1)
times["index_added_mb"] = round(rss_mb("VmHWM") - before, 1)
times["index_files"] = len(index.files)
times["index_bytes"] = index.bytes
times["index_words"] = index.words
builder = IndexBuilder(remember=True)  # as the preview does: one build, then one after a save
builder.build(records, lambda name, data: None)
edited = [replace(records[0], text=records[0].text + " benchmarkedit")] + records[1:]
t = time.perf_counter()
builder.build(edited, lambda name, data: None)
times["index_after_save"] = round(time.perf_counter() - t, 3)
import shutil
shutil.rmtree(folder)
print(json.dumps(times))
"""


def measure_core(hub: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CORE_SCRIPT, str(hub), TODAY.isoformat(), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"core timing failed:\n{out.stderr[-4000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# --------------------------------------------------------------------------- the baseline


def write_plain(hub: Path, plain: Path) -> tuple[str, str]:
    """The hub's generated markdown as ordinary files of a MkDocs site without the plugin,
    with Material's search on. Returns the oldest public story's path and its own word."""
    from synthetic import hub_settings, marker_in

    from generator import pipeline
    from generator.edge.theme import front_matter, front_matter_text
    from generator.render import Renderer, expand_blocks, render_site

    renderer = Renderer.fresh()
    opened = pipeline.run(hub_settings(hub, TODAY.isoformat()), warnings=False).valid_hub()
    oldest = opened.stories[-1]
    word = marker_in(oldest.body)
    if word is None:
        raise SystemExit(f"{oldest.path}: the synthetic story has no word of its own")
    site = render_site(opened, renderer)
    shutil.copytree(hub / "docs", plain / "docs")
    shutil.copytree(hub / "overrides", plain / "overrides")
    docs = plain / "docs"
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        url = rel[: -len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/"
        text = path.read_text(encoding="utf-8")
        expanded = expand_blocks(text, url, site, renderer)
        if expanded != text:
            path.write_text(expanded, encoding="utf-8")
    for page in site.pages:
        meta = front_matter(page)
        if page.search is not None:  # plain MkDocs indexes every word of every page
            meta.pop("search", None)
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{front_matter_text(meta)}---\n\n{page.body}", encoding="utf-8")
    config = yaml.safe_load((hub / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "peerhub" in p)]
    config["plugins"] = ["search"] + [p for p in config["plugins"] if p not in ("peerhub", "search")]
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return f"stories/{oldest.slug}/", word


# --------------------------------------------------------------------------- the preview


SERVE_LOGGING_REBUILDS = (
    "import logging, sys; "
    "logger = logging.getLogger('mkdocs.plugins.peerhub'); "
    "logger.addHandler(logging.StreamHandler()); logger.setLevel(logging.INFO); "
    "sys.argv[0] = 'peerhub'; "
    "from generator.edge.cli import main; main()"
)
"""``python -m generator`` with the preview's own log of each rebuild (how, and how long)."""

REBUILT = re.compile(r"The preview is up to date \((content alone|MkDocs' build), ([0-9.]+) s\)")


def rebuilds_logged(log: Path) -> list[dict[str, Any]]:
    """Every rebuild the preview has logged so far: how it went and its seconds in the server."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [{"how": m[1], "seconds": float(m[2])} for m in REBUILT.finditer(text)]


def poll(url: str, needle: str, timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until ``needle`` is on the page at ``url``, or ``None`` after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and needle in body:
            return time.perf_counter() - start
        time.sleep(interval)
    return None


BENCH_VACANCIES = """\
vacancies:
  - id: bench-psw
    title: Peer Support Worker
    summary: A post in a community team.
    location: {name: Community base, address: "1 High Street, Maidstone", postcode: ME14 1ZZ}
    band: "4"
    salary: {min: 26530, max: 29114}
    hours: 37.5
    contract: permanent
    posted: 2026-11-10
    closes: 2026-12-20
    apply: https://example.org/jobs/psw
    status: published
"""
"""The one vacancy the preview benchmark adds to the synthetic hub (which has none), to time
an edit of ``vacancies.yaml``."""

EDIT_KINDS = ("story", "event", "vacancy")


def _stamp(number: int) -> str:
    """A word no page holds yet. Letters, not the clock's digits: ten digits can pass for an
    NHS number, which the privacy check refuses, so the edit would never show."""
    return f"benchmarkedit{number}x" + "".join(chr(ord("a") + int(d)) for d in str(time.time_ns())[-8:-2])


def vm_peak_mb(pid: int) -> float | None:
    """The peak resident memory of process ``pid`` so far (``VmHWM``), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return round(int(found[1]) / 1024, 1) if found else None


def measure_preview(hub: Path, edits: int = 6) -> dict[str, Any]:
    """Start ``peerhub serve``; time until the newest story's page is served (the first page
    a person opens), then save ``edits`` edits, taking turns: the newest story's body, the
    title of an event it names (its page shows the event), and a vacancy's title; time each
    until it shows on its page. The peak memory of the preview's process is read at the end."""
    from synthetic import hub_settings

    from generator import pipeline

    vacancies = hub / "vacancies.yaml"
    vacancies.write_text(BENCH_VACANCIES, encoding="utf-8")
    found_hub = pipeline.run(hub_settings(hub, TODAY.isoformat()), warnings=False).valid_hub()
    story = found_hub.stories[0]
    event_ids = {e.id for e in found_hub.events}
    event_id = next((i for i in story.meta.events if i in event_ids), found_hub.events[0].id)
    event = next(e for e in found_hub.events if e.id == event_id)
    story_path, events_path = hub / story.path, hub / "events.yaml"
    originals = {p: p.read_text(encoding="utf-8") for p in (story_path, events_path, vacancies)}
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    pages = {
        "story": (story_path, base + f"stories/{story.slug}/"),
        "event": (events_path, base + f"events/{event.id}/"),
        "vacancy": (vacancies, base + "vacancies/bench-psw/"),
    }

    def edited(kind: str, word: str) -> str:
        text = originals[pages[kind][0]]
        if kind == "story":
            return text.replace("\n---\n\n", f"\n---\n\n{word} ", 1)
        if kind == "event":
            old = f"- id: {event.id}\n  title: {event.meta.title}\n"
            assert old in text, old
            return text.replace(old, f"- id: {event.id}\n  title: {event.meta.title} {word}\n", 1)
        return text.replace("title: Peer Support Worker", f"title: Peer Support Worker {word}", 1)

    log_path = hub.parent / "serve.log"
    log = log_path.open("w")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE_LOGGING_REBUILDS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=hub,
        env={**os.environ, "PEERHUB_TODAY": TODAY.isoformat()},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    result: dict[str, Any] = {"story": story.slug, "event": event.id}
    try:
        first = poll(pages["story"][1], story.meta.title.split()[0], timeout=600, interval=0.2)
        if first is None:
            raise SystemExit(f"peerhub serve did not serve {pages['story'][1]}; see {log.name}")
        result["first_page_seconds"] = round(time.perf_counter() - start, 2)
        # The page is served a moment before the file watcher has taken its first look at
        # the files (watchdog does that in a thread of its own); on a loaded machine an edit
        # saved in that moment goes unseen. One untimed edit, saved again until it shows,
        # makes sure the watcher is looking before any edit is timed.
        for attempt in range(20):
            ready = f"benchmarkready{attempt}x"
            story_path.write_text(edited("story", ready), encoding="utf-8")
            if poll(pages["story"][1], ready, timeout=15) is not None:
                break
        else:
            raise SystemExit(f"peerhub serve never showed a saved edit of {story_path}; see {log.name}")
        # Not put back: that save's rebuild would run into the first timed edit's (every
        # timed edit starts from the original text anyway).
        time.sleep(1.0)
        timed: list[dict[str, Any]] = []
        for number in range(edits):
            kind = EDIT_KINDS[number % len(EDIT_KINDS)]
            path, url = pages[kind]
            word = _stamp(number)
            seen = rebuilds_logged(log_path)
            path.write_text(edited(kind, word), encoding="utf-8")
            shown = poll(url, word, timeout=60)
            time.sleep(0.5)
            timed.append(
                {
                    "kind": kind,
                    "seconds": round(shown, 2) if shown is not None else None,
                    "rebuilds": rebuilds_logged(log_path)[len(seen) :],
                }
            )
        result["edits"] = timed
        seconds = [e["seconds"] for e in timed]
        result["edit_seconds"] = seconds
        shown_all = [s for s in seconds if s is not None]
        complete = len(shown_all) == len(seconds) and bool(seconds)
        result["edit_median_seconds"] = round(statistics.median(shown_all), 2) if complete else None
        result["edit_max_seconds"] = max(shown_all) if complete else None
        result["peak_mb"] = vm_peak_mb(proc.pid)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        vacancies.unlink(missing_ok=True)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return result


# --------------------------------------------------------------------------- one size


def bench_size(stories: int, events: int, work: Path, *, repeat: int, edits: int) -> SizeResult:
    result = SizeResult(stories, events)
    hub, plain = work / "hub", work / "plain"
    say(f"{stories} stories, {events} events: writing the synthetic hub in {work}")
    start = time.perf_counter()
    write_hub(hub, stories, events)
    result.generate_seconds = round(time.perf_counter() - start, 2)
    oldest, word = write_plain(hub, plain)
    say("  the core alone, then the search index alone")
    result.core = measure_core(hub)
    result.public_stories = int(result.core.pop("public_stories"))
    result.pages = int(result.core.pop("pages"))
    say(
        f"    core {result.core['total']:.1f} s; search index {result.core['index']:.2f} s, "
        f"+{result.core['index_added_mb']:.0f} MB, again after a save {result.core['index_after_save']:.2f} s"
    )
    hub_site, plain_site = work / "site-hub", work / "site-plain"
    hub_cmd = [sys.executable, "-m", "generator", "build", "--today", TODAY.isoformat(), "--site-dir"]
    plain_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir"]
    for number in range(repeat):
        order = ["hub", "plain"] if number % 2 == 0 else ["plain", "hub"]
        for which in order:
            site = hub_site if which == "hub" else plain_site
            shutil.rmtree(site, ignore_errors=True)
            if which == "hub":
                run = run_measured([*hub_cmd, str(site)], hub)
                result.hub_runs.append(run)
            else:
                run = run_measured([*plain_cmd, str(site)], plain)
                result.plain_runs.append(run)
            say(
                f"  round {number + 1}: {which:5} {run.seconds:7.2f} s "
                f"(CPU {run.cpu_seconds:7.2f} s)  {run.peak_mb:7.1f} MB"
            )
    result.hub_site = site_stats(hub_site)
    result.plain_site = site_stats(plain_site)
    say(f"  a phone's first search: {word!r}, only in the body of the oldest story ({oldest})")
    from first_search import measure

    result.first_search = measure(hub_site, word, oldest).summary()
    found = result.first_search
    say(
        f"    found {found['found'][:3]}; {found['search_sent_bytes'] / 1000:.0f} kB sent "
        f"({found['search_raw_bytes'] / 1000:.0f} kB raw); result after {found['result_seconds']} s"
    )
    if edits:
        say("  the live preview: peerhub serve, then edits to the newest story")
        result.preview = measure_preview(hub, edits)
    return result


# --------------------------------------------------------------------------- report


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def kb(n: int) -> str:
    return f"{n / 1000:.0f} kB"


def before(r: SizeResult, key: str) -> str:
    """Today's figure of ``key`` at ``r``'s size (see :data:`BEFORE`), as text; "-" when
    it was not measured at that size."""
    known = BEFORE.get(r.stories)
    if known is None:
        return "-"
    value = known[key]
    if isinstance(value, bool):
        return "yes" if value else "no"
    return mb(value) if key.startswith("search") else f"{value:,}"


def checks(results: list[SizeResult]) -> list[tuple[str, bool]]:
    """Each target of the issue and whether this run meets it."""
    out: list[tuple[str, bool]] = []
    for r in results:
        size = f"{r.stories:,} stories"
        out.append((f"{size}: hub build / plain MkDocs = {r.ratio:.2f} <= {MAX_RATIO}", r.ratio <= MAX_RATIO))
        out.append(
            (
                f"{size}: largest HTML page {r.hub_site.largest_html_bytes / 1024:.0f} KB <= 100 KB",
                r.hub_site.largest_html_bytes <= MAX_PAGE_BYTES,
            )
        )
        first = r.first_search
        out.append(
            (
                f"{size}: a word only the oldest story's body holds is found on a 390px phone "
                f"({first['word']}: {', '.join(first['found'][:2]) or 'nothing'})",
                bool(first["ok"]),
            )
        )
        out.append(
            (
                f"{size}: the first search downloads {first['search_sent_bytes'] / 1000:.0f} kB "
                f"compressed <= {MAX_FIRST_SEARCH_BYTES / 1000:.0f} kB",
                first["search_sent_bytes"] <= MAX_FIRST_SEARCH_BYTES,
            )
        )
        seconds = first["result_seconds"]
        out.append(
            (
                f"{size}: a result {seconds} s after the last key <= {MAX_RESULT_SECONDS} s "
                "(Lighthouse mobile throttling)",
                seconds is not None and seconds <= MAX_RESULT_SECONDS,
            )
        )
        out.append(
            (
                f"{size}: {r.hub_site.files:,} files <= {MAX_FILES:,} (Cloudflare Pages free)",
                r.hub_site.files <= MAX_FILES,
            )
        )
        if r.stories >= 10_000:
            out.append((f"{size}: peak memory {r.hub_peak_mb:.0f} MB < 1 GB", r.hub_peak_mb < MAX_PEAK_MB))
        if r.preview:
            worst = r.preview.get("edit_max_seconds")
            out.append(
                (
                    f"{size}: preview shows an edit in {worst} s <= {MAX_PREVIEW_SECONDS} s",
                    worst is not None and worst <= MAX_PREVIEW_SECONDS,
                )
            )
    by_size = sorted(results, key=lambda r: r.stories)
    if len(by_size) >= 2 and by_size[0].stories * 10 == by_size[-1].stories:
        growth = by_size[-1].hub_best / by_size[0].hub_best
        out.append(
            (
                f"growth {by_size[0].stories:,} to {by_size[-1].stories:,} stories: "
                f"{growth:.1f}x <= {MAX_GROWTH:.0f}",
                growth <= MAX_GROWTH,
            )
        )
    return out


def table(results: list[SizeResult]) -> str:
    """The results as a markdown table, one column per size."""
    rows: list[tuple[str, list[str]]] = [
        (
            "stories / public / events",
            [f"{r.stories:,} / {r.public_stories:,} / {r.events:,}" for r in results],
        ),
        ("generated pages", [f"{r.pages:,}" for r in results]),
        (
            "core: load, validate, publish",
            [f"{r.core['load']:.2f} + {r.core['validate']:.2f} + {r.core['publish']:.2f} s" for r in results],
        ),
        ("core: render pages, feeds", [f"{r.core['render']:.2f} + {r.core['feeds']:.2f} s" for r in results]),
        (
            "core total (peak memory)",
            [f"{r.core['total']:.2f} s ({r.core['peak_mb']:.0f} MB)" for r in results],
        ),
        ("`peerhub build` (best of runs)", [f"{r.hub_best:.1f} s" for r in results]),
        ("plain `mkdocs build` (best of runs)", [f"{r.plain_best:.1f} s" for r in results]),
        ("**hub / plain** (median of rounds)", [f"**{r.ratio:.2f}**" for r in results]),
        ("ratio in each round", [", ".join(f"{x:.2f}" for x in r.round_ratios) for r in results]),
        ("ratio of best times (wall, CPU)", [f"{r.best_ratio:.2f}, {r.cpu_ratio:.2f}" for r in results]),
        ("peak memory hub / plain", [f"{r.hub_peak_mb:.0f} / {r.plain_peak_mb:.0f} MB" for r in results]),
        (
            "site size (files); before",
            [f"{mb(r.hub_site.bytes)} ({r.hub_site.files:,}); {before(r, 'files')} files" for r in results],
        ),
        (
            "largest HTML page",
            [f"{r.hub_site.largest_html_bytes / 1024:.0f} KB `{r.hub_site.largest_html}`" for r in results],
        ),
        (
            "first search downloads, sent (raw); before",
            [
                f"**{kb(r.first_search['search_sent_bytes'])}** ({kb(r.first_search['search_raw_bytes'])}) "
                f"in {r.first_search['search_requests']} files; before: "
                f"{before(r, 'search_sent')} ({before(r, 'search_raw')}) with every page"
                for r in results
            ],
        ),
        (
            "oldest story's own word found on a phone; before",
            [
                f"{'**yes**' if r.first_search['ok'] else '**no**'} (`{r.first_search['word']}`); "
                f"before: {before(r, 'found')}"
                for r in results
            ],
        ),
        (
            "result after the last key (mobile throttling)",
            [f"{r.first_search['result_seconds']} s" for r in results],
        ),
        (
            "home page downloads, sent (raw)",
            [
                f"{kb(r.first_search['home_sent_bytes'])} ({kb(r.first_search['home_raw_bytes'])}) "
                f"in {r.first_search['home_requests']} files"
                for r in results
            ],
        ),
        (
            "search index: build time; peak memory (added)",
            [
                f"{r.core['index']:.2f} s; {r.core['index_peak_mb']:.0f} MB "
                f"(+{r.core['index_added_mb']:.0f} MB)"
                for r in results
            ],
        ),
        (
            "search index: files, size; again after a save",
            [
                f"{r.hub_site.search_files:,}, {mb(r.hub_site.search_bytes)}; "
                f"{r.core['index_after_save']:.2f} s"
                for r in results
            ],
        ),
        ("plain MkDocs search index (one file)", [mb(r.plain_site.search_index_bytes) for r in results]),
        *preview_rows(results),
    ]
    header = "| | " + " | ".join(f"{r.stories:,} stories, {r.events:,} events" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
    return "\n".join(lines)


def preview_rows(results: list[SizeResult]) -> list[tuple[str, list[str]]]:
    """The live preview's rows of the table: the first page, each timed edit, memory."""

    def cells(show: Any) -> list[str]:
        return [show(r.preview) if r.preview else "not measured" for r in results]

    def edits(p: dict[str, Any]) -> str:
        return ", ".join(f"{e['kind']} {'-' if e['seconds'] is None else e['seconds']}" for e in p["edits"])

    def rebuilds(p: dict[str, Any]) -> str:
        def one(e: dict[str, Any]) -> str:
            done = e.get("rebuilds") or []
            return f"{e['kind']} " + ("+".join(f"{r['seconds']:g}" for r in done) or "-")

        return ", ".join(one(e) for e in p["edits"])

    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f} s"

    return [
        (
            "preview: first page served (the newest story)",
            cells(lambda p: f"{p['first_page_seconds']:.1f} s"),
        ),
        (
            "preview: edit shown after, median / worst",
            cells(lambda p: f"{seconds(p['edit_median_seconds'])} / {seconds(p['edit_max_seconds'])}"),
        ),
        ("preview: each timed edit (s)", cells(edits)),
        ("preview: its rebuild inside the server (s)", cells(rebuilds)),
        ("preview: peak memory", cells(lambda p: f"{p['peak_mb']:.0f} MB" if p.get("peak_mb") else "-")),
    ]


def preview_checks(results: list[SizeResult]) -> list[tuple[str, bool]]:
    """The live preview's targets (issue 17), at 10,000 stories and more."""
    out: list[tuple[str, bool]] = []
    for r in results:
        p = r.preview
        if not p or r.stories < 10_000:
            continue
        size = f"{r.stories:,} stories"
        first, worst, peak = p["first_page_seconds"], p["edit_max_seconds"], p.get("peak_mb")
        out.append((f"{size}: preview serves its first page in {first} s <= 30 s", first <= 30))
        out.append((f"{size}: preview's worst edit {worst} s <= 1 s", worst is not None and worst <= 1))
        out.append((f"{size}: preview peak memory {peak} MB < 1 GB", peak is not None and peak < MAX_PEAK_MB))
    return out


def preview_only(sizes: list[tuple[int, int]], work_root: Path, edits: int, out: Path) -> int:
    """``--preview-only``: the live preview alone at each size, its rows of the table, JSON."""
    results: list[SizeResult] = []
    for stories, events in sizes:
        work = work_root / f"{stories}x{events}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        say(f"{stories} stories, {events} events: writing the synthetic hub in {work}")
        write_hub(work / "hub", stories, events)
        result = SizeResult(stories, events)
        say("  the live preview: peerhub serve, the newest story, then edits of a story, an event, a vacancy")
        result.preview = measure_preview(work / "hub", edits)
        say(f"    {result.preview}")
        results.append(result)
    header = "| | " + " | ".join(f"{r.stories:,} stories, {r.events:,} events" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in preview_rows(results)]
    print("\n".join(lines))
    print()
    verdicts = preview_checks(results)
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    report = {
        **_run_info(),
        "today": TODAY.isoformat(),
        "sizes": [{"stories": r.stories, "events": r.events, "preview": r.preview} for r in results],
        "checks": [{"target": text, "ok": ok} for text, ok in verdicts],
        "table": "\n".join(lines),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if all(ok for _, ok in verdicts) else 1


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected STORIESxEVENTS, e.g. 1000x1000; got {text!r}")
    return int(match[1]), int(match[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", action="append", type=parse_size, help="STORIESxEVENTS (repeatable)")
    parser.add_argument(
        "--repeat", type=int, help="builds of each kind per size (default 5, or 3 from 5,000 stories)"
    )
    parser.add_argument(
        "--edits",
        type=int,
        default=6,
        help="edits timed in peerhub serve: story, event, vacancy in turn (6)",
    )
    parser.add_argument("--no-preview", action="store_true", help="skip the peerhub serve measurement")
    parser.add_argument(
        "--preview-only", action="store_true", help="only the live preview at each size (writes --out)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"JSON file (default {RESULTS})")
    parser.add_argument("--work", type=Path, help="keep the generated hubs and sites in this folder")
    parser.add_argument(
        "--marginal", action="append", type=int, help="stories for the marginal cost (default: each size's)"
    )
    parser.add_argument("--marginal-only", action="store_true", help="only the marginal cost and profile")
    parser.add_argument("--marginal-repeat", type=int, default=5, help="marginal rounds (default 5)")
    parser.add_argument(
        "--marginal-extra", type=int, help="stories added for the marginal cost (default: as many again)"
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile of peerhub build")
    args = parser.parse_args(argv)
    sizes = args.size or [parse_size(s) for s in DEFAULT_SIZES]
    work_root = args.work or Path(tempfile.mkdtemp(prefix="peerhub-bench-"))
    results: list[SizeResult] = []
    margins: list[marginal.Marginal] = []
    smallest = min(s for s, _ in sizes)
    if args.preview_only:
        out = args.out if args.out != RESULTS else RESULTS.with_name("preview.json")
        try:
            return preview_only(sizes, work_root, args.edits, out)
        finally:
            if args.work is None:
                shutil.rmtree(work_root, ignore_errors=True)
    try:
        for stories in args.marginal or [s for s, _ in sizes]:
            work = work_root / f"marginal-{stories}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            margins.append(
                marginal.measure(
                    stories,
                    work,
                    extra=args.marginal_extra or stories,
                    events=100,
                    repeat=args.marginal_repeat,
                    profile=not args.no_profile and stories == min(args.marginal or [smallest]),
                )
            )
        for stories, events in [] if args.marginal_only else sizes:
            work = work_root / f"{stories}x{events}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            edits = 0 if args.no_preview else args.edits
            repeat = args.repeat or (5 if stories < 5000 else 3)
            results.append(bench_size(stories, events, work, repeat=repeat, edits=edits))
    finally:
        if args.work is None:
            shutil.rmtree(work_root, ignore_errors=True)
    verdicts = (
        checks(results)
        + preview_checks(results)
        + [
            (
                f"{m.stories:,} stories: one more story / one more bare Material page = {m.ratio:.2f} "
                f"<= {marginal.MAX_MARGINAL_RATIO}",
                0 < m.ratio <= marginal.MAX_MARGINAL_RATIO and m.per_story_ms("bare") > 0,
            )
            for m in margins
        ]
    )
    if results:
        print(table(results))
        print()
    if margins:
        print(marginal.table(margins))
        print()
        for m in margins:
            if m.profile:
                print(f"cProfile of peerhub build, {m.stories:,} stories:")
                print("\n".join(m.profile))
                print()
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    report = {
        **_run_info(),
        "versions": _versions(),
        "today": TODAY.isoformat(),
        "sizes": [
            {
                **asdict(r),
                "hub_best": r.hub_best,
                "plain_best": r.plain_best,
                "ratio": round(r.ratio, 3),
                "best_ratio": round(r.best_ratio, 3),
                "cpu_ratio": round(r.cpu_ratio, 3),
                "round_ratios": [round(x, 3) for x in r.round_ratios],
                "hub_runs_median": statistics.median(x.seconds for x in r.hub_runs),
                "plain_runs_median": statistics.median(x.seconds for x in r.plain_runs),
            }
            for r in results
        ],
        "marginal": [
            {
                **asdict(m),
                "ratio": round(m.ratio, 3),
                "round_ratios": [round(x, 3) for x in m.round_ratios()],
                "fastest_ratio": round(m.fastest_ratio(), 3),
                "spread": [round(x, 3) for x in m.spread()],
                "ratio_of_medians": round(m.ratio_of_medians(), 3),
            }
            for m in margins
        ],
        "checks": [{"target": text, "ok": ok} for text, ok in verdicts],
        "table": table(results) if results else "",
        "marginal_table": marginal.table(margins) if margins else "",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {args.out}")
    return 0 if all(ok for _, ok in verdicts) else 1


def _run_info() -> dict[str, Any]:
    """When and on what machine a run was made: the head of every results file."""
    return {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("mkdocs", "mkdocs-material", "Markdown", "PyYAML", "Jinja2")}


if __name__ == "__main__":
    sys.exit(main())
