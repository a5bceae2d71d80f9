"""The search index: records as small static files, so a search downloads only what it needs.

Every word of every record is indexed. The files, under ``search/``:

- ``index.json``: how many records, where each chunk of words starts, the names of the
  other files. Read first; small (a few kilobytes at 10,000 stories).
- ``c/<hash>.json``: one chunk of the sorted vocabulary: ``{"w": [words], "p": [postings]}``.
  A word's postings list the records that hold it, each as one number,
  ``(record - previous record) * 4 + weight``, where weight is 3 for the title, 2 for the
  fields and 1 for the text. A search downloads the chunks its words fall in.
- ``r/<hash>.json``: the cards of :data:`CARDS` records at a time (``[{u, t, k, d, s, n, h}]``:
  URL, title, kind, date, summary, content notes, and ``h`` when the record has a text),
  read for the results shown: a result shows its card as soon as it is read.
- ``x/<hash>.json``: the texts of :data:`TEXTS` records at a time (a list of strings, ``null``
  for a record with none), read once typing has paused, for the excerpts of the results
  shown. A story with content notes has no text here: its result shows the notes and the
  summary, so the words of its body never reach a result, nor the reader's phone.
- ``f/<hash>.json``: the filters: each value's records, delta-encoded, read when a reader
  opens the filters.

File names are digests of their content, so a host may cache them for ever, and two builds
of the same content write the same files.

Words are found the same way here and in ``static/search.js`` (keep them in step): text is
decomposed (NFKD) and stripped of combining accents, lower-cased, apostrophes are dropped
("don't" is "dont"), and a word is a run of letters and digits, at most :data:`MAX_WORD`
long.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.search.records import FACETS, KINDS, Record

FORMAT = 1
"""Version of the files' layout; ``static/search.js`` reads this version."""
MAX_WORD = 40
"""Longer runs of letters are not words anyone types; they are not indexed."""
CHUNK_BYTES = 24_000
"""A chunk closes once its postings pass this many bytes (before compression)."""
CARDS = 16
"""Records per ``r/`` file (cards are small: a title, a date, a summary)."""
TEXTS = 8
"""Records per ``x/`` file: fewer files against fewer bytes for each excerpt shown."""

TITLE, FIELDS, TEXT = 3, 2, 1

_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_APOSTROPHES = re.compile("['\u2019\u02bc]")
_WORD = re.compile(r"[^\W_]+")
_ASCII = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
"""ASCII letters lower-cased, digits kept, everything else a space (the fast path of :func:`words`)."""


def _tokens(text: str) -> list[str]:
    if text.isascii():  # most text: the same words, five times faster than the regex
        return text.encode("ascii").translate(_ASCII, b"'").decode("ascii").split()
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return _WORD.findall(_APOSTROPHES.sub("", text))


def words(text: str) -> list[str]:
    """The words of ``text`` as the index holds them (and as a search looks them up)."""
    return [w for w in _tokens(text) if len(w) <= MAX_WORD]


def _distinct(text: str, weight: int) -> dict[str, int]:
    found = dict.fromkeys(_tokens(text), weight)
    if max(map(len, found), default=0) > MAX_WORD:
        found = {w: weight for w in found if len(w) <= MAX_WORD}
    return found


def weighed(record: Record) -> dict[str, int]:
    """Each word of the record with the weight of the best place it stands in."""
    found = _distinct(record.text, TEXT)
    found.update(_distinct(" ".join(record.fields), FIELDS))
    found.update(_distinct(record.title, TITLE))
    return found


