"""Recorded browser results → a11y.* and elder.* findings, without a browser.

The recorded files are what the browser stage saved for tests/fixtures/a11y/pages/ in real
Chromium (tools/record_a11y_fixtures.py); tests/test_browser_chromium.py checks the same pages live.
"""
from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from inspector.browser.stage import BrowserData, section
from inspector.model import Page
from inspector.report.html import render_report
from inspector.site_model import SiteModel
from rules.a11y import axe
from rules.elder import no_entrance, popup, small_text, zoom_blocked
from tests.a11y_server import FIXTURES

BASE = "http://fixture.test/"


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / "recorded" / f"{name}.json").read_text(encoding="utf-8"))


def site_with(artifacts: list[dict], pages: list[Page] | None = None, summary: dict | None = None) -> SiteModel:
    site = SiteModel(name="示例", start_urls=[BASE], as_of=date(2021, 12, 31), pages=pages or [])
    site.cache["browser"] = BrowserData(summary=summary or {"checked": True}, pages=artifacts)
    return site


def by_rule(findings) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


def test_violations_become_findings_with_selector_html_and_criterion():
    problems = recorded("problems")
    findings = by_rule(axe.check(site_with([problems])))
    assert set(findings) == {"a11y.color-contrast", "a11y.html-has-lang", "a11y.image-alt"}
    contrast = [f for f in findings["a11y.color-contrast"] if not f.needs_review]
    assert len(contrast) == 1
    finding = contrast[0]
    assert finding.url == BASE + "problems.html" and finding.severity == "warning"
    assert finding.selector == ".tip" and finding.context.startswith('<p class="tip">')
    assert finding.extra["criteria"] == ["1.4.3"] and finding.extra["impact"] == "serious"
    assert "GB/T 37668-2019 可感知性" in finding.extra["standard"] and "1.4.3" in finding.message
    assert "4.5:1" in finding.suggestion
    lang = findings["a11y.html-has-lang"][0]
    assert lang.selector == "html" and "3.1.1" in lang.message and "可理解性" in lang.message
    alt = findings["a11y.image-alt"][0]
    assert alt.extra["impact"] == "critical" and alt.severity == "warning"  # the contract's default
    assert alt.contract_dict()["selector"] == "img"


def test_incomplete_results_are_kept_as_needs_review():
    findings = axe.check(site_with([recorded("problems")]))
    review = [f for f in findings if f.needs_review]
    assert [f.rule for f in review] == ["a11y.color-contrast"]
    assert review[0].selector == ".over-image" and review[0].message.startswith("需人工核实")
    assert review[0].extra["axe_result"] == "incomplete"


def test_clean_page_has_no_findings():
    clean = recorded("clean")
    site = site_with([clean])
    assert axe.check(site) == [] and popup.check(site) == [] and small_text.check(site) == []


def test_same_element_on_several_pages_is_one_finding():
    first = recorded("problems")
    second = copy.deepcopy(first)
    second["url"] = second["final_url"] = BASE + "other.html"
    findings = [f for f in axe.check(site_with([first, second])) if f.rule == "a11y.image-alt"]
    assert len(findings) == 1
    assert findings[0].url == BASE + "problems.html"
    assert findings[0].extra["pages"] == [BASE + "problems.html", BASE + "other.html"]
    assert findings[0].extra["page_count"] == 2


@pytest.mark.parametrize(("impact", "severity"), [("critical", "warning"), ("serious", "warning"),
                                                  ("moderate", "warning"), ("minor", "info")])
def test_impact_maps_to_severity(impact, severity):
    artifact = recorded("problems")
    entry = artifact["axe"]["violations"][0]
    entry["impact"] = entry["nodes"][0]["impact"] = impact
    artifact["axe"]["violations"] = [entry]
    artifact["axe"]["incomplete"] = []
    assert [f.severity for f in axe.check(site_with([artifact]))] == [severity]


def test_disabled_rules_and_failed_pages_give_nothing():
    artifact = recorded("problems")
    artifact["axe"]["violations"][0]["id"] = "meta-viewport"  # elder.zoom-blocked covers it
    assert "a11y.meta-viewport" not in {f.rule for f in axe.check(site_with([artifact]))}
    failed = {"url": BASE + "x.html", "status": "error", "error": "页面在 20 秒内未加载完成"}
    assert axe.check(site_with([failed])) == []


