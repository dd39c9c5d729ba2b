"""annual-report.* rules on small sites built from Page records: the 年报 column with reports as
HTML pages (extracted like crawled pages) and as .docx/.pdf attachments (read like the crawl
reads them); a hit and a clean case for each rule, department and government deadlines."""
from __future__ import annotations

from datetime import date

import pytest

from inspector.config import ConfigError, parse_rule_settings
from inspector.engine import run_rules
from inspector.extract.attachment import attachment_text
from inspector.extract.page import extract_page
from inspector.model import Item, Page, PageList, Resource
from inspector.site_model import build_site
from tests.annual_reports import ReportNumbers, as_docx, as_html, as_pdf

SITE = "http://gov.test"
RULES = ("rules.annual_report.missing", "rules.annual_report.late", "rules.annual_report.sections",
         "rules.annual_report.arithmetic")
COLUMN = "/xxgk/ndbg/"
OLDER = ReportNumbers(year=2023, table2={"rules": [0, 0, 2], "normative": [2, 0, 10], "licensing": [20],
                                         "penalty": [1], "enforcement": [0], "fees": [1.0]})


def html_report(path: str, numbers: ReportNumbers, published: str) -> Page:
    page = Page(url=SITE + path, final_url=SITE + path, status=200)
    html = as_html(numbers).decode("utf-8").replace("<title>年度报告</title>",
                                                    f"<title>{numbers.year}年政府信息公开工作年度报告</title>")
    html = html.replace('<div class="content">', f'<div class="content"><p>发布日期：{published}</p>')
    return extract_page(page, html, date(2026, 1, 1))


def file_report(path: str, numbers: ReportNumbers | None, kind: str, published: str,
                data: bytes | None = None) -> tuple[Page, Resource]:
    """A short page announcing the report, with the report as an attachment."""
    year = numbers.year if numbers else 2024
    title = f"{year}年政府信息公开工作年度报告"
    file_url = f"{SITE}{path.rsplit('.', 1)[0]}.{kind}"
    page = Page(url=SITE + path, final_url=SITE + path, status=200, kind="article", title=title, published=published,
                text="详见附件。", links=[(file_url, f"{title}.{kind}", "a")])
    if data is None:
        data = {"docx": as_docx, "pdf": as_pdf}[kind](numbers)
    text, note = attachment_text(data, kind)
    return page, Resource(url=file_url, final_url=file_url, status=200, text=text, text_note=note)


def build(reports: list[tuple[Page, Resource | None]], as_of: date, config=None, column=True,
          item_dates: dict[str, str] | None = None):
    home = Page(url=SITE + "/", final_url=SITE + "/", status=200, kind="home", title="云岭市数据资源管理局",
                menu=[("政府信息公开年报", SITE + COLUMN)] if column else [])
    pages = [home]
    if column:
        items = [Item(title=p.title, url=p.url, date=(item_dates or {}).get(p.url, p.published)) for p, _ in reports]
        pages.append(Page(url=SITE + COLUMN, final_url=SITE + COLUMN, status=200, kind="list", title="政府信息公开年报",
                          meta={"ColumnName": "政府信息公开年报"},
                          breadcrumbs=[("首页", SITE + "/"), ("政府信息公开年报", SITE + COLUMN)],
                          lists=[PageList(items=items, main=True)]))
    pages += [p for p, _ in reports]
    site = build_site("云岭市数据资源管理局", [SITE + "/"], as_of, pages)
    site.resources = [r for _, r in reports if r is not None]
    site.config = parse_rule_settings(config or {})
    return site


def found(site) -> list:
    results, errors = run_rules(site, RULES)
    assert errors == []
    return results


def _two_years(newest: ReportNumbers = ReportNumbers(), published: str = "2025-01-20"):
    return [(html_report("/art/2025/1/20/art_1.html", newest, published), None),
            file_report("/art/2024/1/25/art_2.html", OLDER, "docx", "2024-01-25")]


def test_reports_on_time_and_correct_give_nothing():
    site = build(_two_years(), date(2025, 6, 1))
    assert found(site) == []


def test_reports_read_from_docx_and_pdf_attachments_are_checked_in_full():
    newest = ReportNumbers().seeded(table4=[1, 0, 0, 1, 3] + ReportNumbers().table4[5:])
    for kind in ("docx", "pdf"):
        site = build([file_report("/art/2025/1/20/art_1.html", newest, kind, "2025-01-20")], date(2025, 6, 1))
        results = found(site)
        assert [(f.rule, f.url.rsplit(".", 1)[-1], f.extra["report_table"], f.extra["expected"], f.extra["actual"])
                for f in results] == [("annual-report.arithmetic", kind, "表四", 2, 3)]


