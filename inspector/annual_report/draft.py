"""`inspector annual-report FILE…`: the report checks on drafts, before they are published.

Each problem is printed with where it is and what the number should be; rows that could not be
read are listed as 待核实 and do not count. Given two consecutive years, the later report's
现行有效件数 is checked against the earlier one. Exit 1 when a problem is found, 2 when a file
cannot be read.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .checks import MIN_TEXT, Problem, check_carry_forward, check_report
from .parsing import ParsedReport, parse_report, report_data
from .reading import ReportReadError, read_report_file


@dataclass
class DraftResult:
    file: str
    report: ParsedReport
    year: int | None
    problems: list[Problem] = field(default_factory=list)

    def read_summary(self) -> dict[str, str]:
        data = report_data()
        table4 = self.report.table4
        return {
            "表二": f"{len(self.report.table2)}/{len(data['table2'])} 行",
            "表三": f"{len(self.report.table3)}/{len(data['table3_rows'])} 行",
            "表四": (f"{sum(v is not None for v in table4.values)}/{len(table4.values)} 个数" if table4 else "未读到"),
        }

    def to_dict(self) -> dict:
        return {"file": self.file, "year": self.year, "read": self.read_summary(),
                "problems": [{**p.to_dict(), "severity": "error"} for p in self.problems]}


def check_draft(path: Path, year: int | None = None) -> DraftResult:
    """Read and check one file (ReportReadError when it cannot be read)."""
    text = read_report_file(path)
    if len("".join(text.split())) < MIN_TEXT:
        raise ReportReadError(f"{path} 中没有可读取的文字（可能是扫描图片），无法检查")
    report = parse_report(text)
    result = DraftResult(str(path), report, year or report.year)
    result.problems = check_report(report)
    if year and report.year and report.year != year:
        result.problems.insert(0, Problem("annual-report.sections", f"报告标题中的年份为 {report.year} 年，"
                                          f"与 --year {year} 不符，请核对", where="标题", needs_review=True))
    return result


def link_years(results: list[DraftResult]) -> None:
    """Where the previous year's report is among the files, check the carried-forward numbers."""
    by_year = {r.year: r for r in results if r.year}
    for result in results:
        previous = by_year.get(result.year - 1) if result.year else None
        if previous is not None:
            result.problems += check_carry_forward(previous.report, result.report)


def run_annual_report(args) -> int:
    results, unreadable = [], []
    for name in args.files:
        try:
            results.append(check_draft(Path(name), args.year))
        except ReportReadError as exc:
            unreadable.append(str(exc))
            print(f"inspector: 错误：{exc}", file=sys.stderr)
    link_years(results)
    if args.json:
        print(json.dumps({"reports": [r.to_dict() for r in results], "unreadable": unreadable},
                         ensure_ascii=False, indent=2))
    else:
        for result in results:
            _print_result(result)
    if unreadable:
        return 2
    return 1 if any(not p.needs_review for r in results for p in r.problems) else 0


def _print_result(result: DraftResult) -> None:
    year = f"{result.year} 年度" if result.year else "年份未识别"
    print(f"{result.file}（{year}）")
    counted = [p for p in result.problems if not p.needs_review]
    review = [p for p in result.problems if p.needs_review]
    plain = result.file.lower().endswith(".txt")  # elsewhere a line of the extracted text means little
    for problem in counted:
        where = "" if problem.where in problem.message or problem.message.startswith(problem.table or "表") \
            else f"{problem.where}："
        line = f"（第 {problem.line} 行）" if problem.line and plain else ""
        print(f"  [错误] {where}{problem.message}{line}")
    for problem in review:
        print(f"  [待核实] {problem.message}")
    read = "，".join(f"{name} {value}" for name, value in result.read_summary().items())
    print(f"  已读取：{read}")
    print(f"  共 {len(counted)} 个问题，{len(review)} 处无法核对。")
