"""The preview's memo (``generator.memo``): a result is reused for equal arguments only."""

from __future__ import annotations

from dataclasses import dataclass

from generator.memo import Memo, NoMemo


@dataclass(frozen=True)
class View:
    title: str
    count: int


@dataclass
class Mutable:
    title: str


def test_equal_views_reuse_a_result_and_a_changed_field_does_not() -> None:
    memo = Memo()
    calls: list[str] = []

    def render(view: View, others: list[View]) -> str:
        calls.append(view.title)
        return f"{view.title}:{view.count}:{len(others)}"

    assert memo.call(render, View("a", 1), [View("b", 2)]) == "a:1:1"
    memo.next_build()
    # New objects with the same fields (a save reads everything again): the last result.
    assert memo.call(render, View("a", 1), [View("b", 2)]) == "a:1:1"
    assert calls == ["a"]
    memo.next_build()
    assert memo.call(render, View("a", 2), [View("b", 2)]) == "a:2:1"
    assert memo.call(render, View("a", 1), [View("b", 3)]) == "a:1:1"
    assert calls == ["a", "a", "a"]


def test_a_token_is_never_equal_to_a_plain_value() -> None:
    """A view's key is a token; an argument that is a number or a tuple is itself."""
    memo = Memo()
    view = View("a", 1)
    token = memo.key(view)
    assert memo.key(view) == token
    assert token not in {memo.key(v) for v in (1, 2, (1,), (None, 1), "a", ("a", 1))}

    def shown(x: object) -> str:
        return repr(x)

    assert memo.call(shown, view) == repr(view)
    assert memo.call(shown, 1) == "1"  # not the view's result, whatever its token's number


def test_results_last_one_build_unless_used_and_mutable_arguments_are_not_remembered() -> None:
    memo = Memo()
    made: list[int] = []

    def double(n: int) -> int:
        made.append(n)
        return 2 * n

    memo.call(double, 1)
    memo.next_build()
    memo.next_build()  # not used in the build between: forgotten
    memo.call(double, 1)
    assert made == [1, 1]
    seen: list[str] = []
    memo.call(lambda m: seen.append(m.title), Mutable("x"))
    memo.call(lambda m: seen.append(m.title), Mutable("x"))
    assert seen == ["x", "x"]


def test_a_slot_reuses_its_result_only_for_the_very_same_arguments() -> None:
    """``Memo.again``: the same objects (or equal plain values, or lists of the same objects)
    as the slot's last build give its result without a key; anything else is made again,
    or found by ``Memo.call``'s key; ``Memo.same`` keeps an equal value one object."""
    memo = Memo()
    made: list[str] = []

    def page(view: View, others: list[View], number: int) -> str:
        made.append(view.title)
        return f"{view.title}:{view.count}:{[o.title for o in others]}:{number}"

    a, b = View("a", 1), View("b", 2)
    assert memo.again("a", page, a, [b], 1) == "a:1:['b']:1"
    memo.next_build()
    assert memo.again("a", page, a, [b], 1) == "a:1:['b']:1"  # a new list of the same views
    memo.next_build()
    assert memo.again("a", page, a, [View("z", 2)], 1) == "a:1:['z']:1"  # another view in it
    memo.next_build()
    assert memo.again("a", page, a, [b], 1) == "a:1:['b']:1"
    memo.next_build()
    assert memo.again("a", page, View("a", 3), [b], 1) == "a:3:['b']:1"
    assert memo.again("b", page, a, [View("c", 2)], 1) == "a:1:['c']:1"
    assert made == ["a", "a", "a", "a", "a"]
    memo.next_build()
    assert memo.again("b", page, a, [View("c", 2)], 2) == "a:1:['c']:2"  # a number changed
    assert memo.again("b", page, a, [View("c", 2)], True) == "a:1:['c']:True"  # not 1
    assert len(made) == 7  # True is not the 1 of a key either

    first = memo.same(View("s", 1))
    memo.next_build()
    assert memo.same(View("s", 1)) is first
    assert memo.same(View("s", 2)) is not first
    assert NoMemo().same(first) is first


def test_every_makes_again_only_the_items_that_are_not_the_very_same_objects() -> None:
    memo = Memo()
    calls: list[str] = []

    def check(view: View, suffix: str) -> str:
        calls.append(view.title)
        return view.title + suffix

    a, b, c = View("a", 1), View("b", 1), View("c", 1)
    assert memo.every("views", check, [a, b, c], "!") == ["a!", "b!", "c!"]
    memo.next_build()
    b2 = View("b", 1)  # equal, but another object: a save read the file again
    assert memo.every("views", check, [a, b2, c], "!") == ["a!", "b!", "c!"]
    assert calls == ["a", "b", "c", "b"]  # in place: only the one that differs
    memo.next_build()
    d = View("d", 1)
    assert memo.every("views", check, [d, c, a, b2], "!") == ["d!", "c!", "a!", "b!"]  # one more, moved
    assert calls[4:] == ["d"]  # by identity
    memo.next_build()
    assert memo.every("views", check, [d, a, c, b2], "!") == ["d!", "a!", "c!", "b!"]  # in place again
    assert calls[5:] == ["a", "c"]
    memo.next_build()
    assert memo.every("views", check, [d], "?") == ["d?"]  # other arguments: made again
    memo.next_build()
    memo.next_build()  # a build that did not ask: forgotten
    assert memo.every("views", check, [d], "?") == ["d?"]
    assert calls[7:] == ["d", "d"]
    assert NoMemo().every("views", check, [a], "!") == ["a!"] and calls[-1] == "a"


def test_each_makes_again_only_the_rows_that_differ_and_hands_back_the_same_results() -> None:
    """``Memo.each``: a row whose arguments are the same objects (or equal ones) as the row of
    the same name in the last build keeps its result; every other row is made again; when no
    row differs, the very dict of the last build comes back, so callers can tell by identity."""
    memo = Memo()
    calls: list[str] = []

    def page(view: View, extra: list[View]) -> str:
        calls.append(view.title)
        return f"{view.title}:{view.count}:{len(extra)}"

    a, b, c = View("a", 1), View("b", 1), View("c", 1)
    shared: list[View] = []
    first = memo.each("pages", page, {"a": (a, shared), "b": (b, shared), "c": (c, [a])})
    assert first == {"a": "a:1:0", "b": "b:1:0", "c": "c:1:1"} and calls == ["a", "b", "c"]
    memo.next_build()
    # The same objects (and a new list of the same objects): the last build's dict itself.
    again = memo.each("pages", page, {"a": (a, shared), "b": (b, []), "c": (c, [a])})
    assert again is first and calls == ["a", "b", "c"]
    memo.next_build()
    # One view changed, one row gone, one new: only the changed and the new are made.
    later = memo.each("pages", page, {"a": (a, shared), "b": (View("b", 2), shared), "d": (View("d", 1), [])})
    assert later == {"a": "a:1:0", "b": "b:2:0", "d": "d:1:0"}
    assert calls == ["a", "b", "c", "b", "d"]
    # Another slot, or another function, keeps nothing of these.
    assert memo.each("other", page, {"a": (a, shared)}) == {"a": "a:1:0"} and calls[-1] == "a"
    memo.next_build()
    memo.next_build()  # a build that did not ask: the rows are forgotten
    assert memo.each("pages", page, {"a": (a, shared)}) == {"a": "a:1:0"} and calls[-1] == "a"
    assert len(calls) == 7
    # A full build's memo makes every row, every time.
    none = NoMemo()
    assert none.each("pages", page, {"a": (a, shared)}) == {"a": "a:1:0"} and len(calls) == 8
