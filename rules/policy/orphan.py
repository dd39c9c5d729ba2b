"""policy.orphan-interpretation: an interpretation whose document is not on the site.

An interpretation whose 政策原文 link leaves the site (a higher-level document published
elsewhere) is still reported, but as needs_review: its document may well exist. So is every
orphan of a capped or unfinished scan.
"""
from __future__ import annotations

from inspector.model import Finding

from .evidence import labelled_link
from .ledger import ledger, partial_scan_note
from .text import quoted

RULE_ID = "policy.orphan-interpretation"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    led = ledger(site)
    findings = []
    partial = partial_scan_note(site)
    for interp in led.orphans:
        outside = [target for target, text in interp.links
                   if labelled_link(text, led.settings) and site.page(target) is None
                   and target.startswith(("http://", "https://"))]
        cited = quoted(interp.title, as_written=True)
        about = f"，所解读的“{cited[0]}”" if cited else "，所解读的文件"
        message = f"政策解读“{interp.title}”（{interp.published or '日期不详'}）{about}在网站上未找到"
        if outside:
            message += f"；其原文链接指向未抓取的页面 {outside[0]}，请人工核实"
        elif partial:
            message += f"（{partial}）"
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=interp.url, title=interp.title, column=interp.column,
            message=message, published=interp.published, needs_review=bool(outside or partial),
            suggestion=("确认所解读的文件已在政策文件栏目发布，并在解读页面设置“政策原文”链接、"
                        "在文件页面设置“相关解读”链接"),
            extra={"cited_titles": cited, "outside_links": outside}))
    return findings
