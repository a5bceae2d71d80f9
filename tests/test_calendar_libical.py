"""Every calendar the hub writes passes libical's RFC 5545 parser and its RFC 5546
restriction check (``tests/libical_check.py``, run with Debian's Python and libical).

Without Debian's libical bindings the test is skipped, except under CI (CI=true), where
it fails: ``apt-get install python3-gi gir1.2-ical-3.0`` (``.ci/run`` does).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

SYSTEM_PYTHON = Path("/usr/bin/python3")
CHECKER = REPO / "tests" / "libical_check.py"
PROBE = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"


@pytest.fixture(scope="module")
def libical() -> Path:
    """Debian's Python with libical's GObject bindings."""
    ready = SYSTEM_PYTHON.exists() and (
        subprocess.run([SYSTEM_PYTHON, "-c", PROBE], capture_output=True, check=False).returncode == 0
    )
    if not ready:
        reason = "libical's Python bindings are not installed: apt-get install python3-gi gir1.2-ical-3.0"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true, so this is an error, not a skip)")
        pytest.skip(reason)
    return SYSTEM_PYTHON


def run_checker(python: Path, files: list[Path]) -> dict[str, list[str]]:
    result = subprocess.run(
        [python, CHECKER, *map(str, files)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.stderr == "", result.stderr
    found = {Path(item["file"]).name: item["errors"] for item in map(json.loads, result.stdout.splitlines())}
    assert len(found) == len(files)
    assert (result.returncode == 0) == (not any(found.values())), result
    return found


def test_every_calendar_passes_libical(libical: Path, sample_site: Path) -> None:
    files = sorted((sample_site / "events").rglob("*.ics"))
    names = {f.relative_to(sample_site).as_posix() for f in files}
    assert "events/calendar.ics" in names and "events/category/recruitment.ics" in names
    assert len(files) >= 23 + 5
    errors = run_checker(libical, files)
    assert all(not found for found in errors.values()), {k: v for k, v in errors.items() if v}


def test_libical_rejects_what_the_issue_found(libical: Path, sample_site: Path, tmp_path: Path) -> None:
    """The checker can fail: METHOD:PUBLISH without an ORGANIZER (RFC 5546), as the hub
    wrote before, and a start time libical cannot read (RFC 5545)."""
    good = (sample_site / "events/beacon-fun-day-2016.ics").read_text(encoding="utf-8")
    assert "METHOD" not in good and "DTSTART;TZID=Europe/London:20160704T110000" in good
    publish = tmp_path / "publish.ics"
    publish.write_text(good.replace("CALSCALE:GREGORIAN", "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH"), "utf-8")
    broken = tmp_path / "broken.ics"
    broken.write_text(good.replace(":20160704T110000", ":2016-07-04 11:00"), "utf-8")
    errors = run_checker(libical, [publish, broken])
    assert any("ORGANIZER" in e for e in errors["publish.ics"]), errors
    assert any("DTSTART" in e for e in errors["broken.ics"]), errors
