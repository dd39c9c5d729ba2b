"""column.undated: a column whose items show no date (the 检查指标 count it as not updated)."""
from __future__ import annotations

from inspector.model import Finding

RULE_ID = "column.undated"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    return [
        Finding(rule=RULE_ID, severity=SEVERITY, url=c.url, title=c.name, column=c.name,
                message=f"栏目“{c.name}”的 {c.item_count} 条信息均未显示发布日期，按检查指标视为未更新",
                suggestion="在栏目列表中为每条信息显示发布日期")
        for c in site.columns if c.status == "undated"
    ]
