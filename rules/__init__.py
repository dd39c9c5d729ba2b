"""inspector's rules: one module per rule id, thresholds and word lists in data files beside them.

A rule module has RULE_ID, SEVERITY and `check(site) -> list[Finding]`; it reads only the
SiteModel (pages, columns, as-of date) and its own data, never the network.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).resolve().parent

# Order is report order; each entry is a module under rules/.
RULE_MODULES = (
    "rules.site.unreachable",
    "rules.site.unreadable_pages",
    "rules.site.firewall_blocked",
    "rules.home.stale",
    "rules.column.stale",
    "rules.column.empty",
    "rules.column.undated",
    "rules.column.unreadable",
    "rules.text.serious",
    "rules.text.sensitive",
    "rules.text.typo",
    "rules.text.outdated_name",
    "rules.text.nonstandard_char",
    "rules.site.verdict",
    "rules.interaction.no_channel",
    "rules.interaction.unanswered",
    "rules.interaction.slow_reply",
    "rules.interaction.ledger",
    "rules.policy.ledger",
    "rules.policy.missing",
    "rules.policy.orphan",
    "rules.policy.unlinked",
    "rules.policy.late",
    "rules.link.broken",
    "rules.security.hidden_link",
    "rules.privacy.personal_data",
    "rules.elder.no_entrance",
    "rules.elder.zoom_blocked",
    "rules.elder.popup",
    "rules.elder.small_text",
    "rules.a11y.axe",
    "rules.wechat.stale",
    "rules.wechat.unavailable",
    "rules.wechat.links",
    "rules.wechat.account",
    "rules.annual_report.missing",
    "rules.annual_report.late",
    "rules.annual_report.sections",
    "rules.annual_report.arithmetic",
)


@cache
def load_data(relative: str) -> dict[str, Any]:
    """A TOML data file under rules/, parsed once."""
    with open(RULES_DIR / relative, "rb") as fh:
        return tomllib.load(fh)
