"""interaction.unanswered: a valid message in a counted channel, sent within the year before the
monitoring point, still unanswered more than 3 months after it was sent (single veto).

Only what the page shows counts as evidence: a status such as 未回复 / 办理中, or an empty answer
field. A message whose page says nothing about an answer, and a counted channel whose list could
not be read, are reported for review and never fail the site.
"""
from __future__ import annotations

from inspector.model import Finding

from .channels import channels, settings_for

RULE_ID = "interaction.unanswered"
SEVERITY = "veto"


def check(site) -> list[Finding]:
    settings = settings_for(site)
    months = settings.answer_within_months
    findings: list[Finding] = []
    for channel in channels(site):
        if not channel.counted:
            continue
        if channel.unread:
            findings.append(Finding(
                rule=RULE_ID, severity=SEVERITY, url=channel.url, title=channel.name, column=channel.name,
                needs_review=True, evidence="unread",
                message=(f"互动渠道“{channel.name}”的留言列表未能读取出来信时间和办理状态，"
                         f"无法判断是否有超过{months}个月未回复的留言，请人工核查"),
                suggestion="在浏览器中打开该栏目，逐条核对一年内留言的来信时间和答复情况"))
            continue
        for message in channel.messages:
            if not message.overdue:
                continue
            known = message.state == "pending"
            shown = f"状态为“{message.status}”" if message.status else "未显示答复"
            findings.append(Finding(
                rule=RULE_ID, severity=SEVERITY, url=message.url or channel.url, title=message.title,
                column=channel.name, needs_review=not known, published=message.asked.isoformat(),
                evidence=f"{message.asked.isoformat()} {message.title}",
                message=(f"互动渠道“{channel.name}”的留言“{message.title}”于 {message.asked} 提交，"
                         f"至监测点已 {message.days} 天，{shown}，超过{months}个月未回复"
                         if known else
                         f"互动渠道“{channel.name}”的留言“{message.title}”于 {message.asked} 提交，"
                         f"页面未显示办理状态或答复，无法确认是否已回复，请人工核查"),
                suggestion="尽快答复并公开答复内容；确属无效留言的，应标注处理结果",
                extra={"asked": message.asked.isoformat(), "status": message.status, "days": message.days}))
    return findings
