"""A small local website with seeded link, hidden-link and personal-data problems, plus "other
hosts" on other loopback addresses (127.0.0.2 up, 127.0.0.3 down, 127.0.0.4 answering 403).
Stdlib ThreadingHTTPServer on port 0; used by tests/test_linkcheck_crawl.py."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

from tests.docs import make_docx, make_pdf, make_xlsx

GOOD_ID = "530102199001011231"
BAD_ID = "530102199001011232"
GOOD_ID_2 = "11010519491231002X"


def html(title: str, body: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>").encode("utf-8")


class Host:
    """One HTTP server; `routes` maps a decoded path to (status, content type, body[, headers])."""

    def __init__(self, ip: str, routes: dict, head_status: dict | None = None, default=None, delay: float = 0.0):
        self.routes = routes
        self.head_status = head_status or {}
        self.default = default or (404, "text/html; charset=utf-8", html("404", "<h1>404 Not Found</h1>"))
        self.delay = delay
        self.requests: list[tuple[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                host._serve(self, head=False)

            def do_HEAD(self):
                host._serve(self, head=True)

        self.server = ThreadingHTTPServer((ip, 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://{ip}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _serve(self, handler: BaseHTTPRequestHandler, head: bool) -> None:
        path = unquote(urlsplit(handler.path).path)
        with self._lock:
            self.requests.append((handler.command, path))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            status, ctype, body, *extra = self.routes.get(path, self.default)
            if head and path in self.head_status:
                status, body = self.head_status[path], b""
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body)))
            for key, value in (extra[0] if extra else {}).items():  # e.g. Content-Encoding
                handler.send_header(key, value)
            handler.end_headers()
            if not head:
                handler.wfile.write(body)
        finally:
            with self._lock:
                self.in_flight -= 1

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port(ip: str) -> int:
    """A port on `ip` where nothing listens (connection refused): a host that is down."""
    sock = socket.socket()
    sock.bind((ip, 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


HTML = "text/html; charset=utf-8"


def build() -> dict:
    """Start the four hosts; returns them with the URLs the tests expect."""
    ext = Host("127.0.0.2", {}, delay=0.05)
    blocked = Host("127.0.0.4", {}, default=(403, HTML, html("Forbidden", "<h1>403</h1>")))
    down = f"http://127.0.0.3:{closed_port('127.0.0.3')}"
    e = ext.base
    ext.routes.update({
        "/ok.html": (200, HTML, html("合作单位", "<p>" + "欢迎访问。" * 80 + "</p>")),
        "/soft.html": (200, HTML, html("页面不存在", "<p>您访问的页面不存在</p>")),
        "/nohead.zip": (200, "application/zip", b"PK\x03\x04" + b"0" * 100),
        **{f"/h/{i}": (200, HTML, html("x", "<p>" + "内容" * 200 + "</p>")) for i in range(12)},
        **{f"/many/{i}.html": (200, HTML, html("x", "<p>" + "内容" * 200 + "</p>")) for i in range(8)},
    })
    ext.head_status["/nohead.zip"] = 405

    hidden_body = "".join([
        f'<div style="display:none"><a href="{e}/h/0">博彩</a></div>',
        f'<div class="inj"><a href="{e}/h/1">六合彩资料</a></div>',
        f'<div style="position:absolute;left:-9999px"><a href="{e}/h/2">看这里</a></div>',
        f'<div style="font-size:0"><a href="{e}/h/3">看这里</a></div>',
        f'<div style="width:0;height:0;overflow:hidden"><a href="{e}/h/4">看这里</a></div>',
        f'<div style="color:#fff;background:#fff"><a href="{e}/h/5">看这里</a></div>',
        f'<marquee height="1" width="1" scrollamount="3000"><a href="{e}/h/6">看这里</a></marquee>',
        f'<div hidden><a href="{e}/h/7">看这里</a></div>',
        f'<div style="visibility:hidden"><a href="{e}/h/8">看这里</a></div>',
        f'<div style="opacity:0"><a href="{e}/h/9">看这里</a></div>',
        '<div class="tab" style="display:none"><a href="/news/2.html">通知公告（隐藏的标签页）</a></div>',
        # visible ones that look a little like the hidden ones
        f'<p><a href="{e}/h/10" style="color:#fff;background:#b3261e">白字红底</a></p>',
        f'<ul class="row"><li><a href="{e}/h/11">行内块</a></li></ul>',
        f'<marquee scrollamount="3"><a href="{e}/ok.html">滚动新闻</a></marquee>',
    ])
    hidden_css = "<style>.inj{display:none} ul.row{font-size:0} ul.row li{font-size:14px}</style>"

    site_routes = {
        "/": (200, HTML, html("测试局首页", "".join([
            '<ul><li><a href="/news/1.html">新闻一</a></li><li><a href="/news/2.html">新闻二</a></li>',
            '<li><a href="/hidden.html">专题</a></li><li><a href="/gs.html">公示</a></li>',
            '<li><a href="/missing.html">已删除的页面</a></li></ul>',
            '<img src="/img/ok.png" alt="标识"><img src="/img/broken.png" alt="坏图">',
            '<p><a href="/files/附件一.pdf">附件一</a> <a href="/files/名单.xlsx">名单</a> ',
            '<a href="/files/名单.docx">名单（Word）</a> <a href="/files/缺失附件.pdf">缺失附件</a> ',
            f'<a href="/files/{quote("说明.txt")}">说明</a> <a href="/files/big.pdf">大文件</a></p>',
            f'<p><a href="{e}/ok.html">合作单位</a> <a href="{e}/gone.html">已失效的外链</a> ',
            f'<a href="{e}/soft.html">软404外链</a> <a href="{e}/nohead.zip">不支持HEAD</a> ',
            f'<a href="{e}/skipme/x">跳过</a> <a href="{down}/">停机网站</a> <a href="{down}/other.html">停机网站二</a> ',
            f'<a href="{blocked.base}/blocked.html">拒绝爬虫</a></p>',
            "".join(f'<a href="{e}/many/{i}.html">外链{i}</a>' for i in range(8)),
        ]))),
        "/news/1.html": (200, HTML, html("新闻一", "<p>" + "正文内容。" * 60 + "</p>" + "".join([
            '<a href="/missing.html">相关阅读</a> <a href="/err500.html">出错的页面</a> ',
            '<a href="/zwgk/soft404.html">相关链接</a> <img src="/img/broken.png" alt="坏图"> ',
            f'<a href="{e}/gone.html">已失效的外链</a>',
        ]))),
        "/news/2.html": (200, HTML, html("新闻二", "<p>" + "正文内容。" * 60 + "</p>" +
                                         '<a href="/news/1.html">新闻一</a>')),
        "/hidden.html": (200, HTML, html("专题", "<p>" + "专题内容。" * 60 + "</p>" + hidden_body, hidden_css)),
        "/gs.html": (200, HTML, html("拟聘用人员公示", "<p>" + "现予以公示。" * 20 + "</p><table>"
                                     "<tr><th>姓名</th><th>身份证号码</th><th>联系电话</th></tr>"
                                     f"<tr><td>杨丽</td><td>{GOOD_ID}</td><td>13912345678</td></tr>"
                                     f"<tr><td>赵磊</td><td>{BAD_ID}</td><td>138****6621</td></tr>"
                                     "</table><p>监督电话：0871-63100010</p>")),
        "/err500.html": (500, HTML, html("服务器错误", "<h1>500 Internal Server Error</h1>")),
        "/zwgk/soft404.html": (200, HTML, html("页面不存在_测试局", "<p>很抱歉，您访问的页面不存在或已被删除！</p>")),
        "/img/ok.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
        "/files/附件一.pdf": (200, "application/pdf", make_pdf([f"ID {GOOD_ID}", f"wrong {BAD_ID}"])),
        "/files/名单.xlsx": (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            make_xlsx([["姓名", "身份证号码"], ["张三", GOOD_ID_2], ["李四", BAD_ID]])),
        "/files/名单.docx": (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            make_docx(["拟聘用人员名单"], [["姓名", "身份证号"], ["王五", GOOD_ID]])),
        "/files/说明.txt": (200, "text/plain; charset=utf-8", "报名人手机：13712345678\n".encode("utf-8")),
        "/files/big.pdf": (200, "application/pdf", make_pdf([f"ID {GOOD_ID}"]) + b"%" + b"0" * 200_000),
    }
    site = Host("127.0.0.1", site_routes)
    return {"site": site, "ext": ext, "blocked": blocked, "down": down}
