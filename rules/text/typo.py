"""text.typo: common wrong characters and words (错别字), from rules/text/typo.toml."""
from __future__ import annotations

from inspector.text.checks import rule_checker
from inspector.text.site_text import site_text_findings

RULE_ID = "text.typo"
SEVERITY = "error"
DATA = "typo"


def message(entry, evidence: str) -> str:
    return f"疑似错别字：“{evidence}”应为“{entry.right}”"


def checker(config: dict):
    return rule_checker(config, RULE_ID)


def check(site):
    return site_text_findings(site, RULE_ID)
