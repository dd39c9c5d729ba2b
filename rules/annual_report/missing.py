"""annual-report.missing: the latest 政府信息公开工作年度报告 that is due (last year's after its
deadline, else the year before's) is not on the site.

Positive evidence only: the 年报 column was found and read without the report in it, and no
report page of that year is anywhere in the crawl. Without the column, or on a partial scan,
the finding needs review."""
from __future__ import annotations

from inspector.model import Finding

from .reports import annual_columns, deadline_for, kind_label, partial_note, site_reports

RULE_ID = "annual-report.missing"
SEVERITY = "error"


def check(site) -> list[Finding]:
    year = site.as_of.year - 1
    if site.as_of <= deadline_for(site, year):
        year -= 1  # last year's report is not due yet: the one before must be there
    due = deadline_for(site, year)
    if any(r.year == year for r in site_reports(site)):
        return []
    columns = annual_columns(site)
    readable = [c for c in columns if c.status != "unreadable"]
    partial = partial_note(site)
    title = f"{year}年政府信息公开工作年度报告"
    suggestion = (f"在政府信息公开平台的“政府信息公开年报”栏目发布{title}；"
                  f"本站按{kind_label(site)}的期限（{due:%m月%d日}前）判断，可在站点配置 [annual_report] 中设置 kind 或 deadline")
    if readable:
        column = readable[0]
        note = f"（{partial}）" if partial else ""
        return [Finding(rule=RULE_ID, severity=SEVERITY, url=column.url, column=column.name, title=column.name,
                        message=f"已过 {due:%Y年%m月%d日} 的发布期限，“{column.name}”栏目中没有{title}{note}",
                        evidence=f"{year}年度", suggestion=suggestion, needs_review=partial is not None,
                        extra={"report_year": year, "deadline": due.isoformat()})]
    if not columns and not any(p.status == 200 for p in site.home_pages):
        return []  # nothing of the site was read (site.unreachable says so): no evidence either way
    where = "“政府信息公开年报”栏目无法读取" if columns else "未找到“政府信息公开年报”栏目"
    url = columns[0].url if columns else (site.start_urls[0] if site.start_urls else "")
    return [Finding(rule=RULE_ID, severity=SEVERITY, url=url, column=columns[0].name if columns else None,
                    message=f"已过 {due:%Y年%m月%d日} 的发布期限，网站上未找到{title}（{where}，请人工核实）",
                    evidence=f"{year}年度", suggestion=suggestion, needs_review=True,
                    extra={"report_year": year, "deadline": due.isoformat()})]
