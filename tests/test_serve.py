"""`inspector serve` without a browser: who may use it (loopback, password, Host header), CSRF on
every state change, escaping, the scan page from the history alone, and taking an [[ignore]]
entry back out of a site config without touching the rest of it."""
from __future__ import annotations

import http.cookiejar
import json
import re
import sqlite3
import subprocess
import sys
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from inspector.config import ConfigError
from inspector.model import Finding
from inspector.serve.scans import site_key
from inspector.serve.server import serve_settings
from inspector.store import History
from inspector.triage import append_ignore, remove_ignore
from tests.serve_app import App

HOSTILE = '<script>document.title="PWNED"</script>'
SITE = "测试局<b>网站"


def make_history(path: Path) -> list[Finding]:
    """Two finished scans of one site, written the way a scan writes them, without findings.json."""
    findings = [Finding(rule="text.typo", severity="error", url="http://gov.test/art/1.html", message="疑似错别字",
                        title=HOSTILE, evidence="再接再励", context="要再接再励"),
                Finding(rule="column.empty", severity="error", url="http://gov.test/lm/", message="空白栏目",
                        title="栏目")]
    evidence = path.parent / "scan1" / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    (evidence / "page1.html").write_text(f"<title>留存</title>{HOSTILE}", encoding="utf-8")
    history = History(path)
    for started, out in (("2021-12-01T02:00:00+08:00", "scan1"), ("2021-12-08T02:00:00+08:00", "")):
        scan_id = history.start_scan(SITE, ["http://gov.test/"], "2021-12-31", started,
                                     str(path.parent / out) if out else "", {})
        history.save_findings(scan_id, findings)
        history.finish_scan(scan_id, "complete", started, {"pages": 3})
    history.close()
    return findings


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect()), jar


