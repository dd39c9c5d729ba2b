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


def post(srv: DemoServer, path: str, form: str):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    try:
        conn.request("POST", path, form, {"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


JCMS_FORM = "col=1&webid=1&path=/&columnid=1242&unitid=4321&permissiontype=0"
PROXY = "/module/web/jpage/dataproxy.jsp"


def test_jcms_column_page_holds_the_first_group_in_its_data_store(server):
    status, _, body = get(server, "/col/col1242/index.html")
    text = body.decode("utf-8")
    assert status == 200 and '<script type="text/xml">' in text and "<nextgroup><![CDATA[" in text
    assert text.count("<record>") == 15
    assert f"{PROXY}?page=1&webid=1&path=/&columnid=1242&unitid=4321" in text
    assert "art_1242_5806" not in text  # the seeded article is in a later group only


def test_dataproxy_answers_a_group_request_with_the_records_and_total(server):
    status, headers, body = post(server, f"{PROXY}?startrecord=31&endrecord=45&perpage=15", JCMS_FORM)
    text = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/xml")
    records = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", text, re.S)
    assert len(records) == 8  # 31 … 38
    assert "art_1242_5806" in records[2]  # record 33
    assert "<totalrecord>38</totalrecord>" in text and "<totalpage>3</totalpage>" in text
    # The same request as a GET with the form fields in the query string (the crawler's fallback).
    status, _, again = get(server, f"{PROXY}?startrecord=31&endrecord=45&perpage=15&{JCMS_FORM}")
    assert status == 200 and again == body
    # Past the end: an empty record set, the total still given.
    _, _, past = post(server, f"{PROXY}?startrecord=46&endrecord=60&perpage=15", JCMS_FORM)
    assert b"<record>" not in past and b"<totalrecord>38</totalrecord>" in past


def test_dataproxy_without_the_column_fields_is_an_error(server):
    assert post(server, f"{PROXY}?startrecord=16&endrecord=30&perpage=15", "col=1")[0] == 500
    assert post(server, f"{PROXY}?startrecord=16&endrecord=30", JCMS_FORM.replace("4321", "9999"))[0] == 500
    assert get(server, f"{PROXY}?startrecord=16&endrecord=30&perpage=15")[0] == 500
    assert post(server, "/index.html", "a=1")[0] == 405


def test_trs_column_pages_are_shtml_and_named_only_by_the_pager_script(server):
    status, headers, body = get(server, "/zwgk/gsgg/")
    assert status == 200 and headers["Content-Type"] == "text/html"
    text = body.decode("utf-8")
    assert 'createPageHTML(3, 0, "index", "shtml");' in text and "index_1.shtml" not in text
    assert 'document.write("2021-12-15 09:30:00".substring(0,10));' in text
    status, _, last = get(server, "/zwgk/gsgg/index_2.shtml")
    assert status == 200 and b"var countPage = 3;" in last and b"t20210921_3204.shtml" in last
    assert get(server, "/zwgk/gsgg/index_3.shtml")[0] == 404


def test_script_fed_column_is_an_empty_list_and_json_pages(server):
    text = get(server, "/zwgk/zwxx/")[2].decode("utf-8")
    assert '<ul class="list" id="zwxx-list"></ul>' in text and "fetch(" in text and ">下一页</button>" in text
    import json

    first, second = (json.loads(get(server, f"/zwgk/zwxx/data/list_{n}.json")[2]) for n in (1, 2))
    assert (first["pages"], len(first["list"]), len(second["list"])) == (2, 10, 8)
    assert first["list"][0]["pubDate"] == "2021-12-30"
    assert any(item["url"].endswith("t20211109_3305.html") for item in second["list"])
    assert get(server, "/zwgk/zwxx/data/list_1.json")[1]["Content-Type"] == "application/json"