def test_criterion_names_wcag_only_criteria_and_rules_without_one():
    text, numbers = axe.criterion("target-size", ["wcag22aa", "wcag258"])
    assert numbers == ["2.5.8"] and "WCAG 2.2" in text and "GB/T 37668-2019 未包含" in text
    text, numbers = axe.criterion("region", ["cat.keyboard", "best-practice"])
    assert numbers == [] and "无对应成功准则" in text
    text, _ = axe.criterion("image-alt", ["wcag2a", "wcag111"])
    assert text == "GB/T 37668-2019 可感知性；WCAG 2.0 1.1.1 非文本内容（A 级）"
    text, numbers = axe.criterion("link-name", ["wcag2a", "wcag244", "wcag412"])
    assert numbers == ["2.4.4", "4.1.2"]
    assert text == ("GB/T 37668-2019 可操作性、兼容性；WCAG 2.0 2.4.4 链接目的（上下文中）（A 级）；"
                    "WCAG 2.0 4.1.2 名称、角色、值（A 级）")


def test_floating_window_without_close_button_is_a_warning():
    found = popup.check(site_with([recorded("problems")]))
    assert len(found) == 1
    assert found[0].severity == "warning" and found[0].selector == "#piaochuang"
    assert "没有关闭按钮" in found[0].message and found[0].context.startswith('<div id="piaochuang"')


def test_closable_floating_window_is_information_and_small_ones_are_ignored():
    found = popup.check(site_with([recorded("popup_closable")]))
    assert [(f.severity, f.selector) for f in found] == [("info", "body > div.float-ad")]
    assert "有关闭按钮" in found[0].message
    # the 40×40 back-to-top button and a full-width fixed bar are not floating windows
    assert len(recorded("popup_closable")["measure"]["floating"]) == 1
    assert recorded("clean")["measure"]["floating"] == []


def test_small_main_text_is_flagged_with_its_size():
    found = small_text.check(site_with([recorded("problems")]))
    assert len(found) == 1
    assert found[0].evidence == "9px" and found[0].rule == "elder.small-text"
    assert found[0].extra["small_chars"] >= 200
    assert small_text.check(site_with([recorded("popup_closable")])) == []


def test_a11y_section_and_report_escape_page_html():
    problems = recorded("problems")
    problems["axe"]["violations"][0]["nodes"][0]["html"] = '<p class="tip" onmouseover="alert(1)"><script>x</script>'
    data = BrowserData(summary={"checked": True, "engine": "axe-core 4.14.1", "browser": "Chromium 156",
                                "pages_checked": 1, "pages_failed": 0, "max_pages": 30, "same_template": []},
                       pages=[problems])
    site = site_with([problems])
    site.cache["browser"] = data
    findings = [f.contract_dict() for f in axe.check(site)]
    doc = {"schema": "inspector/findings@1", "tool": {"name": "inspector", "version": "0.1.0"},
           "site": {"name": "示例", "start_urls": [BASE]}, "as_of": "2021-12-31", "started_at": "s",
           "finished_at": "f", "complete": True,
           "stats": {"pages": 1, "columns": 0, "articles": 0, "fetch_errors": 0},
           "columns": [], "findings": findings,
           "verdict": {"result": "pass", "indicators": [], "counts": {"veto": 0, "error": 0, "warning": 3, "info": 0},
                       "needs_review": 1},
           "a11y": section(data)}
    html = render_report(doc)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert 'onmouseover="alert(1)"' not in html
    assert "无障碍与适老化检查" in html and "axe-core 4.14.1" in html
    assert "文字颜色对比度不足" in html and "页面元素" in html


def test_section_when_the_browser_did_not_run_says_why_and_what_still_ran():
    result = section(BrowserData(summary={"checked": False, "note": "未找到 /usr/bin/chromium"}))
    assert result["checked"] is False and result["pages"] == []
    assert "未找到 /usr/bin/chromium" in result["note"] and "elder.zoom-blocked" in result["note"]


# --- static elder checks: saved pages only ---------------------------------------------------------

def page(url: str, kind: str = "article", **fields) -> Page:
    return Page(url=url, final_url=url, status=200, kind=kind, **fields)


