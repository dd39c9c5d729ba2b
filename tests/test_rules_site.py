"""Each site/home/column rule with a case that hits and a clean case; the verdict thresholds."""
from __future__ import annotations

from datetime import date

import pytest

from inspector.engine import run_rules
from inspector.model import Item, Page, PageList
from inspector.site_model import build_site
from rules.column import empty, stale, undated
from rules.home import stale as home_stale
from rules.site import unreachable, verdict

AS_OF = date(2021, 12, 31)
HOME = "http://gov.test/"


def home_page(*dates: str | None, status: int = 200, fetch_ms: int = 300, error: str | None = None) -> Page:
    items = [Item(title=f"信息{i}", url=f"{HOME}a{i}.html", date=d) for i, d in enumerate(dates)]
    return Page(url=HOME, final_url=HOME, status=status, fetch_ms=fetch_ms, error=error,
                kind="home" if status == 200 else "error", lists=[PageList(items=items)] if items else [])


def column_page(path: str, name: str, *dates: str | None, placeholder: str | None = None) -> Page:
    items = [Item(title=f"{name}信息{i}", url=f"{HOME}{path}{i}.html", date=d) for i, d in enumerate(dates)]
    return Page(url=HOME + path, final_url=HOME + path, status=200, kind="list", meta={"ColumnName": name},
                placeholder=placeholder, lists=[PageList(items=items, main=True)] if items else [])


def site(*pages: Page, as_of: date = AS_OF):
    return build_site("测试站", [HOME], as_of, list(pages))


def test_unreachable_start_page():
    hit = unreachable.check(site(home_page(status=None, error="连接被拒绝")))
    assert [f.rule for f in hit] == ["site.unreachable"] and "连接被拒绝" in hit[0].message
    assert unreachable.check(site(home_page(status=503)))[0].severity == "veto"
    slow = unreachable.check(site(home_page("2021-12-30", fetch_ms=16_500)))
    assert len(slow) == 1 and "16.5 秒" in slow[0].message
    assert unreachable.check(site(home_page("2021-12-30", fetch_ms=14_900))) == []


def test_home_stale_by_newest_visible_date():
    stale_hit = home_stale.check(site(home_page("2021-12-16", "2021-11-01")))
    assert len(stale_hit) == 1 and "2021-12-16" in stale_hit[0].message and "15 天" in stale_hit[0].message
    assert home_stale.check(site(home_page("2021-12-17", "2021-11-01"))) == []
    # Items dated after the monitoring point do not rescue a stale homepage.
    assert len(home_stale.check(site(home_page("2022-01-05", "2021-11-01")))) == 1


def test_home_without_any_date_counts_as_not_updated():
    hit = home_stale.check(site(home_page(None, None)))
    assert len(hit) == 1 and hit[0].needs_review is False and "未显示发布日期" in hit[0].message
    fresh_article = Page(url=HOME + "a0.html", final_url=HOME + "a0.html", status=200, kind="article",
                         published="2021-12-30")
    review = home_stale.check(site(home_page(None, None), fresh_article))
    assert len(review) == 1 and review[0].needs_review is True


def test_column_rules_hit_and_clean():
    s = site(home_page("2021-12-30"),
             column_page("gzdt/", "工作动态", "2021-12-01"),
             column_page("tzgg/", "通知公告", "2021-10-01"),
             column_page("ghjh/", "规划计划", placeholder="暂无信息"),
             column_page("tjsj/", "统计数据", None, None))
    assert [f.url for f in stale.check(s)] == [HOME + "gzdt/"]
    assert [f.url for f in empty.check(s)] == [HOME + "ghjh/"]
    assert empty.check(s)[0].evidence == "暂无信息"
    assert [f.url for f in undated.check(s)] == [HOME + "tjsj/"]
    clean = site(home_page("2021-12-30"), column_page("gzdt/", "工作动态", "2021-12-29"))
    assert stale.check(clean) == empty.check(clean) == undated.check(clean) == []


def test_verdict_thresholds():
    dynamic = [column_page(f"d{i}/", f"区县动态{i}", "2021-11-01") for i in range(5)]
    empties = [column_page(f"e{i}/", f"空栏目{i}", placeholder="建设中") for i in range(4)]
    s = site(home_page("2021-12-30"), *dynamic, *empties)
    findings = verdict.check(s)
    assert [(f.rule, f.evidence) for f in findings] == [("site.stale-columns", "a")]
    summary = verdict.summarize(s, findings)
    status = {i["id"]: i["status"] for i in summary["indicators"]}
    assert status["columns.stale_a"] == "fail" and status["columns.empty"] == "risk"
    assert status["home.stale"] == "pass" and summary["result"] == "fail"
    four = site(home_page("2021-12-30"), *dynamic[:4])
    assert verdict.check(four) == []
    assert verdict.summarize(four, [])["result"] == "risk"


