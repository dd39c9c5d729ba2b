"""The office's workflow over real scans of the sample site: new / open / fixed between two scans
with a problem fixed in between, triage with `inspector ignore`, the 整改台账 export, re-rendering
a report, the per-site lock and the group-robot webhook."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.demo_site.server import WWW_DIR, DemoServer
from inspector.notify import SiteLock, site_lock_key

pytestmark = pytest.mark.slow
FIXED_PAGE = "xwdt/gzdt/202112/t20211228_1050.html"


class _Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode":0}')

    def log_message(self, *args):
        pass


def scan(work: Path, config: str, out: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "inspector", "scan", "--config", config, "--out", out, "--db",
                           "h.sqlite3", "--as-of", "2021-12-31", "--fast", "--no-external", "--no-a11y", "--format",
                           "html,json,xlsx", *extra], cwd=work, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    work = tmp_path_factory.mktemp("office")
    root = work / "www"
    shutil.copytree(WWW_DIR, root)
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    server = DemoServer(root=root).start()
    (work / "site.toml").write_text(
        f'[site]\nname = "云岭市数据资源管理局"\nstart_urls = ["{server.base_url}"]\n'
        f'[notify]\nwebhook = "http://127.0.0.1:{receiver.server_address[1]}/hook"\nkind = "wecom"\n',
        encoding="utf-8")
    try:
        first = scan(work, "site.toml", "scan1")
        page = root / FIXED_PAGE
        page.write_text(page.read_text(encoding="utf-8").replace("再接再励", "再接再厉"), encoding="utf-8")
        second = scan(work, "site.toml", "scan2")
        yield work, server, first, second
    finally:
        server.stop()
        receiver.shutdown()
        receiver.server_close()


def load(work: Path, out: str) -> dict:
    return json.loads((work / out / "findings.json").read_text(encoding="utf-8"))


def test_second_scan_knows_what_is_new_open_and_fixed(office):
    work, server, first, second = office
    assert first.returncode == 1 and second.returncode == 1, second.stderr
    one, two = load(work, "scan1"), load(work, "scan2")
    assert one["history"]["previous_scan"] is None
    assert {f["state"] for f in one["findings"]} == {"new"}
    assert two["history"]["previous_scan"]["started_at"] == one["started_at"]
    fixed = two["history"]["fixed"]
    assert [(f["rule"], f["evidence"]) for f in fixed] == [("text.typo", "再接再励")]
    assert two["history"]["counts"]["fixed"] == 1 and two["history"]["counts"]["new"] == 0
    assert {f["state"] for f in two["findings"]} == {"open"}
    assert all(f["first_seen"] == one["started_at"][:10] for f in two["findings"])
    assert [p["scan"] for p in two["history"]["trend"]][-1] is not None and len(two["history"]["trend"]) == 2
    report = (work / "scan2" / "report.html").read_text(encoding="utf-8")
    assert "已整改 1 条" in report and "已整改的问题（1 条）" in report


def test_ignore_a_finding_then_it_stops_counting(office):
    work, _, _, _ = office
    two = load(work, "scan2")
    spam = next(f for f in two["findings"] if f["rule"] == "text.serious" and f["evidence"] == "两岸三地")
    result = subprocess.run([sys.executable, "-m", "inspector", "ignore", spam["id"], "--reason", "引用港澳台会议原名",
                             "--who", "张三", "--config", "site.toml", "--db", "h.sqlite3"],
                            cwd=work, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f'id = "{spam["id"]}"' in (work / "site.toml").read_text(encoding="utf-8")
    third = scan(work, "site.toml", "scan3")
    assert third.returncode == 1, third.stderr
    doc = load(work, "scan3")
    ignored = [f for f in doc["findings"] if f["ignored"]]
    assert [(f["id"], f["state"], f["ignore"]["reason"], f["ignore"]["who"]) for f in ignored] == \
        [(spam["id"], "ignored", "引用港澳台会议原名", "张三")]
    assert doc["verdict"]["ignored"] == 1
    assert doc["verdict"]["counts"]["veto"] == two["verdict"]["counts"]["veto"] - 1
    assert "已忽略的问题（1 条" in (work / "scan3" / "report.html").read_text(encoding="utf-8")


def test_rectification_ledger_xlsx(office):
    work, _, _, _ = office
    doc = load(work, "scan2")
    book = load_workbook(work / "scan2" / "findings.xlsx")
    sheet = book["整改台账"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("序号", "问题类型", "严重程度", "栏目", "页面标题", "链接", "问题描述", "修改建议", "首次发现", "状态",
                       "整改人", "整改时间")
    body = rows[2:]
    assert len(body) == len(doc["findings"])
    assert body[0][0] == 1 and body[0][2] == "单项否决" and body[0][10] is None and body[0][11] is None
    assert {r[9] for r in body} == {"未整改"}


def test_report_command_re_renders_from_findings_json(office):
    work, _, _, _ = office
    (work / "scan1" / "report.html").unlink()
    result = subprocess.run([sys.executable, "-m", "inspector", "report", "scan1", "--format", "html,csv"],
                            cwd=work, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "单项否决指标" in (work / "scan1" / "report.html").read_text(encoding="utf-8")
    assert (work / "scan1" / "findings.csv").exists()
    bad = subprocess.run([sys.executable, "-m", "inspector", "report", "nope"], cwd=work, capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 2 and "找不到 nope" in bad.stderr and "Traceback" not in bad.stderr


def test_webhook_got_a_summary_per_scan(office):
    assert len(_Receiver.received) >= 2
    first = _Receiver.received[0]
    assert first["msgtype"] == "text" and "云岭市数据资源管理局" in first["text"]["content"]
    assert "新发现单项否决" in first["text"]["content"] and "report.html" in first["text"]["content"]


def test_two_scans_of_one_site_never_overlap(office):
    work, server, _, _ = office
    with SiteLock(work / "locks", site_lock_key([server.base_url], "")):
        blocked = scan(work, "site.toml", "scan4")
    assert blocked.returncode == 3 and "另一次扫描正在进行" in blocked.stderr
    assert not (work / "scan4" / "findings.json").exists()


def test_evidence_pack_keeps_the_pages_of_veto_findings(office):
    work, _, _, _ = office
    result = scan(work, "site.toml", "scan5", "--evidence")
    assert result.returncode == 1, result.stderr
    doc = load(work, "scan5")
    vetoes = [f for f in doc["findings"] if f["severity"] == "veto" and not f["ignored"] and f["source"] == "site"]
    assert vetoes and all(f.get("evidence_file", "").startswith("evidence/") for f in vetoes)
    saved = (work / "scan5" / vetoes[0]["evidence_file"]).read_text(encoding="utf-8")
    assert saved.startswith('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'')
    assert vetoes[0]["evidence"] in saved
    assert f'href="{vetoes[0]["evidence_file"]}"' in (work / "scan5" / "report.html").read_text(encoding="utf-8")
    assert not any("evidence_file" in f for f in doc["findings"] if f["severity"] != "veto")


def test_the_lock_is_per_site_not_per_host():
    """Tonight's scan of a config meets last night's (same start pages, any order or spelling);
    two sections of one platform host, each its own site, do not block each other."""
    same = site_lock_key(["http://gov.test/", "http://gov.test/zwgk/"], "")
    assert site_lock_key(["http://gov.test/zwgk/", "http://GOV.test"], "") == same
    assert site_lock_key(["http://gov.test/xzqh/a/"], "") != site_lock_key(["http://gov.test/xzqh/b/"], "")
    assert same.startswith("gov.test-")


def test_a_failed_webhook_is_one_whole_chinese_warning(capsys):
    import socket

    from inspector.notify import send

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there: connection refused
    assert send({"webhook": f"http://127.0.0.1:{port}/hook", "kind": "wecom"}, "测试") is False
    err = capsys.readouterr().err.strip()
    assert err == "警告：通知发送失败（无法连接通知地址），扫描结果不受影响"
