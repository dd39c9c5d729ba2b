"""link.broken with "source": "wechat": links inside the account's articles that fail (checked by
the WeChat stage, inspector/wechat/links.py). One finding per target, every article linking to it
in `referrers`; the selector #js_content (the article body) keeps its id apart from a finding of
the site's link check for the same target."""
from __future__ import annotations

from inspector.model import Finding
from inspector.wechat.summary import wechat_data

RULE_ID = "link.broken"
SEVERITY = "error"


def check(site) -> list[Finding]:
    data = wechat_data(site)
    if data is None:
        return []
    findings = []
    for result in data.state.get("links", {}).get("results", []):
        referrers = result["referrers"]
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, source="wechat", url=result["url"], selector="#js_content",
            message=f"微信文章中的链接无法访问：{result['problem']}（{len(referrers)} 篇文章引用）",
            suggestion="在公众号后台修改文章中的链接，或删除失效链接",
            needs_review=bool(result.get("needs_review")), referrers=referrers,
            extra={"http_status": result.get("status"), "error": result.get("error"), "tag": "a", "external": True}))
    return findings