@pytest.mark.parametrize(("viewport", "blocked"), [
    ("width=device-width, user-scalable=no", True),
    ("width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=0", True),
    ("width=device-width, initial-scale=1, maximum-scale=1, user-scalable=1", True),  # max scale 1
    ("width=device-width; maximum-scale=1.5", True),
    ("width=device-width, initial-scale=1.0", False),
    ("width=device-width, maximum-scale=2", False),
    ("width=device-width, user-scalable=yes, maximum-scale=5.0", False),
    ("", False),
])
def test_viewports_that_block_zooming(viewport, blocked):
    assert bool(zoom_blocked.blocked(viewport)) is blocked


def test_zoom_blocked_groups_pages_of_a_column_and_runs_without_a_browser():
    pages = [page(BASE, "home", meta={"viewport": "width=device-width, initial-scale=1.0"}),
             page(BASE + "a/1.html", meta={"viewport": "width=device-width, user-scalable=no"}),
             page(BASE + "a/2.html", meta={"Viewport": "width=device-width, user-scalable=no"}),
             page(BASE + "b/1.html", meta={"viewport": "maximum-scale=1"}),
             page(BASE + "c.pdf", "binary", meta={"viewport": "user-scalable=no"})]
    site = SiteModel(name="示例", start_urls=[BASE], as_of=date(2021, 12, 31), pages=pages)
    found = sorted(zoom_blocked.check(site), key=lambda f: f.url)
    assert [(f.url, f.evidence) for f in found] == [(BASE + "a/1.html", "width=device-width, user-scalable=no"),
                                                    (BASE + "b/1.html", "maximum-scale=1")]
    assert found[0].extra["pages"] == [BASE + "a/1.html", BASE + "a/2.html"] and found[0].severity == "error"
    assert "maximum-scale=1" in found[1].message and "2 倍" in found[1].message


def test_viewport_set_by_script_is_taken_from_the_browser():
    artifact = recorded("problems")
    site = site_with([artifact], pages=[page(BASE + "problems.html", meta={})])
    found = zoom_blocked.check(site)
    assert len(found) == 1 and "由页面脚本设置" in found[0].message


def home(links=(), chrome=()) -> Page:
    return page(BASE, "home", title="示例市人民政府", links=list(links), chrome=list(chrome))


@pytest.mark.parametrize(("links", "chrome", "has_entrance"), [
    ([("", "无障碍", "a")], [], True),  # opened by script: saved with an empty URL
    ([(BASE + "care/", "关怀版", "a")], [], True),
    ([(BASE + "old.png", "长者模式", "img")], [], True),
    ([("https://gov.govwza.cn/dist/aria.js?appid=1", "", "script")], [], True),
    ([], [("h1", "首页 | 适老化服务 | English")], True),
    ([(BASE + "news/", "新闻", "a"), ("https://cdn.example/jquery.js", "", "script")], [("h1", "首页 新闻")], False),
])
def test_entrance_on_the_saved_homepage(links, chrome, has_entrance):
    site = SiteModel(name="示例", start_urls=[BASE], as_of=date(2021, 12, 31), pages=[home(links, chrome)])
    found = no_entrance.check(site)
    assert (found == []) is has_entrance
    if found:
        assert found[0].severity == "error" and "未在浏览器中检查按钮" in found[0].message


def test_entrance_button_seen_only_in_the_browser():
    clean = recorded("clean")  # a <button>关怀版</button> and a script-opened 无障碍 link
    clean["final_url"] = clean["url"] = BASE
    clean["role"] = "home"
    site = site_with([clean], pages=[home()])
    assert no_entrance.check(site) == []
    problems = recorded("problems")
    problems["final_url"] = problems["url"] = BASE
    problems["role"] = "home"
    found = no_entrance.check(site_with([problems], pages=[home()]))
    assert len(found) == 1 and "已在浏览器中检查" in found[0].message


def test_homepage_without_saved_links_is_not_judged_without_a_browser():
    site = SiteModel(name="示例", start_urls=[BASE], as_of=date(2021, 12, 31), pages=[home()])
    assert no_entrance.check(site) == []


def test_site_config_adds_entrance_words():
    site = SiteModel(name="示例", start_urls=[BASE], as_of=date(2021, 12, 31),
                     pages=[home([("", "敬老专区", "a")])], config={"elder": {"entrance_keywords": ["敬老"]}})
    assert no_entrance.check(site) == []