def _utf16(word: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units)."""
    return word.encode("utf-16-be")


def _order(record: Record) -> tuple[int, int, str]:
    """Pages first, then the newest: the order of record numbers, which breaks ties."""
    day = record.day or date.max
    return (0 if record.kind == "page" else 1, -day.toordinal(), record.url)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _name(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=5).hexdigest()


def _deltas(numbers: Iterable[int]) -> list[int]:
    """Ascending record numbers as gaps from the one before (the first from -1)."""
    out, previous = [], -1
    for n in numbers:
        out.append(n - previous)
        previous = n
    return out


@dataclass
class Index:
    """What one build of the index wrote."""

    files: list[str] = field(default_factory=list)
    """Paths under the site folder, the meta file last."""
    bytes: int = 0
    records: int = 0
    words: int = 0
    postings: int = 0


Write = Callable[[str, bytes], None]


_Packed = tuple[tuple[str, ...], bytes]
"""A record's words, and the weight of each (0 to 3) as one byte."""


def _pack(found: dict[str, int]) -> _Packed:
    """The words are interned: records share one string per word of the vocabulary."""
    return tuple(map(sys.intern, found)), bytes(found.values())


def _unpack(packed: _Packed) -> dict[str, int]:
    return dict(zip(*packed, strict=True))


class IndexBuilder:
    """Builds the index and hands each file to ``write`` as soon as it is made, so the files
    are never all in memory at once.

    With ``remember`` (the preview, which builds it after every save), it keeps each
    record's words, each word's encoded postings and each file of records, and makes again
    only what a changed record touches."""

    def __init__(self, *, remember: bool = False) -> None:
        self.remember = remember
        self._weighed: dict[Record, _Packed] = {}
        """Each record's words and weights, packed: as dicts they took about 250 MB at 10,000
        stories, as a tuple of the words and the bytes of their weights a tenth of that."""
        self._ordered: list[Record] = []
        self._postings: dict[str, array[int]] = {}
        self._parts: dict[str, tuple[array[int], str]] = {}
        self._groups: dict[tuple[str, tuple[Record, ...]], bytes] = {}

    def build(self, records: Sequence[Record], write: Write) -> Index:
        index = Index()

        def put(path: str, data: bytes) -> str:
            write(path, data)
            index.files.append(path)
            index.bytes += len(data)
            return _name(data)

        ordered = sorted(records, key=_order)
        same_pages = [r.url for r in ordered] == [r.url for r in self._ordered]
        postings = self._patched(ordered) if self.remember and same_pages else self._postings_of(ordered)
        if self.remember:
            self._ordered, self._postings = ordered, postings

        chunks = [
            [first, put(f"search/c/{_name(data)}.json", data)] for first, data in self._chunks(postings)
        ]
        groups: dict[tuple[str, tuple[Record, ...]], bytes] = {}
        names: dict[str, list[str]] = {"r": [], "x": []}
        for folder, size, shown in (("r", CARDS, _card), ("x", TEXTS, _text)):
            for start in range(0, len(ordered), size):
                key = (folder, tuple(ordered[start : start + size]))
                data = self._groups.get(key) or _json([shown(r) for r in key[1]])
                if self.remember:
                    groups[key] = data
                names[folder].append(put(f"search/{folder}/{_name(data)}.json", data))
        self._groups = groups
        facets = _json(_facets(ordered))
        meta = {
            "format": FORMAT,
            "records": len(ordered),
            "chunks": chunks,
            "cards": [CARDS, names["r"]],
            "texts": [TEXTS, names["x"]],
            "facets": put(f"search/f/{_name(facets)}.json", facets),
        }
        put("search/index.json", _json(meta))
        index.records, index.words = len(ordered), len(postings)
        index.postings = sum(len(p) for p in postings.values())
        return index

    def _postings_of(self, ordered: list[Record]) -> dict[str, array[int]]:
        """Each word's postings: ``record * 4 + weight``, by record number."""
        weighed_now: dict[Record, _Packed] = {}
        postings: dict[str, array[int]] = {}
        for number, record in enumerate(ordered):
            found = self._weighed.get(record) or _pack(weighed(record))
            if self.remember:
                weighed_now[record] = found
            base = number * 4
            for word, weight in zip(*found, strict=True):
                posting = postings.get(word)
                if posting is None:
                    posting = postings[word] = array("i")
                posting.append(base + weight)
        self._weighed = weighed_now
        return postings

    def _patched(self, ordered: list[Record]) -> dict[str, array[int]]:
        """The last build's postings with the records that changed taken out and put back
        (the same pages in the same order: what a save to a story or an event makes)."""
        postings = dict(self._postings)
        for number, (old, new) in enumerate(zip(self._ordered, ordered, strict=True)):
            if old == new:
                continue
            was, now = _unpack(self._weighed.pop(old)), weighed(new)
            self._weighed[new] = _pack(now)
            for word in was.keys() | now.keys():
                if was.get(word) == now.get(word):
                    continue
                values = array("i", postings.get(word, ()))  # a new array: the parts cache compares them
                at = bisect_left(values, number * 4)
                if at < len(values) and values[at] >> 2 == number:
                    del values[at]
                if word in now:
                    values.insert(at, number * 4 + now[word])
                if values:
                    postings[word] = values
                else:
                    postings.pop(word, None)
        return postings

    def _chunks(self, postings: dict[str, array[int]]) -> Iterator[tuple[str, bytes]]:
        """The vocabulary in order, cut into chunks of about :data:`CHUNK_BYTES`: each is its
        first word and its file (``{"w": [words], "p": [postings]}``)."""
        parts_now: dict[str, tuple[array[int], str]] = {}
        chunk_words: list[str] = []
        parts: list[str] = []
        size = 0
        first = True
        for word in sorted(postings, key=_utf16):
            values = postings[word]
            known = self._parts.get(word)
            if known is not None and known[0] == values:
                part = known[1]
            else:
                previous = [-4, *values[:-1]]
                encoded = [((v >> 2) - (p >> 2)) * 4 + (v & 3) for v, p in zip(values, previous, strict=True)]
                part = json.dumps(encoded, separators=(",", ":"))
            if self.remember:
                parts_now[word] = (values, part)
            chunk_words.append(word)
            parts.append(part)
            size += len(word) + len(part) + 4
            if size >= CHUNK_BYTES:
                yield ("" if first else chunk_words[0]), _chunk(chunk_words, parts)
                chunk_words, parts, size, first = [], [], 0, False
        if chunk_words or first:
            yield ("" if first else chunk_words[0]), _chunk(chunk_words, parts)
        self._parts = parts_now


