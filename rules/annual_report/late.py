"""annual-report.late: a 政府信息公开工作年度报告 published after its deadline (departments
1月31日, governments 3月31日 of the next year), for the reports of the last few years."""
from __future__ import annotations

from datetime import date

from inspector.model import Finding

from .reports import deadline_for, kind_label, settings, site_reports

RULE_ID = "annual-report.late"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    findings = []
    oldest = site.as_of.year - settings(site)["late_years"]
    for report in site_reports(site):
        if report.year < oldest or not report.published:
            continue
        due = deadline_for(site, report.year)
        published = date.fromisoformat(report.published)
        if published <= due:
            continue
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=report.page_url, title=report.title, column=report.column,
            message=f"{report.year}年度政府信息公开工作年度报告于 {published:%Y年%m月%d日} 发布，"
                    f"晚于{kind_label(site)}的发布期限 {due:%Y年%m月%d日}（晚 {(published - due).days} 天）",
            evidence=f"{report.year}年度", published=report.published,
            suggestion="按《政府信息公开条例》第四十九条，部门在每年1月31日前、政府在3月31日前公布上一年度的年度报告",
            extra={"report_year": report.year, "deadline": due.isoformat()}))
    return findings
