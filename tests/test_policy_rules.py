"""The policy.* rules and the ledger section on small sites built from Page records: a case that
hits and a clean case for each rule; where documents and interpretations come from."""
from __future__ import annotations

from datetime import date

from inspector.engine import run_rules, run_sections
from inspector.model import Item, Page, PageList
from inspector.report.html import render_report
from inspector.site_model import build_site

SITE = "http://gov.test"
AS_OF = date(2021, 12, 31)
POLICY_RULES = ("rules.policy.ledger", "rules.policy.missing", "rules.policy.orphan", "rules.policy.unlinked",
                "rules.policy.late")
COLUMNS = {"/zcwj/": "政策文件", "/zcjd/": "政策解读", "/tzgg/": "通知公告", "/gzdt/": "工作动态"}


def article(path: str, title: str, published: str, text: str = "", links=(), doc_meta=None) -> Page:
    return Page(url=SITE + path, final_url=SITE + path, status=200, kind="article", title=title,
                published=published, text=text or f"{title}。正文内容。",
                links=[(SITE + target, anchor, "a") for target, anchor in links], doc_meta=doc_meta or {})


def column(path: str, articles: list[Page]) -> Page:
    name = COLUMNS[path]
    items = [Item(title=a.title, url=a.url, date=a.published) for a in articles]
    return Page(url=SITE + path, final_url=SITE + path, status=200, kind="list", title=name, meta={"ColumnName": name},
                breadcrumbs=[("首页", SITE + "/"), (name, SITE + path)], lists=[PageList(items=items, main=True)])


def site(by_column: dict[str, list[Page]], loose=(), config=None):
    home = Page(url=SITE + "/", final_url=SITE + "/", status=200, kind="home",
                menu=[(name, SITE + path) for path, name in COLUMNS.items()])
    pages = [home] + [column(path, arts) for path, arts in by_column.items()]
    pages += [a for arts in by_column.values() for a in arts] + list(loose)
    s = build_site("测试局", [SITE + "/"], AS_OF, pages)
    s.config = config or {}
    return s


def findings(s) -> list[tuple[str, str]]:
    found, errors = run_rules(s, POLICY_RULES)
    assert errors == []
    return sorted((f.rule, f.url.removeprefix(SITE)) for f in found)


# D1 + I1: linked both ways, same day. The clean pair.
D1 = article("/zcwj/d1.html", "关于印发《云岭市公共数据管理办法》的通知", "2021-10-15",
             links=[("/zcjd/i1.html", "相关解读")], doc_meta={"doc_no": "云数发〔2021〕7号"})
I1 = article("/zcjd/i1.html", "《云岭市公共数据管理办法》政策解读", "2021-10-15", links=[("/zcwj/d1.html", "政策原文")])


def test_a_properly_paired_site_has_no_policy_findings():
    s = site({"/zcwj/": [D1], "/zcjd/": [I1]})
    assert findings(s) == []
    ledger = run_sections(s, POLICY_RULES)["policy_pairs"]
    assert ledger["counts"]["ratio"] == 1.0 and ledger["pairs"][0]["linked"] == "both"
    assert ledger["pairs"][0]["matched_by"] == "link"


def test_missing_interpretation_hit_and_exempt():
    d2 = article("/zcwj/d2.html", "关于开展2021年度公共数据质量核查工作的通知", "2021-09-06",
                 doc_meta={"doc_no": "云数办〔2021〕12号"})
    d3 = article("/zcwj/d3.html", "关于李明等同志职务任免的通知", "2021-05-10")
    s = site({"/zcwj/": [D1, d2, d3], "/zcjd/": [I1]})
    assert findings(s) == [("policy.missing-interpretation", "/zcwj/d2.html")]
    found, _ = run_rules(s, POLICY_RULES)
    assert found[0].severity == "error" and "云数办〔2021〕12号" in found[0].message
    assert found[0].extra["doc_no"] == "云数办〔2021〕12号" and "相关解读" in found[0].suggestion


