"""wechat.stale: the official account published nothing within `stale_days` (default 14) before
the monitoring point (政务新媒体 两周无更新, single veto). Judged only on a complete article list;
see inspector/wechat/summary.py. Also gives the verdict panel's 政务新媒体更新 indicator."""
from __future__ import annotations

from inspector.model import Finding
from inspector.wechat.summary import account_summary

RULE_ID = "wechat.stale"
SEVERITY = "veto"


def check(site) -> list[Finding]:
    s = account_summary(site)
    if s["stale"] is not True:
        return []
    name = s["name"] or "微信公众号"
    if s["newest_post"]:
        message = (f"微信公众号“{name}”最新文章发布于 {s['newest_post']}，距监测点 {site.as_of.isoformat()} 已 "
                   f"{s['days_since']} 天，超过 {s['stale_days']} 天未更新")
    else:
        message = f"微信公众号“{name}”在监测点 {site.as_of.isoformat()} 之前没有任何已发布的文章"
    if s["stale_needs_review"]:
        message += "（部分文章未能读取发布时间，请人工核实）"
    return [Finding(rule=RULE_ID, severity=SEVERITY, source="wechat", url=s["account_url"] or "https://mp.weixin.qq.com/",
                    title=name, evidence=name, message=message, context=s["newest_title"] or "",
                    published=s["newest_post"], needs_review=s["stale_needs_review"],
                    suggestion=f"政务新媒体应保持更新，{s['stale_days']} 天内至少发布一次",
                    extra={"days_since": s["days_since"], "stale_days": s["stale_days"]})]


def indicator(site, findings: list[Finding]) -> dict:
    """政务新媒体更新 for the verdict panel: pass / risk / fail, or not_checked with the reason."""
    s = account_summary(site)
    mine = [f for f in findings if f.rule == RULE_ID]
    if any(f.counts for f in mine):
        status = "fail"
    elif any(f.needs_review and not f.ignored for f in mine):
        status = "risk"
    elif s["stale"] is False or (s["stale"] is True and mine):  # a stale finding ignored by triage
        status = "pass"
    else:
        status = "not_checked"
    result = {"id": RULE_ID, "name": "政务新媒体更新", "status": status}
    if status == "not_checked":
        result["note"] = s.get("reason") or "未检查"
    elif s.get("newest_post"):
        result["note"] = f"最新文章 {s['newest_post']}，距监测点 {s['days_since']} 天（{s['stale_days']} 天内应更新）"
    return result
