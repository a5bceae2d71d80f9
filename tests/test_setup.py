"""A fresh machine installs exactly what was tested: README's commands, .ci/run and the pins agree."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO


def _name(requirement: str) -> str:
    """The normalised project name of ``requirement`` (PEP 503)."""
    found = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert found, requirement
    return re.sub(r"[-_.]+", "-", found[0]).lower()


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme, re.DOTALL)[:2]


def test_readme_opens_with_serve_and_test_commands_that_install_the_pins() -> None:
    serve, test = _readme_commands()
    assert serve.startswith("python3 -m venv .venv && ") and serve.endswith("peerhub serve")
    assert test.startswith("python3 -m venv .venv && ") and test.endswith("python -m pytest")
    assert "-c constraints.txt" in serve and "-c constraints.txt" in test


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    _, test = _readme_commands()
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_dependency_is_pinned() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    pins: dict[str, str] = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[_name(name)] = version
    missing = sorted({_name(r) for r in wanted} - set(pins))
    assert not missing, f"not pinned in constraints.txt: {missing}"
