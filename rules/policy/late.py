"""policy.late-interpretation: the first interpretation came out more than `late_days` days
after its document (同步发布; default 5 calendar days, `[policy] late_days` in the site config).

The finding is on the interpretation's page; the document is named in `document`.
"""
from __future__ import annotations

from inspector.model import Finding

from .ledger import ledger

RULE_ID = "policy.late-interpretation"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    led = ledger(site)
    findings = []
    for pair in led.late():
        doc, match = pair.document, pair.first
        interp = match.interpretation
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=interp.url, title=interp.title, column=interp.column,
            evidence=doc.url, needs_review=match.needs_review, published=interp.published,
            message=(f"政策解读“{interp.title}”于 {interp.published} 发布，比政策文件“{doc.title}”"
                     f"（{doc.published}）晚 {match.day_gap} 天，超过 {led.settings.late_days} 天"),
            suggestion="政策解读应与文件同步起草、同步审签、同步发布",
            extra={"document": doc.url, "document_title": doc.title, "day_gap": match.day_gap,
                   "late_days": led.settings.late_days}))
    return findings
