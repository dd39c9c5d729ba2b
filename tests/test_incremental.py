"""--incremental: a re-scan reuses the problem-free articles of the last scan, finds the same
problems, and still sees a fix on a page that had one."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from inspector.config import SHANGHAI
from inspector.demo_site.server import WWW_DIR, DemoServer
from inspector.incremental import plan
from inspector.model import Finding, Page
from inspector.store import History, decode_record
from inspector.urls import is_search_url

PAGE = "xwdt/gzdt/202112/t20211228_1050.html"


@pytest.mark.slow
def test_incremental_rescan_reuses_clean_pages_and_sees_fixes(tmp_path):
    root = tmp_path / "www"
    shutil.copytree(WWW_DIR, root)
    server = DemoServer(root=root).start()

    def scan(out, *flags):
        result = subprocess.run(
            [sys.executable, "-m", "inspector", "scan", server.base_url, "--as-of", "2021-12-31", "--fast", "--no-a11y",
             "--no-external", "--out", out, "--db", "h.sqlite3", "--format", "json", *flags],
            cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert result.returncode == 1, result.stderr
        return json.loads((tmp_path / out / "findings.json").read_text(encoding="utf-8"))

    try:
        full = scan("o1")
        again = scan("o2", "--incremental")
        page = root / PAGE
        page.write_text(page.read_text(encoding="utf-8").replace("再接再励", "再接再厉"), encoding="utf-8")
        fixed = scan("o3", "--incremental")
    finally:
        server.stop()
    assert "incremental" not in full["stats"]
    assert again["stats"]["incremental"]["reused_pages"] >= 100
    # The same pages but for the site-search walk, which is endless: which of its pages fall under
    # the trap guard's limits depends on the order links were found in (reused pages come back at
    # once, fetched ones later), on one machine too (380 or 382 pages for the same full scan, as
    # in tests/test_distributed_e2e.py). A reused walk ends near where the full scan's ended.
    first, second = scanned_urls(tmp_path / "h.sqlite3", 1), scanned_urls(tmp_path / "h.sqlite3", 2)
    assert {u for u in second if not is_search_url(u)} == {u for u in first if not is_search_url(u)}
    walked = [sum(map(is_search_url, urls)) for urls in (first, second)]
    assert walked[0] > 50 and abs(walked[1] - walked[0]) <= walked[0] // 10, walked
    assert {f["id"] for f in again["findings"]} == {f["id"] for f in full["findings"]}
    reused = reused_pages(tmp_path / "h.sqlite3", scan_id=2)
    assert any("/search" in url for url, _ in reused)                  # the site-search walk is reused
    assert not [url for url, kind in reused if kind in ("home", "channel") or (kind == "list" and "/search" not in url)]
    assert [c["status"] for c in again["columns"]] == [c["status"] for c in full["columns"]]
    assert [(f["rule"], f["evidence"]) for f in fixed["history"]["fixed"]] == [("text.typo", "再接再励")]


def scanned_urls(db, scan_id: int) -> list[str]:
    history = History(db)
    try:
        return list(history.page_urls(scan_id))
    finally:
        history.close()


def reused_pages(db, scan_id: int) -> list[tuple[str, str]]:
    history = History(db)
    try:
        return [(url, kind) for url, kind, data in history.db.execute(
            "SELECT url, kind, data FROM pages WHERE scan_id=?", (scan_id,)) if decode_record(data)["reused"]]
    finally:
        history.close()


def test_plan_needs_a_recent_full_scan_and_never_reuses_pages_with_findings(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    now = datetime(2021, 12, 31, 3, 0, tzinfo=SHANGHAI)
    assert plan(history, "站", 2021, 7, now).source_scan is None
    scan_id = history.start_scan("站", ["http://gov.test/"], "2021-12-31", (now - timedelta(hours=1)).isoformat(),
                                 "o", {"incremental": False})
    for name in ("clean", "typo"):
        url = f"http://gov.test/{name}.html"
        history.add_page(scan_id, Page(url=url, final_url=url, status=200, kind="article"))
    history.add_page(scan_id, Page(url="http://gov.test/list/", final_url="http://gov.test/list/", status=200,
                                   kind="list"))
    search = "http://gov.test/search?q=%E9%80%9A%E7%9F%A5&page=2"
    history.add_page(scan_id, Page(url=search, final_url=search, status=200, kind="list"))
    history.save_findings(scan_id, [Finding(rule="text.typo", severity="error", url="http://gov.test/typo.html",
                                            message="m", evidence="布署")])
    history.finish_scan(scan_id, "complete", now.isoformat(), {})
    reuse = plan(history, "站", 2021, 7, now)
    assert reuse.source_scan == scan_id and set(reuse.urls.values()) == {"http://gov.test/clean.html", search}
    assert reuse.load(history, "http://gov.test/clean.html").kind == "article"
    assert plan(history, "站", 2021, 7, now + timedelta(days=8)).source_scan is None   # no full scan in 7 days
    assert plan(history, "站", 2022, 7, now).source_scan is None                       # a new year
    history.close()
