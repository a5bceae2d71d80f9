"""A memo of rendered output kept from one build to the next (used by the live preview).

The preview renders the hub again on every save. With a :class:`Memo` active, anything
rendered through :func:`remembered` whose inputs equal last build's is taken from the memo
instead of being rendered again. Inputs are views (frozen dataclasses), text and other
values, so equal inputs mean equal output. A normal build uses no memo.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar, cast

T = TypeVar("T")


class Memo:
    """Results of the current and of the previous build, by their inputs."""

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}
        self.keys: dict[int, tuple[Any, _Key]] = {}
        """Views turned into keys, by ``id``: in this build, and kept from the last one."""
        self._old_keys: dict[int, tuple[Any, _Key]] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        if key in self._current:
            return cast(T, self._current[key])
        found = cast(T, self._previous[key]) if key in self._previous else make()
        self._current[key] = found
        return found

    def next_build(self) -> None:
        """Start a build: keep what the last one used, forget the rest."""
        self._previous, self._current = self._current, {}
        self._old_keys, self.keys = self.keys, {}

    def key_of(self, value: Any, make: Callable[[], _Key]) -> _Key:
        """The key of a view (immutable), made once while the same object is in use."""
        found = self.keys.get(id(value)) or self._old_keys.get(id(value))
        if found is None or found[0] is not value:
            found = (value, make())  # holding the value keeps its id from being reused
        self.keys[id(value)] = found
        return found[1]

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
        value = _Key(key())  # hashed once, for the lookups that follow
    except TypeError:
        return make()
    return memo.get(value, make)


_PLAIN = (str, int, float, bool, type(None), date)


class _Key:
    """A dataclass view as a memo key: its fields, with the hash computed once."""

    __slots__ = ("hash", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.hash = hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.hash == other.hash and self.value == other.value


def frozen(value: Any) -> Any:
    """A hashable stand-in for inputs: lists and dicts become tuples, and a dataclass view
    becomes a key made of its type and every field. Within a build each view is turned into
    a key once (views are shared by many pages)."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, dict):
        return (dict, *((k, frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    names = getattr(type(value), "__dataclass_fields__", None)
    if names is None:
        return value

    def make() -> _Key:
        return _Key((type(value), *(frozen(getattr(value, name)) for name in names)))

    memo = _MEMO.get()
    return memo.key_of(value, make) if memo is not None else make()


class Same:
    """An immutable object as a memo key, by identity. The parse cache hands back the same
    story or event object while its file is unchanged, so the same object means the same
    content; the key holds the object, so its ``id`` cannot be reused meanwhile."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj
