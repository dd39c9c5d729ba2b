"""interaction.slow-reply: a message answered later than the limit the site promises on its own
channel pages (…个工作日内答复), the limit its site config sets, or 3 months. Working days count
Chinese public holidays and make-up workdays (inspector.workdays)."""
from __future__ import annotations

from inspector.model import Finding

from .channels import channels

RULE_ID = "interaction.slow-reply"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    findings: list[Finding] = []
    for channel in channels(site):
        if not channel.counted:
            continue
        for message in channel.messages:
            if not (message.late and message.in_window and message.answered):
                continue
            taken = (f"{message.workdays} 个工作日（{message.days} 天）" if "工作日" in message.limit
                     else f"{message.days} 天")
            approximate = "（该年份节假日安排未知，工作日按周一至周五估算）" if message.approximate and "工作日" in message.limit else ""
            findings.append(Finding(
                rule=RULE_ID, severity=SEVERITY, url=message.url or channel.url, title=message.title,
                column=channel.name, published=message.asked.isoformat(), needs_review=bool(approximate),
                evidence=f"{message.asked.isoformat()} {message.title}",
                message=(f"互动渠道“{channel.name}”的留言“{message.title}”于 {message.asked} 提交，"
                         f"{message.answered} 答复，用时 {taken}，超过答复时限 {message.limit}{approximate}"),
                suggestion="按承诺时限答复留言；确需延期的，应向留言人说明并公开",
                extra={"asked": message.asked.isoformat(), "answered": message.answered.isoformat(),
                       "days": message.days, "workdays": message.workdays, "limit": message.limit}))
    return findings
