"""The bundled sample government site and its server (inspector/demo_site)."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.demo_site.server import DemoServer, start_demo_server

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server():
    srv = start_demo_server()
    yield srv
    srv.stop()


def get(srv: DemoServer, path: str, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def test_starts_on_a_free_port_and_serves_the_homepage(server):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.base_url)
    assert server.port != 0
    status, headers, body = get(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html"  # no charset: the page's <meta> decides
    text = body.decode("utf-8")
    assert '<meta name="SiteIDCode" content="5301000099">' in text
    assert "关怀版" in text and "无障碍" in text
    assert get(server, "/index.html")[2] == body


def test_context_manager_and_two_servers_at_once():
    with DemoServer() as a, DemoServer() as b:
        assert a.base_url != b.base_url
        assert get(a, "/xwdt/gzdt/")[0] == 200
        assert get(b, "/xwdt/gzdt/")[0] == 200


def test_latency_delays_every_answer():
    with DemoServer(latency=0.2) as slow:
        started = time.perf_counter()
        assert get(slow, "/no/such/page.html")[0] == 404
        assert get(slow, "/")[0] == 200
        assert time.perf_counter() - started >= 0.4


def test_404_page_has_status_404(server):
    status, headers, body = get(server, "/no/such/page.html")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert "页面不存在" in body.decode("utf-8")
    assert get(server, "/zwgk/zcwj/files/missing.pdf")[0] == 404
    assert get(server, "/_tpl/404.html")[0] == 404  # templates are not served
    assert get(server, "/../inspector/demo_site/server.py")[0] == 404


def test_soft_404_page_is_status_200(server):
    status, _, body = get(server, "/zwgk/tzgg/2021-06/30/content_3099.html")
    assert status == 200 and "页面不存在" in body.decode("utf-8")


def test_directory_without_slash_redirects(server):
    status, headers, _ = get(server, "/xwdt/gzdt")
    assert status == 301
    assert headers["Location"] == "/xwdt/gzdt/"


def test_content_types(server):
    assert get(server, "/images/style.css")[1]["Content-Type"] == "text/css"
    assert get(server, "/images/logo.png")[1]["Content-Type"] == "image/png"
    status, headers, body = get(server, "/zwgk/zcwj/files/2021-7.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-")


def test_gbk_column_header_charset(server):
    _, headers, _ = get(server, "/zwgk/zcwj/")
    assert headers["Content-Type"] == "text/html; charset=GBK"
    # the other GBK column declares its charset only in <meta http-equiv>
    _, headers, body = get(server, "/zwgk/rsxx/")
    assert headers["Content-Type"] == "text/html"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in body
    assert get(server, "/zwgk/tzgg/")[1]["Content-Type"] == "text/html"


def test_gbk_page_bytes(server):
    _, _, body = get(server, "/zwgk/zcwj/202110/t20211015_2006.html")
    assert b'<meta charset="gb2312">' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gb18030")
    assert "镕" in text and "堃" in text
    assert "关于印发《云岭市公共数据管理办法》的通知" in text


def test_calendar_trap_links_to_neighbour_months(server):
    _, _, body = get(server, "/hdjl/hdrl/?month=2021-12")
    text = body.decode("utf-8")
    assert 'href="?month=2022-01"' in text and 'href="?month=2021-11"' in text
    _, _, body = get(server, "/hdjl/hdrl/?month=1999-01")
    assert 'href="?month=1999-02"' in body.decode("utf-8")
    assert get(server, "/hdjl/hdrl")[0] == 301


def test_search_trap_links_to_next_page(server):
    status, _, body = get(server, "/search?q=%E6%95%B0%E6%8D%AE&page=7")
    text = body.decode("utf-8")
    assert status == 200
    assert "page=8" in text and "sort=date" in text
    assert re.search(r'href="/(xwdt|zwgk|art|hdjl|ztzl)/', text)  # results link into the site


def test_generator_output_is_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_demo_site.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
