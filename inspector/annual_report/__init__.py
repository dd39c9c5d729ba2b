"""政府信息公开工作年度报告: reading a report (any format), parsing its sections and tables,
and checking it (sections, table identities, text against tables, across years).

Used by `inspector annual-report FILE…` for drafts and by the rules under rules/annual_report/
for the reports published on a site.
"""
from __future__ import annotations

from .checks import ARITHMETIC_RULE, SECTIONS_RULE, Problem, check_carry_forward, check_report
from .parsing import ParsedReport, parse_report
from .reading import ReportReadError, read_report_file, report_text

__all__ = ["ARITHMETIC_RULE", "SECTIONS_RULE", "ParsedReport", "Problem", "ReportReadError", "check_carry_forward",
           "check_report", "parse_report", "read_report_file", "report_text"]
