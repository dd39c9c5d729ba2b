"""The URLs (or (url, tag) pairs) a crawl has met, kept as 64-bit hashes, not as strings.

A portal's crawl meets several hundred thousand distinct link targets (pages, files, other
hosts); as strings they were the part of the crawl's memory that grew with the site. A hash
takes about a third of the room. Python's string hash is 64 bits (SipHash, randomised per
process, which is fine: these sets never leave the process), so two distinct URLs of one site
colliding is about a one-in-a-billion event, and would skip one link, never invent a finding.
"""
from __future__ import annotations

from collections.abc import Iterable


class SeenUrls:
    __slots__ = ("_hashes",)

    def __init__(self, urls: Iterable[str] = ()):
        self._hashes = {hash(u) for u in urls}

    def add(self, url: str | tuple) -> None:
        self._hashes.add(hash(url))

    def update(self, urls: Iterable[str]) -> None:
        self._hashes.update(hash(u) for u in urls)

    def __contains__(self, url: object) -> bool:
        return hash(url) in self._hashes

    def __len__(self) -> int:
        return len(self._hashes)
