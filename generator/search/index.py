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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
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
        self._kept: _Kept | None = None
        """What :meth:`patch` needs of the last index, kept by :meth:`build` with ``remember``."""

    def build(self, records: Sequence[Record], write: Write) -> Index:
        index = Index()
        sizes: dict[str, int] = {}

        def put(path: str, data: bytes) -> str:
            write(path, data)
            index.files.append(path)
            index.bytes += len(data)
            sizes[path] = len(data)
            return _name(data)

        ordered = sorted(records, key=_order)
        same_pages = [r.url for r in ordered] == [r.url for r in self._ordered]
        postings = self._patched(ordered) if self.remember and same_pages else self._postings_of(ordered)
        if self.remember:
            self._ordered, self._postings = ordered, postings

        cuts: list[tuple[int, int]] = []
        vocab = sorted(postings, key=_utf16)
        chunks = [
            [first, put(f"search/c/{_name(data)}.json", data)]
            for first, data in self._chunks(postings, vocab, cuts)
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
        self._kept = None
        if self.remember:
            packed = [self._weighed[r] for r in ordered]
            parts = [self._parts[w][1] for w in vocab]
            self._kept = _Kept.of(ordered, packed, postings, vocab, parts, cuts, meta, sizes)
        return index

    def patch(self, changed: Mapping[str, Record | None], write: Write) -> Index | None:
        """The last index with the records at the URLs of ``changed`` replaced, writing only
        the files that change: the chunks of the words whose postings changed (cut again
        from the first such chunk until a cut falls where it fell before), the files of cards
        and texts of those records, the filters if theirs changed, and ``index.json``. The
        files are those :meth:`build` would write for the same records; a URL given ``None``
        has no record, and had none. ``None`` (and nothing written) when the records would
        be in another order, or there is no index to patch: :meth:`build` it."""
        kept = self._kept
        if kept is None:
            return None
        at: dict[int, Record] = {}
        for url, record in changed.items():
            number = kept.position.get(url)
            if record is None and number is None:
                continue  # not in the index, nor to be
            if record is None or number is None or _order(record) != _order(kept.ordered[number]):
                return None
            at[number] = record
        return kept.patch(self, at, write)

    def _postings_of(self, ordered: list[Record]) -> dict[str, array[int]]:
        """Each word's postings: ``record * 4 + weight``, by record number."""
        weighed_now: dict[Record, _Packed] = {}
        postings: dict[str, array[int]] = {}
        for number, record in enumerate(ordered):
            found: Iterable[tuple[str, int]]
            if self.remember:
                packed = self._weighed.get(record) or _pack(weighed(record))
                weighed_now[record] = packed
                found = zip(*packed, strict=True)
            else:  # a build that keeps nothing (nor has kept): the words need not be packed
                found = weighed(record).items()
            base = number * 4
            for word, weight in found:
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

    def _chunks(
        self, postings: dict[str, array[int]], vocab: list[str], cuts: list[tuple[int, int]] | None = None
    ) -> Iterator[tuple[str, bytes]]:
        """The vocabulary in order, cut into chunks of about :data:`CHUNK_BYTES`: each is its
        first word and its file (``{"w": [words], "p": [postings]}``); ``cuts`` gets where
        each starts and ends in the vocabulary."""
        parts_now: dict[str, tuple[array[int], str]] = {}
        chunk_words: list[str] = []
        parts: list[str] = []
        size = start = 0
        first = True
        for word in vocab:  # sorted as JavaScript sorts (_utf16)
            values = postings[word]
            known = self._parts.get(word)
            part = known[1] if known is not None and known[0] == values else _encoded(values)
            if self.remember:
                parts_now[word] = (values, part)
            chunk_words.append(word)
            parts.append(part)
            size += len(word) + len(part) + 4
            if size >= CHUNK_BYTES:
                if cuts is not None:
                    cuts.append((start, start + len(chunk_words)))
                start += len(chunk_words)
                yield ("" if first else chunk_words[0]), _chunk(chunk_words, parts)
                chunk_words, parts, size, first = [], [], 0, False
        self._parts = parts_now
        if chunk_words or first:
            if cuts is not None:
                cuts.append((start, start + len(chunk_words)))
            yield ("" if first else chunk_words[0]), _chunk(chunk_words, parts)


def _encoded(values: array[int]) -> str:
    """A word's postings as its chunk holds them: each record as the gap from the one before."""
    # ((v >> 2) - (p >> 2)) * 4 + (v & 3), the record's gap times four and its weight, is
    # v - (p & -4); the first is counted from record -1 (-4). zip stops with ``values``.
    encoded = [v - (p & -4) for v, p in zip(values, chain((-4,), values), strict=False)]
    return json.dumps(encoded, separators=(",", ":"))


@dataclass
class _Kept:
    """The last index as :meth:`IndexBuilder.patch` changes it: the records in order, each
    one's packed words, the postings, the vocabulary in order with each word's encoded
    postings, where each chunk starts, and every file's name and size."""

    ordered: list[Record]
    packed: list[_Packed]
    position: dict[str, int]
    postings: dict[str, array[int]]
    vocab: list[str]
    keys: list[bytes]
    """Each word of ``vocab`` as it is sorted (:func:`_utf16`)."""
    vparts: list[str]
    starts: list[str]
    """The first word of each chunk (the first chunk's is ``vocab[0]``, or none)."""
    chunks: list[list[str]]
    """``[first, name]`` of each chunk, as ``index.json`` lists them."""
    names: dict[str, list[str]]
    """The names of the files of cards (``r``) and of texts (``x``), in order."""
    facets: str
    sizes: dict[str, int]
    """Every file's size in bytes, by path."""
    total: int
    """How many postings."""

    @classmethod
    def of(
        cls,
        ordered: list[Record],
        packed: list[_Packed],
        postings: dict[str, array[int]],
        vocab: list[str],
        parts: list[str],
        cuts: list[tuple[int, int]],
        meta: dict[str, Any],
        sizes: dict[str, int],
    ) -> _Kept:
        return cls(
            ordered=ordered,
            packed=packed,
            position={r.url: n for n, r in enumerate(ordered)},
            postings=postings,
            vocab=vocab,
            keys=[_utf16(w) for w in vocab],
            vparts=parts,
            starts=[vocab[start] if start < len(vocab) else "" for start, _ in cuts],
            chunks=[list(c) for c in meta["chunks"]],
            names={"r": list(meta["cards"][1]), "x": list(meta["texts"][1])},
            facets=meta["facets"],
            sizes=dict(sizes),
            total=sum(len(p) for p in postings.values()),
        )

    def patch(self, builder: IndexBuilder, at: dict[int, Record], write: Write) -> Index:
        """Replace the records at the numbers of ``at`` (see :meth:`IndexBuilder.patch`)."""
        touched: set[str] = set()
        facets = False
        for number, new in sorted(at.items()):
            old = self.ordered[number]
            if old == new:
                continue
            facets = facets or old.facets != new.facets
            was, now = _unpack(self.packed[number]), weighed(new)
            self.ordered[number] = new  # the builder's list too: a build after this one patches it
            self.packed[number] = builder._weighed[new] = _pack(now)
            builder._weighed.pop(old, None)
            for word in was.keys() | now.keys():
                if was.get(word) != now.get(word):
                    self._move(word, number, now.get(word))
                    touched.add(word)
        written: dict[str, bytes] = {}

        def put(path: str, data: bytes) -> str:
            written[path] = data
            self.sizes[path] = len(data)
            return _name(data)

        if touched:
            self._cut(touched, put)
        for folder, size, shown in (("r", CARDS, _card), ("x", TEXTS, _text)):
            for group in sorted({number // size for number in at}):
                records = self.ordered[group * size : (group + 1) * size]
                data = _json([shown(r) for r in records])
                self.names[folder][group] = put(f"search/{folder}/{_name(data)}.json", data)
        if facets:
            data = _json(_facets(self.ordered))
            self.facets = put(f"search/f/{_name(data)}.json", data)
        meta = {
            "format": FORMAT,
            "records": len(self.ordered),
            "chunks": self.chunks,
            "cards": [CARDS, self.names["r"]],
            "texts": [TEXTS, self.names["x"]],
            "facets": self.facets,
        }
        put("search/index.json", _json(meta))
        index = Index(records=len(self.ordered), words=len(self.postings), postings=self.total)
        index.files = [f"search/c/{name}.json" for _, name in self.chunks]
        index.files += [f"search/{folder}/{name}.json" for folder in "rx" for name in self.names[folder]]
        index.files += [f"search/f/{self.facets}.json", "search/index.json"]
        index.bytes = sum(self.sizes.get(path, 0) for path in index.files)
        for path, data in written.items():
            write(path, data)
        return index

    def _move(self, word: str, number: int, weight: int | None) -> None:
        """Record ``number``'s posting of ``word`` is now ``weight`` (``None``: it has none)."""
        values = array("i", self.postings.get(word, ()))
        at = bisect_left(values, number * 4)
        if at < len(values) and values[at] >> 2 == number:
            del values[at]
            self.total -= 1
        if weight is not None:
            values.insert(at, number * 4 + weight)
            self.total += 1
        key = _utf16(word)
        place = bisect_left(self.keys, key)
        present = place < len(self.keys) and self.keys[place] == key
        if values:
            self.postings[word] = values
            if present:
                self.vparts[place] = _encoded(values)
            else:
                self.vocab.insert(place, word)
                self.keys.insert(place, key)
                self.vparts.insert(place, _encoded(values))
        else:
            self.postings.pop(word, None)
            if present:
                del self.vocab[place], self.keys[place], self.vparts[place]

    def _cut(self, touched: set[str], put: Callable[[str, bytes], str]) -> None:
        """Cut the vocabulary again from the chunk of the first touched word until a cut falls
        where an old chunk starts after the last one; the chunks from there are as they were."""
        places = [bisect_left(self.keys, _utf16(w)) for w in touched]
        low, high = min(places), max(places)
        starts = [0] + [bisect_left(self.keys, _utf16(w)) for w in self.starts[1:]]
        first = max(0, bisect_right(starts, low) - 1)
        while first > 0 and starts[first - 1] == starts[first]:  # a chunk whose words all went
            first -= 1
        later = {start: n for n, start in enumerate(starts) if n > first and start > high}
        new: list[list[str]] = []
        new_starts: list[str] = []
        resume = len(starts)
        for begin, end in _cuts(self.vparts, self.vocab, starts[first]):
            data = _chunk(self.vocab[begin:end], self.vparts[begin:end])
            new.append(["" if begin == 0 else self.vocab[begin], put(f"search/c/{_name(data)}.json", data)])
            new_starts.append(self.vocab[begin] if begin < len(self.vocab) else "")
            if end in later:
                resume = later[end]
                break
        self.chunks[first:resume] = new
        self.starts[first:resume] = new_starts


def _cuts(parts: list[str], words: list[str], start: int) -> Iterator[tuple[int, int]]:
    """Where each chunk begins and ends, from the chunk that begins at ``start``, as
    :meth:`IndexBuilder._chunks` cuts them."""
    size, begin = 0, start
    for number in range(start, len(words)):
        size += len(words[number]) + len(parts[number]) + 4
        if size >= CHUNK_BYTES:
            yield begin, number + 1
            begin, size = number + 1, 0
    if begin < len(words) or begin == 0:
        yield begin, len(words)


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
