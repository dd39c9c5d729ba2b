"""A local county website built the way real CMS platforms publish (shared/spec/cms-patterns.md),
for end-to-end scans: a 大汉 JCMS column whose records come from an inline data store and from
dataproxy.jsp (POST only), a second JCMS column whose proxy answers GET only, an empty JCMS
column, a TRS column paged by createPageHTML with dates written by document.write, two
script-fed columns (two fill from a JSON API with a script 下一页 button, one of them from an
address put together at run time that only a browser finds; one whose API has no rows), an undated list, a placeholder column and a one-line notice. Seeded text problems sit on
articles that only the data store, the pager script, the API or a browser render reach. Stdlib server on port 0.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

AS_OF = date(2022, 7, 1)
SERIOUS = "中华人民共合国"  # text.serious: on the JCMS article reached only through dataproxy.jsp
TYPO = "再接再励"  # text.typo: on a TRS article listed only on index_4.shtml
FORMULA = "扫黑险恶"  # text.serious: on an API article listed only on the API's second page
GET_ONLY_SERIOUS = "中共人民共和国"  # on the GET-only JCMS column's last group
NOTICE_SERIOUS = "中华人民大和国"  # on a one-line notice page
RENDER_ONLY = "两岸三地"  # text.serious: on an article of the list whose endpoint only a browser finds

JCMS_TOTAL, JCMS_INLINE, JCMS_GROUP = 40, 15, 15
GET_TOTAL, GET_INLINE = 12, 5
TRS_PAGES, TRS_PER_PAGE = 5, 6
API_ROWS = [12, 8]  # rows on the API's page 1 and 2


def _page(title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_青山县人民政府</title>{head}</head>'
            f'<body><div class="header"><a href="/">首页</a> {MENU}</div>{body}'
            f'<div class="footer">青山县人民政府办公室主办</div></body></html>')


MENU = ('<ul class="nav"><li><a href="/col/col1234/index.html">通知公告</a></li><li><a href="/col/col88/index.html">政策文件</a></li>'
        '<li><a href="/col/col55/index.html">人事信息</a></li><li><a href="/zwgk/gzdt/index.shtml">工作动态</a></li>'
        '<li><a href="/zcjd/">政策解读</a></li><li><a href="/gfxwj/">规范性文件</a></li><li><a href="/tjsj/">统计数据</a></li>'
        '<li><a href="/ghjh/">规划计划</a></li><li><a href="/bmwj/">部门文件</a></li>'
        '<li><a href="/xxgkml/">信息公开目录</a></li></ul>')


def _crumb(name: str, url: str) -> str:
    return f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="{url}">{name}</a></div>'


def _article(title: str, when: date, text: str) -> str:
    return _page(title, f'<div class="content"><h1>{title}</h1><p>发布时间：{when.isoformat()}</p>'
                        f'<div class="zoom"><p>{text}</p><p>{"全县各部门认真贯彻落实，确保各项工作落到实处。" * 5}</p></div></div>',
                 head=f'<meta name="PubDate" content="{when.isoformat()} 09:00">')


@dataclass
class CmsSite:
    articles: dict[str, str] = field(default_factory=dict)  # path → HTML of every article page
    seeded: dict[str, str] = field(default_factory=dict)  # seeded text → the path of the page holding it
    by_column: dict[str, list[str]] = field(default_factory=dict)  # column path → its article paths
    requests: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.jcms = self._records("/art/2022/{m}/{d}/art_1234_{n}.html", JCMS_TOTAL, "关于{n}号工作事项的通知", "col1234")
        self.jcms_get = self._records("/art/2022/{m}/{d}/art_88_{n}.html", GET_TOTAL, "青山县第{n}号规范性文件", "col88")
        self.trs = self._records("/zwgk/gzdt/2022{m:02d}/t2022{m:02d}{d:02d}_{n}.shtml", TRS_PAGES * TRS_PER_PAGE,
                                 "全县第{n}项重点工作推进会召开", "gzdt")
        self.api = self._records("/zcjd/2022{m:02d}/t{n}.html", sum(API_ROWS), "第{n}号政策文件解读", "zcjd")
        self.undated = self._records("/tjsj/a{n}.html", 3, "2022年第{n}期经济运行情况", "tjsj")
        self.bmwj = self._records("/bmwj/2022{m:02d}/w{n}.html", sum(API_ROWS), "部门第{n}号文件", "bmwj")
        self._seed(SERIOUS, self.jcms[-3][0])  # in the third data-store group
        self._seed(GET_ONLY_SERIOUS, self.jcms_get[-1][0])
        self._seed(TYPO, self.trs[4 * TRS_PER_PAGE + 1][0])  # listed on index_4.shtml only
        self._seed(FORMULA, self.api[API_ROWS[0] + 2][0])  # on the API's second page only
        self._seed(RENDER_ONLY, self.bmwj[API_ROWS[0] + 1][0])  # second page of a list only a browser finds
        self.seeded[NOTICE_SERIOUS] = "/tzgg/notice.html"

    def _records(self, pattern: str, count: int, title: str, column: str) -> list[tuple[str, str, date]]:
        rows = []
        for n in range(1, count + 1):
            when = AS_OF - timedelta(days=2 * n)
            path = pattern.format(m=when.month, d=when.day, n=n)
            name = title.format(n=n)
            self.articles[path] = _article(name, when, f"{name}。会议要求，各单位要提高站位，压实责任。")
            rows.append((path, name, when))
        self.by_column[column] = [r[0] for r in rows]
        return rows

    def _seed(self, text: str, path: str) -> None:
        self.articles[path] = self.articles[path].replace("会议要求，", f"会议要求，{text}，")
        self.seeded[text] = path

    # -- pages ---------------------------------------------------------------------------------
    def home(self) -> str:
        items = "".join(f'<li><a href="{p}">{t}</a><span>{w.isoformat()}</span></li>' for p, t, w in self.jcms[:6])
        return _page("首页", f'<div class="block"><h2>通知公告</h2><a href="/col/col1234/index.html">更多</a>'
                            f'<ul>{items}</ul></div><p><a href="/tzgg/notice.html">停电通知</a></p>')

    def jcms_column(self) -> str:
        records = "".join(_record(p, t, w) for p, t, w in self.jcms[:JCMS_INLINE])
        return _page("通知公告", _crumb("通知公告", "/col/col1234/index.html") + (
            '<div id="4321"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
            'dataproxy.jsp?page=1&webid=1&path=/&columnid=1234&unitid=4321&webname=%E9%9D%92%E5%B1%B1&permissiontype=0">'
            f'</a>]]></nextgroup><recordset>{records}</recordset></datastore></script></div>'
            '<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>'
            f"<script>$('#4321').jpage({{ dataStore: dataStore, totalRecord: {JCMS_TOTAL}, perPage: 15 }});</script>"),
            head='<meta name="ColumnName" content="通知公告">')

    def jcms_get_column(self) -> bytes:
        rows = "".join(f"<record><![CDATA[<tr><td><a href='{p}'>{t}</a></td><td>{w.year}年{w.month:02d}月{w.day:02d}日</td>"
                       f"</tr>]]></record>" for p, t, w in self.jcms_get[:GET_INLINE])
        html = _page("政策文件", _crumb("政策文件", "/col/col88/index.html") + (
            f"<div id='u88'><script type='text/xml'><datastore><totalrecord>{GET_TOTAL}</totalrecord>"
            f"<recordset>{rows}</recordset></datastore></script></div>"
            "<script>var pager = new Pager({ unitid: 'u88', col: 1, appid: 1, webid: 2, path: '/', columnid: 88, "
            f"perpage: {GET_INLINE}, proxyUrl: '/module/jslib/jpage/dataproxy.jsp' }});</script>"), charset="gbk")
        return html.encode("gbk")

    def jcms_empty_column(self) -> str:
        return _page("人事信息", _crumb("人事信息", "/col/col55/index.html") + (
            '<div id="5555"><script type="text/xml"><datastore><recordset></recordset></datastore></script></div>'
            "<script>$('#5555').jpage({ totalRecord: 0, perPage: 15 });</script>"))

    def trs_page(self, n: int) -> str:
        rows = self.trs[n * TRS_PER_PAGE:(n + 1) * TRS_PER_PAGE]
        items = "".join(f'<li><a href=".{p.removeprefix("/zwgk/gzdt")}">{t}</a><span><script>document.write('
                        f'"{w.isoformat()} 10:20:00".substring(0,10));</script></span></li>' for p, t, w in rows)
        return _page("工作动态", _crumb("工作动态", "/zwgk/gzdt/index.shtml") + f'<ul class="list">{items}</ul>'
                     f'<div class="page"><script>var countPage = {TRS_PAGES}//共多少页\nvar currentPage = {n};\n'
                     'createPageHTML(countPage, currentPage, "index", "shtml");</script></div>')

    def script_column(self, api: str, name: str, url: str, hidden_endpoint: bool = False) -> str:
        # hidden_endpoint: the address is put together at run time, so only a browser finds it
        call = f"fetch(apiBase() + '{api}?page=' + n)" if hidden_endpoint else f"fetch('{api}?page=' + n)"
        return _page(name, _crumb(name, url) + (
            '<ul id="list" class="news-list"></ul><div class="pager"><span id="next" style="cursor:pointer">下一页</span></div>'
            "<script>var page = 1; function apiBase() { return location.protocol + '//' + location.host; }\n"
            "function load(n) { " + call + ".then(function (r) { return r.json(); }).then(function (d) {"
            " var ul = document.getElementById('list'); ul.innerHTML = '';"
            " (d.data || d).rows.forEach(function (row) { var li = document.createElement('li');"
            " li.innerHTML = '<a href=\"' + row.url + '\">' + row.title + '</a><span>' + (row.pubDate || row.date) + '</span>'; ul.appendChild(li); });"
            " }); }\n"
            "document.getElementById('next').onclick = function () { if (page < 2) { page++; load(page); } };\n"
            "load(1);</script>"))

    def api_answer(self, records: list, page: int) -> bytes:
        start = sum(API_ROWS[:page - 1])
        rows = records[start:start + API_ROWS[page - 1]] if 1 <= page <= len(API_ROWS) else []
        return json.dumps({"code": 200, "data": {"total": len(records), "rows": [
            {"title": t, "url": p, "pubDate": f"{w.isoformat()} 10:00:00"} for p, t, w in rows]}},
            ensure_ascii=False).encode("utf-8")

    def undated_column(self) -> str:
        items = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t, _ in self.undated)
        return _page("统计数据", _crumb("统计数据", "/tjsj/") + f'<ul class="list">{items}</ul>')

    def proxy(self, records: list, query: dict, form: dict) -> bytes:
        start = int((query.get("startrecord") or ["1"])[0])
        end = int((query.get("endrecord") or [str(start + 14)])[0])
        chosen = records[start - 1:end]
        if records is self.jcms_get:
            body = "".join(f"<record><![CDATA[<tr><td><a href='{p}'>{t}</a></td><td>{w.isoformat()}</td></tr>]]></record>"
                           for p, t, w in chosen)
        else:
            body = "".join(_record(p, t, w) for p, t, w in chosen)
        return (f"<?xml version='1.0' encoding='utf-8'?><datastore><totalrecord>{len(records)}</totalrecord>"
                f"<recordset>{body}</recordset></datastore>").encode("utf-8")

    def route(self, method: str, path: str, query: dict, form: dict) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        if path == "/module/web/jpage/dataproxy.jsp":
            if method != "POST" or form.get("columnid") != ["1234"] or form.get("col") != ["1"]:
                return 405, html, b"<html><body>method not allowed</body></html>"
            return 200, "text/xml; charset=utf-8", self.proxy(self.jcms, query, form)
        if path == "/module/jslib/jpage/dataproxy.jsp":
            if method != "GET" or query.get("columnid") != ["88"]:
                return 405, html, b"<html><body>method not allowed</body></html>"
            return 200, "text/xml; charset=utf-8", self.proxy(self.jcms_get, query, form)
        if path.endswith(".js"):  # the platform's own scripts (jpage.js): present, never run here
            return 200, "application/javascript", b"/* jpage */"
        if path.startswith("/api/"):
            if path == "/api/empty":
                return 200, "application/json", json.dumps({"total": 0, "rows": []}).encode()
            rows = self.bmwj if path == "/api/bmwj" else self.api
            return 200, "application/json", self.api_answer(rows, int((query.get("page") or ["1"])[0]))
        pages = {
            "/": self.home, "/col/col1234/index.html": self.jcms_column, "/col/col55/index.html": self.jcms_empty_column,
            "/zcjd/": lambda: self.script_column("/api/zcjd", "政策解读", "/zcjd/"),
            "/gfxwj/": lambda: self.script_column("/api/empty", "规范性文件", "/gfxwj/", hidden_endpoint=True),
            "/xxgkml/": lambda: self.script_column("/api/empty", "信息公开目录", "/xxgkml/"),
            "/bmwj/": lambda: self.script_column("/api/bmwj", "部门文件", "/bmwj/", hidden_endpoint=True),
            "/tjsj/": self.undated_column,
            "/ghjh/": lambda: _page("规划计划", _crumb("规划计划", "/ghjh/") + '<div class="list">暂无信息</div>'),
            "/tzgg/notice.html": lambda: _page("停电通知", f'<div class="main"><p>依据{NOTICE_SERIOUS}电力法，7月3日停电。</p></div>'),
        }
        if path == "/col/col88/index.html":
            return 200, "text/html; charset=gbk", self.jcms_get_column()
        if path in pages:
            return 200, html, pages[path]().encode("utf-8")
        if path == "/zwgk/gzdt/index.shtml":
            return 200, html, self.trs_page(0).encode("utf-8")
        for n in range(1, TRS_PAGES):
            if path == f"/zwgk/gzdt/index_{n}.shtml":
                return 200, html, self.trs_page(n).encode("utf-8")
        if path in self.articles:
            return 200, html, self.articles[path].encode("utf-8")
        return 404, html, _page("页面不存在", "<p>页面不存在</p>").encode("utf-8")


def _record(path: str, title: str, when: date) -> str:
    return (f'<record><![CDATA[<li><a href="{path}" title="{title}" target="_blank">{title}</a>'
            f'<span>{when.isoformat()}</span></li>]]></record>')


class Server:
    def __init__(self, site: CmsSite):
        self.site = site

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self._answer("GET", b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self._answer("POST", self.rfile.read(length))

            def _answer(self, method: str, body: bytes):
                parts = urlsplit(self.path)
                site.requests.append((method, parts.path))
                status, ctype, data = site.route(method, parts.path, parse_qs(parts.query),
                                                 parse_qs(body.decode("utf-8", "replace")))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
