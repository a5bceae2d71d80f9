"""The preview's memo (``generator.memo``): a result is reused for equal arguments only."""

from __future__ import annotations

from dataclasses import dataclass

from generator.memo import Memo


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
