"""home.stale: nothing dated on the homepage within the window before the monitoring point.

Per the 检查指标 an item with no visible date counts as not updated, so a homepage that shows no
dates at all is flagged too (marked needs_review when the articles it links to are fresh).
A homepage that was not read whole (a parse failure, over the size cap) only gets needs_review:
the newer items may be in the part that was not read.
"""
from __future__ import annotations

from datetime import date

from inspector.model import Finding
from rules import load_data

RULE_ID = "home.stale"
SEVERITY = "veto"


def check(site) -> list[Finding]:
    window = load_data("site/verdict.toml")["home_window_days"]
    findings = []
    for home in site.home_pages:
        dated = [(date.fromisoformat(i.date), i) for lst in home.lists for i in lst.items if i.date]
        judged = [(d, i) for d, i in dated if d <= site.as_of]
        if judged:
            newest, item = max(judged, key=lambda pair: pair[0])
            days = (site.as_of - newest).days
            if days <= window:
                continue
            message = (f"首页最新信息发布于 {newest.isoformat()}，距监测点 {site.as_of.isoformat()} 已 {days} 天，"
                       f"超过 {window} 天未更新")
            findings.append(_finding(home, message, item.title, newest.isoformat(), needs_review=False))
            continue
        linked = [site.page(i.url) for lst in home.lists for i in lst.items]
        fresh = [p.published for p in linked if p and p.published and
                 0 <= (site.as_of - date.fromisoformat(p.published)).days <= window]
        message = "首页列表均未显示发布日期，按检查指标视为未更新"
        if fresh:
            message += f"（首页链接的文章中有 {len(fresh)} 篇发布于 {window} 天内，请核实）"
        findings.append(_finding(home, message, "", None, needs_review=bool(fresh)))
    return findings


def _finding(home, message: str, context: str, newest: str | None, needs_review: bool) -> Finding:
    if home.partial_reason:
        message += f"（{home.partial_reason}，首页未能完整读取，请人工核实）"
        needs_review = True
    elif home.render and home.read_via != "rendered":  # lists a browser draws were not seen: no veto on them
        why = home.list_state.split(":", 1)[1] if home.list_state.startswith("unread:") else "未在浏览器中渲染"
        message += f"（首页部分内容由脚本生成，未能读取：{why}，请人工核实）"
        needs_review = True
    return Finding(rule=RULE_ID, severity=SEVERITY, url=home.final_url, title=home.title, message=message,
                   context=context, published=newest, needs_review=needs_review,
                   suggestion="在首页及时发布最新动态，确保两周内有更新")
