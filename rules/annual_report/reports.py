"""The 政府信息公开年报 column and the reports on a site: each report's year, publication date and
text (an HTML page with its tables, or the text of its .pdf/.docx attachment), found once per scan.

Settings come from the site config's [annual_report] table over annual_report.toml: whether the
site is a department (1月31日) or a government (3月31日), and an overriding deadline.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inspector.annual_report import ParsedReport, Problem, check_carry_forward, check_report, parse_report
from inspector.annual_report.checks import MIN_TEXT
from inspector.model import Column, Page
from inspector.urls import extension, is_attachment
from rules import load_data

DATA_FILE = "annual_report/annual_report.toml"
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_OLD_OFFICE = {"doc", "wps", "xls", "et"}
_REPORT_FILES = {"pdf", "docx", "doc", "wps", "txt"}


@dataclass
class SiteReport:
    year: int
    title: str
    page_url: str  # the list item's target: the report page, or the file itself
    url: str = ""  # where the text was read: the page or its attachment
    published: str | None = None
    column: str | None = None
    text: str = ""
    note: str = ""  # why the text is missing
    _parsed: ParsedReport | None = field(default=None, repr=False)

    @property
    def parsed(self) -> ParsedReport:
        if self._parsed is None:
            self._parsed = parse_report(self.text)
        return self._parsed


def settings(site) -> dict:
    data = load_data(DATA_FILE)
    own = (site.config or {}).get("annual_report", {}) or {}
    kind = own.get("kind", "department")
    month_day = own.get("deadline") or data["deadlines"][kind]
    patterns = data["column_patterns"] + list(own.get("column_patterns", []))
    return {"kind": kind, "deadline": month_day, "column_patterns": patterns,
            "late_years": data.get("late_years", 3)}


def deadline_for(site, year: int) -> date:
    """The last day to publish the report on `year` (in the next year)."""
    month, day = (int(part) for part in settings(site)["deadline"].split("-"))
    return date(year + 1, month, day)


def kind_label(site) -> str:
    return "政府" if settings(site)["kind"] == "government" else "部门"


def annual_columns(site) -> list[Column]:
    patterns = [re.compile(p) for p in settings(site)["column_patterns"]]
    return [c for c in site.columns if any(p.search(c.name) for p in patterns)]


_TITLE_PARTS = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s)\s*")
_ENDS_AS_REPORT = re.compile(r"(?:年度报告|年报)(?:[（(][^）)]*[)）])?$")


def report_year(title: str, in_column: bool) -> int | None:
    """The year of a report from its title; None for a title that is not a report's. Outside the
    年报 column the title (or one part of "报告标题_网站名") must end as a report title does."""
    data = load_data(DATA_FILE)
    if any(word in title for word in data["not_report_words"]):
        return None
    parts = _TITLE_PARTS.split(title.strip()) if not in_column else [title]
    for part in parts:
        if not in_column and not _ENDS_AS_REPORT.search(part):
            continue
        for pattern in data["year_patterns"]:
            found = re.search(pattern, part)
            if found:
                return int(found.group(1))
    if in_column and re.search(r"年报|报告", title):  # inside the 年报 column "2021年度报告" is enough
        found = _ANY_YEAR.search(title)
        return int(found.group(1)) if found else None
    return None


def site_reports(site) -> list[SiteReport]:
    """One report per year (newest first): those listed in the 年报 column first, then report pages
    found elsewhere on the site. Where a column lists several reports of a year (its units'), the
    one naming the site's own office is taken."""
    cached = site.cache.get("annual_reports")
    if cached is not None:
        return cached
    candidates: dict[int, list[SiteReport]] = {}
    for column in annual_columns(site):
        for list_url in column.pages:
            page = site.page(list_url)
            lists = [page.main_list] if page and page.main_list else (page.lists if page else [])
            for lst in lists:
                for item in lst.items:
                    year = report_year(item.title, in_column=True)
                    if year:
                        candidates.setdefault(year, []).append(
                            SiteReport(year, item.title, item.url, published=item.date, column=column.name))
    for page in site.pages:
        year = report_year(page.title, in_column=False)
        if year and year not in candidates and page.kind in ("article", "single") and page.status == 200:
            column = site.column_of(page.final_url)
            candidates[year] = [SiteReport(year, page.title, page.final_url, published=page.published,
                                           column=column.name if column else None)]
    by_year = {year: next((r for r in found if site.name and site.name in r.title), found[0])
               for year, found in candidates.items()}
    resources = site.resource
    for report in by_year.values():
        _read(site, report, resources)
    reports = sorted(by_year.values(), key=lambda r: -r.year)
    site.cache["annual_reports"] = reports
    return reports


def _read(site, report: SiteReport, resources: Callable[[str], Any]) -> None:
    page = None if is_attachment(report.page_url) else site.page(report.page_url)
    if page is not None:
        report.published = report.published or page.published
        text = page.report_text or page.text
        if _enough(text) and (_has_table(text) or not _report_files(page)):
            report.url, report.text = page.final_url, text
            return
        files = _report_files(page)
        if not files:
            report.url, report.note = page.final_url, "页面上没有读到报告正文或报告附件"
            return
        _read_file(report, files[0], resources)
        return
    if is_attachment(report.page_url):
        _read_file(report, report.page_url, resources)
    else:
        report.url, report.note = report.page_url, "报告页面未被抓取"


def _read_file(report: SiteReport, url: str, resources: Callable[[str], Any]) -> None:
    report.url = url
    ext = extension(url)
    if ext in _OLD_OFFICE:
        report.note = f"报告附件是旧版 Office 文件（.{ext}），表格无法可靠读取"
        return
    resource = resources(url)
    if resource is None:
        report.note = "报告附件未被读取"
    elif resource.error or (resource.status or 0) >= 400:
        report.note = f"报告附件无法打开（{resource.error or resource.status}）"
    elif not _enough(resource.text):
        report.note = resource.text_note or "报告附件中没有可读取的文字"
    else:
        report.text = resource.text


def _report_files(page: Page) -> list[str]:
    """The page's report-like attachments, a file named like a report first (the page may also
    link forms or other attachments)."""
    patterns = [re.compile(p) for p in load_data(DATA_FILE)["report_patterns"]]
    found: dict[str, str] = {}
    for url, text, tag in page.links:
        if url and tag == "a" and is_attachment(url) and extension(url) in _REPORT_FILES:
            found.setdefault(url, text)
    return sorted(found, key=lambda url: not any(p.search(found[url]) for p in patterns))


def _enough(text: str) -> bool:
    return len("".join(text.split())) >= MIN_TEXT


def _has_table(text: str) -> bool:
    return "\t" in text


def newest_problems(site) -> tuple[SiteReport | None, list[Problem]]:
    """The newest report and its problems (with the carry-over from last year's report when that
    one is on the site and readable)."""
    cached = site.cache.get("annual_report_problems")
    if cached is not None:
        return cached
    reports = site_reports(site)
    result: tuple[SiteReport | None, list[Problem]] = (None, [])
    if reports and reports[0].text:
        newest = reports[0]
        problems = check_report(newest.parsed)
        previous = next((r for r in reports if r.year == newest.year - 1 and r.text), None)
        if previous is not None:
            problems += check_carry_forward(previous.parsed, newest.parsed)
        result = (newest, problems)
    elif reports:
        result = (reports[0], [])
    site.cache["annual_report_problems"] = result
    return result


def partial_note(site) -> str | None:
    if site.capped or not site.complete:
        return "本次扫描未抓取全部页面，报告可能在未抓取的页面上，请人工核实"
    return None