def files(records: Sequence[Record]) -> dict[str, bytes]:
    """Every file of the index of ``records``, by path (for tests and small uses)."""
    out: dict[str, bytes] = {}
    IndexBuilder().build(records, out.__setitem__)
    return out


def _chunk(words: list[str], parts: list[str]) -> bytes:
    return ('{"w":' + json.dumps(words, ensure_ascii=False) + ',"p":[' + ",".join(parts) + "]}").encode()


def _card(record: Record) -> dict[str, Any]:
    """What a result shows of a record at once."""
    card: dict[str, Any] = {"u": record.url, "t": record.title, "k": KINDS[record.kind]}
    if record.when:
        card["d"] = record.when
    if record.summary:
        card["s"] = record.summary
    if record.notes:
        card["n"] = ", ".join(record.notes)
    elif record.text:
        card["h"] = 1
    return card


def _text(record: Record) -> str | None:
    """The text a result's excerpt is cut from; none for a story with content notes."""
    return record.text if record.text and not record.notes else None


def _facets(ordered: Sequence[Record]) -> dict[str, Any]:
    """Each filter, its values in a stable order, and the records of each value."""
    found: dict[str, dict[str, list[int]]] = {name: {} for name in FACETS}
    for number, record in enumerate(ordered):
        for name, value in record.facets:
            found.setdefault(name, {}).setdefault(value, []).append(number)
    kinds = list(KINDS.values())
    out = []
    for name, values in found.items():
        if not values:
            continue
        order = sorted(values, key=lambda v: (kinds.index(v) if name == "kind" and v in kinds else 0, v))
        out.append(
            {
                "key": name,
                "label": FACETS.get(name, name),
                "values": [[value, _deltas(values[value])] for value in order],
            }
        )
    return {"facets": out}
