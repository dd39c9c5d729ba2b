"""Real scans (subprocess) of sites built from broken templates: a homepage whose 300 items are
never closed, Word-pasted control characters, text straight under <body>, binary garbage served
as text/html, a page over the 20 MB cap, and a homepage that is garbage. Each asserts what must
be found and what must not (no false veto, no lost page, no broken link, no traceback)."""
from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from datetime import date, timedelta

import pytest

from tests.linksite import HTML, Host, html

pytestmark = pytest.mark.slow

AS_OF = date(2026, 12, 1)
ITEMS = 300
TYPO = "全体干部要再接再励，推动各项工作落实落细。"
GARBAGE = random.Random(14).randbytes(30000)
CAP = 20 * 1024 * 1024


def deep_homepage() -> bytes:
    items = "".join(
        f'<div class="item"><a href="/art/{i}.html">关于做好第{i}批政务公开工作的通知</a>'
        f'<span>{(AS_OF - timedelta(days=i % 6)).isoformat()}</span>' for i in range(ITEMS))
    body = (f'<div class="header"><a href="/">首页</a><o:p>\x0b</o:p></div><div class="news">{items}'
            f'<div class="footer"><a href="/care/">关怀版</a> <a href="/ldxx/">领导信箱</a> '
            f'主办单位：测试市人民政府办公室<o:p>\x0c</o:p></div>')
    return html("测试市人民政府", body)


def article(i: int) -> bytes:
    text = "本市召开专题会议，研究部署政务公开重点工作，要求各单位压实责任、按时完成。" * 3
    head = f'<meta name="PubDate" content="{(AS_OF - timedelta(days=i % 6)).isoformat()}">'
    return html(f"第{i}批工作通知", f'<div class="content"><p>{text}</p></div>', head)


