"""The cost of one more story: the hub against one more bare Material page, in one run.

The headline ratio of ``build.py`` compares the hub with plain MkDocs building the *same
generated pages*, so it cannot see what the hub adds to each page. This measures that from
outside: for ``n`` stories it builds four sites in each round,

- the hub with ``n`` and with ``n + extra`` synthetic stories (events fixed), and
- a bare MkDocs site (Material, its search plugin, no overrides, no plugin of ours) holding
  one page per *published* story of each hub, with the same title and body, and
- the same bare site with the hub's ``overrides/`` and ``extra`` (what the theme layer adds),

and reports the marginal cost of a story, ``(T(n + extra) - T(n)) / published stories
added``, for each, and their ratio. Every site is measured the same way: its own CPU time
(user + system of the child, from ``os.wait4``; less disturbed by other work than wall time).
The sites are written to a memory file system (``/dev/shm`` where there is one): on this
machine's disk the kernel's time for the same files moved from 0.4 s to 3.8 s between two
builds of one site (the journal of whatever was written or deleted before), more than the
difference measured; in memory a file costs what creating and writing it costs.
The six builds of a round alternate hub and bare site (hub-small, bare-small, themed-small,
hub-big, ...; the order reversed every other round) so that a slow spell of the shared
machine falls on both sides of a ratio. ``extra`` defaults to ``n`` (the big hub is twice the
small one), so the difference measured is a whole ``n`` stories of work, not half. The ratio
checked is the median of the rounds' ratios; their spread (lowest and highest) and the ratio
of the two sites' median marginal costs are reported beside it.

With ``profile=True`` one more hub build of ``n`` stories runs under cProfile and the top
entries are kept.
"""

from __future__ import annotations

import io
import math
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from synthetic import TODAY, hub_settings, write_hub

MAX_MARGINAL_RATIO = 1.1

BARE_CONFIG = {
    "site_name": "Bare Material",
    "site_url": "https://bare.example.org/",
    "theme": {"name": "material", "language": "en", "font": False},
    "plugins": ["search"],
    "nav": [{"Home": "index.md"}],
    "not_in_nav": "/stories/",
}
"""Stock Material with its search, the pages reached from nowhere (as the hub's story pages
are "not in nav"), so the navigation does not grow with every page."""


@dataclass
class Build:
    seconds: float
    cpu_seconds: float
    system_seconds: float = 0.0


@dataclass
class Marginal:
    """One size: the builds of each round and the published stories of each hub."""

    stories: int
    extra: int
    events: int
    published: tuple[int, int] = (0, 0)
    rounds: list[dict[str, Build]] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)
    sites_in_memory: bool = False

    def _per_story(self, which: str, row: dict[str, Build], cpu: bool) -> float:
        small, big = row[f"{which}-small"], row[f"{which}-big"]
        added = self.published[1] - self.published[0]
        if added <= 0:  # a tiny size may add no published story: no marginal cost to show
            return math.nan
        if cpu:
            return (big.cpu_seconds - small.cpu_seconds) / added
        return (big.seconds - small.seconds) / added

    def round_ratios(self, *, cpu: bool = True, which: str = "hub") -> list[float]:
        return [_ratio(self._per_story(which, r, cpu), self._per_story("bare", r, cpu)) for r in self.rounds]

    @property
    def ratio(self) -> float:
        """Median of the rounds' ratios of CPU time (the target is checked on this)."""
        return statistics.median(self.round_ratios())

    def fastest_ratio(self, which: str = "hub") -> float:
        """The ratio from each site's fastest round (CPU): a busy spell that slowed one build of
        a round then weighs on no figure (a second view of the same runs)."""
        return _ratio(self.fastest_ms(which), self.fastest_ms("bare"))

    def fastest_ms(self, which: str) -> float:
        """Marginal CPU milliseconds of one story (hub) or page (bare) from each site's fastest round."""
        added = self.published[1] - self.published[0]
        if added <= 0 or not self.rounds:
            return math.nan
        small = min(r[f"{which}-small"].cpu_seconds for r in self.rounds)
        big = min(r[f"{which}-big"].cpu_seconds for r in self.rounds)
        return 1000 * (big - small) / added

    def spread(self, which: str = "hub") -> tuple[float, float]:
        """The lowest and the highest of the rounds' ratios (how far the rounds disagree)."""
        ratios = [x for x in self.round_ratios(which=which) if not math.isnan(x)]
        return (min(ratios), max(ratios)) if ratios else (math.nan, math.nan)

    def ratio_of_medians(self, which: str = "hub") -> float:
        """Median marginal cost of the site over that of the bare site (a second view)."""
        return _ratio(self.per_story_ms(which), self.per_story_ms("bare"))

    def median_system(self, which: str) -> float:
        """Median system seconds of one of the builds (``hub-small``, ``bare-big``, ...)."""
        return statistics.median(r[which].system_seconds for r in self.rounds) if self.rounds else math.nan

    def per_story_ms(self, which: str) -> float:
        """Median marginal CPU milliseconds of one story (hub) or one bare page (bare)."""
        return 1000 * statistics.median(self._per_story(which, r, True) for r in self.rounds)


