"""``peerhub new story`` writes a complete, commented draft that passes ``peerhub check``."""

from __future__ import annotations

import re

from generator.model import Consent, Image, StoryMeta, Storyteller
from tests.conftest import TODAY, run_peerhub


def test_new_story_names_every_field_and_passes_check_cleanly(make_hub) -> None:  # type: ignore[no-untyped-def]
    root = make_hub({})
    made = run_peerhub("new", "story", "Walking back into work", "--today", TODAY, cwd=root)
    assert made.code == 0, made.text
    text = (root / "stories/walking-back-into-work.md").read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0]
    keys = set(re.findall(r"^\s*#?\s*([a-z_]+):", front, re.MULTILINE))
    keys |= set(re.findall(r"[{,]\s*([a-z_]+):", front))
    expected = set(StoryMeta.model_fields) | set(Storyteller.model_fields) | set(Consent.model_fields)
    expected |= set(Image.model_fields)
    assert expected <= keys, expected - keys
    assert "status: draft" in text
    check = run_peerhub("check", "--today", TODAY, cwd=root)
    assert check.code == 0, check.text
    assert "0 errors, 2 warnings" in check.out  # the summary and the body are still placeholders
    status_line = (
        text.split("\n").index(next(x for x in text.split("\n") if x.startswith("status: draft"))) + 1
    )
    assert (
        f"walking-back-into-work.md:{status_line}: -: withheld: status is draft, not published; "
        "no consent recorded (consent.recorded)" in check.out
    )
