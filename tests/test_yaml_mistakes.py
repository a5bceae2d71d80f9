"""The YAML mistakes staff make, and the one plain message each must get.

The table is ``tests/bad_input/yaml_mistakes.yaml``: a story's front matter (or
``events.yaml``) with one mistake, the exact line ``peerhub check`` must print, and, where
the message suggests a fix, what the fixed line reads back as. The messages are the hub's
own, so they hold on every PyYAML release; the nesting rule is also run with PyYAML's
pure-Python parser and with the C one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from generator import yamlsource
from generator.load import parse_events, parse_story
from generator.yamlsource import MAX_DEPTH, load_yaml
from tests.conftest import REPO

ROWS: list[dict[str, Any]] = yaml.safe_load(
    (REPO / "tests" / "bad_input" / "yaml_mistakes.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("row", ROWS, ids=[row["case"] for row in ROWS])
def test_mistake_gets_one_plain_message(row: dict[str, Any]) -> None:
    if "story" in row:
        text = f"---\n{row['story']}---\nBody.\n"
        result = parse_story(text.encode(), "stories/s.md", "s")
        problems = result if isinstance(result, list) else []
    else:
        _, _, problems = parse_events(row["events"].encode(), "events.yaml")
    assert [str(p) for p in problems] == ([row["error"]] if row["error"] else [])
    if "reads_as" in row:  # the fix the message suggests reads back as the text meant
        suggestion = re.split(r"e\.g\. |must be in quotes: ", row["error"])[-1]
        assert next(iter(yaml.safe_load(suggestion).values())) == row["reads_as"]


def test_no_message_quotes_the_parser() -> None:
    """None of the parser's own phrases reaches staff."""
    jargon = ("scalar", "mapping", "block", "token", "stream", "constructor", "indicator")
    for row in ROWS:
        assert not any(word in (row["error"] or "") for word in jargon), row["error"]


DEEP = {
    "flow lists": ("title: " + "[" * 100_000 + "\n", 1),
    "flow groups": ("title: " + "{a: " * 100_000 + "\n", 1),
    "dashes on one line": ("title:\n" + "- " * 100_000 + "x\n", 2),
    "indented lists": ("title:\n" + "".join("  " * i + "-\n" for i in range(2_000)), MAX_DEPTH + 1),
    "indented fields": ("title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(2_000)), MAX_DEPTH + 2),
}


class _StopsEarly(yamlsource._Loader):  # type: ignore[misc,valid-type]
    """A parser with a nesting limit of its own, as libyaml has from PyYAML 6.0.4."""

    def check_event(self, *choices: object) -> bool:
        raise yaml.scanner.ScannerError(
            "while increasing flow level", None, "exceeded maximum nesting depth", None
        )


@pytest.mark.parametrize("loader", ["installed", "pure-python", "libyaml-with-its-own-limit"])
@pytest.mark.parametrize("shape", list(DEEP))
def test_nesting_rule_holds_on_every_parser(shape: str, loader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if loader == "pure-python":
        monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    elif loader == "libyaml-with-its-own-limit":
        monkeypatch.setattr(yamlsource, "_Loader", _StopsEarly)
    text, line = DEEP[shape]
    problems = load_yaml(text, "stories/deep.md", offset=1).problems
    message = f"nested more than {MAX_DEPTH} levels deep; content needs only a few levels"
    assert [str(p) for p in problems] == [f"stories/deep.md:{line + 1}: -: {message}"]


def test_nesting_under_the_limit_is_read() -> None:
    text = "title: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n"  # with the fields: 50
    parsed = load_yaml(text, "s.md")
    assert parsed.problems == []


HASH_ROWS = [row for row in ROWS if "hash" in row["case"] or "comments" in row["case"]]


@pytest.mark.parametrize("row", HASH_ROWS, ids=[row["case"] for row in HASH_ROWS])
def test_a_hash_that_cuts_text_short_is_found_by_either_parser(
    row: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two parsers place the end of a value differently (libyaml after the spaces)."""
    monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    test_mistake_gets_one_plain_message(row)
