"""annual-report.sections: a section of the national format is missing from the newest report.
A report whose text could not be read is said once (needs_review), never reported sectionless."""
from __future__ import annotations

from inspector.annual_report import SECTIONS_RULE
from inspector.model import Finding

from .findings import as_finding
from .reports import newest_problems

RULE_ID = SECTIONS_RULE
SEVERITY = "error"


def check(site) -> list[Finding]:
    report, problems = newest_problems(site)
    if report is None:
        return []
    if not report.text:
        return [Finding(rule=RULE_ID, severity=SEVERITY, url=report.url or report.page_url, title=report.title,
                        column=report.column, evidence=report.note, needs_review=True, published=report.published,
                        message=f"{report.year}年度报告的内容未能读取（{report.note}），其章节和表格未核对，请人工核实",
                        suggestion="以可复制文字的网页、.docx 或文字版 .pdf 发布年度报告，表格不要用图片",
                        extra={"report_year": report.year, "report_page": report.page_url})]
    return [as_finding(site, report, p, SEVERITY, "按全国统一格式（国办公开办函〔2021〕30号）补齐六个部分")
            for p in problems if p.rule == RULE_ID]
