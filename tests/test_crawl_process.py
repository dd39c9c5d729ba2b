"""The crawl's child process: signals reach it once, and a crawl that dies or is stopped still
ends in a report of what it had read (complete: false), never in a lost scan or an orphan."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class EndlessSite:
    """A slow site without end: /p/N links to /p/3N+1 … /p/3N+3, each page after 50 ms."""

    def __init__(self):
        self.served = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                time.sleep(0.05)
                number = int(self.path.rsplit("/", 1)[-1]) if self.path.startswith("/p/") else 0
                links = "".join(f'<li><a href="/p/{3 * number + k}">第{3 * number + k}号通知</a> 2021-11-0{k}</li>'
                                for k in (1, 2, 3))
                body = (f'<html><head><meta charset="utf-8"><title>通知公告 {number}</title></head>'
                        f"<body><h1>通知公告</h1><ul>{links}</ul><p>发布日期：2021-11-01</p></body></html>")
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                site.served += 1

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    endless = EndlessSite()
    yield endless
    endless.close()


def start_scan(site: EndlessSite, tmp_path: Path) -> subprocess.Popen:
    # A session of its own, as a terminal gives a command: Ctrl-C goes to its process group.
    return subprocess.Popen([sys.executable, "-m", "inspector", "scan", site.url, "--fast", "--no-a11y",
                             "--format", "json", "--out", "out", "--db", "h.sqlite3",
                             "--as-of", "2021-12-31"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def children_of(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            found.extend(int(c) for c in fh.read().split())
    return found


def crawl_child(scan: subprocess.Popen, site: EndlessSite, pages: int = 20) -> int:
    """The crawl's process, once it has fetched some pages."""
    deadline = time.monotonic() + 60
    while site.served < pages:
        assert scan.poll() is None, scan.communicate()
        assert time.monotonic() < deadline, "the crawl never got going"
        time.sleep(0.1)
    (child,) = children_of(scan.pid)
    return child


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def finish(scan: subprocess.Popen, tmp_path: Path) -> tuple[dict, str]:
    out, err = scan.communicate(timeout=120)
    assert "Traceback" not in err, err
    return json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8")), out


def test_ctrl_c_stops_the_crawl_once_and_the_pages_read_are_analysed(site, tmp_path):
    scan = start_scan(site, tmp_path)
    child = crawl_child(scan, site)
    os.killpg(scan.pid, signal.SIGINT)  # what the terminal does: the whole foreground group
    document, out = finish(scan, tmp_path)
    assert scan.returncode == 3
    assert document["complete"] is False
    assert document["stats"]["stop_reason"] == "被手动中断"
    assert document["stats"]["pages"] >= 20
    assert "抓取结束" in out and "扫描未完成" in out
    assert not alive(child)


def test_sigterm_to_the_scan_reaches_its_crawl(site, tmp_path):
    scan = start_scan(site, tmp_path)
    child = crawl_child(scan, site)
    scan.send_signal(signal.SIGTERM)  # a scheduler stopping the job: the parent only
    document, _ = finish(scan, tmp_path)
    assert scan.returncode == 3
    assert document["stats"]["stop_reason"] == "被手动中断"
    assert not alive(child)


def test_a_killed_crawl_is_reported_with_what_it_had_saved(site, tmp_path):
    scan = start_scan(site, tmp_path)
    child = crawl_child(scan, site, pages=40)
    time.sleep(2.5)  # the history commits every 50 pages or 2 seconds
    os.kill(child, signal.SIGKILL)
    document, out = finish(scan, tmp_path)
    assert scan.returncode == 3
    assert document["complete"] is False
    assert document["stats"]["stop_reason"] == "抓取进程意外终止（被信号 9 终止）"
    # The pipeline commits in batches: a killed crawl keeps what it had committed, not nothing.
    assert document["stats"]["pages"] > 0
    assert "扫描未完成" in out


def test_the_crawl_does_not_outlive_a_killed_scan(site, tmp_path):
    scan = start_scan(site, tmp_path)
    child = crawl_child(scan, site)
    scan.kill()
    scan.communicate(timeout=30)
    deadline = time.monotonic() + 30
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child)


@pytest.mark.parametrize("in_process", ["0", "1"])
def test_the_crawls_outcome_reaches_the_report_from_either_process(site, tmp_path, in_process):
    env = {**os.environ, "INSPECTOR_CRAWL_IN_PROCESS": in_process}
    result = subprocess.run([sys.executable, "-m", "inspector", "scan", site.url, "--fast", "--no-a11y",
                             "--max-pages", "30", "--format", "json", "--out", "out", "--db", "h.sqlite3",
                             "--as-of", "2021-12-31"], cwd=tmp_path, capture_output=True, text=True, env=env,
                            timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    document = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert document["stats"]["pages"] == 30
    assert document["stats"]["capped"] is True  # carried back from the crawl's process
    assert "已达页面上限 30" in result.stdout
