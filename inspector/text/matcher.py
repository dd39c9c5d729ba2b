"""Aho-Corasick matching of rule entries over normalised text, with no word boundaries.

A hit is dropped when a longer correct string that contains it matches at the same place:
the entry's own `exceptions` (既使得 for 既使) or the site's allow-list. Regex entries cover the
few cases that need context. Every hit keeps its position for evidence and context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import ahocorasick_rs

from .normalize import norm

OPEN_QUOTES = "“《「『\"'‘"
CLOSE_QUOTES = "”》」』\"'’"
_QUOTE_LOOKBACK = 80


@dataclass(frozen=True)
class Entry:
    rule: str
    severity: str
    right: str
    category: str
    wrong: str | None = None
    regex: re.Pattern | None = None
    gate: tuple[str, ...] = ()  # words every regex match contains; derived from the regex if empty
    source: str = ""
    exceptions: tuple[str, ...] = ()
    quoted_ok: bool = False
    effective: date | None = None
    invalid: tuple[str, ...] = ()
    valid: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return self.wrong or (self.regex.pattern if self.regex else "")


@dataclass(frozen=True)
class Hit:
    entry: Entry
    start: int  # in the normalised text
    end: int


@dataclass
class Matcher:
    entries: list[Entry]
    allow: tuple[str, ...] = ()
    _automaton: ahocorasick_rs.AhoCorasick | None = field(default=None, repr=False)
    _patterns: list[str] = field(default_factory=list, repr=False)
    _wrong_of: dict[int, list[Entry]] = field(default_factory=dict, repr=False)
    _except_of: dict[int, set[int]] = field(default_factory=dict, repr=False)  # pattern → entry ids
    _allow_ids: set[int] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, int] = {}

        def pattern_id(text: str) -> int:
            text = norm(text)
            if text not in index:
                index[text] = len(self._patterns)
                self._patterns.append(text)
            return index[text]

        for entry in self.entries:
            if entry.wrong:
                self._wrong_of.setdefault(pattern_id(entry.wrong), []).append(entry)
                for exception in entry.exceptions:
                    self._except_of.setdefault(pattern_id(exception), set()).add(id(entry))
        for word in self.allow:
            if word:
                self._allow_ids.add(pattern_id(word))
        if self._patterns:
            self._automaton = ahocorasick_rs.AhoCorasick(self._patterns, matchkind=ahocorasick_rs.MATCHKIND_STANDARD)
        self._regex_entries = [(e, e.gate or regex_gate(e.regex.pattern)) for e in self.entries if e.regex is not None]

    def find(self, text: str) -> list[Hit]:
        """Hits in normalised `text`, in order; exceptions and allow-listed words suppress."""
        hits: list[Hit] = []
        if self._automaton is not None:
            found = self._automaton.find_matches_as_indexes(text, overlapping=True)
            covers = [(pid, s, e) for pid, s, e in found if pid in self._except_of or pid in self._allow_ids]
            for pid, start, end in found:
                for entry in self._wrong_of.get(pid, ()):
                    if not self._covered(entry, start, end, covers):
                        hits.append(Hit(entry, start, end))
        for entry, gate in self._regex_entries:
            if gate and not any(word in text for word in gate):
                continue  # none of the words every match needs is in the text
            for m in entry.regex.finditer(text):
                start, end = m.span("e") if "e" in entry.regex.groupindex else m.span()
                if end > start:
                    hits.append(Hit(entry, start, end))
        hits = [h for h in hits if not (h.entry.quoted_ok and inside_quotes(text, h.start))]
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits

    def _covered(self, entry: Entry, start: int, end: int, covers) -> bool:
        return any(s <= start and e >= end and (pid in self._allow_ids or id(entry) in self._except_of.get(pid, ()))
                   for pid, s, e in covers)


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_CHAR_CLASS = re.compile(r"\[(?:\\.|[^\]])*\]")


def regex_gate(pattern: str) -> tuple[str, ...]:
    """Chinese words written in a regex outside character classes. Every match of the data's
    regexes contains (or sits next to) one of them, so a text without any is skipped cheaply;
    a regex without such words is always run."""
    return tuple(dict.fromkeys(_CJK_RUN.findall(_CHAR_CLASS.sub(" ", pattern))))


def inside_quotes(text: str, position: int) -> bool:
    """Whether position sits inside “…”, 《…》, 「…」 (a quotation or a title)."""
    window = text[max(0, position - _QUOTE_LOOKBACK):position]
    last_open = max(window.rfind(q) for q in OPEN_QUOTES if q not in "\"'")
    last_close = max(window.rfind(q) for q in CLOSE_QUOTES if q not in "\"'")
    return last_open > last_close
