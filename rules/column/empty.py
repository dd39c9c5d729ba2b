"""column.empty: 空白栏目 — a column with no content at all (an empty list or a placeholder)."""
from __future__ import annotations

from inspector.model import Finding

RULE_ID = "column.empty"
SEVERITY = "error"


def check(site) -> list[Finding]:
    findings = []
    for c in site.columns:
        if c.status != "empty":
            continue
        shown = c.evidence or (f"页面显示“{c.placeholder}”" if c.placeholder else "列表中没有任何信息")
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=c.url, title=c.name, column=c.name,
            message=f"空白栏目：“{c.name}”{shown}", evidence=c.placeholder or "",
            extra={"read_via": c.read_via},
            suggestion="补充栏目内容，或将无内容的栏目下线；5 个及以上空白栏目将单项否决"))
    return findings