def test_missing_after_the_department_deadline_only():
    reports = _two_years()
    assert found(build(reports, date(2026, 1, 31))) == []
    # Before last year's deadline the report of the year before is the one that must be there.
    assert found(build(reports[1:], date(2025, 1, 20))) == []  # 2024's is not due, 2023's is there
    earlier = found(build(reports[:1], date(2025, 1, 20)))
    assert [(f.rule, f.evidence, f.extra["deadline"]) for f in earlier] == [
        ("annual-report.missing", "2023年度", "2024-01-31")]
    results = found(build(reports, date(2026, 2, 1)))
    assert [(f.rule, f.url, f.needs_review, f.evidence) for f in results] == [
        ("annual-report.missing", SITE + COLUMN, False, "2025年度")]
    assert "2026年01月31日" in results[0].message


@pytest.mark.parametrize("config, as_of, expected", [
    ({"annual_report": {"kind": "government"}}, date(2026, 3, 31), []),
    ({"annual_report": {"kind": "government"}}, date(2026, 4, 1), ["missing"]),
    # An earlier local deadline: the reports published on 20 and 25 January are late too.
    ({"annual_report": {"deadline": "01-15"}}, date(2026, 1, 16), ["missing", "late", "late"]),
    ({"annual_report": {"kind": "government", "deadline": "02-28"}}, date(2026, 3, 1), ["missing"]),
])
def test_deadline_comes_from_the_site_config(config, as_of, expected):
    results = found(build(_two_years(), as_of, config))
    assert [f.rule.split(".")[1] for f in results] == expected


def test_without_the_column_a_missing_report_needs_review():
    results = found(build([], date(2026, 2, 1), column=False))
    assert [(f.rule, f.needs_review) for f in results] == [("annual-report.missing", True)]
    assert "未找到“政府信息公开年报”栏目" in results[0].message


def test_a_report_outside_the_column_is_not_missing():
    site = build([(html_report("/art/2026/1/20/art_9.html", ReportNumbers(year=2025), "2026-01-20"), None)],
                 date(2026, 2, 1), column=False)
    assert found(site) == []


def test_late_for_a_department_on_time_for_a_government():
    reports = _two_years(published="2025-02-10")
    results = found(build(reports, date(2025, 6, 1)))
    assert [(f.rule, f.severity, f.evidence, f.extra["deadline"]) for f in results] == [
        ("annual-report.late", "warning", "2024年度", "2025-01-31")]
    assert "晚 10 天" in results[0].message
    assert found(build(reports, date(2025, 6, 1), {"annual_report": {"kind": "government"}})) == []


def test_the_list_date_is_the_publication_date_when_the_page_has_none():
    page, resource = file_report("/art/2025/2/1/art_3.html", ReportNumbers(), "pdf", "")
    page.published = None
    site = build([(page, resource)], date(2025, 6, 1), item_dates={page.url: "2025-02-03"})
    assert [(f.rule, f.published) for f in found(site)] == [("annual-report.late", "2025-02-03")]


def test_newest_report_arithmetic_and_carry_over_from_last_year():
    base = ReportNumbers()
    t3 = {k: list(v) for k, v in base.table3.items()}
    t3["carried_out"][0] -= 1
    t3["carried_out"][6] -= 1
    newest = base.seeded(table3=t3, table2={**base.table2, "normative": [3, 1, 13]})
    results = found(build(_two_years(newest), date(2025, 6, 1)))
    assert {(f.rule, f.extra["report_table"], f.extra["report_column"], f.extra["expected"], f.extra["actual"])
            for f in results} == {
        ("annual-report.arithmetic", "表三", "自然人", 11, 10), ("annual-report.arithmetic", "表三", "总计", 14, 13),
        ("annual-report.arithmetic", "表二", "现行有效件数", 12, 13)}
    assert all(f.url.endswith("art_1.html") and not f.needs_review for f in results)
    assert len({f.id for f in results}) == 3


def test_newest_report_missing_a_section():
    results = found(build(_two_years(ReportNumbers(omit_sections=("六",))), date(2025, 6, 1)))
    assert [(f.rule, f.needs_review, f.extra["report_section"]) for f in results] == [
        ("annual-report.sections", False, "六、其他需要报告的事项")]


