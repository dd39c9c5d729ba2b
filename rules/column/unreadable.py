"""column.unreadable: a page that looks like a list but that no reader could read (a list only a
browser draws, with the browser unavailable, failed or over its cap). Never counted as 空白栏目:
inspector says it could not see, and a person looks."""
from __future__ import annotations

from inspector.model import Finding

RULE_ID = "column.unreadable"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    return [
        Finding(rule=RULE_ID, severity=SEVERITY, url=c.url, title=c.name, column=c.name, needs_review=True,
                message=f"栏目“{c.name}”的列表未能读取：{c.evidence or '未能读取列表内容'}。未计入空白栏目，请人工核查",
                suggestion="在浏览器中打开该栏目核对是否有内容；如需自动检查，请在装有 Chromium 的机器上扫描"
                           "或调高 [render] max_pages",
                extra={"read_via": c.read_via})
        for c in site.columns if c.status == "unreadable"
    ]
