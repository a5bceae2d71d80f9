"""What the hostile cases of the bad-input corpus cost: CPU seconds of ``peerhub build``.

Each case of ``tests/bad_input/cases.yaml`` that has a ``seconds:`` bound (the hostile
section: aliases, pathological markdown, huge repeat counts, ...) is written over the
corpus' small hub, built once, and ``peerhub build`` is run on it as a person runs it.
CPU time (user and system) is reported, so a busy shared machine does not count.

With ``--before DIR``, the same cases are also run with the ``generator`` package found
in ``DIR`` (e.g. ``git archive main generator | tar -x -C /tmp/main``), interleaved, and
the table gives both and their ratio::

    python benchmarks/hostile.py --before /tmp/main
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import MINIMAL_MKDOCS, TODAY  # noqa: E402
from tests.test_bad_input import CASES, _content  # noqa: E402

TIMEOUT = 150
# `python -m generator ARGS`, writing the CPU seconds it used (user and system: a busy,
# shared machine does not count against a case) to $PEERHUB_CPU_FILE as it exits.
TIMED = """
import atexit, os, resource, runpy, sys

def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["PEERHUB_CPU_FILE"], "w") as out:
        out.write(str(usage.ru_utime + usage.ru_stime))

atexit.register(report)
sys.argv = ["peerhub", *sys.argv[1:]]
runpy.run_module("generator", run_name="__main__")
"""


def run(case: dict[str, object], base: Path, work: Path, pythonpath: str | None) -> str:
    """CPU seconds and outcome of ``peerhub build`` on one case, in words."""
    root = work / "case"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root)
    files = case["files"]
    assert isinstance(files, dict)
    for name, value in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(_content(value))
    env = {k: v for k, v in os.environ.items() if k != "PEERHUB_TODAY"}
    env["PEERHUB_CPU_FILE"] = str(work / "cpu")
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    (work / "cpu").unlink(missing_ok=True)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", TIMED, "build", "--today", TODAY],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"> {TIMEOUT} s (stopped)"
    cpu = float((work / "cpu").read_text())
    outcome = "built" if proc.returncode == 0 else "refused"
    if "Traceback" in proc.stderr:
        outcome = "traceback"
    return f"{cpu:.1f} s, {outcome}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", metavar="DIR", help="a folder holding another version's generator/")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="peerhub-hostile-"))
    try:
        base = work / "base"
        shutil.copytree(REPO / "tests/bad_input/base", base)
        (base / "mkdocs.yml").write_text(
            MINIMAL_MKDOCS.format(overrides=REPO / "overrides"), encoding="utf-8"
        )
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--today", TODAY],
            cwd=base,
            check=True,
            capture_output=True,
        )
        print("| case | before | after |" if args.before else "| case | CPU |")
        print("| --- | --- | --- |" if args.before else "| --- | --- |")
        for case in [c for c in CASES if "seconds" in c]:
            after = run(case, base, work, None)
            if args.before:
                before = run(case, base, work, args.before)
                print(f"| {case['case']} | {before} | {after} |", flush=True)
            else:
                print(f"| {case['case']} | {after} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
