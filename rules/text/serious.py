"""text.serious: 严重表述错误 — state and organ names, political formulas, Taiwan/HK/Macao
wording (rules/text/serious.toml), and leaders' names and titles (rules/text/leaders.toml, plus
the site config's [[leaders]])."""
from __future__ import annotations

from inspector.text.checks import rule_checker
from inspector.text.leaders import LeaderChecker, leaders_from
from inspector.text.site_text import prepare as prepare_text_rules
from inspector.text.site_text import site_text_findings

RULE_ID = "text.serious"
SEVERITY = "veto"
DATA = "serious"


def message(entry, evidence: str) -> str:
    return f"严重表述错误：“{evidence}”应为“{entry.right}”"


def extra_checkers(config: dict):
    return [LeaderChecker(leaders_from(config.get("leaders")))]


def prepare(config: dict) -> None:
    """The data of every text rule, which share one TextRules (inspector.engine.prepare_rules)."""
    prepare_text_rules(config)


def checker(config: dict):
    return rule_checker(config, RULE_ID)


def check(site):
    return site_text_findings(site, RULE_ID)
