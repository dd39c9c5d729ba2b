"""site.unreachable: the start page cannot be fetched, or takes longer than the threshold."""
from __future__ import annotations

from inspector.model import Finding
from rules import load_data

RULE_ID = "site.unreachable"
SEVERITY = "veto"


def check(site) -> list[Finding]:
    limit_s = load_data("site/verdict.toml")["unreachable_seconds"]
    findings = []
    for url in site.start_urls:
        page = site.page(url)
        if page is not None and page.blocked:
            continue  # a firewall answered for it: site.firewall-blocked, not an unreachable site
        if page is None:
            problem = "扫描在抓取起始页面之前已中止" if not site.complete else "起始页面未能抓取"
        elif page.status is None or page.status >= 400:
            problem = f"起始页面无法访问：{page.error or f'HTTP {page.status}'}"
        elif page.fetch_ms > limit_s * 1000:
            problem = f"起始页面打开耗时 {page.fetch_ms / 1000:.1f} 秒，超过 {limit_s} 秒"
        else:
            continue
        if page is None and not site.complete:
            continue  # an interrupted scan says nothing about the site
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=url, title=site.name,
            message=f"站点无法访问：{problem}",
            suggestion="检查服务器、域名解析与网络线路；连续一周无法访问将单项否决",
            extra={"status": page.status if page else None, "fetch_ms": page.fetch_ms if page else None},
        ))
    return findings
