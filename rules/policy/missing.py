"""policy.missing-interpretation: a policy document with no matching 政策解读 on the site.

Documents exempt by title (人事任免, 转发, 废止 …), published before `[policy] since`, or younger
than `late_days` are not reported; on a capped or unfinished scan the finding needs review."""
from __future__ import annotations

from inspector.model import Finding

from .ledger import ledger, partial_scan_note

RULE_ID = "policy.missing-interpretation"
SEVERITY = "error"


def check(site) -> list[Finding]:
    findings = []
    partial = partial_scan_note(site)
    for pair in ledger(site).pairs:
        if pair.status != "missing":
            continue
        doc = pair.document
        number = f"（{doc.doc_no}）" if doc.doc_no else ""
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=doc.url, title=doc.title, column=doc.column,
            message=(f"政策文件“{doc.title}”{number}于 {doc.published or '（日期不详）'} 发布，网站上未找到对应的政策解读"
                     + (f"（{partial}）" if partial else "")),
            needs_review=partial is not None,
            suggestion=("按照“谁起草谁解读”，与文件同步发布政策解读，并在文件页面设置“相关解读”链接；"
                        "确属无需解读的文件（人事任免、转发、废止等），可在站点配置 [policy] exempt_patterns 中登记"),
            published=doc.published, extra={"doc_no": doc.doc_no or None}))
    return findings
