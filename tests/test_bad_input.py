"""Broken content through the CLI: a clear message, exit 1, and nothing built.

The cases are in tests/bad_input/cases.yaml. Each case writes its broken files over a
copy of a small valid hub (tests/bad_input/base/) and runs ``peerhub build`` on it, in
this process: it must exit 1 with exactly the expected error lines and build nothing at
all. A few cases (``IN_A_PROCESS``) run instead as ``python -m generator build`` in a
process of their own, over a copy of the hub with the site it built before, which must be
left byte-for-byte as it was.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL_MKDOCS, REPO, TODAY, Result, run_peerhub, run_peerhub_process
from tests.test_cli import tree_digest

HERE = Path(__file__).parent / "bad_input"
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
BY_NAME = {case["case"]: case for case in CASES}
IN_A_PROCESS = {"story-yaml-syntax-error", "every-error-of-the-run-together"}
"""Cases run by a real ``python -m generator build`` over a hub with a site built before."""

# path:line: field: message
ERROR_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<field>[^:\s]+): (?P<message>.+)$")
# What else `peerhub build` may print when content is wrong.
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?; \d+ of \d+ stories public, \d+ events\.$")
NOTHING_BUILT = "Nothing was built; the previous site is unchanged."
DEFAULT_SECONDS = 5.0
"""The most CPU time a case's ``peerhub build`` may take, unless it says ``seconds:``."""


@dataclass
class Outcome:
    """What one case did: the command's result, and what became of the site."""

    result: Result
    site_untouched: bool
    """The site built before is byte-for-byte as it was; with none before, none was made."""
    leftovers: list[str]
    root: Path
    cpu: float = 0.0
    """CPU seconds the build took (of the cases run in this process)."""


def _content(value: Any) -> bytes:
    if isinstance(value, bytes):  # !!binary: raw bytes, e.g. not UTF-8
        return value
    if isinstance(value, dict):  # a generated file, e.g. one over the size limit
        text = value.get("head", "") + value["repeat"] * value["times"] + value.get("tail", "")
        return text.encode("utf-8")
    if isinstance(value, list):  # pieces: texts and {repeat, times}
        return b"".join(_content(piece if isinstance(piece, str) else {**piece}) for piece in value)
    return str(value).encode("utf-8")


def _base(root: Path) -> Path:
    shutil.copytree(HERE / "base", root)
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(overrides=REPO / "overrides"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built_hub(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The base hub, built once; and the digest of every file of its site."""
    root = _base(tmp_path_factory.mktemp("bad-input") / "base")
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    assert result.code == 0, result.text
    digest = tree_digest(root / "site")
    assert "stories/good/index.html" in digest and "events/open-day/index.html" in digest
    return root, digest


def _write_case(case: dict[str, Any], root: Path) -> None:
    for name, value in case["files"].items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_content(value))


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


def _run_in_a_process(case: dict[str, Any], base: Path, digest: dict[str, str], folder: Path) -> Outcome:
    root = folder / case["case"]
    shutil.copytree(base, root)
    _write_case(case, root)
    result = run_peerhub_process("build", "--today", TODAY, cwd=root)
    return Outcome(result, tree_digest(root / "site") == digest, _leftovers(root), root)


def _run_here(case: dict[str, Any], folder: Path) -> Outcome:
    root = _base(folder / case["case"])
    _write_case(case, root)
    started = time.process_time()  # this process's CPU: a busy, shared machine does not count
    result = run_peerhub("build", "--today", TODAY, cwd=root)
    cpu = time.process_time() - started
    return Outcome(result, not (root / "site").exists(), _leftovers(root), root, cpu)


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest,
    built_hub: tuple[Path, dict[str, str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Outcome]]:
    """Every selected case: the few in a process of their own run side by side, meanwhile
    the rest run here one after another."""
    selected = [
        item.callspec.params["name"]
        for item in request.session.items
        if hasattr(item, "callspec") and item.module is request.module and "name" in item.callspec.params
    ]
    folder = tmp_path_factory.mktemp("cases")
    base, digest = built_hub
    names = list(dict.fromkeys(selected))  # in order, once each
    with ThreadPoolExecutor(max_workers=len(IN_A_PROCESS)) as pool:
        futures = {
            name: pool.submit(_run_in_a_process, BY_NAME[name], base, digest, folder)
            for name in names
            if name in IN_A_PROCESS
        }
        here = {name: _run_here(BY_NAME[name], folder) for name in names if name not in IN_A_PROCESS}
        yield here | {name: future.result() for name, future in futures.items()}


def _error_lines(result: Result) -> list[str]:
    """The error lines printed (not warnings or withheld stories)."""
    return [
        line
        for line in result.err.splitlines()
        if ERROR_LINE.match(line) and ": warning: " not in line and ": withheld: " not in line
    ]


def test_the_corpus_is_big_and_every_case_names_its_errors() -> None:
    assert len(CASES) >= 30
    assert len(BY_NAME) == len(CASES), "two cases share a name"
    for case in CASES:
        assert case["files"], case["case"]
        assert case["errors"], f"{case['case']}: say which error lines it must print"
        for line in case["errors"]:
            assert ERROR_LINE.match(line), f"{case['case']}: {line!r} is not path:line: field: message"


@pytest.mark.parametrize("name", list(BY_NAME))
def test_bad_input_is_refused_clearly_and_the_site_is_kept(name: str, outcomes: dict[str, Outcome]) -> None:
    case, outcome = BY_NAME[name], outcomes[name]
    result = outcome.result
    assert result.code == 1, result.text
    assert "Traceback" not in result.text and "Error:" not in result.text, result.text
    # Exactly the expected errors, each naming file, line and field.
    assert sorted(_error_lines(result)) == sorted(case["errors"]), result.err
    # Every line is an error, a warning, a withheld story, or the closing summary.
    for line in result.err.splitlines():
        assert ERROR_LINE.match(line) or SUMMARY.match(line) or line == NOTHING_BUILT, line
    assert result.err.splitlines()[-1] == NOTHING_BUILT
    for line in case["errors"]:
        match = ERROR_LINE.match(line)
        assert match is not None
        named = outcome.root / match["path"]
        assert named.is_file(), f"{line}: names a file that does not exist"
        assert 1 <= int(match["line"]) <= named.read_bytes().count(b"\n") + 1, f"{line}: no such line"
    # The site built before is exactly as it was (or, with none before, none was made),
    # and nothing half-built is left about.
    assert outcome.site_untouched, "the previous site was changed"
    assert outcome.leftovers == []
    # Cost bounded by the input: no case takes more than a few seconds.
    bound = float(case.get("seconds", DEFAULT_SECONDS))
    assert outcome.cpu <= bound, f"{name}: {outcome.cpu:.1f} s of CPU, over its bound of {bound:g} s"


def test_some_cases_run_in_a_process_of_their_own_over_a_site_built_before() -> None:
    assert set(BY_NAME) >= IN_A_PROCESS
