"""Leader names (text.serious): a near miss of a leader's name next to that leader's title, and
a leader's exact name next to a national title that belongs to someone else.

Near misses are generated, not listed: every one-character change to a character with the same
pinyin (pypinyin, over the GB2312 character set) or a look-alike shape (rules/text/lookalike.txt).
The real vetoed case: 杜家毫 written 杜家豪.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache

import ahocorasick_rs

from rules import RULES_DIR, load_data

from ..datacache import cached
from .normalize import norm
from .site_text import TextHit

RULE = "text.serious"
SEVERITY = "veto"
_MAX_PER_POSITION = 80


@cache
def _gb2312_chars() -> tuple[str, ...]:
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return tuple(chars)


@cache
def _gb2312_readings() -> dict[str, list[str]]:
    """Every GB2312 character's pinyin readings (heteronyms too), kept on disk between scans
    (inspector.datacache): importing pypinyin and asking it 7,000 times is the slow part."""
    from importlib.metadata import version

    return cached("pinyin-gb2312", f"pypinyin {version('pypinyin')}",
                  lambda: {char: _readings_from_pypinyin(char) for char in _gb2312_chars()})


def _readings_from_pypinyin(char: str) -> list[str]:
    # Imported only when the table is built, or for a character outside GB2312. Only single
    # characters are asked, so pypinyin's phrase dictionary (and the segmenter it trains on it at
    # import) is never used: without it (its documented PYPINYIN_NO_PHRASES) the import holds
    # 46 MB less and every GB2312 character reads the same (tests/test_datacache.py).
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import NORMAL, pinyin

    return pinyin(char, style=NORMAL, heteronym=True)[0]


def _readings(char: str) -> list[str]:
    table = _gb2312_readings()
    return table[char] if char in table else _readings_from_pypinyin(char)


@cache
def _pinyin_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for char, sounds in _gb2312_readings().items():
        for sound in sounds:
            index.setdefault(sound, set()).add(char)
    return {k: frozenset(v) for k, v in index.items()}


@cache
def _lookalikes() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    path = RULES_DIR / "text" / "lookalike.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            chars = [c for c in line if not c.isspace()]
            for c in chars:
                groups.setdefault(c, set()).update(x for x in chars if x != c)
    return {k: frozenset(v) for k, v in groups.items()}


@cache
def _common_chars() -> frozenset[str]:
    """GB2312 level 1: the 3,755 most frequent characters (the rest are level 2)."""
    return frozenset(c for c in _gb2312_chars() if c.encode("gb2312")[0] < 0xD8)


def similar_chars(char: str) -> list[str]:
    """Characters an editor could type instead of `char`, likeliest first: look-alike shapes,
    then same-pinyin common characters, then same-pinyin rare ones."""
    index = _pinyin_index()
    sounds: set[str] = set()
    for sound in _readings(char):
        sounds |= index.get(sound, frozenset())
    common = _common_chars()
    ranked = sorted(_lookalikes().get(char, frozenset())) + sorted(sounds, key=lambda c: (c not in common, c))
    seen: dict[str, None] = {}
    for c in ranked:
        if c != char:
            seen.setdefault(c, None)
    return list(seen)


@dataclass(frozen=True)
class Leader:
    name: str
    titles: tuple[str, ...]


def leaders_from(settings_leaders) -> list[Leader]:
    data = load_data("text/leaders.toml")
    raw = list(data.get("leaders", [])) + [x for x in (settings_leaders or []) if isinstance(x, dict)]
    merged: dict[str, set[str]] = {}
    for entry in raw:
        if entry.get("name"):
            merged.setdefault(entry["name"], set()).update(entry.get("titles", []))
    return [Leader(name, tuple(sorted(titles, key=len, reverse=True))) for name, titles in merged.items()]


class LeaderChecker:
    def __init__(self, leaders: list[Leader], titles: tuple[str, ...] | None = None):
        self.leaders = leaders
        self.national_titles = {t for leader in leaders for t in leader.titles}
        known = titles if titles is not None else tuple(load_data("text/leaders.toml").get("titles", []))
        self.all_titles = sorted(set(known) | self.national_titles, key=len, reverse=True)
        names = {leader.name for leader in leaders}
        self.patterns: list[str] = []
        self.owner: list[tuple[Leader, bool]] = []  # (leader, is the exact name)
        for leader in leaders:
            self._add(leader.name, leader, True)
            for i, char in enumerate(leader.name):
                for other in similar_chars(char)[:_MAX_PER_POSITION]:
                    variant = leader.name[:i] + other + leader.name[i + 1:]
                    if variant not in names:
                        self._add(variant, leader, False)
        self.automaton = ahocorasick_rs.AhoCorasick(self.patterns, matchkind=ahocorasick_rs.MATCHKIND_STANDARD) \
            if self.patterns else None

    def _add(self, pattern: str, leader: Leader, exact: bool) -> None:
        self.patterns.append(pattern)
        self.owner.append((leader, exact))

    def _title_after(self, text: str, end: int) -> str | None:
        return next((t for t in self.all_titles if text.startswith(t, end)), None)

    def _title_before(self, text: str, start: int) -> str | None:
        return next((t for t in self.all_titles if text[:start].endswith(t)), None)

    def __call__(self, text: str, published: date | None = None, hidden: bool = False) -> list[TextHit]:
        if self.automaton is None:
            return []
        normed = norm(text)
        found = self.automaton.find_matches_as_indexes(normed, overlapping=True)
        exact_spans = [(s, e) for pid, s, e in found if self.owner[pid][1]]
        hits = []
        for pid, start, end in found:
            leader, exact = self.owner[pid]
            after, before = self._title_after(normed, end), self._title_before(normed, start)
            if exact:
                wrong = [t for t in (after, before) if t and t in self.national_titles and t not in leader.titles]
                if not wrong:
                    continue
                message = f"领导职务疑似错误：{leader.name}的职务为“{'、'.join(leader.titles)}”，此处写作“{wrong[0]}”"
                suggestion = f"{leader.name}（{leader.titles[0]}）"
            else:
                if any(s < end and start < e for s, e in exact_spans):
                    continue
                own = [t for t in (after, before) if t and t in leader.titles] or \
                    (["同志"] if normed.startswith("同志", end) else [])
                if not own:
                    continue
                message = f"领导姓名疑似错误：“{normed[start:end]}”应为“{leader.name}”"
                suggestion = leader.name
            hits.append(TextHit(rule=RULE, severity=SEVERITY, start=start, end=end, evidence=text[start:end],
                                suggestion=suggestion, message=message, category="领导姓名职务"))
        return hits


def same_pinyin_chars(char: str) -> frozenset[str]:
    """GB2312 characters sharing a pinyin reading with `char` (tones ignored), `char` excluded."""
    index = _pinyin_index()
    sounds: set[str] = set()
    for sound in _readings(char):
        sounds |= index.get(sound, frozenset())
    sounds.discard(char)
    return frozenset(sounds)


def common_chars() -> frozenset[str]:
    """The 3,755 most frequent characters (GB2312 level 1)."""
    return _common_chars()


def lookalike_chars(char: str) -> frozenset[str]:
    """Characters of a look-alike shape (rules/text/lookalike.txt)."""
    return _lookalikes().get(char, frozenset())
