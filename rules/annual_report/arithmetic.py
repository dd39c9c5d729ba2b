"""annual-report.arithmetic: the newest report's tables do not add up, its text contradicts its
tables, or its 现行有效件数 do not carry over from last year's report. Rows that could not be
read are needs_review, never an arithmetic error."""
from __future__ import annotations

from inspector.annual_report import ARITHMETIC_RULE
from inspector.model import Finding

from .findings import as_finding
from .reports import newest_problems

RULE_ID = ARITHMETIC_RULE
SEVERITY = "error"


def check(site) -> list[Finding]:
    report, problems = newest_problems(site)
    if report is None:
        return []
    return [as_finding(site, report, p, SEVERITY, "核对表格数字后更正报告（可先用 inspector annual-report 检查改好的文稿）")
            for p in problems if p.rule == RULE_ID]
