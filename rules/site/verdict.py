"""The site-level single-veto verdict on columns (栏目不更新, 空白栏目) and its summary.

check() adds site.stale-columns / site.empty-columns (veto) when a threshold is reached;
summarize() gives the verdict panel recorded in findings.json (`verdict`); a scan that did not
finish or was capped, or whose homepage a firewall blocked, has the result `incomplete`, never
`pass` (`fail` when it did find a veto).
"""
from __future__ import annotations

from inspector.model import Finding
from rules import load_data
from rules.interaction import ledger as interaction
from rules.wechat import stale as wechat_stale

RULE_ID = "site.stale-columns"
EMPTY_RULE_ID = "site.empty-columns"
SEVERITY = "veto"


def _limits() -> dict:
    return load_data("site/verdict.toml")


def column_counts(site) -> dict[str, int]:
    limits = _limits()
    markers = tuple(limits["topic_markers"])

    def is_topic(c) -> bool:
        return any(m in name for name in (*c.ancestors, c.name) for m in markers)

    stale = [c for c in site.columns if c.status in ("stale", "undated")]
    a = [c for c in stale if (c.type == "dynamic" and not is_topic(c)) or
         (c.type in ("notice", "policy") and c.level <= limits["notice_policy_max_level"])]
    return {"stale_a": len(a), "stale_any": len(stale),
            "empty": sum(1 for c in site.columns if c.status == "empty")}


def check(site) -> list[Finding]:
    limits, counts = _limits(), column_counts(site)
    home = site.start_urls[0]
    findings = []
    if counts["stale_a"] >= limits["stale_dynamic_notice_policy"]:
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=home, evidence="a", title=site.name,
            message=(f"栏目不更新：{counts['stale_a']} 个动态要闻类或一级通知公告、政策文件类栏目未按期更新"
                     f"（达到 {limits['stale_dynamic_notice_policy']} 个即单项否决）"),
            suggestion="逐一更新或整合下线这些栏目"))
    if counts["stale_any"] >= limits["stale_any"]:
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=home, evidence="b", title=site.name,
            message=f"栏目不更新：{counts['stale_any']} 个应更新栏目长期未更新（达到 {limits['stale_any']} 个即单项否决）",
            suggestion="逐一更新或整合下线这些栏目"))
    if counts["empty"] >= limits["empty"]:
        findings.append(Finding(
            rule=EMPTY_RULE_ID, severity=SEVERITY, url=home, evidence="c", title=site.name,
            message=f"空白栏目：共 {counts['empty']} 个（达到 {limits['empty']} 个即单项否决）",
            suggestion="补充内容或下线空白栏目"))
    return findings


def _status(count: int, threshold: int, margin: int) -> str:
    if count >= threshold:
        return "fail"
    return "risk" if count > 0 and count >= threshold - margin else "pass"


def summarize(site, findings: list[Finding]) -> dict:
    """The verdict panel: each single-veto indicator as pass / risk / fail, then counts."""
    limits, counts = _limits(), column_counts(site)
    margin = limits["risk_margin"]
    counted = [f for f in findings if f.counts]
    rules_hit = {f.rule for f in counted}
    review = {f.rule for f in findings if f.needs_review and not f.ignored}
    vetoed = {f.rule for f in counted if f.severity == "veto"}

    def by_rule(rule: str) -> str:
        return "fail" if rule in rules_hit else ("risk" if rule in review else "pass")

    indicators = [
        {"id": "site.unreachable", "name": "站点无法访问", "status": by_rule("site.unreachable")},
        {"id": "home.stale", "name": "首页不更新", "status": by_rule("home.stale")},
        {"id": "columns.stale_a", "name": "栏目不更新（动态要闻及通知公告、政策文件）",
         "status": _status(counts["stale_a"], limits["stale_dynamic_notice_policy"], margin),
         "count": counts["stale_a"], "threshold": limits["stale_dynamic_notice_policy"]},
        {"id": "columns.stale_any", "name": "栏目不更新（应更新栏目）",
         "status": _status(counts["stale_any"], limits["stale_any"], margin),
         "count": counts["stale_any"], "threshold": limits["stale_any"]},
        {"id": "columns.empty", "name": "空白栏目", "status": _status(counts["empty"], limits["empty"], margin),
         "count": counts["empty"], "threshold": limits["empty"]},
        {"id": "text.serious", "name": "严重表述错误",
         # a hidden link counts only at veto level (spam words); a plain hidden link is a warning
         "status": "fail" if {"text.serious", "text.sensitive", "security.hidden-link"} & vetoed else "pass"},
        interaction.indicator(site, findings),  # 互动回应差: channels and unanswered messages
        wechat_stale.indicator(site, findings),  # 政务新媒体更新: pass / risk / fail / not_checked
    ]
    severities = {s: sum(1 for f in counted if f.severity == s) for s in ("veto", "error", "warning", "info")}
    failed = any(i["status"] == "fail" for i in indicators) or severities["veto"] > 0
    result = "fail" if failed else ("risk" if any(i["status"] == "risk" for i in indicators) else "pass")
    home = site.page(site.start_urls[0]) if site.start_urls else None
    if result != "fail" and (not site.complete or site.capped or (home is not None and home.blocked)):
        # Part of the site was never seen: what was not found may be in it, so no "pass" (nor a
        # "risk" that reads as nearly passed). A veto found before the stop is found: "fail".
        result = "incomplete"
    return {"result": result,
            "indicators": indicators, "counts": severities, "needs_review": sum(1 for f in findings if f.needs_review),
            "ignored": sum(1 for f in findings if f.ignored)}