_BUILDS = ("hub-small", "hub-big", "bare-small", "bare-big")


def _ratio(story: float, page: float) -> float:
    """``story / page``; not a number when a bare page cost nothing measurable (tiny sizes)."""
    return story / page if page > 0 else math.nan


def _bare_site(hub: Path, target: Path, *, overrides: bool = False) -> int:
    """A bare Material site of one page per story the hub ``hub`` publishes; their number.
    With ``overrides``, the hub's ``overrides/`` and its ``extra`` (the crisis block, the
    organisation): what the theme layer adds to a page, without the plugin."""
    from generator import pipeline

    published = pipeline.run(hub_settings(hub, TODAY.isoformat()), warnings=False).valid_hub().stories
    docs = target / "docs"
    (docs / "stories").mkdir(parents=True)
    (docs / "index.md").write_text("# Bare Material\n\nA plain site.\n", encoding="utf-8")
    for story in published:
        title = story.meta.title.replace("\n", " ")
        text = f"# {title}\n\n{story.body}"
        (docs / "stories" / f"{story.slug}.md").write_text(text, encoding="utf-8")
    config = dict(BARE_CONFIG)
    if overrides:
        shutil.copytree(hub / "overrides", target / "overrides")
        config["theme"] = {**BARE_CONFIG["theme"], "custom_dir": "overrides"}  # type: ignore[dict-item]
        config["extra"] = yaml.safe_load((hub / "mkdocs.yml").read_text(encoding="utf-8")).get("extra", {})
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return len(published)


def _run(command: list[str], cwd: Path) -> Build:
    from build import run_measured  # the same measurement as the headline's

    run = run_measured(command, cwd)
    return Build(run.seconds, run.cpu_seconds, run.system_seconds)


def memory_folder(work: Path) -> Path:
    """A new folder for the built sites on a memory file system, else under ``work``."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="peerhub-marginal-", dir=shm))
    return work


def measure(stories: int, work: Path, *, extra: int, events: int, repeat: int, profile: bool) -> Marginal:
    """Build the four sites ``repeat`` times, interleaved; optionally profile the small hub."""
    from build import say

    result = Marginal(stories, extra, events)
    sizes = {"small": stories, "big": stories + extra}
    published: dict[str, int] = {}
    for name, count in sizes.items():
        say(f"marginal cost: writing a hub of {count} stories, {events} events, and its bare site")
        write_hub(work / f"hub-{name}", count, events)
        published[name] = _bare_site(work / f"hub-{name}", work / f"bare-{name}")
        _bare_site(work / f"hub-{name}", work / f"themed-{name}", overrides=True)
    result.published = (published["small"], published["big"])
    hub_cmd = [sys.executable, "-m", "generator", "build", "--today", TODAY.isoformat(), "--site-dir"]
    bare_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir"]
    order = ["hub-small", "bare-small", "themed-small", "hub-big", "bare-big", "themed-big"]
    sites = memory_folder(work)
    result.sites_in_memory = sites != work
    try:
        for number in range(repeat):
            row: dict[str, Build] = {}
            for which in order if number % 2 == 0 else order[::-1]:
                site = sites / f"site-{which}"
                shutil.rmtree(site, ignore_errors=True)
                command = hub_cmd if which.startswith("hub") else bare_cmd
                row[which] = run = _run([*command, str(site)], work / which)
                say(
                    f"  round {number + 1}: {which:12} {run.seconds:7.2f} s "
                    f"(CPU {run.cpu_seconds:7.2f} s, of which system {run.system_seconds:5.2f} s)"
                )
                shutil.rmtree(site, ignore_errors=True)  # the memory it holds
            result.rounds.append(row)
    finally:
        if sites != work:
            shutil.rmtree(sites, ignore_errors=True)
    if profile:
        say("  the small hub under cProfile")
        result.profile = profile_build(work / "hub-small", work / "site-profile")
    return result


PROFILE_SCRIPT = r"""
import cProfile, sys
from generator.edge.cli import main
out = sys.argv[3]
sys.argv = ["peerhub", "build", "--today", sys.argv[1], "--site-dir", sys.argv[2]]
try:
    cProfile.run("main()", out)
