"""text.sensitive: gambling, porn, fraud and spam words (rules/text/sensitive.toml). A hit right
after a word such as 打击 / 严禁 is anti-crime text and is skipped — unless it is hidden by CSS,
where such words are injected spam whatever surrounds them."""
from __future__ import annotations

from datetime import date

from inspector.text.checks import rule_checker
from inspector.text.matcher import Hit
from inspector.text.site_text import site_text_findings
from rules import load_data

RULE_ID = "text.sensitive"
SEVERITY = "veto"
DATA = "sensitive"
_WINDOW = 12


def accept(hit: Hit, text: str, published: date | None, hidden: bool) -> bool:
    if hidden:
        return True
    before = text[max(0, hit.start - _WINDOW):hit.start]
    return not any(marker in before for marker in load_data("text/sensitive.toml").get("negating_context", []))


def message(entry, evidence: str) -> str:
    return f"有害信息（{entry.category}）：“{evidence}”"


def checker(config: dict):
    return rule_checker(config, RULE_ID)


def check(site):
    return site_text_findings(site, RULE_ID)