def site_routes() -> dict:
    sent, answered = (AS_OF - timedelta(days=20)).isoformat(), (AS_OF - timedelta(days=17)).isoformat()
    letters = ('<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/ldxx/">领导信箱</a></div><table>'
               '<tr><th>标题</th><th>来信时间</th><th>答复时间</th><th>状态</th></tr>'
               f'<tr><td><a href="/ldxx/1.html">关于小区路灯维修的咨询</a></td><td>{sent}</td><td>{answered}</td>'
               '<td>已回复</td></tr></table>')
    routes = {"/": (200, HTML, deep_homepage()),
              "/care/": (200, HTML, html("关怀版", "<p>" + "关怀版首页。" * 30 + "</p>")),
              "/ldxx/": (200, HTML, html("领导信箱", letters)),  # a working channel: no 互动回应 veto to blur the test
              "/ldxx/1.html": (200, HTML, html("关于小区路灯维修的咨询", f'<div class="content"><p>来信时间：{sent}</p>'
                                                                   f'<p>答复时间：{answered}</p><p>{"已安排维修。" * 20}</p></div>'))}
    for i in range(ITEMS):
        routes[f"/art/{i}.html"] = (200, HTML, article(i))
    head = f'<meta name="PubDate" content="{AS_OF.isoformat()}">'
    # Word-pasted markup with control characters (the page used to vanish)
    routes["/art/0.html"] = (200, HTML, html("通知", f'<div class="content"><p class="MsoNormal">{TYPO * 5}'
                                                   f'<o:p>\x0b</o:p></p><trs_editor>\x0c正文</trs_editor></div>', head))
    # text straight under <body>
    routes["/art/1.html"] = (200, HTML, (f'<html><head><meta charset="utf-8"><title>报告</title>{head}</head>'
                                         f'<body>{TYPO * 5}</body></html>').encode("utf-8"))
    routes["/art/2.html"] = (200, HTML, GARBAGE)  # binary garbage served as a web page
    # what is past the cap is an inline data blob (cheap to parse), as in pages that embed a table's data
    padding = "<script>var tableData = '" + "0123456789abcdef" * (CAP // 16 + 70000) + "';</script>"
    big = html("大页面", f'<div class="content"><p>{TYPO * 5}</p></div>' + padding, head)
    assert len(big) > CAP + 1024 * 1024
    routes["/art/3.html"] = (200, HTML, big)
    # the same served compressed (a few hundred kB on the wire, over the cap once inflated)
    routes["/art/4.html"] = (200, HTML, gzip.compress(big, 6), {"Content-Encoding": "gzip"})
    return routes


def scan(work, base: str):
    work.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "inspector", "scan", base + "/", "--out", "out", "--db", "h.sqlite3",
            "--format", "json,html", "--fail-on", "never", "--fast", "--no-a11y", "--as-of", AS_OF.isoformat()]
    result = subprocess.run(args, cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads((work / "out" / "findings.json").read_text(encoding="utf-8")), result


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    host = Host("127.0.0.1", site_routes())
    try:
        doc, result = scan(tmp_path_factory.mktemp("broken"), host.base)
        yield doc, result, host.base
    finally:
        host.stop()


def by_rule(doc, rule: str) -> list[dict]:
    return [f for f in doc["findings"] if f["rule"] == rule]


def test_no_false_veto_from_unclosed_items(broken_site):
    doc, result, _ = broken_site
    assert "Traceback" not in result.stderr, result.stderr
    assert doc["complete"] is True
    assert by_rule(doc, "site.unreachable") == [] and by_rule(doc, "home.stale") == []
    assert by_rule(doc, "elder.no-entrance") == []  # the 关怀版 link after the 300 open items is seen


def test_no_page_is_lost(broken_site):
    doc, _, base = broken_site
    assert doc["stats"]["pages"] >= ITEMS + 2
    assert doc["stats"]["fetch_errors"] == 0
    assert doc["stats"]["articles"] >= ITEMS - 2  # all but the garbage and the bare-text report


def test_text_rules_run_on_word_markup_and_bare_body_text(broken_site):
    doc, _, base = broken_site
    typo_pages = {f["url"].removeprefix(base) for f in by_rule(doc, "text.typo") if f["evidence"] == "再接再励"}
    assert {"/art/0.html", "/art/1.html", "/art/3.html", "/art/4.html"} <= typo_pages


def test_garbage_and_oversized_pages_are_unreadable_not_broken(broken_site):
    doc, _, base = broken_site
    unread = {f["url"].removeprefix(base): f for f in by_rule(doc, "page.unreadable")}
    assert set(unread) == {"/art/2.html", "/art/3.html", "/art/4.html"}
    assert "二进制" in unread["/art/2.html"]["message"]
    assert "页面过大，仅检查了前 20 MB" in unread["/art/3.html"]["message"]
    assert "页面过大，仅检查了前 20 MB" in unread["/art/4.html"]["message"]
    assert all(f["severity"] == "info" and f["needs_review"] for f in unread.values())
    assert by_rule(doc, "link.broken") == []
    assert doc["stats"]["extract_errors"] == 1 and doc["stats"]["truncated_pages"] == 2
    assert doc["verdict"]["result"] == "pass"


@pytest.fixture(scope="module")
def garbage_home(tmp_path_factory):
    host = Host("127.0.0.1", {"/": (200, HTML, GARBAGE)})
    try:
        work = tmp_path_factory.mktemp("garbage")
        doc, result = scan(work, host.base)
        yield doc, result, (work / "out" / "report.html").read_text(encoding="utf-8")
    finally:
        host.stop()


def test_garbage_homepage_is_not_an_unreachable_site(garbage_home):
    doc, result, report = garbage_home
    assert "Traceback" not in result.stderr, result.stderr
    assert by_rule(doc, "site.unreachable") == []
    assert doc["availability"]["reachable"] is True
    stale = by_rule(doc, "home.stale")
    assert len(stale) == 1 and stale[0]["needs_review"] and "未能完整读取" in stale[0]["message"]
    assert [f["needs_review"] for f in by_rule(doc, "page.unreadable")] == [True]
    assert doc["verdict"]["counts"]["veto"] == 0 and doc["verdict"]["result"] == "risk"
    assert "未能解析 1 个" in report
