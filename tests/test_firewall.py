"""A web application firewall in front of the site: its challenges are recognised, retried more
slowly, and when they persist said once (site.firewall-blocked), never turned into broken links,
empty columns or an unreachable site."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest

from inspector.extract.firewall import firewall_of
from tests.wafsite import CHUANGYU, GENERIC, JIASULE, SAFEDOG, YUNSUO, WafSite, page

AS_OF = date(2026, 12, 1)
TYPO = "全体干部要再接再励，推动各项工作落实落细。"


@pytest.mark.parametrize(("answer", "name"), [(JIASULE, "加速乐"), (CHUANGYU, "创宇盾"), (SAFEDOG, "安全狗"),
                                              (YUNSUO, "云锁"), (GENERIC, "网站防护")])
def test_each_firewall_answer_is_recognised(answer, name):
    status, headers, body = answer
    assert firewall_of(status, headers, body) == name


@pytest.mark.parametrize(("status", "headers", "body"), [
    # a news article that names the products, short enough to be looked at
    (200, {}, page("我市开展网络安全检查", "<p>检查发现部分单位网站防火墙、安全狗、云锁等防护软件未及时升级。</p>")),
    # 加速乐's CDN sets its cookie on every normal answer
    (200, {"Server": "jsl", "Set-Cookie": "__jsluid_h=1; path=/"}, page("首页", "<p>欢迎访问</p>")),
    # an ordinary 403 of the site itself
    (403, {}, page("403 Forbidden", "<h1>403 Forbidden</h1>")),
    # a long page of the site that quotes a block-page sentence
    (200, {}, page("通报", "<p>访问被拦截</p>" + "<p>政务公开工作通报。</p>" * 4000)),
    # "访问被拦截" on a 200 page: the site's own text, not a firewall's answer
    (200, {}, page("说明", "<p>部分用户反映访问被拦截，现已处理。</p>")),
])
def test_site_pages_that_only_look_like_a_firewall_are_not_one(status, headers, body):
    assert firewall_of(status, headers, body) is None


def home_with_links() -> bytes:
    items = "".join(f'<li><a href="/{name}.html">第{i}号通知公告关于做好工作</a><span>{(AS_OF - timedelta(days=i)).isoformat()}</span></li>'
                    for i, name in enumerate(["jsl", "cyd", "dog", "suo", "waf", "flaky", "news"]))
    return page("测试市人民政府", f'<ul class="list">{items}</ul><img src="/img/logo.png" alt="标识">'
                                  f'<img src="/img/missing.png" alt="缺失"><div class="footer"><a href="/care/">关怀版</a></div>')


def article(title: str) -> tuple[int, dict, bytes]:
    head = f'<meta name="PubDate" content="{AS_OF.isoformat()}">'
    body = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f'<body><div class="content"><p>{TYPO * 4}</p><p>检查中发现网站防火墙、安全狗等软件需升级。</p></div></body></html>')
    return 200, {}, body.encode("utf-8")


def scan(work, base: str):
    work.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "inspector", "scan", base + "/", "--out", "out", "--db", "h.sqlite3",
            "--format", "json,html", "--fail-on", "never", "--fast", "--no-a11y", "--as-of", AS_OF.isoformat()]
    result = subprocess.run(args, cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    doc = json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))
    return doc, (work / "out" / "report.html").read_text(encoding="utf-8"), result


@pytest.mark.slow
def test_blocked_pages_are_said_once_not_broken(tmp_path):
    site = WafSite({"/": [(200, {}, home_with_links())], "/jsl.html": [JIASULE], "/cyd.html": [CHUANGYU],
                    "/dog.html": [SAFEDOG], "/suo.html": [YUNSUO], "/waf.html": [GENERIC],
                    "/flaky.html": [JIASULE, article("一时拦截后放行的通知")], "/news.html": [article("网络安全检查通报")],
                    "/care/": [(200, {}, page("关怀版", "<p>" + "关怀版。" * 40 + "</p>"))],
                    "/img/logo.png": [JIASULE]})  # a file the firewall answers for: not a broken image
    try:
        doc, report, result = scan(tmp_path, site.base)
    finally:
        site.stop()
    assert "Traceback" not in result.stderr, result.stderr
    blocked = [f for f in doc["findings"] if f["rule"] == "site.firewall-blocked"]
    assert len(blocked) == 1 and blocked[0]["needs_review"]
    assert blocked[0]["message"].startswith("扫描被网站防护拦截 5 页，另有 1 个文件或链接")
    assert set(blocked[0]["evidence"].split("、")) == {"加速乐", "创宇盾", "安全狗", "云锁", "网站防护"}
    assert not [f for f in doc["findings"] if f["rule"] == "site.unreachable"]
    broken = [f["url"].removeprefix(site.base) for f in doc["findings"] if f["rule"] == "link.broken"]
    assert broken == ["/img/missing.png"]  # the really missing image still is one
    assert doc["stats"]["firewall_blocked"] == 5 and doc["stats"]["fetch_errors"] == 0
    # retried more slowly: the challenge that let go was read as the page it guarded
    assert site.hits["/flaky.html"] == 2 and site.hits["/jsl.html"] == 2
    typo_pages = {f["url"].removeprefix(site.base) for f in doc["findings"] if f["rule"] == "text.typo"}
    assert typo_pages == {"/flaky.html", "/news.html"}
    assert doc["verdict"]["result"] != "incomplete"
    assert "扫描被网站防护拦截 5 页：请将扫描机 IP 加入白名单" in report


@pytest.mark.slow
def test_blocked_homepage_is_not_an_unreachable_site(tmp_path):
    site = WafSite({"/": [JIASULE]})
    try:
        doc, report, result = scan(tmp_path, site.base)
    finally:
        site.stop()
    assert "Traceback" not in result.stderr, result.stderr
    rules = [f["rule"] for f in doc["findings"]]
    assert "site.unreachable" not in rules and "home.stale" not in rules and "link.broken" not in rules
    assert rules.count("site.firewall-blocked") == 1
    assert doc["verdict"]["result"] == "incomplete" and doc["verdict"]["counts"]["veto"] == 0
    assert doc["availability"]["reachable"] is None
    assert "总体结论：扫描未完成，无法得出结论" in report
