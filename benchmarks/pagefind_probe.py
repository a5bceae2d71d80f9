"""What Pagefind would cost this hub: the evidence behind indexing with our own writer.

    pip install 'pagefind[bin]==1.5.2'          # not a dependency of the hub; for this probe only
    python benchmarks/pagefind_probe.py --size 10000x2000

It writes the synthetic hub (``benchmarks/synthetic.py``), takes the same records the hub's
search indexes (``generator.search.records``: only what a reader searches, no theme
chrome), and indexes them with Pagefind two ways:

- the Python API's ``add_custom_record``, for 100 records (its service wrapper waits 0.1 s
  for each answer, so this gives the rate);
- the Pagefind binary on a folder of one minimal HTML file per record (title as ``<h1>``,
  filters as ``data-pagefind-filter``), the fastest way to hand it many records.

It prints the time, the binary's peak memory, the files of the bundle, and the sizes that
a first search would download whatever the query: ``pagefind.js``, the WebAssembly and the
``pf_meta`` file. Measured here on 2026-12-01 (2 shared cores) at 10,000 stories: 31 to 43 s
and 2.0 to 2.3 GB for the binary, 12,025 files (one fragment per record), and 81 KB of
``pf_meta`` plus 72 KB of WebAssembly before any word of the query.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import TODAY, hub_settings, write_hub

from generator.search.records import Record


def records(root: Path) -> list[Record]:
    from generator import pipeline
    from generator.render import Renderer, render_site

    hub = pipeline.run(hub_settings(root, TODAY.isoformat()), warnings=False).valid_hub()
    bodies = {f"stories/{s.slug}/": s.body for s in hub.stories}
    bodies |= {f"events/{e.id}/": e.meta.description or "" for e in hub.events}
    site = render_site(hub, Renderer.fresh())
    return [p.search.with_text(bodies.get(p.url, "")) for p in site.pages if p.search is not None]


def as_html(r: Record) -> str:
    filters = "".join(
        f'<span data-pagefind-filter="{html.escape(k)}:{html.escape(v)}"></span>' for k, v in r.facets
    )
    fields = html.escape(" ".join(r.fields))
    return (
        f'<html lang="en"><body><h1>{html.escape(r.title)}</h1>'
        f"<p>{fields}</p><p>{html.escape(r.text)}</p>{filters}</body></html>"
    )


def api_rate(chosen: list[Record]) -> float:
    """Seconds per record through the Python API's add_custom_record."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> float:
        start = time.perf_counter()
        async with PagefindIndex(IndexConfig(output_path=tempfile.mkdtemp())) as index:
            for r in chosen:
                await index.add_custom_record(
                    url="/" + r.url, content=r.text, language="en", meta={"title": r.title}
                )
            return (time.perf_counter() - start) / len(chosen)

    return asyncio.run(run())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1000x1000", help="STORIESxEVENTS")
    args = parser.parse_args()
    try:
        from pagefind_bin import get_executable
    except ImportError:
        print("Pagefind is not installed: pip install 'pagefind[bin]==1.5.2'", file=sys.stderr)
        return 2
    stories, events = (int(n) for n in args.size.split("x"))
    work = Path(tempfile.mkdtemp(prefix="peerhub-pagefind-"))
    try:
        write_hub(work / "hub", stories, events)
        found = records(work / "hub")
        folder = work / "records"
        for r in found:
            target = folder / r.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(as_html(r), encoding="utf-8")
        out = work / "bundle"
        start = time.perf_counter()
        command = [str(get_executable()), "--site", str(folder), "--output-path", str(out), "--silent"]
        subprocess.run(command, check=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        bundle = [p for p in out.rglob("*") if p.is_file()]
        meta = next(out.glob("*.pf_meta"))
        wasm = out / "wasm.en.pagefind"
        print(f"{len(found):,} records (the hub's search records of {stories:,} stories, {events:,} events)")
        print(f"pagefind binary: {seconds:.1f} s, peak memory {peak:.0f} MB, {len(bundle):,} files")
        print(
            f"before any word of a query: pagefind.js {os.path.getsize(out / 'pagefind.js') / 1000:.0f} kB"
            f" (raw), WebAssembly {wasm.stat().st_size / 1000:.0f} kB, pf_meta"
            f" {meta.stat().st_size / 1000:.0f} kB (both already gzipped)"
        )
        print(f"Python API add_custom_record: {api_rate(found[:100]):.3f} s a record")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