def test_a_document_published_within_the_grace_period_is_pending():
    fresh = article("/zcwj/d9.html", "关于开展数据共享评估工作的通知", "2021-12-29")
    s = site({"/zcwj/": [fresh]})
    assert findings(s) == []
    assert run_sections(s, POLICY_RULES)["policy_pairs"]["pairs"][0]["status"] == "pending"


def test_orphan_interpretation_hit_and_clean():
    i4 = article("/zcjd/i4.html", "关于《云岭市数字经济发展三年行动计划（2021—2023年）》的解读", "2021-10-20")
    s = site({"/zcwj/": [D1], "/zcjd/": [I1, i4]})
    assert findings(s) == [("policy.orphan-interpretation", "/zcjd/i4.html")]
    found, _ = run_rules(s, POLICY_RULES)
    assert found[0].severity == "warning" and "云岭市数字经济发展三年行动计划（2021—2023年）" in found[0].message
    assert found[0].needs_review is False


def test_an_orphan_whose_original_is_elsewhere_needs_review():
    i5 = article("/zcjd/i5.html", "《国务院办公厅关于加快推进政务服务标准化的指导意见》解读", "2021-10-20")
    i5.links = [("https://www.gov.cn/zhengce/content/2022-03/01/content_1.htm", "原文链接", "a")]
    found, _ = run_rules(site({"/zcwj/": [D1], "/zcjd/": [I1, i5]}), POLICY_RULES)
    assert [f.rule for f in found] == ["policy.orphan-interpretation"] and found[0].needs_review
    assert "www.gov.cn" in found[0].message


def test_unlinked_hit_and_clean():
    d2 = article("/zcwj/d2.html", "关于印发《云岭市政务数据共享开放实施细则》的通知", "2021-07-20",
                 doc_meta={"doc_no": "云数发〔2021〕5号"})
    i2 = article("/zcjd/i2.html", "市数据资源管理局负责人就政务数据共享开放工作答记者问", "2021-07-22",
                 text="近日，市数据资源管理局印发了云数发〔2021〕5号文件，对政务数据共享开放工作作出规范。")
    s = site({"/zcwj/": [D1, d2], "/zcjd/": [I1, i2]})
    assert findings(s) == [("policy.unlinked", "/zcwj/d2.html")]
    f = run_rules(s, POLICY_RULES)[0][0]
    assert f.extra["interpretation"] == SITE + "/zcjd/i2.html" and f.extra["matched_by"] == "doc_no"
    assert f.evidence == SITE + "/zcjd/i2.html" and "云数发[2021]5号" in f.message
    # A link one way is enough by default; `links = "both"` asks for both.
    d2.links = [(SITE + "/zcjd/i2.html", "相关解读", "a")]
    assert findings(site({"/zcwj/": [D1, d2], "/zcjd/": [I1, i2]})) == []
    strict = site({"/zcwj/": [D1, d2], "/zcjd/": [I1, i2]}, config={"policy": {"links": "both"}})
    assert findings(strict) == [("policy.unlinked", "/zcwj/d2.html")]


def test_late_interpretation_hit_clean_and_configured():
    d3 = article("/zcwj/d3.html", "关于加强政务数据安全管理工作的通知", "2021-06-08",
                 links=[("/zcjd/i3.html", "相关解读")])
    i3 = article("/zcjd/i3.html", "一图读懂｜政务数据安全管理工作这样做", "2021-07-18",
                 links=[("/zcwj/d3.html", "政策原文")])
    s = site({"/zcwj/": [D1, d3], "/zcjd/": [I1, i3]})
    assert findings(s) == [("policy.late-interpretation", "/zcjd/i3.html")]
    f = run_rules(s, POLICY_RULES)[0][0]
    assert f.extra["day_gap"] == 40 and f.extra["document"] == SITE + "/zcwj/d3.html" and "40 天" in f.message
    i3.published = "2021-06-13"   # 5 days: within the default
    assert findings(site({"/zcwj/": [D1, d3], "/zcjd/": [I1, i3]})) == []
    tight = site({"/zcwj/": [D1, d3], "/zcjd/": [I1, i3]}, config={"policy": {"late_days": 3}})
    assert findings(tight) == [("policy.late-interpretation", "/zcjd/i3.html")]


