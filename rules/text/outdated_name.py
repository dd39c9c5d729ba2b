"""text.outdated-name: an institution named by its name from before a reform, in text published
after the reform took effect — unless the text marks it as the former name (原…, …更名为)."""
from __future__ import annotations

from datetime import date

from inspector.text.checks import entry_checker
from inspector.text.data import entries, settings_words
from inspector.text.matcher import Hit
from inspector.text.site_text import Checker, check_site_text
from rules import load_data

RULE_ID = "text.outdated-name"
SEVERITY = "error"
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


def checker(config: dict) -> Checker:
    text_settings = config.get("text", {}) if isinstance(config.get("text"), dict) else {}
    return entry_checker(
        entries("outdated_names"),
        lambda e, ev: f"机构名称已调整：“{ev}”自 {e.effective} 起已调整为“{e.right}”",
        allow=settings_words(text_settings, "allow"), accept=accept)


def check(site):
    return check_site_text(site, checker(site.config))
