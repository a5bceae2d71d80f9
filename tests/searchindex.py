"""The built search index read back as the search script reads it: which pages a word finds,
and what a result shows of each page. Written from the format described in
``generator/search/index.py``, independently of the code that writes it."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any


@dataclass
class BuiltIndex:
    site: Path
    url: str = ""
    """Read the index from this site address instead (a served preview)."""

    def _json(self, name: str) -> Any:
        if self.url:
            with urllib.request.urlopen(f"{self.url}search/{name}", timeout=10) as response:
                return json.loads(response.read().decode("utf-8"))
        return json.loads((self.site / "search" / name).read_text(encoding="utf-8"))

    @cached_property
    def meta(self) -> dict[str, Any]:
        value: dict[str, Any] = self._json("index.json")
        return value

    @cached_property
    def shown(self) -> list[dict[str, Any]]:
        """What each result shows, in record order: its card, and its text as ``x`` if it has one."""
        cards = [card for name in self.meta["cards"][1] for card in self._json(f"r/{name}.json")]
        texts = [text for name in self.meta["texts"][1] for text in self._json(f"x/{name}.json")]
        assert len(cards) == len(texts) == self.meta["records"]
        for card, text in zip(cards, texts, strict=True):
            assert bool(card.get("h")) == (text is not None), card
            if text is not None:
                card["x"] = text
        return cards

    @cached_property
    def by_url(self) -> dict[str, dict[str, Any]]:
        return {record["u"]: record for record in self.shown}

    @cached_property
    def postings(self) -> dict[str, dict[int, int]]:
        """Every word: the records that hold it, each with its weight (3 title, 2 field, 1 text)."""
        out: dict[str, dict[int, int]] = {}
        for _, name in self.meta["chunks"]:
            chunk = self._json(f"c/{name}.json")
            for word, numbers in zip(chunk["w"], chunk["p"], strict=True):
                found, previous = {}, -1
                for n in numbers:
                    previous += n >> 2
                    found[previous] = n & 3
                assert word not in out, f"{word!r} is in two chunks"
                out[word] = found
        return out

    def find(self, word: str) -> set[str]:
        """URLs of the records holding ``word`` exactly (an index word: lower case, no accents)."""
        return {self.shown[n]["u"] for n in self.postings.get(word, {})}

    def weight(self, word: str, url: str) -> int:
        number = next(i for i, r in enumerate(self.shown) if r["u"] == url)
        return self.postings.get(word, {}).get(number, 0)

    @cached_property
    def facets(self) -> dict[str, dict[str, set[str]]]:
        """Each filter's values and the URLs of their records."""
        out: dict[str, dict[str, set[str]]] = {}
        for facet in self._json(f"f/{self.meta['facets']}.json")["facets"]:
            values: dict[str, set[str]] = {}
            for value, gaps in facet["values"]:
                numbers, previous = [], -1
                for gap in gaps:
                    previous += gap
                    numbers.append(previous)
                values[value] = {self.shown[n]["u"] for n in numbers}
            out[facet["key"]] = values
        return out

    def all_text(self) -> str:
        """Every file of the index as text, for words that must appear nowhere."""
        return "\n".join(
            p.read_text(encoding="utf-8") for p in sorted((self.site / "search").rglob("*.json"))
        )