@pytest.mark.parametrize("kind, data, words", [
    ("doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "旧版 Office 文件"),
    ("pdf", None, "没有可读取的文字"),
])
def test_an_unreadable_report_file_is_said_never_reported_sectionless(kind, data, words):
    from tests.annual_reports import cjk_pdf

    page, resource = file_report("/art/2025/1/20/art_1.html", None, kind, "2025-01-20",
                                 data=data if data is not None else cjk_pdf([]))
    older = file_report("/art/2024/1/25/art_2.html", OLDER, "docx", "2024-01-25")
    results = found(build([(page, resource), older], date(2025, 6, 1)))
    assert [(f.rule, f.needs_review) for f in results] == [("annual-report.sections", True)]
    assert words in results[0].message


def test_config_errors_are_one_chinese_sentence():
    with pytest.raises(ConfigError, match="annual_report.kind"):
        parse_rule_settings({"annual_report": {"kind": "city"}})
    with pytest.raises(ConfigError, match="正则表达式有误"):
        parse_rule_settings({"annual_report": {"column_patterns": ["年报("]}})
    with pytest.raises(ConfigError, match="月-日"):
        parse_rule_settings({"annual_report": {"deadline": "02-30"}})
    assert parse_rule_settings({"annual_report": {"kind": "government", "deadline": "03-15"}})["annual_report"]


@pytest.mark.parametrize("title", ["市数据资源管理局召开2025年政府信息公开工作年度报告编制培训会",
                                   "关于做好2025年政府信息公开工作年度报告编制工作的通知",
                                   "2025年政府信息公开工作年度报告解读"])
def test_pages_about_a_report_are_not_the_report(title):
    about = Page(url=SITE + "/art/2026/1/5/art_7.html", final_url=SITE + "/art/2026/1/5/art_7.html", status=200,
                 kind="article", title=title, published="2026-01-05", text="会议要求各科室按时提供年度报告数据。" * 5)
    site = build(_two_years() + [(about, None)], date(2026, 2, 1))
    assert [(f.rule, f.needs_review) for f in found(site)] == [("annual-report.missing", False)]


def test_a_report_page_without_sections_or_tables_is_said_not_checked():
    summary = Page(url=SITE + "/art/2026/1/20/art_8.html", final_url=SITE + "/art/2026/1/20/art_8.html", status=200,
                   kind="article", title="云岭市数据资源管理局2025年政府信息公开工作年度报告", published="2026-01-20",
                   text="2025年，我局认真贯彻落实政府信息公开条例，各项工作取得积极成效，" * 5)
    results = found(build([(summary, None)] + _two_years(), date(2026, 2, 1)))
    assert [(f.rule, f.needs_review) for f in results] == [("annual-report.sections", True)]
    assert "未识别出年度报告的结构" in results[0].message


def test_the_real_report_on_a_site_is_checked_honestly():
    """淄博市大数据局's 2021 report as the newest on a site: the cut tables give needs_review
    findings only; nothing counts against the office."""
    from pathlib import Path

    real = Path(__file__).resolve().parents[1] / "../shared/corpus/annual_reports/zibo_dsj_2021_annual_report.txt"
    page = Page(url=SITE + "/art/2022/1/28/art_1.html", final_url=SITE + "/art/2022/1/28/art_1.html", status=200,
                kind="article", title="淄博市大数据局2021年政府信息公开工作年度报告", published="2022-01-28",
                report_text=real.read_text(encoding="utf-8"))
    results = found(build([(page, None)], date(2022, 6, 30)))
    assert results and all(f.needs_review and f.counts is False for f in results)
    rules = {f.rule for f in results}
    assert rules == {"annual-report.sections", "annual-report.arithmetic"}
    assert any("表三缺少" in f.message and f.message.startswith("2021年度报告：") for f in results)


def test_the_office_s_own_report_is_taken_among_its_units():
    unit, _ = file_report("/art/2025/1/10/art_5.html", None, "pdf", "2025-01-10", data=b"")
    unit.title = "云岭市大数据中心2024年政府信息公开工作年度报告"
    unit.links = []
    own = html_report("/art/2025/2/10/art_1.html", ReportNumbers(), "2025-02-10")
    own.title = "云岭市数据资源管理局2024年政府信息公开工作年度报告"
    site = build([(unit, None), (own, None)] + _two_years()[1:], date(2025, 6, 1))
    results = found(site)
    # The unit's page (an unreadable summary) is not the office's report: the office's, published
    # late, is the one checked.
    assert [(f.rule, f.url.removeprefix(SITE)) for f in results] == [("annual-report.late", "/art/2025/2/10/art_1.html")]