def test_a_notice_quoting_a_document_is_not_its_interpretation():
    d1 = article("/zcwj/d1.html", "关于印发《云岭市公共数据管理办法》的通知", "2021-10-15")
    notice = article("/tzgg/n1.html", "关于公开征求《云岭市公共数据管理办法（征求意见稿）》意见的公告", "2021-05-27",
                     text="为提高立法质量，现将《云岭市公共数据管理办法（征求意见稿）》全文公布，征求社会各界意见。")
    s = site({"/zcwj/": [d1], "/tzgg/": [notice]})
    assert findings(s) == [("policy.missing-interpretation", "/zcwj/d1.html")]
    assert run_sections(s, POLICY_RULES)["policy_pairs"]["counts"]["interpretations"] == 0


def test_interpretations_and_documents_outside_their_columns():
    """An 图解 in 工作动态 is an interpretation; an article with a 文号 in no column is a document,
    one with only a 索引号 is not."""
    graphic = article("/gzdt/g1.html", "图解：云岭市政务数据共享开放实施细则", "2021-07-21")
    news = article("/gzdt/n1.html", "市数据资源管理局召开政务公开工作会议", "2021-07-21")
    loose_doc = article("/xxgk/d7.html", "关于印发《云岭市政务数据共享开放实施细则》的通知", "2021-07-20",
                        doc_meta={"doc_no": "云数发〔2021〕5号", "index_no": "11530100MB0000000X/2021-00012"})
    index_only = article("/xxgk/n2.html", "全市数据工作推进会召开", "2021-07-20",
                         doc_meta={"index_no": "11530100MB0000000X/2021-00013"})
    s = site({"/gzdt/": [graphic, news]}, loose=[loose_doc, index_only])
    ledger = run_sections(s, POLICY_RULES)["policy_pairs"]
    assert [p["document"]["url"] for p in ledger["pairs"]] == [SITE + "/xxgk/d7.html"]
    assert ledger["pairs"][0]["interpretation"]["url"] == SITE + "/gzdt/g1.html"
    assert ledger["pairs"][0]["matched_by"] == "title"
    assert findings(s) == [("policy.unlinked", "/xxgk/d7.html")]


def test_fuzzy_pairs_are_reported_for_review_only():
    d3 = article("/zcwj/d3.html", "关于加强政务数据安全管理工作的通知", "2021-06-08")
    i3 = article("/zcjd/i3.html", "一图读懂｜政务数据安全管理工作这样做", "2021-07-18")
    found, _ = run_rules(site({"/zcwj/": [D1, d3], "/zcjd/": [I1, i3]}), POLICY_RULES)
    assert sorted(f.rule for f in found) == ["policy.late-interpretation", "policy.unlinked"]
    assert all(f.needs_review for f in found)


def test_site_exemptions_and_bad_config_do_not_stop_the_scan(capsys):
    report = article("/zcwj/d8.html", "关于2021年第三季度政务公开情况的通报", "2021-10-20")
    s = site({"/zcwj/": [D1, report], "/zcjd/": [I1]},
             config={"policy": {"exempt_patterns": ["情况的通报$"], "late_days": "三天"}})
    assert findings(s) == []
    assert "policy.late_days" in capsys.readouterr().err
    ledger = run_sections(s, POLICY_RULES)["policy_pairs"]
    assert ledger["counts"]["exempt"] == 1 and ledger["settings"]["late_days"] == 5