except SystemExit:
    pass
"""


def profile_build(hub: Path, site: Path, top: int = 15) -> list[str]:
    """``peerhub build`` under cProfile: the top entries by cumulative and by own time."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "build.prof"
        subprocess.run(
            [sys.executable, "-c", PROFILE_SCRIPT, TODAY.isoformat(), str(site), str(stats_file)],
            cwd=hub,
            check=False,
            capture_output=True,
        )
        if not stats_file.exists():
            return ["(the profiled build failed)"]
        lines: list[str] = []
        for key in ("cumulative", "tottime"):
            out = io.StringIO()
            count = top + 10 if key == "cumulative" else top  # the first ten are the command line's
            pstats.Stats(str(stats_file), stream=out).strip_dirs().sort_stats(key).print_stats(count)
            text = out.getvalue()
            start = text.find("   ncalls")
            lines.append(f"by {key}:")
            lines += [line.rstrip() for line in text[start:].splitlines() if line.strip()]
    return lines


def _ratios(values: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in values)


def table(results: list[Marginal]) -> str:
    rows = [
        ("stories (+ added), events", [f"{r.stories:,} (+{r.extra:,}), {r.events:,}" for r in results]),
        ("published stories", [f"{r.published[0]:,} -> {r.published[1]:,}" for r in results]),
        ("sites written to", ["memory (tmpfs)" if r.sites_in_memory else "disk" for r in results]),
        ("one more story, hub (CPU, median)", [f"{r.per_story_ms('hub'):.1f} ms" for r in results]),
        ("one more bare Material page (CPU, median)", [f"{r.per_story_ms('bare'):.1f} ms" for r in results]),
        ("**story / bare page** (median of rounds, CPU)", [f"**{r.ratio:.2f}**" for r in results]),
        ("ratio in each round, CPU", [_ratios(r.round_ratios()) for r in results]),
        (
            "spread of the rounds' ratios (lowest - highest)",
            [f"{r.spread()[0]:.2f} - {r.spread()[1]:.2f}" for r in results],
        ),
        ("median story / median bare page (CPU)", [f"{r.ratio_of_medians():.2f}" for r in results]),
        ("ratio in each round, wall", [_ratios(r.round_ratios(cpu=False)) for r in results]),
        (
            "story / bare page from each site's fastest round (CPU)",
            [
                f"{r.fastest_ratio():.2f} ({r.fastest_ms('hub'):.1f} / {r.fastest_ms('bare'):.1f} ms)"
                for r in results
            ],
        ),
        (
            "system part of a build's CPU (median: hub small, big; bare small, big)",
            [", ".join(f"{r.median_system(w):.2f}" for w in _BUILDS) + " s" for r in results],
        ),
        (
            "one more bare page with the hub's overrides/ (CPU)",
            [f"{r.per_story_ms('themed'):.1f} ms" for r in results],
        ),
        (
            "overrides/ page / stock page (median; each round)",
            [
                f"{statistics.median(r.round_ratios(which='themed')):.2f} "
                f"({_ratios(r.round_ratios(which='themed'))})"
                for r in results
            ],
        ),
    ]
    header = "| marginal cost | " + " | ".join(f"{r.stories:,} stories" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
    return "\n".join(lines)


__all__ = ["MAX_MARGINAL_RATIO", "Marginal", "measure", "profile_build", "table"]
