"""End to end: `inspector scan <demo site> --config site.toml` in a subprocess, the [wechat] table
pointing at the fake WeChat (API and article pages on 127.0.0.1). The account it has never seen
is listed in full (API and URL file), the stale account, a deleted article, a wording error in an
article and a broken link in one are reported, and the AppSecret is in no output, no console
line and not in the history database. With a wrong secret the website is still scanned and the
report says WeChat was not checked."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from inspector.demo_site.server import start_demo_server
from tests import wechat_fake
from tests.wechat_fake import APPID, SECRET

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def servers():
    demo = start_demo_server()
    fake = wechat_fake.start(rate_limit_once=True, expire_once=True)
    yield demo, fake
    fake.stop()
    demo.stop()


def scan(work, demo, fake, secret):
    (work / "wechat_urls.txt").write_text("\n".join(wechat_fake.url_file_lines(fake)), encoding="utf-8")
    (work / "site.toml").write_text(f"""
[site]
name = "云岭市数据资源管理局"
start_urls = ["{demo.base_url}"]

[wechat]
name = "云岭数据"
api_base = "{fake.base}"
appid = "{APPID}"
secret_env = "INSPECTOR_WX_SECRET"
article_urls_file = "wechat_urls.txt"
stale_days = 14
fetch_delay = 0
""", encoding="utf-8")
    env = {**os.environ, "INSPECTOR_WX_SECRET": secret}
    result = subprocess.run([sys.executable, "-m", "inspector", "scan", "--config", "site.toml",
                             "--as-of", "2021-12-31", "--out", "out", "--db", "h.sqlite3", "--max-pages", "40",
                             "--fast", "--no-a11y", "--format", "html,json,csv,xlsx"],
                            cwd=work, env=env, capture_output=True, text=True, timeout=600)
    doc = json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))
    return result, doc


@pytest.fixture(scope="module")
def good(servers, tmp_path_factory):
    demo, fake = servers
    work = tmp_path_factory.mktemp("wechat")
    result, doc = scan(work, demo, fake, SECRET)
    return result, doc, work, fake


def test_the_account_is_listed_in_full_and_checked(good):
    result, doc, _, fake = good
    assert result.returncode == 1, result.stderr  # veto findings: the stale account (and the demo's own)
    wx = doc["wechat"]
    assert wx["checked"] and wx["status"] == "checked" and wx["name"] == "云岭数据"
    assert wx["sources"]["api"]["listed"] == 32 and wx["sources"]["url_file"]["listed"] == 3
    assert wx["articles_listed"] == 33 and doc["stats"]["wechat_articles"] == wx["articles_checked"] == 31
    assert wx["newest_post"] == "2021-12-14" and wx["days_since"] == 17 and wx["stale"] is True
    assert wx["api_calls"]["retries"] == 1 and wx["api_calls"]["token_refreshes"] == 1  # 45009 once, 42001 once
    assert all(body["count"] <= 20 for _, path, _, body in fake.requests if path.endswith("/batchget"))
    assert "微信公众号：共列出 33 篇" in result.stdout


def test_stale_account_deleted_article_wording_error_and_broken_link_are_reported(good):
    _, doc, _, fake = good
    wechat = [f for f in doc["findings"] if f["source"] == "wechat"]
    stale = [f for f in wechat if f["rule"] == "wechat.stale"]
    assert len(stale) == 1 and stale[0]["severity"] == "veto" and not stale[0]["needs_review"]
    deleted = {f["title"] for f in wechat if f["rule"] == "wechat.unavailable"}
    assert deleted == {"公共数据开放目录更新", "已撤回的通知"}
    typo = [f for f in wechat if f["rule"] == "text.typo"]
    assert [(f["evidence"], f["suggestion"]) for f in typo] == [("再接再励", "再接再厉")]
    assert typo[0]["title"] == "云岭数据：全市数据资源工作会议召开" and typo[0]["url"].startswith(fake.base + "/s?")
    broken = [f for f in wechat if f["rule"] == "link.broken"]
    assert [f["url"] for f in broken] == [fake.base + "/missing-page.html"] and broken[0]["referrers"]
    site_text = [f for f in doc["findings"] if f["rule"] == "text.typo" and f["source"] == "site"]
    assert site_text, "the website's own text findings are still there"
    indicator = next(i for i in doc["verdict"]["indicators"] if i["id"] == "wechat.stale")
    assert indicator["status"] == "fail" and doc["verdict"]["result"] == "fail"


def test_report_has_the_wechat_section(good):
    _, _, work, _ = good
    report = (work / "out" / "report.html").read_text(encoding="utf-8")
    assert "政务新媒体（微信公众号）" in report and "云岭数据" in report and "超过 14 天未更新" in report
    assert "政务新媒体更新" in report and "再接再励" in report and "该内容已被发布者删除" in report
    csv = (work / "out" / "findings.csv").read_text(encoding="utf-8-sig")
    assert ",wechat," in csv


def test_the_secret_is_in_no_output(good):
    result, _, work, fake = good
    assert any(q.get("secret") == SECRET for _, path, q, _ in fake.requests if path == "/cgi-bin/token")
    assert SECRET not in result.stdout and SECRET not in result.stderr
    files = [p for p in work.rglob("*") if p.is_file() and p.name != "site.toml"]
    assert any(p.name == "h.sqlite3" for p in files) and any(p.suffix == ".xlsx" for p in files)
    for path in files:
        data = path.read_bytes()
        assert SECRET.encode() not in data, path
        assert SECRET.encode("utf-16-le") not in data, path
        for token in fake.tokens:
            assert token.encode() not in data, path


def test_wrong_secret_still_scans_the_website(servers, tmp_path):
    demo, fake = servers
    result, doc = scan(tmp_path, demo, fake, "not-the-secret-77")
    lines = [line for line in result.stderr.splitlines() if "微信" in line]
    assert len(lines) == 1 and "40001" in lines[0] and "AppSecret" in lines[0], result.stderr
    assert doc["stats"]["pages"] > 10 and doc["columns"] and doc["complete"] is True
    assert doc["wechat"]["checked"] is False and "40001" in doc["wechat"]["reason"]
    assert doc["stats"]["wechat_articles"] == 0 and not [f for f in doc["findings"] if f["source"] == "wechat"]
    indicator = next(i for i in doc["verdict"]["indicators"] if i["id"] == "wechat.stale")
    assert indicator["status"] == "not_checked"
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "微信公众号未检查" in report
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "site.toml":
            assert b"not-the-secret-77" not in path.read_bytes(), path
    assert "not-the-secret-77" not in result.stdout + result.stderr
