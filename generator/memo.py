"""Results kept from one build to the next, for the live preview.

The preview renders the hub again on every save. Rendering goes through a :class:`Memo`
that the edge creates, keeps between builds and passes in (``generator.edge.preview``):
``memo.call(f, *args)`` is ``f(*args)``, or what last build's call of ``f`` with equal
arguments returned. The key is made from ``f`` and its arguments by one function,
:meth:`Memo.key`, never written by hand, so a function is remembered by exactly what it
is given: ``f`` must be a pure function of its arguments (views, text, settings, loaded
content), which is what rendering is. A full build passes :class:`NoMemo`, which
remembers nothing and makes no keys.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from generator.model import Event, Series, Story

P = ParamSpec("P")
T = TypeVar("T")

_PLAIN = (str, bytes, int, float, bool, type(None), date, Path)
_LOADED = (Story, Event, Series)
"""Content as loaded: the parse cache hands back the same (immutable) object while its file
is unchanged, so these are compared by identity, not field by field."""


class Memo:
    """Results of the current and of the previous build, by function and arguments."""

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}
        self._keys: dict[int, tuple[Any, _Key]] = {}
        """Views turned into keys, by ``id``: in this build, and kept from the last one."""
        self._old_keys: dict[int, tuple[Any, _Key]] = {}
        self._same: dict[_Key, _Key] = {}
        """Each key of a view made in this build, and kept from the last one: a new object equal
        to an old one (the settings, read again on every save) gets the old one's key, so the
        lookups that follow compare it by identity, not field by field."""
        self._old_same: dict[_Key, _Key] = {}

    def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)``, or last build's result for equal arguments. Arguments that
        cannot be made a key (a list of mutable objects, say) are not remembered."""
        try:
            key = _Key((fn, self.key(args), self.key(kwargs)))
        except TypeError:
            return fn(*args, **kwargs)
        if key in self._current:
            return cast(T, self._current[key])
        found = cast(T, self._previous[key]) if key in self._previous else fn(*args, **kwargs)
        self._current[key] = found
        return found

    def next_build(self) -> None:
        """Start a build: keep what the last one used, forget the rest."""
        self._previous, self._current = self._current, {}
        self._old_keys, self._keys = self._keys, {}
        self._old_same, self._same = self._same, {}

    def key(self, value: Any) -> Hashable:
        """The one way a value becomes part of a key: plain values as they are, lists and
        dicts as tuples, loaded content by identity, and a frozen dataclass (a view, the
        settings) as its type and fields, made once per object while it is in use. Anything
        else by its own hash; a mutable dataclass cannot be a key (``TypeError``)."""
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, dict):
            return (dict, *((k, self.key(v)) for k, v in value.items()))
        if isinstance(value, list | tuple):
            return tuple(self.key(v) for v in value)
        if isinstance(value, _LOADED):
            return _Same(value)
        if is_dataclass(value) and not isinstance(value, type):
            if not type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
                raise TypeError(f"{type(value).__name__} is mutable")
            found = self._keys.get(id(value)) or self._old_keys.get(id(value))
            if found is None or found[0] is not value:
                key = _Key((type(value), *(self.key(getattr(value, f.name)) for f in fields(value))))
                key = self._old_same.get(key, key)
                self._same.setdefault(key, key)
                found = (value, key)  # holding the value keeps its id from being reused
            self._keys[id(value)] = found
            return found[1]
        hash(value)
        return cast(Hashable, value)


class NoMemo(Memo):
    """The memo of a full build: every call is made, nothing is kept."""

    def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return fn(*args, **kwargs)

    def next_build(self) -> None:
        pass


class _Key:
    """A key with its hash computed once, for the lookups that follow."""

    __slots__ = ("hash", "value")

    def __init__(self, value: Hashable) -> None:
        self.value = value
        self.hash = hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        return isinstance(other, _Key) and self.hash == other.hash and self.value == other.value


class _Same:
    """An object compared by identity; the key holds it, so its ``id`` cannot be reused."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj
