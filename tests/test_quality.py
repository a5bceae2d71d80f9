"""The code stays as readable as the brief asks: ruff and mypy clean."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "generator", "tests", *(["benchmarks"] if (REPO / "benchmarks").is_dir() else [])),
        (
            "ruff",
            "format",
            "--check",
            "generator",
            "tests",
            *(["benchmarks"] if (REPO / "benchmarks").is_dir() else []),
        ),
        ("mypy",),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: tuple[str, ...]) -> None:
    module = [sys.executable, "-m", command[0]]
    if shutil.which(command[0]) is None and run(*module, "--version").returncode != 0:
        pytest.fail(f"{command[0]} is not installed: pip install -e '.[test]'")
    result = run(*module, *command[1:])
    assert result.returncode == 0, result.stdout + result.stderr
