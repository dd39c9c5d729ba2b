"""column.stale: a column whose newest item is older than its type's update window."""
from __future__ import annotations

from inspector.columns import column_types
from inspector.model import Finding

RULE_ID = "column.stale"
SEVERITY = "error"


def check(site) -> list[Finding]:
    types, other = column_types()
    labels = {t.type: t.label for t in types} | {"other": other.label}
    return [
        Finding(rule=RULE_ID, severity=SEVERITY, url=c.url, title=c.name, column=c.name,
                message=(f"栏目“{c.name}”（{labels.get(c.type, c.type)}类，更新周期 {c.window_days} 天）最新信息发布于 "
                         f"{c.latest_date}，已 {c.days_since_update} 天未更新"),
                published=c.latest_date,
                suggestion="及时发布栏目内容；确已停止更新的栏目应归并或下线，并在站点配置中标记 ignore",
                extra={"column_type": c.type, "window_days": c.window_days,
                       "days_since_update": c.days_since_update})
        for c in site.columns if c.status == "stale"
    ]
