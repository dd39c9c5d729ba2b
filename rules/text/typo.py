"""text.typo: common wrong characters and words (错别字), from rules/text/typo.toml."""
from __future__ import annotations

from inspector.text.checks import entry_checker
from inspector.text.data import entries, settings_words
from inspector.text.site_text import Checker, check_site_text

RULE_ID = "text.typo"
SEVERITY = "error"


def checker(config: dict) -> Checker:
    text_settings = config.get("text", {}) if isinstance(config.get("text"), dict) else {}
    return entry_checker(entries("typo"), lambda e, ev: f"疑似错别字：“{ev}”应为“{e.right}”",
                         allow=settings_words(text_settings, "allow"))


def check(site):
    return check_site_text(site, checker(site.config))
