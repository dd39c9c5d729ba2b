"""A local site behind imitations of the web application firewalls government sites use: 加速乐's
521 cookie challenge, 创宇盾's 403 block page, 安全狗's 200 block page, 云锁's verify interstitial
and a plain 403 "访问被拦截". Stdlib ThreadingHTTPServer on 127.0.0.1, port 0."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HTML = "text/html; charset=utf-8"


def page(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{body}</body></html>").encode("utf-8")


# (status, extra headers, body) of each firewall's answer
JIASULE = (521, {"Server": "jsl", "Set-Cookie": "__jsluid_h=4f1b2c3d; max-age=31536000; path=/; HttpOnly"},
           b"<html><body><script>document.cookie=('_')+('_')+('jsl_clearance_s=1733100000.123|0|'+'abc%3D');"
           b"location.href=location.pathname+location.search</script></body></html>")
CHUANGYU = (403, {}, page("访问被拦截", '<div class="box"><h1>您的访问被拦截</h1><p>当前访问疑似黑客攻击，已被创宇盾拦截。</p>'
                                        '<p>事件ID：a1b2c3</p></div>'))
SAFEDOG = (200, {}, page("网站防火墙", '<div id="main"><img src="http://404.safedog.cn/images/safedogsite/head.png">'
                                    '<p>您的请求带有不合法参数，已被网站管理员设置拦截！</p><p>可能原因：您提交的内容包含危险的攻击请求</p></div>'))
YUNSUO = (200, {"Set-Cookie": "yunsuo_session_verify=8d7c6b5a; expires=Fri, 06-Dec-26 00:00:00 GMT; path=/"},
          b'<html><head><script>function stringToHex(s){return s}var screendate = "1920,1080";'
          b'self.location = "/a.html?security_verify_data=" + stringToHex(screendate);</script></head><body></body></html>')
GENERIC = (403, {}, page("403", "<h2>访问被拦截</h2><p>您的访问请求可能对网站造成安全威胁，请联系网站管理员。</p>"))


class WafSite:
    """`routes`: path → list of answers, the last one repeating (a challenge that persists, or a
    challenge followed by the page once the client slowed down)."""

    def __init__(self, routes: dict[str, list[tuple[int, dict, bytes]]]):
        self.routes = routes
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = urlsplit(self.path).path
                with site._lock:
                    n = site.hits[path] = site.hits.get(path, 0) + 1
                answers = site.routes.get(path) or [(404, {}, page("404", "<h1>页面不存在</h1>"))]
                status, headers, body = answers[min(n, len(answers)) - 1]
                self.send_response(status)
                self.send_header("Content-Type", HTML)
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
