"""policy.unlinked: a document and its interpretation whose pages do not link each other.

The finding is on the document's page; the interpretation is named in `interpretation`.
With `[policy] links = "both"` in the site config, a link one way only is reported too.
"""
from __future__ import annotations

from inspector.model import Finding

from .ledger import ledger

RULE_ID = "policy.unlinked"
SEVERITY = "warning"
_MISSING = {
    "none": "文件页面没有指向解读的“相关解读”链接，解读页面也没有指向文件的“政策原文”链接",
    "document": "解读页面没有指向文件的“政策原文”链接",
    "interpretation": "文件页面没有指向解读的“相关解读”链接",
}


def check(site) -> list[Finding]:
    findings = []
    for pair in ledger(site).unlinked():
        doc, match = pair.document, pair.primary
        interp = match.interpretation
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=doc.url, title=doc.title, column=doc.column,
            evidence=interp.url, needs_review=match.needs_review,
            message=(f"政策文件“{doc.title}”与其解读“{interp.title}”未互相链接：{_MISSING[match.linked]}"
                     f"（配对依据：{match.evidence[0].detail}）"),
            suggestion="在文件页面设置“相关解读”链接、在解读页面设置“政策原文”链接，便于公众对照阅读",
            published=doc.published,
            extra={"interpretation": interp.url, "interpretation_title": interp.title,
                   "matched_by": match.matched_by, "linked": match.linked}))
    return findings
