"""All text rules in one pass: one Aho-Corasick automaton over the entries of every text rule,
plus the rules' own extra checkers (leader names, traditional characters).

Each rule module under rules/text/ declares its data file (DATA), its message, optionally an
`accept` filter and `extra_checkers(config)`; TextRules puts them together once per config.
Shared by the crawl rules and `inspector proofread`.
"""
from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from . import statistical
from .data import entries, settings_words
from .matcher import Matcher
from .normalize import norm
from .site_text import Checker, TextHit

TEXT_RULE_MODULES = ("rules.text.serious", "rules.text.sensitive", "rules.text.typo", "rules.text.outdated_name",
                     "rules.text.nonstandard_char")


class TextRules:
    """Callable (text, published, hidden) → hits of every text rule, in text order."""

    def __init__(self, config: dict):
        text_settings = config.get("text", {}) if isinstance(config.get("text"), dict) else {}
        modules = [importlib.import_module(name) for name in TEXT_RULE_MODULES]
        all_entries = [e for m in modules if getattr(m, "DATA", None) for e in entries(m.DATA)]
        self.matcher = Matcher(all_entries, settings_words(text_settings, "allow"))
        self.message: dict[str, Callable] = {m.RULE_ID: m.message for m in modules if hasattr(m, "message")}
        self.accept: dict[str, Callable] = {m.RULE_ID: m.accept for m in modules if hasattr(m, "accept")}
        self.extra: list[Checker] = [c for m in modules if hasattr(m, "extra_checkers")
                                     for c in m.extra_checkers(config)]
        self.statistical = None
        if statistical.enabled(text_settings):  # off unless [text] statistical = true (proofread turns it on)
            self.statistical = statistical.detector_for(text_settings)

    def __call__(self, text: str, published: date | None = None, hidden: bool = False) -> list[TextHit]:
        normed = norm(text)
        hits = []
        for hit in self.matcher.find(normed):
            rule = hit.entry.rule
            accept = self.accept.get(rule)
            if accept is not None and not accept(hit, normed, published, hidden):
                continue
            evidence = text[hit.start:hit.end]
            hits.append(TextHit(rule=rule, severity=hit.entry.severity, start=hit.start, end=hit.end,
                                evidence=evidence, suggestion=hit.entry.right,
                                message=self.message[rule](hit.entry, evidence), category=hit.entry.category))
        for checker in self.extra:
            hits.extend(checker(text, published, hidden))
        if self.statistical is not None:
            # A guess where a list rule already speaks is noise: the lists win.
            hits.extend(h for h in statistical.statistical_hits(self.statistical, text)
                        if not any(o.start < h.end and h.start < o.end for o in hits))
        return sorted(hits, key=lambda h: (h.start, -h.end))


@lru_cache(maxsize=8)
def _rules_for(key: str) -> TextRules:
    return TextRules(json.loads(key))


def text_rules(config: dict) -> TextRules:
    """The TextRules of a config, built once (building loads the data and the automaton)."""
    return _rules_for(json.dumps(config or {}, sort_keys=True, ensure_ascii=False, default=str))


def rule_checker(config: dict, rule: str) -> Checker:
    """A checker for one rule only (tests and single-rule use)."""
    rules = text_rules(config)
    return lambda text, published=None, hidden=False: [h for h in rules(text, published, hidden) if h.rule == rule]
