"""--http-cache: a re-scan asks the server whether each page changed; unchanged pages come back
as 304 from the cache, a changed page is fetched again and judged as it is now. A page whose
bytes are the same as last time is not parsed again: last time's record of it is taken."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from inspector.demo_site.server import WWW_DIR, DemoServer
from inspector.httpcache import RevalidatedStorage
from inspector.store import decode_record
from inspector.urls import is_search_url

PAGE = "xwdt/gzdt/202112/t20211228_1050.html"


def _pages(db, scan_id: int) -> dict[str, int]:
    """URL → depth of one scan's pages."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, data FROM pages WHERE scan_id=?", (scan_id,))
        return {url: decode_record(data)["depth"] for url, data in rows.fetchall()}


def _list_parts(db, scan_id: int) -> set[str]:
    """URLs of one scan's records that continue another page's list (data-store groups)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, data FROM pages WHERE scan_id=?", (scan_id,))
        return {url for url, data in rows.fetchall() if decode_record(data)["list_of"] is not None}


def _shallow(pages: dict[str, int]) -> set[str]:
    """The pages outside the sample site's endless search trap: which of the trap's pages fall
    under the depth limit depends on the order links were found in, scan by scan."""
    return {url for url in pages if not is_search_url(url)}


@pytest.mark.slow
def test_rescan_revalidates_and_sees_a_changed_page(tmp_path):
    root = tmp_path / "www"
    shutil.copytree(WWW_DIR, root)
    server = DemoServer(root=root).start()

    def scan(out):
        result = subprocess.run(
            [sys.executable, "-m", "inspector", "scan", server.base_url, "--as-of", "2021-12-31", "--fast",
             "--no-a11y", "--no-external", "--http-cache", "--out", out, "--db", "h.sqlite3", "--format", "json"],
            cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert result.returncode == 1, result.stderr
        return json.loads((tmp_path / out / "findings.json").read_text(encoding="utf-8"))

    try:
        first = scan("o1")
        page = root / PAGE
        page.write_text(page.read_text(encoding="utf-8").replace("再接再励", "再接再厉"), encoding="utf-8")
        second = scan("o2")
        third = scan("o3")
    finally:
        server.stop()
    assert first["stats"]["http_cache"]["unchanged_304"] == 0
    assert first["stats"]["unchanged_pages"] == 0
    cache = second["stats"]["http_cache"]
    assert cache["unchanged_304"] >= 150      # the static pages came back unchanged
    assert cache["fetched"] >= 1              # the edited page (and the dynamic traps) were fetched in full
    assert [(f["rule"], f["evidence"]) for f in second["history"]["fixed"]] == [("text.typo", "再接再励")]
    pages = {scan: _pages(tmp_path / "h.sqlite3", scan) for scan in (1, 2, 3)}
    assert _shallow(pages[2]) == _shallow(pages[1]) and _shallow(pages[3]) == _shallow(pages[1])
    # Pages fetched with the same bytes as last time take last time's record; the edited one is parsed.
    assert 150 <= second["stats"]["unchanged_pages"] < second["stats"]["pages"]
    # Data-store groups (dataproxy.jsp answers to POST) are read afresh: they are not pages with a cache entry.
    parts = _list_parts(tmp_path / "h.sqlite3", 3)
    assert parts and third["stats"]["unchanged_pages"] == len((set(pages[3]) & set(pages[2])) - parts)
    assert third["stats"]["unchanged_pages"] >= len(_shallow(pages[1]) - parts)
    assert first["stats"]["unchanged_attachments"] == 0 and third["stats"]["unchanged_attachments"] >= 1
    assert {f["id"] for f in third["findings"]} == {f["id"] for f in second["findings"]}
    assert [c["status"] for c in third["columns"]] == [c["status"] for c in first["columns"]]


@pytest.mark.slow
def test_a_server_that_is_down_is_unreachable_not_answered_from_the_cache(tmp_path):
    server = DemoServer().start()
    url = server.base_url

    def scan(out):
        result = subprocess.run(
            [sys.executable, "-m", "inspector", "scan", url, "--as-of", "2021-12-31", "--fast", "--no-a11y",
             "--no-external", "--http-cache", "--out", out, "--db", "h.sqlite3", "--format", "json"],
            cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert result.returncode == 1, result.stderr
        return json.loads((tmp_path / out / "findings.json").read_text(encoding="utf-8"))

    try:
        first = scan("o1")
    finally:
        server.stop()
    down = scan("o2")
    assert "site.unreachable" not in {f["rule"] for f in first["findings"]}
    assert "site.unreachable" in {f["rule"] for f in down["findings"]}
    assert down["stats"]["pages"] == 1 and down["stats"]["unchanged_pages"] == 0


def test_a_304_rewrites_the_entry_headers_not_the_body(tmp_path):
    crawler = get_crawler(scrapy.Spider, {"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})
    spider = scrapy.Spider("site")
    spider.crawler = crawler
    storage = RevalidatedStorage(crawler.settings)
    storage.open_spider(spider)
    request = scrapy.Request("http://gov.test/a.html")
    storage.store_response(spider, request, HtmlResponse(request.url, body="<p>通知</p>".encode(),
                                                         headers={"ETag": '"v1"', "Date": "Fri, 31 Dec 2021"}))
    cached = storage.retrieve_response(spider, request)
    cached.flags.append("cached")                       # as HttpCacheMiddleware marks it
    cached.headers["Date"] = "Sat, 01 Jan 2022"         # freshened from the 304
    storage.store_response(spider, request, cached.replace(body=b"never written"))
    again = storage.retrieve_response(spider, request)
    assert again.body == "<p>通知</p>".encode()           # the confirmed body stays as it was
    assert again.headers["Date"] == b"Sat, 01 Jan 2022" and again.headers["ETag"] == b'"v1"'
