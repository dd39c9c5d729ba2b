"""The URLs (or (url, tag) pairs, or request fingerprints) a crawl has met, kept compactly.

A portal's crawl meets several hundred thousand distinct link targets (pages, files, other
hosts). As strings they were the part of the crawl's memory that grew with the site; as a set of
64-bit hashes each still cost about 60 bytes (an int object and a set slot), 35 MB at 100,000
pages over the crawl's four such sets. Here most hashes sit in one sorted array of 8-byte
integers, searched by bisection; only the newest few sit in a set, and are folded into the
array when that set passes an eighth of it (each entry costs about 18 bytes). The first few
thousand stay in a set for good: they are the links of the first pages, the site's menus and
footers, which every later page repeats, so most lookups end there at set speed.

Python's string hash is 64 bits (SipHash, randomised per process, which is fine: these sets
never leave the process), so two distinct URLs of one site colliding is about a one-in-a-billion
event, and would skip one link, never invent a finding.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Hashable, Iterable

_FOLD_AT_LEAST = 4096  # below this, the recent set alone is cheaper than folding often
_KEEP_FIRST = 4096


class SeenUrls:
    __slots__ = ("_first", "_sorted", "_recent")

    def __init__(self, items: Iterable[Hashable] = ()):
        self._first: set[int] = set()
        self._sorted = array("q")
        self._recent: set[int] = set()
        self.update(items)

    def add(self, item: Hashable) -> None:
        key = hash(item)
        if key in self._first or key in self._recent or self._in_sorted(key):
            return
        if len(self._first) < _KEEP_FIRST:
            self._first.add(key)
            return
        self._recent.add(key)
        if len(self._recent) > max(_FOLD_AT_LEAST, len(self._sorted) >> 3):
            self._fold()

    def update(self, items: Iterable[Hashable]) -> None:
        for item in items:
            self.add(item)

    def __contains__(self, item: object) -> bool:
        key = hash(item)
        return key in self._first or key in self._recent or self._in_sorted(key)

    def __len__(self) -> int:
        return len(self._first) + len(self._sorted) + len(self._recent)

    def _in_sorted(self, key: int) -> bool:
        at = bisect_left(self._sorted, key)
        return at < len(self._sorted) and self._sorted[at] == key

    def _fold(self) -> None:
        # The new keys go in between slices of the old array (copied in C): no list of every
        # hash is ever built, and Python only loops over the new keys.
        old, merged, start = self._sorted, array("q"), 0
        for key in sorted(self._recent):
            at = bisect_left(old, key, start)
            merged += old[start:at]
            merged.append(key)
            start = at
        merged += old[start:]
        self._sorted = merged
        self._recent = set()  # a new set: the old one's table would keep its size
