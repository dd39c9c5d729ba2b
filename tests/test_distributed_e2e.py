"""End to end on one real Redis: `inspector fleet --redis` coordinates two sample sites on two
loopback addresses, two `inspector worker` processes crawl them, one worker is killed (SIGKILL)
while it holds requests, and the other finishes its work. Each site's findings equal a
single-machine scan of the same site made without rendering (workers do not render lists; both
say why such a list is unread, in their own words)."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from inspector.demo_site.server import DemoServer
from inspector.distributed.shared import SCHEDULED, inflight_key
from inspector.store import decode_record
from inspector.urls import is_search_url

from .pdf_only import PdfOnlyServer
from .redis_server import RedisServer
from .test_fleet_e2e import build_tiny_site

pytestmark = pytest.mark.slow

FAST = ["--no-a11y", "--no-external", "--fast", "--as-of", "2021-12-31"]
LEASE = "3"


def _findings(path) -> dict[str, dict]:
    return {f["id"]: f for f in json.loads(path.read_text(encoding="utf-8"))["findings"]}


def _worker(name: str, url: str, cwd, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "inspector", "worker", "--redis", url, "--fast", "--name", name,
                             "--lease-seconds", LEASE, *extra], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _coordinator(url: str, cwd, *extra: str) -> subprocess.Popen:
    """`inspector fleet --redis` over cwd's fleet.toml, into cwd/out and cwd/fleet.sqlite3."""
    return subprocess.Popen([sys.executable, "-m", "inspector", "fleet", "--config", "fleet.toml", "--redis", url,
                             "--out", "out", "--db", "fleet.sqlite3", *FAST, *extra], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    work = tmp_path_factory.mktemp("distributed")
    tiny = build_tiny_site(work / "tiny")
    redis_server = RedisServer()
    try:
        with DemoServer() as demo, DemoServer(host="127.0.0.2", root=tiny) as small:
            (work / "fleet.toml").write_text(f"""
[defaults.scan]
max_pages = 400
format = ["json", "html"]

[[sites]]
name = "云岭市数据资源管理局（示例）"
start_urls = ["{demo.base_url}"]

[[sites]]
name = "青山县小站"
start_urls = ["{small.base_url}"]
""", encoding="utf-8")
            coordinator = _coordinator(redis_server.url, work)
            doomed = _worker("doomed", redis_server.url, work)
            survivor = _worker("survivor", redis_server.url, work, "--once")
            client = redis_server.client
            held_at_kill = 0
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # kill the doomed worker mid-crawl, while it holds requests
                scheduled = int(client.hget(SCHEDULED, "1") or 0)
                held = client.hlen(inflight_key("doomed"))
                if scheduled >= 60 and held:
                    doomed.send_signal(signal.SIGKILL)
                    held_at_kill = held
                    break
                time.sleep(0.005)
            doomed.communicate(timeout=30)
            coordinator_out = coordinator.communicate(timeout=300)[0]
            survivor_out = survivor.communicate(timeout=60)[0]
            singles = {}
            for key, url in (("demo", demo.base_url), ("tiny", small.base_url)):
                singles[key] = subprocess.run(
                    [sys.executable, "-m", "inspector", "scan", url, "--out", f"single-{key}", "--db",
                     f"single-{key}.sqlite3", "--max-pages", "400", "--format", "json", "--no-render", *FAST],
                    check=False, cwd=work, capture_output=True, text=True, timeout=600)
    finally:
        redis_server.stop()
    return {"work": work, "coordinator": coordinator, "coordinator_out": coordinator_out, "survivor": survivor,
            "survivor_out": survivor_out, "held_at_kill": held_at_kill, "singles": singles}


def test_the_killed_worker_held_requests_that_went_back_to_the_queue(run):
    assert run["held_at_kill"] > 0, "the doomed worker was never seen holding a request"
    assert "doomed 已失联" in run["coordinator_out"], run["coordinator_out"]
    assert run["survivor"].returncode == 0, run["survivor_out"]  # --once: ends with the run


def test_fleet_finishes_with_outputs(run):
    assert run["coordinator"].returncode == 1, run["coordinator_out"]  # the demo site has veto findings
    summary = json.loads((run["work"] / "out" / "fleet.json").read_text(encoding="utf-8"))
    assert summary["unfinished"] == 0 and [s["finished"] for s in summary["sites"]] == [True, True]
    assert summary["sites"][0]["verdict"] == "fail"
    for slug in ("01-127.0.0.1", "02-127.0.0.2"):
        assert (run["work"] / "out" / slug / "report.html").exists()


def _pages(db, site_name: str) -> dict[str, int]:
    """URL → depth of the site's latest scan in a history database."""
    with sqlite3.connect(db) as conn:
        scan_id = conn.execute("SELECT max(id) FROM scans WHERE site=?", (site_name,)).fetchone()[0]
        rows = conn.execute("SELECT url, data FROM pages WHERE scan_id=?", (scan_id,)).fetchall()
    return {url: decode_record(data)["depth"] for url, data in rows}


def _comparable(path) -> dict[str, dict]:
    """Findings without what depends on each history (state, first seen)."""
    out = {}
    for fid, finding in _findings(path).items():
        extra = {k: v for k, v in (finding.get("extra") or {}).items() if k not in ("state", "first_seen")}
        skip = ("extra", "message") if finding["rule"] == "column.unreadable" else ("extra",)
        out[fid] = {**{k: v for k, v in finding.items() if k not in skip}, "extra": extra}
    return out


@pytest.mark.parametrize("key, slug, name", [("demo", "01-127.0.0.1", "云岭市数据资源管理局（示例）"),
                                             ("tiny", "02-127.0.0.2", "青山县小站")])
def test_findings_equal_a_single_machine_scan(run, key, slug, name):
    single = run["singles"][key]
    assert single.returncode in (0, 1), single.stdout + single.stderr
    mine = json.loads((run["work"] / "out" / slug / "findings.json").read_text(encoding="utf-8"))
    theirs = json.loads((run["work"] / f"single-{key}" / "findings.json").read_text(encoding="utf-8"))
    assert mine["verdict"] == theirs["verdict"]
    assert _comparable(run["work"] / "out" / slug / "findings.json") == \
        _comparable(run["work"] / f"single-{key}" / "findings.json")
    # The same pages, but for the sample site's endless search trap: which of its pages fall under
    # the depth limit depends on the order links were found in, on one machine too.
    distributed = _pages(run["work"] / "fleet.sqlite3", name)
    single_pages = _pages(run["work"] / f"single-{key}.sqlite3", theirs["site"]["name"])
    assert {u for u in distributed if not is_search_url(u)} == {u for u in single_pages if not is_search_url(u)}


def test_a_site_whose_start_page_is_not_html_says_why_in_the_summary(tmp_path):
    redis_server = RedisServer()
    try:
        with PdfOnlyServer() as pdf:
            (tmp_path / "fleet.toml").write_text(f'[[sites]]\nname = "只有PDF"\nstart_urls = ["{pdf.base_url}"]\n',
                                                 encoding="utf-8")
            coordinator = _coordinator(redis_server.url, tmp_path)
            worker = _worker("only", redis_server.url, tmp_path, "--once")
            coordinator_out = coordinator.communicate(timeout=120)[0]
            coordinator_out += "\n--- worker:\n" + worker.communicate(timeout=60)[0]
    finally:
        redis_server.stop()
    assert coordinator.returncode == 3, coordinator_out
    site = json.loads((tmp_path / "out" / "fleet.json").read_text(encoding="utf-8"))["sites"][0]
    assert not site["finished"] and "不是 HTML 页面" in site["stop_reason"], (site, coordinator_out)


def test_a_worker_running_other_code_takes_nothing_and_the_coordinator_says_so(tmp_path):
    """A machine left on another version (here: a copy of the package with one extraction file
    changed) must not crawl for the run: its pages could differ from a single-site scan's."""
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    other = tmp_path / "other-version"
    for package in ("inspector", "rules"):
        shutil.copytree(root / package, other / package, ignore=shutil.ignore_patterns("__pycache__"))
    with (other / "inspector" / "extract" / "page.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# changed on this machine only\n")
    redis_server = RedisServer()
    try:
        with DemoServer() as demo:
            (tmp_path / "fleet.toml").write_text(f'[[sites]]\nname = "示例"\nstart_urls = ["{demo.base_url}"]\n',
                                                 encoding="utf-8")
            coordinator = _coordinator(redis_server.url, tmp_path, "--site-timeout", "6")
            stale = _worker("stale", redis_server.url, other, "--once")  # `-m inspector` finds the copy first
            coordinator_out = coordinator.communicate(timeout=120)[0]
            stale_out = stale.communicate(timeout=60)[0]
    finally:
        redis_server.stop()
    assert coordinator.returncode == 3, coordinator_out  # nobody crawled: the site timed out
    assert "工作进程 stale 的 inspector 抓取代码版本" in coordinator_out, coordinator_out
    assert "不领取任务" in stale_out and "处理请求 0 个" in stale_out, stale_out
