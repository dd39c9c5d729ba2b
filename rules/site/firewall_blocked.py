"""site.firewall-blocked: a web application firewall in front of the site (加速乐, 创宇盾, 安全狗, 云锁 …)
kept answering the scan with a challenge or a block page. Said once, with how many pages and
what to do, instead of as broken links, empty columns or an unreachable site. Not a finding
about the site's content, so it needs review and does not count; when the homepage itself was
blocked the verdict is incomplete (rules/site/verdict.py)."""
from __future__ import annotations

from inspector.model import Finding

RULE_ID = "site.firewall-blocked"
SEVERITY = "warning"
_EXAMPLES = 10


def check(site) -> list[Finding]:
    blocked = [p for p in site.pages if p.blocked]
    files = [r for r in site.resources if r.blocked]  # images, attachments, links checked, not crawled
    if not blocked and not files:
        return []
    names = "、".join(sorted({p.blocked for p in blocked} | {r.blocked for r in files}))
    also = f"，另有 {len(files)} 个文件或链接" if files else ""
    home = site.start_urls[0]
    examples = [p.url for p in blocked[:_EXAMPLES]] + [r.url for r in files[:_EXAMPLES - min(len(blocked), _EXAMPLES)]]
    return [Finding(
        rule=RULE_ID, severity=SEVERITY, url=home, title=site.name, needs_review=True, evidence=names,
        message=f"扫描被网站防护拦截 {len(blocked)} 页{also}（{names}）：请将扫描机 IP 加入白名单后重新扫描",
        context="\n".join(examples),
        suggestion="在网站防护（WAF/CDN）中将扫描机的出口 IP 加入白名单，或为自查扫描放行其 User-Agent",
        extra={"blocked_pages": len(blocked), "blocked_files": len(files), "examples": examples})]