def call(opener, url: str, data: dict | None = None, headers: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")


def csrf_of(jar) -> str:
    return next(c.value for c in jar if c.name == "inspector_csrf")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    work = tmp_path_factory.mktemp("serve")
    findings = make_history(work / "h.sqlite3")
    app = App(work / "h.sqlite3")
    yield app, work, findings
    app.stop()


def test_pages_escape_crawled_text_and_carry_security_headers(served):
    app, _, _ = served
    opener, _ = client()
    status, headers, body = call(opener, app.base + "/")
    assert status == 200 and "测试局&lt;b&gt;网站" in body and "测试局<b>" not in body
    assert re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", headers["content-security-policy"])
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    status, headers, body = call(opener, app.base + "/scan/2/")
    assert status == 200
    assert HOSTILE not in body and "&lt;script&gt;document.title=&#34;PWNED&#34;&lt;/script&gt;" in body
    assert "findings.json 已不在输出目录中" in body  # rebuilt from the history, and says so
    nonce = re.search(r"'nonce-([\w-]+)'", headers["content-security-policy"]).group(1)
    assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/app.js" defer>', f'<script nonce="{nonce}">']


def test_state_changes_need_post_and_the_browsers_own_csrf_token(served):
    app, work, findings = served
    opener, jar = client()
    call(opener, app.base + "/")
    target = f"{app.base}/site/{site_key(SITE)}/finding/{findings[0].id}/remediation"
    form = {"scan": "2", "state": "doing", "person": "李四"}
    assert call(opener, target, form)[0] == 403  # no token
    assert call(opener, target, {**form, "csrf": "x" * 43})[0] == 403  # someone else's token
    stranger, _ = client()  # another site's page posting: the browser sends no SameSite=Strict cookie
    assert call(stranger, target, {**form, "csrf": csrf_of(jar)})[0] == 403
    assert call(opener, target, {})[0] == 403  # an empty POST
    with sqlite3.connect(work / "h.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM triage_remediation").fetchone()[0] == 0
    assert call(opener, target.replace("/remediation", "/ignore"), {"scan": "2", "reason": "误报"})[0] == 403
    status, headers, _ = call(opener, target, {**form, "csrf": csrf_of(jar)})
    assert status == 303 and headers["location"] == f"/scan/2/#finding-{findings[0].id}"
    with sqlite3.connect(work / "h.sqlite3") as db:
        assert db.execute("SELECT state, person FROM triage_remediation").fetchall() == [("doing", "李四")]
    status, _, _ = call(opener, target)  # GET on a state-changing address
    assert status == 405


def test_ignore_without_a_site_config_is_kept_in_the_history(served):
    app, _, findings = served
    opener, jar = client()
    call(opener, app.base + "/")
    target = f"{app.base}/site/{site_key(SITE)}/finding/{findings[1].id}/ignore"
    status, _, body = call(opener, target, {"scan": "2", "reason": "  ", "csrf": csrf_of(jar)})
    assert status == 400 and "请填写忽略原因" in body
    assert call(opener, target, {"scan": "2", "reason": "栏目已撤销", "csrf": csrf_of(jar)})[0] == 303
    body = call(opener, app.base + "/scan/1/")[2]  # the older scan shows it too: same finding id
    assert "已忽略的问题（1 条" in body and "栏目已撤销" in body
    site_page = call(opener, f"{app.base}/site/{site_key(SITE)}")[2]
    assert "没有可写入的站点配置文件" in site_page
    log = site_page[site_page.index("处理记录"):]  # who did what, newest first
    assert log.index("原因：栏目已撤销") < log.index("整改中，责任人 李四")


def test_foreign_host_names_and_unknown_paths_are_refused(served):
    app, _, _ = served
    opener, _ = client()
    port = app.base.rsplit(":", 1)[1]
    assert call(opener, app.base + "/", headers={"Host": f"rebind.example:{port}"})[0] == 400
    assert call(opener, app.base + "/", headers={"Host": f"localhost:{port}"})[0] == 200
    assert call(opener, app.base + "/scan/1/evidence/..%2F..%2Fh.sqlite3")[0] == 404
    status, headers, body = call(opener, app.base + "/scan/1/evidence/page1.html")  # a kept crawled page
    assert status == 200 and HOSTILE in body
    assert headers["content-security-policy"].startswith("sandbox;")  # shown, but its script never runs
    assert call(opener, app.base + "/scan/99/")[0] == 404
    assert call(opener, app.base + "/site/0000000000000000")[0] == 404


def test_a_problem_marked_fixed_but_found_again_is_flagged(served):
    app, work, findings = served
    opener, jar = client()
    call(opener, app.base + "/")
    target = f"{app.base}/site/{site_key(SITE)}/finding/{findings[1].id}/remediation"
    assert call(opener, target, {"scan": "2", "state": "done", "person": "赵六", "csrf": csrf_of(jar)})[0] == 303
    assert "仍发现该问题" not in call(opener, app.base + "/scan/2/")[2]  # the scan was before the fix
    history = History(work / "h.sqlite3")
    later = history.start_scan(SITE, ["http://gov.test/"], "2099-01-01", "2099-01-01T02:00:00+08:00", "", {})
    history.save_findings(later, findings)
    history.finish_scan(later, "complete", "2099-01-01T02:09:00+08:00", {"pages": 3})
    history.close()
    body = call(opener, f"{app.base}/scan/{later}/")[2]
    assert body.count("仍发现该问题") == 1 and "已保存：已整改，责任人 赵六" in body


def test_a_password_guards_every_page(tmp_path):
    make_history(tmp_path / "h.sqlite3")
    app = App(tmp_path / "h.sqlite3", env={"INSPECTOR_SERVE_PASSWORD": "correct horse 7"})
    try:
        opener, jar = client()
        status, headers, _ = call(opener, app.base + "/")
        assert status == 303 and headers["location"] == "/login"
        assert call(opener, app.base + "/scan/1/")[0] == 303
        call(opener, app.base + "/login")
        assert call(opener, app.base + "/login", {"password": "wrong", "csrf": csrf_of(jar)})[0] == 403
        assert call(opener, app.base + "/login", {"password": "correct horse 7"})[0] == 403  # no CSRF token
        assert call(opener, app.base + "/login", {"password": "correct horse 7", "csrf": csrf_of(jar)})[0] == 303
        status, _, body = call(opener, app.base + "/")
        assert status == 200 and "退出登录" in body
    finally:
        app.stop()


def test_other_addresses_need_a_password(tmp_path):
    db = tmp_path / "h.sqlite3"
    make_history(db)
    with pytest.raises(ConfigError, match="必须设置访问口令"):
        serve_settings(db, "0.0.0.0", None)
    config = tmp_path / "serve.toml"
    config.write_text('[serve]\npassword = "short"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="口令太短"):
        serve_settings(db, "0.0.0.0", str(config))
    config.write_text('[serve]\npassword = "a long enough one"\nallowed_hosts = ["inspector.office.lan"]\n',
                      encoding="utf-8")
    settings = serve_settings(db, "0.0.0.0", str(config))
    assert settings.password == "a long enough one" and settings.allowed_hosts == ["inspector.office.lan"]
    assert serve_settings(db, "127.0.0.1", None).allowed_hosts[:2] == ["127.0.0.1", "localhost"]
    done = subprocess.run([sys.executable, "-m", "inspector", "serve", "--db", str(db), "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 2 and "必须设置访问口令" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "inspector", "serve", "--db", str(tmp_path / "none.sqlite3")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "找不到扫描历史数据库" in done.stderr


def test_the_config_ignores_are_written_to_is_the_offices_own(tmp_path):
    """Not the per-site config `inspector fleet` writes into each run's folder."""
    from inspector.serve.overlay import site_config
    from inspector.serve.state import connect

    history = History(tmp_path / "h.sqlite3")
    own = tmp_path / "site.toml"
    for out, config in (("run1", own), ("fleet/01-gov", tmp_path / "fleet/01-gov/site.toml")):
        scan_id = history.start_scan("局", ["http://gov.test/"], "2021-12-31", "2021-12-01T02:00:00+08:00",
                                     str(tmp_path / out), {"config_file": str(config)})
        history.finish_scan(scan_id, "complete", "2021-12-01T02:09:00+08:00", {})
    history.close()
    with connect(tmp_path / "h.sqlite3") as db:
        assert site_config(db, "局") is None  # the latest scan ran from a fleet-generated config
        db.execute("DELETE FROM scans WHERE out_dir LIKE '%fleet%'")
        assert site_config(db, "局") == own


CONFIG = """# 站点配置（手写的注释要留下）
[site]
name = "示例局"
start_urls = ["http://gov.test/"]

[[ignore]]   # 手写的规则：整个专题栏目
rule = "text.*"
url = "http://gov.test/ztzl/*"
reason = "历史专题，不再维护"

[scan]
max_pages = 100
"""


@pytest.mark.parametrize("ending", ["", "\n", "\n\n# 末尾的注释\n"])
def test_remove_ignore_takes_out_only_that_findings_entry(tmp_path, ending):
    path = tmp_path / "site.toml"
    original = CONFIG + ending
    path.write_text(original, encoding="utf-8")
    first = {"id": "aaaa111122223333", "rule": "text.typo", "url": "http://gov.test/a.html", "evidence": "再接再励",
             "message": "疑似错别字"}
    second = {"id": "bbbb111122223333", "rule": "link.broken", "url": "http://gov.test/b.pdf", "message": "链接不可用"}
    append_ignore(path, first, '引用"原文"', "王五", date(2026, 12, 1))
    append_ignore(path, second, "已下线", "", date(2026, 12, 2))
    assert remove_ignore(path, "cccc111122223333") == 0
    assert remove_ignore(path, first["id"]) == 1
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [e.get("id") for e in data["ignore"]] == [None, second["id"]]
    assert data["scan"]["max_pages"] == 100
    assert remove_ignore(path, second["id"]) == 1
    assert path.read_text(encoding="utf-8") == original


def test_remove_ignore_leaves_hand_written_blocks_between_app_entries(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(CONFIG, encoding="utf-8")
    finding = {"id": "dddd111122223333", "rule": "text.typo", "url": "http://gov.test/c.html", "message": "错字"}
    append_ignore(path, finding, "误报", "", date(2026, 12, 1))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('\n[[ignore]]\nid = "dddd111122223333"\nreason = "手写的同一问题"\n\n[wechat]\nappid = "wx1"\n')
    assert remove_ignore(path, finding["id"]) == 2
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [e["rule"] for e in data["ignore"]] == ["text.*"] and data["wechat"]["appid"] == "wx1"
    assert json.dumps(data, ensure_ascii=False).count("dddd") == 0
