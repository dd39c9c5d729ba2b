"""text.outdated-name: an institution named by its name from before a reform, in text published
after the reform took effect — unless the text marks it as the former name (原…, …更名为)."""
from __future__ import annotations

from datetime import date

from inspector.text.checks import rule_checker
from inspector.text.matcher import Hit
from inspector.text.site_text import site_text_findings
from rules import load_data

RULE_ID = "text.outdated-name"
SEVERITY = "error"
DATA = "outdated_names"
_WINDOW = 12


def _marked_as_former(hit: Hit, text: str) -> bool:
    data = load_data("text/outdated_names.toml")
    before = text[max(0, hit.start - _WINDOW):hit.start]
    after = text[hit.end:hit.end + _WINDOW]
    return any(before.endswith(m) or m in before[-4:] for m in data.get("former_markers_before", [])) or \
        any(m in after for m in data.get("former_markers_after", []))


def accept(hit: Hit, text: str, published: date | None, hidden: bool) -> bool:
    effective = hit.entry.effective
    if published is None or effective is None or published < effective:
        return False  # only text known to be published after the reform
    return not _marked_as_former(hit, text)


def message(entry, evidence: str) -> str:
    return f"机构名称已调整：“{evidence}”自 {entry.effective} 起已调整为“{entry.right}”"


def checker(config: dict):
    return rule_checker(config, RULE_ID)


def check(site):
    return site_text_findings(site, RULE_ID)
