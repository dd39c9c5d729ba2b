"""text.serious: 严重表述错误 — state and organ names, political formulas, Taiwan/HK/Macao
wording (rules/text/serious.toml), and leaders' names and titles (rules/text/leaders.toml)."""
from __future__ import annotations

from inspector.text.checks import combine, entry_checker
from inspector.text.data import entries, settings_words
from inspector.text.leaders import LeaderChecker, leaders_from
from inspector.text.site_text import Checker, check_site_text

RULE_ID = "text.serious"
SEVERITY = "veto"


def checker(config: dict) -> Checker:
    text_settings = config.get("text", {}) if isinstance(config.get("text"), dict) else {}
    wording = entry_checker(entries("serious"), lambda e, ev: f"严重表述错误：“{ev}”应为“{e.right}”",
                            allow=settings_words(text_settings, "allow"))
    return combine(wording, LeaderChecker(leaders_from(config.get("leaders"))))


def check(site):
    return check_site_text(site, checker(site.config))
