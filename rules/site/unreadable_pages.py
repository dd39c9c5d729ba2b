"""page.unreadable: a page the server answered but inspector could not read whole: its parse
failed, it is not text (binary data served as a web page), or it is over the size cap and only
its first part was checked. Never dropped, never a broken link or an unreachable site: it is
listed for review, and the negative findings that rest on it (首页不更新, 缺少入口, 空白栏目)
are marked for review too."""
from __future__ import annotations

from inspector.model import Finding

RULE_ID = "page.unreadable"
SEVERITY = "info"


def check(site) -> list[Finding]:
    findings = []
    for page in site.pages:
        reason = page.partial_reason
        if reason is None or page.kind == "error":
            continue
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=page.final_url, title=page.title, needs_review=True,
            message=f"页面未能完整读取：{reason}。依据该页面得出的“未更新”“空白”“缺少入口”等结论需人工核实",
            evidence="truncated" if page.truncated and not page.extract_error else "extract_error",
            suggestion="在浏览器中打开该页面核实；页面过大时请检查是否误将大文件作为网页发布"))
    return findings
