"""interaction.no-channel: no working 政务咨询 / 留言 channel (single veto). Vetoed when the scan
found no counted channel at all, or when a counted channel's page or message form fails (404, a
form posting to a dead address; checked with HEAD or GET by the crawl's link checks, never by
submitting). A scan that stopped early, or a page or form it could not check, is for review."""
from __future__ import annotations

from inspector.model import Finding

from .channels import channels

RULE_ID = "interaction.no-channel"
SEVERITY = "veto"


def check(site) -> list[Finding]:
    counted = [c for c in channels(site) if c.counted]
    home = site.start_urls[0]
    read = [p for p in site.home_pages if p.status is not None and p.status < 400 and not p.error]
    if not read:
        return []  # the homepage was not read: nothing is known about channels (site.unreachable says why)
    if not counted:
        cut = next((p.partial_reason for p in read if p.partial_reason), None)  # a homepage not read whole
        partial = not site.complete or site.capped or cut is not None
        why = f"；首页未能完整读取（{cut}），请人工确认" if cut else "；本次扫描未完成或达到页数上限，请人工确认"
        return [Finding(
            rule=RULE_ID, severity=SEVERITY, url=home, title=read[0].title, evidence="none", needs_review=partial,
            message="未发现政务咨询类互动渠道（领导信箱、政务咨询、网上留言等）" + (why if partial else ""),
            suggestion="开设并在首页显著位置提供领导信箱、政务咨询等互动渠道（在线访谈、调查征集、网上信访、纪检举报不计入）")]
    findings = []
    for channel in counted:
        if channel.works is True:
            continue
        dead = channel.works is False
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=channel.url, title=channel.name, column=channel.name,
            evidence=channel.problem, needs_review=not dead,
            message=(f"互动渠道“{channel.name}”无法使用：{channel.problem}" if dead else
                     f"互动渠道“{channel.name}”是否可用未能确认：{channel.problem}，请人工核查"),
            suggestion="修复该渠道的页面或留言表单提交地址，确保群众可以正常留言",
            extra={"found_as": channel.found_as, "forms": channel.forms}))
    return findings
