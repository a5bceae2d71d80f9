"""Results kept from one build to the next, for the live preview.

The preview renders the hub again on every save. Rendering goes through a :class:`Memo`
that the edge creates, keeps between builds and passes in (``generator.edge.preview``):
``memo.call(f, *args)`` is ``f(*args)``, or what last build's call of ``f`` with equal
arguments returned. The key is made from ``f`` and its arguments by one function,
:meth:`Memo.key`, never written by hand, so a function is remembered by exactly what it
is given: ``f`` must be a pure function of its arguments (views, text, settings, loaded
content), which is what rendering is. A full build passes :class:`NoMemo`, which
remembers nothing and makes no keys.

Making a key still costs a little per argument, and at 10,000 stories a save asked for
tens of thousands of them. So a call made once per story (its view, its page, a listing
page) goes through :meth:`Memo.again`, which compares its arguments with those of the
same *slot* (the story's page, say) in the last build by identity, without a key: an
unchanged story keeps its loaded object, hence its view and its page. Values made again on
every save (the settings, read again; the help lines) are first passed through
:meth:`Memo.same`, which hands back last build's object while they are equal, so that
identity holds for them too. Anything that differs falls through to :meth:`Memo.call`.

The pipeline's checks of each story go one step further: :meth:`Memo.every` makes a pure
function's results for a whole list of stories, comparing each story with the one in its
place in the last build (in C), so that an unchanged story costs no Python call at all.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from itertools import compress
from operator import is_not
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from generator.model import Event, Series, Story

P = ParamSpec("P")
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_PLAIN = (str, bytes, int, float, bool, type(None), date, Path)
_MISSING = object()
_LOADED = (Story, Event, Series)
"""Content as loaded: the parse cache hands back the same (immutable) object while its file
is unchanged, so these are compared by identity, not field by field."""


class Memo:
    """Results of the current and of the previous build, by function and arguments.

    A key is a plain tuple, hashed and compared by Python's own code: a loaded story, event
    or series and a frozen dataclass become a *token* (:class:`_Token` and a number), made
    once per object, so that the key of a call with many views costs a tuple of small
    values, not the views' fields again (at 10,000 stories a save makes 80,000 keys)."""

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}
        self._keys: dict[int, tuple[Any, Hashable, Hashable]] = {}
        """Objects turned into tokens, by ``id``: the object (held, so that its ``id`` is not
        reused), its token and its fields' key; in this build, and kept from the last one."""
        self._old_keys: dict[int, tuple[Any, Hashable, Hashable]] = {}
        self._tokens: dict[Hashable, Hashable] = {}
        """The token of each frozen dataclass's fields, in this build and kept from the last:
        a new object equal to an old one (the settings, read again on every save, a view made
        again of an unchanged story) gets the old one's token."""
        self._old_tokens: dict[Hashable, Hashable] = {}
        self._count = 0
        self._slots: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        """Each slot's arguments and result (see :meth:`again`), in this build and the last."""
        self._old_slots: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        self._same: dict[Hashable, Any] = {}
        """The objects handed out by :meth:`same`, by key, in this build and the last."""
        self._old_same: dict[Hashable, Any] = {}
        self.files: Hashable = None
        """The state of the files besides content that some remembered checks read (the
        pictures in ``docs/``), set by the edge; a function given it is made again when it
        changes. ``None`` in a full build, which remembers nothing."""

    def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)``, or last build's result for equal arguments. Arguments that
        cannot be made a key (a list of mutable objects, say) are not remembered."""
        try:
            key = (fn, *map(self.key, args))
            if kwargs:
                key += tuple((k, self.key(v)) for k, v in kwargs.items())
        except TypeError:
            return fn(*args, **kwargs)
        found = self._current.get(key, _MISSING)
        if found is _MISSING:
            found = self._previous.get(key, _MISSING)
            if found is _MISSING:
                found = fn(*args, **kwargs)
            self._current[key] = found
        return cast(T, found)

    def again(self, slot: Hashable, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args)``, as :meth:`call`; but when ``slot`` (a plain value naming the call,
        such as a story's slug) had the very same arguments in the last build, its result
        without making a key. Arguments are the same when they are the same object, an equal
        plain value, or a list or tuple of the same objects."""
        if kwargs:
            return self.call(fn, *args, **kwargs)
        slot = (fn, slot)
        last = self._old_slots.get(slot)
        found = last[1] if last is not None and _identical(last[0], args) else self.call(fn, *args, **kwargs)
        self._slots[slot] = (args, found)
        return cast(T, found)

    def every(self, slot: Hashable, fn: Callable[..., T], items: Sequence[Any], /, *args: Any) -> list[T]:
        """``[fn(item, *args) for item in items]``; but an item that is the very same object
        as one of the last build's call of ``slot``, given the very same ``args`` (as
        :meth:`again` compares them), gets last build's result, without a key. For a pure
        ``fn`` of loaded content (each story's checks, say), so that an unchanged story costs
        one comparison per build however many results it has: when the items are as many as
        last time, each is compared with the one in its place (in C), and ``fn`` is called
        for those that differ; otherwise they are looked up by identity."""
        slot = (Memo.every, fn, slot)
        last = self._slots.get(slot) or self._old_slots.get(slot)
        if last is None or not _identical(last[0], args):
            out = [fn(item, *args) for item in items]
        else:
            before, results = last[1]
            if len(before) == len(items):  # a save: the same stories in the same places, but one
                out = list(results)
                for index in compress(range(len(items)), map(is_not, before, items)):
                    out[index] = fn(items[index], *args)
            else:  # the items hold on to their objects, so no id is reused
                found = dict(zip(map(id, before), zip(before, results, strict=True), strict=True))
                out = []
                for item in items:
                    hit = found.get(id(item))
                    out.append(hit[1] if hit is not None and hit[0] is item else fn(item, *args))
        self._slots[slot] = (args, (list(items), out))
        return list(out)

    def each(self, slot: Hashable, fn: Callable[..., T], rows: Mapping[K, tuple[Any, ...]]) -> dict[K, T]:
        """``fn(*row)`` for every row, by the row's name, as :meth:`again` for each: a row
        whose arguments equal (``==``: the same objects, or equal ones) those of the row of
        the same name in the last build's ``each`` of this ``slot`` keeps its result. The
        rows are compared by Python's own comparison of tuples and dicts (which takes the
        same object for equal without asking it), so a call for 10,000 unchanged stories
        costs little more than making its rows. A row that differs is made again, without a
        key: its name is its slot. When every row is as it was, the very dict of the last
        build is handed back (unchanged by identity; the caller must not change it)."""
        slot = (Memo.each, fn, slot)
        last = cast("tuple[Mapping[K, tuple[Any, ...]], dict[K, T]] | None", self._old_slots.get(slot))
        if last is not None and last[0] == rows:
            found = last[1]
        else:
            old_rows: Mapping[K, tuple[Any, ...]] = last[0] if last is not None else {}
            old = last[1] if last is not None else {}
            found = {
                name: old[name] if old_rows.get(name, _MISSING) == row else fn(*row)
                for name, row in rows.items()
            }
        self._slots[slot] = cast("tuple[tuple[Any, ...], Any]", (rows, found))
        return found

    def same(self, value: T) -> T:
        """``value``, or the object equal to it (by :meth:`key`) that ``same`` handed out in
        this build or the last: a value made again on each save stays one object while it is
        equal, for :meth:`again`."""
        try:
            key = self.key(value)
        except TypeError:
            return value
        found = self._same.get(key, _MISSING)
        if found is _MISSING:
            found = self._old_same.get(key, value)
            self._same[key] = found
        return cast(T, found)

    def next_build(self) -> None:
        """Start a build: keep what the last one used, forget the rest."""
        self._previous, self._current = self._current, {}
        self._old_slots, self._slots = self._slots, {}
        self._old_same, self._same = self._same, {}
        self._old_keys, self._keys = self._keys, {}
        self._old_tokens, self._tokens = self._tokens, {}

    def key(self, value: Any) -> Hashable:
        """The one way a value becomes part of a key: plain values as they are, lists and
        dicts as tuples, loaded content by identity, and a frozen dataclass (a view, the
        settings) by its type and fields, made once per object while it is in use. Anything
        else by its own hash; a mutable dataclass cannot be a key (``TypeError``)."""
        found = self._keys.get(id(value))  # met already in this build
        if found is not None and found[0] is value:
            return found[1]
        if isinstance(value, _PLAIN):  # True and 1.0 are equal to 1, but not the same argument
            return (type(value), value) if type(value) in (bool, float) else value
        if isinstance(value, dict):
            return (dict, *((k, self.key(v)) for k, v in value.items()))
        if isinstance(value, list | tuple):
            return tuple(map(self.key, value))
        loaded = isinstance(value, _LOADED)
        if not loaded and not (is_dataclass(value) and not isinstance(value, type)):
            hash(value)
            return cast(Hashable, value)
        if not loaded and not type(value).__dataclass_params__.frozen:
            raise TypeError(f"{type(value).__name__} is mutable")
        found = self._old_keys.get(id(value))  # met in the last build
        if found is None or found[0] is not value:
            fields_key = (
                None if loaded else (type(value), *(self.key(getattr(value, f.name)) for f in fields(value)))
            )
            token = self._old_tokens.get(fields_key) if fields_key else None
            found = (value, token or self._tokens.get(fields_key) or self._token(), fields_key)
        if found[2] is not None:
            self._tokens[found[2]] = found[1]
        self._keys[id(value)] = found
        return found[1]

    def _token(self) -> Hashable:
        """A key no other object has had: never equal to a plain value."""
        self._count += 1
        return (_Token, self._count)


def _identical(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Whether two calls' arguments are the same (see :meth:`Memo.again`)."""
    if len(old) != len(new):
        return False
    for a, b in zip(old, new, strict=True):
        if a is b:
            continue
        kind = type(a)
        if kind is not type(b):
            return False
        if kind is list or kind is tuple:
            if len(a) != len(b) or any(x is not y for x, y in zip(a, b, strict=True)):
                return False
        elif not isinstance(a, _PLAIN) or a != b:
            return False
    return True


class NoMemo(Memo):
    """The memo of a full build: every call is made, nothing is kept."""

    def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return fn(*args, **kwargs)

    def again(self, slot: Hashable, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return fn(*args, **kwargs)

    def every(self, slot: Hashable, fn: Callable[..., T], items: Sequence[Any], /, *args: Any) -> list[T]:
        return [fn(item, *args) for item in items]

    def each(self, slot: Hashable, fn: Callable[..., T], rows: Mapping[K, tuple[Any, ...]]) -> dict[K, T]:
        return {name: fn(*row) for name, row in rows.items()}

    def same(self, value: T) -> T:
        return value

    def next_build(self) -> None:
        pass


class _Token:
    """The mark of a token in a key (see :class:`Memo`); never made."""
