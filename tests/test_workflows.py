"""The publishing workflows (GitHub Actions and GitLab CI) parse, run on the right events,
and call the project's own commands, written as README writes them: ``peerhub check`` on
pull requests, ``peerhub build`` on every push to main and daily, then deploy ``site/``.
The check's problem matcher turns ``peerhub check``'s real output into file annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO, run_peerhub, story

README = (REPO / "README.md").read_text(encoding="utf-8")


def load(path: str) -> dict[str, Any]:
    data = yaml.safe_load((REPO / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def commands(script: str | list[str]) -> list[str]:
    """The commands of a step's ``run:`` or a job's ``script:``, split at ``&&``."""
    lines = script if isinstance(script, list) else script.splitlines()
    out = []
    for line in lines:
        line = line.split("  #", 1)[0].strip()
        out += [part.strip() for part in line.split("&&") if part.strip()]
    return out


def runs(job: dict[str, Any]) -> list[str]:
    return [c for step in job["steps"] if "run" in step for c in commands(step["run"])]


def ours(command: str) -> bool:
    return command.startswith((".venv/bin/", "python3 -m venv", "npm "))


def test_every_workflow_command_is_one_readme_gives() -> None:
    found = []
    for job in load(".github/workflows/check.yml")["jobs"].values():
        found += runs(job)
    for job in load(".github/workflows/publish.yml")["jobs"].values():
        found += runs(job) if "steps" in job else []
    gitlab = load(".gitlab-ci.yml")
    for name in ("check", "pages"):
        found += commands(gitlab[name]["script"])
    mine = [c for c in found if ours(c)]
    assert len(mine) >= 7
    for command in mine:
        assert command in README, f"{command!r} is not in README.md"


def test_pull_requests_run_peerhub_check() -> None:
    workflow = load(".github/workflows/check.yml")
    assert "pull_request" in workflow["on"]
    (job,) = workflow["jobs"].values()
    assert ".venv/bin/peerhub check" in runs(job)
    assert "python3 -m venv .venv" in runs(job)
    gitlab = load(".gitlab-ci.yml")["check"]
    assert gitlab["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert ".venv/bin/peerhub check" in commands(gitlab["script"])


def test_main_and_a_daily_schedule_build_and_deploy_the_site() -> None:
    workflow = load(".github/workflows/publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()  # once a day
    assert 0 <= int(hour) < 1  # just after midnight UTC: after midnight in London all year
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = runs(build)
    assert steps.index("npm ci --prefix editor") < steps.index(".venv/bin/peerhub build")
    uploads = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    pages = load(".gitlab-ci.yml")["pages"]
    assert "schedule" in pages["rules"][0]["if"] and "push" in pages["rules"][0]["if"]
    assert ".venv/bin/peerhub build --site-dir public" in commands(pages["script"])
    assert pages["artifacts"]["paths"] == ["public"]


def test_the_problem_matcher_reads_peerhub_checks_own_lines(make_hub) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_hub(
        {
            "stories/bad.md": story("Bad", extra="kind: opinion\n"),
            "stories/draft.md": story("Draft", status="draft"),
            "events.yaml": "events: []\n",
        }
    )
    result = run_peerhub("check", cwd=root)
    assert result.code == 1
    matchers = json.loads((REPO / ".github/peerhub-problems.json").read_text(encoding="utf-8"))
    patterns = {m["severity"]: m["pattern"][0] for m in matchers["problemMatcher"]}
    seen: dict[str, list[tuple[str, str, str]]] = {"error": [], "warning": []}
    for line in result.text.splitlines():
        for severity, pattern in patterns.items():
            match = re.match(pattern["regexp"], line)
            if match:
                where = (match[pattern["file"]], match[pattern["line"]])
                seen[severity].append((*where, match[pattern["code"]]))
    assert seen["error"] == [("stories/bad.md", "9", "kind")]
    assert [(f, c) for f, _, c in seen["warning"]] == [("stories/draft.md", "-")]
    assert result.text.splitlines()[-1].startswith("1 error, 0 warnings")  # the summary matched neither
