"""A memo of rendered output kept from one build to the next (used by the live preview).

The preview renders the hub again on every save. With a :class:`Memo` active, anything
rendered through :func:`remembered` whose inputs equal last build's is taken from the memo
instead of being rendered again. Inputs are views (frozen dataclasses), text and other
values, so equal inputs mean equal output. A normal build uses no memo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

T = TypeVar("T")


class Memo:
    """Results of the current and of the previous build, by their inputs."""

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        if key in self._current:
            return cast(T, self._current[key])
        found = cast(T, self._previous[key]) if key in self._previous else make()
        self._current[key] = found
        return found

    def next_build(self) -> None:
        """Start a build: keep what the last one used, forget the rest."""
        self._previous, self._current = self._current, {}

    @contextmanager
    def active(self) -> Iterator[None]:
        """Use this memo for what is rendered inside the block."""
        token = _MEMO.set(self)
        try:
            yield
        finally:
            _MEMO.reset(token)


_MEMO: ContextVar[Memo | None] = ContextVar("peerhub_memo", default=None)


def remembered(key: Callable[[], Any], make: Callable[[], T]) -> T:
    """``make()``, or last build's result when a memo is active and ``key()`` equals last
    build's key. A key that cannot be hashed (a list, a mutable object) is not remembered."""
    memo = _MEMO.get()
    if memo is None:
        return make()
    try:
        value = key()
        hash(value)
    except TypeError:
        return make()
    return memo.get(value, make)


def frozen(value: Any) -> Any:
    """A hashable stand-in for inputs: lists and dicts become tuples, and so does a
    dataclass that holds one (by its type and every field)."""
    if isinstance(value, dict):
        return (dict, *((k, frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:
            hash(value)
        except TypeError:
            return (type(value), *(frozen(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return value
