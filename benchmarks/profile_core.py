"""Profile the core (load, validate, publication rules, render, feeds) with pyinstrument.

    python benchmarks/profile_core.py                   # 1,000 stories, 1,000 events
    python benchmarks/profile_core.py --size 10000x2000 --html /tmp/core.html

Writes the synthetic hub of ``benchmarks/synthetic.py`` into a temporary folder, runs the
core once on it under the profiler, and prints the call tree of the slowest parts (or
writes pyinstrument's HTML view). What earlier profiles showed, and what was done about
it, is in ARCHITECTURE.md ("Performance at national scale").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pyinstrument import Profiler
from synthetic import TODAY, hub_settings, write_hub

from generator import pipeline
from generator.feeds import render_files
from generator.render import Renderer, render_site


def profile(root: Path) -> Profiler:
    """Run the core once on the hub at ``root`` under the profiler."""
    settings = hub_settings(root, TODAY.isoformat())
    profiler = Profiler(interval=0.0005)
    with profiler:
        report = pipeline.run(settings, warnings=False)
        if not report.ok:
            raise SystemExit(f"the synthetic hub has errors: {report.errors[:3]}")
        hub = report.valid_hub()
        render_site(hub, Renderer.fresh())
        render_files(hub)
    return profiler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1000x1000", help="STORIESxEVENTS (default 1000x1000)")
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML view to this file")
    args = parser.parse_args(argv)
    stories, _, events = args.size.partition("x")
    with tempfile.TemporaryDirectory(prefix="peerhub-profile-") as work:
        root = Path(work) / "hub"
        write_hub(root, int(stories), int(events or 0))
        profiler = profile(root)
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
        print(f"wrote {args.html}")
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
