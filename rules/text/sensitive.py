"""text.sensitive: gambling, porn, fraud and spam words (rules/text/sensitive.toml). A hit right
after a word such as 打击 / 严禁 is anti-crime text and is skipped — unless it is hidden by CSS,
where such words are injected spam whatever surrounds them."""
from __future__ import annotations

from datetime import date

from inspector.text.checks import entry_checker
from inspector.text.data import entries, settings_words
from inspector.text.matcher import Hit
from inspector.text.site_text import Checker, check_site_text
from rules import load_data

RULE_ID = "text.sensitive"
SEVERITY = "veto"
_WINDOW = 12


def accept(hit: Hit, text: str, published: date | None, hidden: bool) -> bool:
    if hidden:
        return True
    before = text[max(0, hit.start - _WINDOW):hit.start]
    return not any(marker in before for marker in load_data("text/sensitive.toml").get("negating_context", []))


def checker(config: dict) -> Checker:
    text_settings = config.get("text", {}) if isinstance(config.get("text"), dict) else {}
    return entry_checker(entries("sensitive"), lambda e, ev: f"有害信息（{e.category}）：“{ev}”",
                         allow=settings_words(text_settings, "allow"), accept=accept)


def check(site):
    return check_site_text(site, checker(site.config))
