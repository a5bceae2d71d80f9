"""The quick paths of the checks every story goes through on every build give the answers of
the plain searches they stand for: the same characters refused, the same numbers found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import _INVISIBLE, _NOT_TEXT, bad_character


def _first_before(text: str) -> int | None:
    """Where ``bad_character`` found a character before: the first match of two searches."""
    found = [m.start() for m in (_NOT_TEXT.search(text), _INVISIBLE.search(text)) if m is not None]
    return min(found) if found else None


def test_one_search_refuses_exactly_the_characters_the_two_did() -> None:
    for code in range(0x110000):
        char = chr(code)
        refused = bool(_NOT_TEXT.match(char) or _INVISIBLE.match(char))
        assert (bad_character(char) is not None) == refused, f"U+{code:04X}"
        assert (bad_character(f"ok {char} ok") is not None) == refused, f"U+{code:04X} in a text"


def test_the_first_bad_character_is_named_with_its_place() -> None:
    for text in [
        "plain text\twith a tab\nand a line",
        "a bell \x07 here",
        "a bell \x07 and a zero-width space \u200b",
        "a zero-width space \u200b before a bell \x07",
        "curly \u2019 quotes then DEL \x7f",
        "a C1 control \x85 in Latin-1",
        "an override \u202e here and a BOM \ufeff",
        "a tag \U000e0001 at the end",
        "",
    ]:
        said = bad_character(text)
        assert (said[0] if said else None) == _first_before(text), repr(text)
    said = bad_character("a bell \x07 here")
    assert said == (7, "contains the control character U+0007, which is not allowed; delete it")
    said = bad_character("x\u200by")
    assert said is not None and said[0] == 1 and "zero width space" in said[1]


def test_ascii_text_is_looked_at_whole() -> None:
    body = "words " * 2000
    for at in (0, 5000, len(body)):
        for char in ("\x00", "\x1b", "\x7f", "\x0b", "\x0c", "\r"):
            text = body[:at] + char + body[at:]
            said = bad_character(text)
            assert said is not None and said[0] == at, (at, repr(char))
    assert bad_character(body + "\t\n") is None
    assert re.fullmatch(r"[\x20-\x7e\t\n]*", body)


def test_a_number_is_looked_for_whenever_the_search_would_find_one() -> None:
    from generator.editorial.privacy import _NUMBER, _may_hold_a_number, contacts

    samples = [
        "no digits at all",
        "call 0113 496 0000 today",
        "call 0113 496 000 today",
        "digits 1 2 3 4 5 6 7 8 9 far apart",
        "an NHS number 943 476 5919 here",
        "12345678",
        "123456789",
        "(01632) 960-001",
        "curly \u2019 quote and 0113 496 0000",
        "Arabic-Indic \u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
        "year 2026, 300 words, 12 steps",
    ]
    for text in samples:
        assert _may_hold_a_number(text) == bool(_NUMBER.search(text)), text
    found = contacts("ring 0113 496 0000 or see 943 476 5919", set())
    assert [c.kind for c in found] == ["phone", "nhs"]
    assert contacts("a story of 2026 with 300 words", set()) == []


LINE_STARTS = "\n\n #=-*_!>\t x<a>1.)+?"


@given(st.text(alphabet=LINE_STARTS, max_size=300))
@settings(max_examples=400, derandomize=True, deadline=None)
def test_line_start_patterns_found_from_line_breaks_find_the_same_lines(text: str) -> None:
    from generator import mdcost

    every_character = re.compile("^" + mdcost._SPLIT, re.M)
    found = (mdcost._SPLITS.match(text) is not None) + len(mdcost._LATER_SPLITS.findall(text))
    assert found == len(every_character.findall(text))
    lead = re.compile("^" + mdcost._LEAD, re.M)
    quick = mdcost._LONG_LEAD.match(text) or mdcost._LATER_LONG_LEAD.search(text)
    assert bool(quick) == bool(lead.search(text))


def test_deep_lines_are_still_found_anywhere() -> None:
    from generator import mdcost

    deep = "> " * 45 + "deep"
    for text in (deep, "intro\n\n" + deep, "intro\n" + deep + "\n\nafter"):
        said = mdcost.problem(text)
        assert said is not None and "nested more than" in said[1], text
        assert said[0] == text.index(">")
    blocks = "".join('<div markdown="1">\n' for _ in range(45)) + "text\n"
    said = mdcost.problem(blocks)
    assert said is not None and "nested more than" in said[1]
    assert mdcost.problem("A plain story about markdown, with no tags at all.") is None


@given(
    st.text(max_size=12)
    | st.sampled_from(
        ["", "~", "null", "yes", "No", "0x1f", "1_000", ".inf", "-.5e3", "<<", "=", "2026-10-15"]
    )
)
@settings(max_examples=300, derandomize=True, deadline=None)
def test_the_loader_resolves_every_value_as_pyyaml_does(value: str) -> None:
    import yaml

    from generator.yamlsource import _Loader

    loader = _Loader("")
    try:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            for implicit in ((True, False), (False, True), (False, False), (True, True)):
                expected = yaml.resolver.BaseResolver.resolve(loader, kind, value, implicit)
                assert loader.resolve(kind, value, implicit) == expected, (kind, value, implicit)
    finally:
        loader.dispose()
    assert "timestamp" not in _Loader("").resolve(yaml.ScalarNode, "2026-10-15", (True, False))


PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


def _lines_before(text: str) -> tuple[dict[tuple[object, ...], int], list[tuple[tuple[object, ...], int]]]:
    from generator.yamlsource import _Loader, _walk

    loader = _Loader(text)
    try:
        return _walk(loader.get_single_node())
    finally:
        loader.dispose()


@given(PLAIN, st.sampled_from([None, True, False]))
@settings(max_examples=300, derandomize=True, deadline=None)
def test_a_document_read_in_one_walk_has_the_lines_the_second_walk_gave(
    data: object, flow: bool | None
) -> None:
    import yaml

    from generator.yamlsource import _Loader, load_yaml

    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    parsed = load_yaml(text, "x.yaml")
    lines, duplicates = _lines_before(text)
    assert repr(parsed.data) == repr(yaml.load(text, Loader=_Loader))
    assert parsed.lines.lines == lines
    assert [p.line for p in parsed.problems] == [line for _, line in duplicates]  # '1' and 1 as keys


def test_a_key_given_twice_is_still_named_with_its_line() -> None:
    from generator.yamlsource import load_yaml

    text = "title: A\nstoryteller:\n  name: Sam\n  name: Jo\ntags: [a]\ntitle: B\n"
    parsed = load_yaml(text, "stories/x.md", offset=1)
    said = sorted((p.line, p.field, p.message) for p in parsed.problems)
    assert said == [
        (5, "storyteller.name", "this field is given twice; keep only one"),
        (7, "title", "this field is given twice; keep only one"),
    ]
    lines, _ = _lines_before(text)
    assert parsed.lines.lines == lines