def test_the_ledger_counts_and_report_section():
    d2 = article("/zcwj/d2.html", "关于开展2021年度公共数据质量核查工作的通知", "2021-09-06")
    d3 = article("/zcwj/d3.html", "关于李明等同志职务任免的通知", "2021-05-10")
    evil = article("/zcjd/i9.html", "关于《<script>alert(1)</script>》的解读", "2021-10-20")
    s = site({"/zcwj/": [D1, d2, d3], "/zcjd/": [I1, evil]})
    ledger = run_sections(s, POLICY_RULES)["policy_pairs"]
    assert ledger["counts"] == {
        "documents": 3, "exempt": 1, "pending": 0, "not_checked": 0, "required": 2, "interpreted": 1,
        "missing": 1, "ratio": 0.5, "interpretations": 2, "orphans": 1, "unlinked": 0, "late": 0,
        "needs_review": 0}
    found, _ = run_rules(s, POLICY_RULES)
    document = {"site": {"name": "测试局", "start_urls": [SITE + "/"]}, "as_of": "2021-12-31",
                "started_at": "", "finished_at": "", "complete": True,
                "stats": {"pages": 1, "columns": 1, "fetch_errors": 0}, "columns": [],
                "findings": [f.contract_dict() for f in found], "tool": {"version": "0"},
                "verdict": {"result": "pass", "indicators": [], "counts": {"veto": 0, "error": 1, "warning": 1},
                            "needs_review": 0},
                "policy_pairs": ledger}
    html = render_report(document)
    assert "一比一台账" in html and "解读率 50%" in html and "人事任免" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert html.index("一比一台账") < html.index("问题清单")
    assert "政策解读缺失" in html  # rule labels


def test_the_readme_policy_table_is_valid(tmp_path, capsys):
    """The [policy] example in README.md passes config loading and gives no warning."""
    import argparse
    import re
    from pathlib import Path

    from inspector.config import build_config
    from rules.policy.settings import site_settings

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = re.search(r"^\[policy\].*?(?=^\[|^```)", readme, re.S | re.M).group(0)
    config = tmp_path / "site.toml"
    config.write_text('[site]\nstart_urls = ["https://www.example.gov.cn/"]\n' + table, encoding="utf-8")
    scan = build_config(argparse.Namespace(urls=[], config=str(config)))
    settings = site_settings(scan.rule_settings["policy"])
    assert capsys.readouterr().err == ""
    assert settings.since.isoformat() == "2019-01-01" and settings.late_days == 5


def test_a_capped_scan_reports_missing_and_orphans_for_review():
    d2 = article("/zcwj/d2.html", "关于开展2021年度公共数据质量核查工作的通知", "2021-09-06")
    i4 = article("/zcjd/i4.html", "关于《云岭市数字经济发展三年行动计划（2021—2023年）》的解读", "2021-10-20")
    s = site({"/zcwj/": [D1, d2], "/zcjd/": [I1, i4]})
    s.capped = True
    found, _ = run_rules(s, POLICY_RULES)
    assert sorted(f.rule for f in found) == ["policy.missing-interpretation", "policy.orphan-interpretation"]
    assert all(f.needs_review and "未抓取全部页面" in f.message for f in found)


def test_a_short_document_page_in_a_policy_column_counts():
    attachment_only = article("/zcwj/d6.html", "关于开展数据共享评估工作的通知", "2021-09-06", text="附件：评估方案.pdf")
    attachment_only.kind = "single"
    elsewhere = article("/gzdt/s1.html", "机构职能", "2021-09-06", text="负责全市数据资源管理。" * 10)
    elsewhere.kind = "single"
    s = site({"/zcwj/": [D1, attachment_only], "/zcjd/": [I1], "/gzdt/": [elsewhere]})
    assert findings(s) == [("policy.missing-interpretation", "/zcwj/d6.html")]
