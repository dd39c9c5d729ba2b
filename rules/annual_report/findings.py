"""Problems of the newest report on the site as findings (shared by sections and arithmetic)."""
from __future__ import annotations

from inspector.annual_report import Problem
from inspector.model import Finding

from .reports import SiteReport


def as_finding(site, report: SiteReport, problem: Problem, severity: str, suggestion: str) -> Finding:
    return Finding(
        rule=problem.rule, severity=severity, url=report.url or report.page_url, title=report.title,
        column=report.column, message=f"{report.year}年度报告：{problem.message}",
        evidence=problem.where if problem.column else problem.message, published=report.published,
        suggestion=suggestion, needs_review=problem.needs_review,
        extra={"report_year": report.year, "report_page": report.page_url, "report_section": problem.section,
               "report_table": problem.table, "report_row": problem.row, "report_column": problem.column,
               "expected": problem.expected, "actual": problem.actual})
