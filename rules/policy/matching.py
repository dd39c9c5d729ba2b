"""Pairing policy documents with their interpretations (文件+解读 一比一): pure functions over records.

Evidence, strongest first (a pair records every kind that holds, its `matched_by` is the first):
  link    one page links the other: an anchor naming the relation (相关解读, 政策原文, 原文链接) or a
          plain link to a page that is not linked from everywhere (navigation is not evidence);
  doc_no  the document's 文号 cited in the interpretation (title first, then text);
  title   the document's title or core (关于印发《X》的通知 → X) in the interpretation's title or
          opening: equal to a title it quotes in 《》, or contained in its unquoted words;
  fuzzy   similar titles only (rarity-weighted character-bigram Jaccard ≥ threshold): kept,
          marked needs_review.

Pairing is greedy over these edges, strongest first: first one interpretation per document
(the strict ledger), then interpretations whose document is already paired join it as further
interpretations (文字解读 + 图解 of one document are not orphans), a document linked to an already
paired interpretation shares it, and last the fuzzy pairs among what is left.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from .evidence import Edges, fuzzy_pairs, labelled_link
from .records import (EVIDENCE_KINDS, RANK, Evidence, Ledger, Match, Pair, Record, Settings,
                      days_between)
from .text import nfkc

__all__ = ["EVIDENCE_KINDS", "Evidence", "Ledger", "Match", "Pair", "Record", "Settings", "exempt_reason",
           "is_interpretation_title", "labelled_link", "match", "not_an_interpretation"]


# ---- classification -------------------------------------------------------------------------

def is_interpretation_title(title: str, settings: Settings) -> bool:
    text = nfkc(title)
    return (any(p.search(text) for p in settings.interpretation_patterns)
            and not_an_interpretation(title, settings) is False)


def not_an_interpretation(title: str, settings: Settings) -> bool:
    text = nfkc(title)
    return any(p.search(text) for p in settings.not_interpretation_patterns)


def exempt_reason(title: str, settings: Settings) -> str | None:
    """Why a document needs no interpretation (人事任免, 转发 …), or None."""
    texts = (nfkc(title), title)
    return next((why for pattern, why in settings.exempt if any(pattern.search(t) for t in texts)), None)


# ---- pairing --------------------------------------------------------------------------------

def match(documents: list[Record], interpretations: list[Record], settings: Settings,
          as_of: date | None = None) -> Ledger:
    """Pair documents with interpretations and give every document its ledger status."""
    docs = {d.key: d for d in documents}
    interps = {i.key: i for i in interpretations if i.key not in docs}
    edges = Edges(docs, interps, settings)
    by_doc: dict[str, list[Match]] = defaultdict(list)
    owner: dict[str, str] = {}

    def take(d: str, i: str, linked: str, evidence: list[Evidence] | None = None) -> None:
        evidence = evidence or edges.evidence(d, i)[0]
        by_doc[d].append(Match(interps[i], evidence, linked, days_between(docs[d].published, interps[i].published)))
        owner.setdefault(i, d)

    order = edges.ordered()
    for _, d, i, linked in order:                      # the strict ledger: one each
        if d not in by_doc and i not in owner:
            take(d, i, linked)
    for rank, d, i, linked in order:                   # further interpretations; shared by link
        if i not in owner or (d not in by_doc and rank == RANK["link"]):
            take(d, i, linked)
    del order
    for d, i, evidence in fuzzy_pairs(docs, interps, by_doc, owner, settings):
        take(d, i, "none", [evidence])   # pages linking each other would have paired by link
    pairs = []
    for doc in documents:
        matches = sorted(by_doc.get(doc.key, []),
                         key=lambda m: (RANK[m.matched_by], m.interpretation.published or "9999"))
        pair = Pair(doc, matches, exempt_reason(doc.title, settings))
        pair.status = _status(pair, settings, as_of)
        pairs.append(pair)
    orphans = [i for key, i in interps.items() if key not in owner]
    return Ledger(pairs, orphans, len(interps), settings)


def _status(pair: Pair, settings: Settings, as_of: date | None) -> str:
    if pair.matches:
        return "paired"
    if pair.exempt:
        return "exempt"
    published = pair.document.published
    if settings.since and published and published < settings.since.isoformat():
        return "not_checked"
    waited = days_between(published, as_of.isoformat()) if as_of else None
    if waited is not None and waited <= settings.late_days:
        return "pending"
    return "missing"
