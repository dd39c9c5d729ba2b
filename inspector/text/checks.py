"""Checkers for each text rule: plain text in, hits with exact evidence out.

Shared by the crawl rules (rules/text/*.py) and `inspector proofread`. Each is built once per
settings (site allow-list, extra leaders) and then runs on any number of texts.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from .matcher import Entry, Hit, Matcher
from .normalize import normalize, original_span
from .site_text import Checker, TextHit

Accept = Callable[[Hit, str, "date | None", bool], bool]


def entry_checker(entries: Iterable[Entry], message: Callable[[Entry, str], str], allow: tuple[str, ...] = (),
                  accept: Accept | None = None) -> Checker:
    matcher = Matcher(list(entries), allow)

    def check(text: str, published: date | None, hidden: bool) -> list[TextHit]:
        normed, offsets = normalize(text)
        hits = []
        for hit in matcher.find(normed):
            if accept is not None and not accept(hit, normed, published, hidden):
                continue
            start, end = original_span(offsets, hit.start, hit.end)
            evidence = text[start:end]
            hits.append(TextHit(rule=hit.entry.rule, severity=hit.entry.severity, start=start, end=end,
                                evidence=evidence, suggestion=hit.entry.right, message=message(hit.entry, evidence),
                                category=hit.entry.category))
        return hits

    return check


def combine(*checkers: Checker) -> Checker:
    def check(text: str, published: date | None, hidden: bool) -> list[TextHit]:
        hits = [hit for checker in checkers for hit in checker(text, published, hidden)]
        return sorted(hits, key=lambda h: (h.start, -h.end))
    return check