def test_engine_orders_by_severity_and_isolates_a_broken_rule(tmp_path):
    s = site(home_page("2021-11-01"), column_page("gzdt/", "工作动态", "2021-12-01"))
    findings, errors = run_rules(s, modules=("rules.column.stale", "rules.home.stale", "tests.broken_rule"))
    assert [f.rule for f in findings] == ["home.stale", "column.stale"]
    assert errors and errors[0]["rule_module"] == "tests.broken_rule"


def test_a_broken_rule_is_one_chinese_line_on_the_console_and_its_traceback_in_the_log(tmp_path, capsys):
    import logging

    from inspector.scan import LOG_NAME, log_details_to

    log_details_to(tmp_path / LOG_NAME)
    try:
        run_rules(site(home_page("2021-11-01")), modules=("tests.broken_rule",))
    finally:
        for handler in [h for h in logging.getLogger("inspector").handlers if getattr(h, "inspector_details", False)]:
            logging.getLogger("inspector").removeHandler(handler)
            handler.close()
    err = capsys.readouterr().err
    assert err.strip() == "警告：规则 tests.broken_rule 运行出错，已跳过（详情见输出目录中的 inspector.log）"
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: boom" in log


def test_a_rule_whose_data_fails_to_prepare_still_runs_and_is_reported_then(caplog):
    from inspector.engine import prepare_rules

    with caplog.at_level("ERROR", logger="inspector.engine"):
        prepare_rules({}, modules=("tests.broken_rule", "rules.text.serious"))  # logged, not raised
    assert "preparing rule tests.broken_rule failed" in caplog.text
    findings, errors = run_rules(site(home_page("2021-11-01")), modules=("tests.broken_rule",))
    assert findings == [] and errors == [{"rule_module": "tests.broken_rule", "error": "RuntimeError: boom"}]


@pytest.mark.parametrize(("error", "said"), [
    ("DNSLookupError", "域名解析失败"), ("TCPTimedOutError", "连接超时"), ("ConnectionDone", "连接被对方关闭")])
def test_fetch_failures_are_whole_chinese_phrases(error, said):
    from twisted.internet import error as twisted_errors
    from twisted.python.failure import Failure

    from inspector.linkcheck import describe_failure

    long_english = "An error occurred while connecting: 113: No route to host. " * 5
    message = describe_failure(Failure(getattr(twisted_errors, error)(long_english)))
    assert message == said


def test_an_unknown_fetch_failure_says_so_in_chinese():
    from twisted.python.failure import Failure

    from inspector.linkcheck import describe_failure

    assert describe_failure(Failure(KeyError("something odd happened in the downloader"))) == "抓取失败"


def test_the_engine_tells_how_many_rules_have_run_a_broken_one_included():
    told = []
    run_rules(site(home_page("2021-11-01")), modules=("rules.column.stale", "tests.broken_rule", "rules.home.stale"),
              done=lambda count, total: told.append((count, total)))
    assert told == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("progress, seconds, lines", [(True, 1e-9, True), (True, 0, False), (False, 1e-9, False)])
def test_a_long_rules_stage_says_how_far_it_is_on_the_console(capsys, progress, seconds, lines):
    from inspector import analysis
    from inspector.config import ScanConfig
    from rules import RULE_MODULES

    config = ScanConfig(site_name="测试站", start_urls=[HOME], as_of=AS_OF, formats=[], progress_seconds=seconds)
    run = analysis.Analysis(config, None, 1, None, "", complete=True, progress=progress)
    run.site = site(home_page("2021-11-01"), column_page("gzdt/", "工作动态", "2021-12-01"))
    analysis.rules(run)
    said = [line for line in capsys.readouterr().out.splitlines() if line.startswith("分析：检查规则已完成")]
    total = len(RULE_MODULES)
    assert said == ([f"分析：检查规则已完成 {k}/{total} …" for k in range(1, total)] if lines else [])
    assert {f.rule for f in run.findings} >= {"home.stale"}
