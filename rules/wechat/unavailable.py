"""wechat.unavailable: a listed article that is deleted (the API says so, or its page shows
WeChat's message page), answers with an HTTP error, or cannot be fetched at all (needs_review:
the network may be at fault). The anti-bot page is never a finding: such articles are "not
checked" in the wechat section."""
from __future__ import annotations

from inspector.model import Finding
from inspector.wechat.summary import wechat_data

RULE_ID = "wechat.unavailable"
SEVERITY = "error"


def check(site) -> list[Finding]:
    data = wechat_data(site)
    if data is None:
        return []
    findings = []
    for page in data.articles:
        state = page.meta.get("state")
        if state not in ("unavailable", "error"):
            continue
        reason = page.meta.get("reason") or "无法打开"
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, source="wechat", url=page.url, title=page.title,
            message=f"微信文章无法查看：{reason}", published=page.published, needs_review=state == "error",
            suggestion="核实文章是否被删除或违规屏蔽；已删除的文章应从网站和菜单的链接中移除",
            extra={"http_status": page.status, "sources": [s for s in page.meta.get("sources", "").split(",") if s]}))
    return findings
