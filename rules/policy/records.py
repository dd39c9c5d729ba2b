"""The records pairing works on: settings, a page reduced to a Record, evidence, the ledger."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

EVIDENCE_KINDS = ("link", "doc_no", "title", "fuzzy")
RANK = {kind: rank for rank, kind in enumerate(EVIDENCE_KINDS)}


@dataclass
class Settings:
    late_days: int = 5
    links: str = "either"                 # "both": each page must link the other
    fuzzy_threshold: float = 0.5
    fuzzy_max_days_before: int = 3
    min_title_chars: int = 6
    lead_chars: int = 300
    nav_link_max: int = 5
    link_keywords: tuple[str, ...] = ("相关解读", "政策解读", "解读", "政策原文", "原文链接", "原文")
    interpretation_patterns: tuple[re.Pattern, ...] = ()
    not_interpretation_patterns: tuple[re.Pattern, ...] = ()
    exempt: tuple[tuple[re.Pattern, str], ...] = ()  # (title pattern, why)
    since: date | None = None


@dataclass(slots=True)
class Record:
    """A document or an interpretation page, reduced to what pairing needs (slots: a portal's
    ledger holds ten thousand)."""

    key: str                                   # canonical URL, or any unique id
    title: str
    published: str | None = None               # ISO date
    text: str = ""
    doc_no: str = ""                           # documents: the 文号 as written
    links: tuple[tuple[str, str], ...] = ()    # (target key, anchor text)
    url: str = ""
    column: str | None = None

    def __post_init__(self) -> None:
        self.url = self.url or self.key


@dataclass(slots=True)
class Evidence:
    kind: str
    detail: str
    score: float = 0.0

    def as_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail}


@dataclass(slots=True)
class Match:
    """One interpretation paired with a document, and why."""

    interpretation: Record
    evidence: list[Evidence]
    linked: str = "none"          # both / document / interpretation / none: which page links the other
    day_gap: int | None = None    # interpretation date minus document date

    @property
    def matched_by(self) -> str:
        return self.evidence[0].kind

    @property
    def needs_review(self) -> bool:
        return self.matched_by == "fuzzy"


@dataclass(slots=True)
class Pair:
    """One ledger row: a document and the interpretations paired with it, best evidenced first
    (the first is the ledger's; the others are further interpretations of the same document)."""

    document: Record
    matches: list[Match] = field(default_factory=list)
    exempt: str | None = None
    status: str = "missing"       # paired / missing / exempt / pending / not_checked

    @property
    def primary(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def first(self) -> Match | None:
        """The interpretation that came out first (a fuzzy one only when there is nothing else)."""
        dated = [m for m in self.matches if m.day_gap is not None]
        return min(dated, key=lambda m: (m.needs_review, m.day_gap)) if dated else None

    @property
    def day_gap(self) -> int | None:
        """Days from the document to its first interpretation."""
        first = self.first
        return first.day_gap if first else None


@dataclass
class Ledger:
    pairs: list[Pair]
    orphans: list[Record]
    interpretations: int
    settings: Settings

    def unlinked(self) -> list[Pair]:
        want = ("both",) if self.settings.links == "both" else ("both", "document", "interpretation")
        return [p for p in self.pairs if p.primary and p.primary.linked not in want]

    def late(self) -> list[Pair]:
        return [p for p in self.pairs if p.primary and p.day_gap is not None
                and p.day_gap > self.settings.late_days]


def days_between(a: str | None, b: str | None) -> int | None:
    try:
        return (date.fromisoformat(b) - date.fromisoformat(a)).days if a and b else None
    except ValueError:
        return None
