"""A fake WeChat on 127.0.0.1 (stdlib ThreadingHTTPServer, port 0): the official API (token,
freepublish/batchget, freepublish/getarticle) and article pages in the mp.weixin.qq.com shape.

Switches for the failure cases: a wrong AppID/AppSecret (40013/40001), this IP not whitelisted
(40164), a rate limit on the first list call (45009), an expired token on a later call (42001).
`requests` records every request (method, path, query, JSON body) for the tests to inspect.
"""
from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from inspector.config import SHANGHAI

APPID = "wxf00dfacecafe0001"
SECRET = "Zq9vS3cr3tLr2Tt5pW8x"  # distinctive, so a leak is easy to grep for
BIZ = "MzI0NTYwMDAwMQ=="
ACCOUNT = "云岭数据"


def ts(text: str) -> int:
    """Unix seconds of a Beijing time 'YYYY-MM-DD HH:MM'."""
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI).timestamp())


@dataclass
class FakeArticle:
    mid: int
    idx: int
    title: str
    body: str  # HTML of #js_content
    ct: int
    page: str = "ok"  # ok / deleted / blocked
    in_api: bool = True
    api_deleted: bool = False
    url_in_api: bool = True  # False: batchget leaves the url out, getarticle gives it
    short: str | None = None  # /s/<short> also serves this article


class FakeWechat:
    def __init__(self, articles: list[FakeArticle], *, rate_limit_once: bool = False, expire_once: bool = False,
                 ip_blocked: bool = False, account: str = ACCOUNT):
        self.articles = articles
        self.account = account
        self.rate_limit_once = rate_limit_once
        self.expire_once = expire_once
        self.ip_blocked = ip_blocked
        self.requests: list[tuple[str, str, dict, dict]] = []
        self.tokens: list[str] = []
        self.list_calls = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                fake._serve(self, "GET")

            def do_POST(self):
                fake._serve(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # URLs ------------------------------------------------------------------------------------
    def url(self, a: FakeArticle, extra: str = "") -> str:
        return f"{self.base}/s?__biz={BIZ}&mid={a.mid}&idx={a.idx}&sn=5e{a.mid:04d}{a.idx}&chksm=ab12cd{extra}#rd"

    def short_url(self, a: FakeArticle) -> str:
        return f"{self.base}/s/{a.short}"

    # serving ---------------------------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        body: dict = {}
        if method == "POST":
            raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                body = {"_raw": raw.decode("utf-8", "replace")}
        with self._lock:
            self.requests.append((method, parts.path, query, body))
        if parts.path == "/cgi-bin/token":
            return self._json(handler, self._token(query))
        if parts.path.startswith("/cgi-bin/freepublish/"):
            return self._json(handler, self._api(parts.path.rsplit("/", 1)[-1], query, body))
        article = self._article_for(parts.path, query)
        if article is not None:
            return self._send(handler, 200, "text/html; charset=utf-8", self._page(article))
        if parts.path == "/ok.html":
            return self._send(handler, 200, "text/html; charset=utf-8",
                              "<html><head><title>办事指南</title></head><body><p>办事指南正文</p></body></html>")
        return self._send(handler, 404, "text/html; charset=utf-8", "<html><body><h1>404 Not Found</h1></body></html>")

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, content_type: str, text: str) -> None:
        data = text.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _json(self, handler: BaseHTTPRequestHandler, payload: dict) -> None:
        # The real API answers errors with HTTP 200 and an errcode in the JSON.
        self._send(handler, 200, "application/json; encoding=utf-8", json.dumps(payload, ensure_ascii=False))

    def _token(self, query: dict) -> dict:
        if self.ip_blocked:
            return {"errcode": 40164, "errmsg": "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist rid: 1"}
        if query.get("grant_type") != "client_credential" or query.get("appid") != APPID:
            return {"errcode": 40013, "errmsg": "invalid appid rid: 2"}
        if query.get("secret") != SECRET:
            return {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest rid: 3"}
        with self._lock:
            token = f"TOKEN{len(self.tokens) + 1}x81f2c0d9"
            self.tokens.append(token)
        return {"access_token": token, "expires_in": 7200}

    def _api(self, name: str, query: dict, body: dict) -> dict:
        if not self.tokens or query.get("access_token") != self.tokens[-1]:
            return {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest rid: 4"}
        if name == "batchget":
            with self._lock:
                self.list_calls += 1
                call = self.list_calls
            if self.rate_limit_once and call == 1:
                return {"errcode": 45009, "errmsg": "reach max api daily quota limit rid: 5"}
            if self.expire_once and call == 3:
                return {"errcode": 42001, "errmsg": "access_token expired rid: 6"}
            offset, count = body.get("offset"), body.get("count")
            if not isinstance(offset, int) or not isinstance(count, int) or not 1 <= count <= 20:
                return {"errcode": 40097, "errmsg": "invalid args rid: 7"}
            pushes = self._pushes()
            page = pushes[offset:offset + count]
            items = [{"article_id": f"AID{mid}", "update_time": max(a.ct for a in arts),
                      "content": {"news_item": [self._news(a, with_url=a.url_in_api, content=not body.get("no_content"))
                                                for a in arts]}}
                     for mid, arts in page]
            return {"total_count": len(pushes), "item_count": len(items), "item": items}
        if name == "getarticle":
            mid = int(str(body.get("article_id", "AID0"))[3:] or 0)
            arts = [a for a in self.articles if a.mid == mid and a.in_api]
            if not arts:
                return {"errcode": 53600, "errmsg": "Article ID 无效 rid: 8"}
            return {"news_item": [self._news(a, with_url=True, content=True) for a in arts]}
        return {"errcode": 40066, "errmsg": "invalid url rid: 9"}

    def _pushes(self) -> list[tuple[int, list[FakeArticle]]]:
        by_mid: dict[int, list[FakeArticle]] = {}
        for a in self.articles:
            if a.in_api:
                by_mid.setdefault(a.mid, []).append(a)
        pushes = [(mid, sorted(arts, key=lambda a: a.idx)) for mid, arts in by_mid.items()]
        return sorted(pushes, key=lambda p: -max(a.ct for a in p[1]))

    def _news(self, a: FakeArticle, with_url: bool, content: bool) -> dict:
        news = {"title": a.title, "author": "市数据局", "digest": "", "content": a.body if content else "",
                "content_source_url": "", "thumb_media_id": f"THUMB{a.mid}", "need_open_comment": 0,
                "only_fans_can_comment": 0, "is_deleted": a.api_deleted}
        if with_url:
            news["url"] = self.url(a).replace("&", "&amp;") if a.mid % 2 else self.url(a)
        return news

    def _article_for(self, path: str, query: dict) -> FakeArticle | None:
        if path == "/s" and query.get("__biz") == BIZ:
            return next((a for a in self.articles if str(a.mid) == query.get("mid") and str(a.idx) == query.get("idx")),
                        None)
        if path.startswith("/s/"):
            return next((a for a in self.articles if a.short and a.short == path[3:]), None)
        return None

    def _page(self, a: FakeArticle) -> str:
        if a.page == "deleted":
            return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title></title></head><body id="activity-detail">'
                    '<div class="weui-msg"><div class="weui-msg__text-area"><h2 class="weui-msg__title">'
                    '该内容已被发布者删除</h2></div></div></body></html>')
        if a.page == "blocked":
            return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>微信公众平台</title></head><body>'
                    '<div class="weui-msg"><h2 class="weui-msg__title">环境异常</h2><p class="weui-msg__desc">'
                    '当前环境异常，完成验证后即可继续访问。</p>'
                    '<a class="weui-btn weui-btn_primary" id="js_verify">去验证</a></div></body></html>')
        title, account, link = html.escape(a.title), html.escape(self.account), self.url(a).replace("&", "&amp;")
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:title" content="{title}">'
                f'<meta property="og:url" content="{link}"><title>{title}</title></head>'
                '<body id="activity-detail" class="zh_CN"><div id="js_article" class="rich_media">'
                '<div id="page-content">'
                f'<h1 class="rich_media_title" id="activity-name">\n  {title}\n</h1>'
                '<div id="meta_content" class="rich_media_meta_list">'
                '<span class="rich_media_meta rich_media_meta_nickname">'
                f'<a href="javascript:void(0);" id="js_name">\n  {account}  </a></span>'
                '<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>'
                f'<div class="rich_media_content" id="js_content" style="visibility: hidden;">{a.body}</div>'
                '</div></div>'
                f'<script type="text/javascript">var nickname = htmlDecode("{account}");\nvar ct = "{a.ct}";\n'
                f"var msg_title = '{title}'.html(false);\nvar msg_link = \"{link}\";</script></body></html>")


def scenario(base_placeholder: str = "{base}") -> list[FakeArticle]:
    """The account used by the stage and end-to-end tests (monitoring point 2021-12-31).

    Newest post is the mass-sent notice of 2021-12-14 (only in the URL file): 17 days before the
    monitoring point, so the account is stale. One article says 再接再励 and links to a missing
    page; one is deleted; one hides behind the anti-bot page (its text comes from the API); one
    the API marks deleted; one the list gives without URL; 27 older pushes make the list page."""
    articles = [
        FakeArticle(100, 1, "云岭数据：全市数据资源工作会议召开", (
            "<section><p>12月10日，全市数据资源工作会议召开。</p>"
            "<p>会议要求，全体干部要<span>再接再励</span>，推动数据资源工作再上新台阶。</p>"
            f'<p>详见<a href="{base_placeholder}/missing-page.html">会议材料</a>和'
            f'<a href="{base_placeholder}/ok.html">办事指南</a>。</p>'
            '<p><img data-src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg" alt=""></p></section>'),
            ts("2021-12-12 09:30"), short="Qm9vU2hvcnQx"),
        FakeArticle(100, 2, "公共数据开放目录更新", "<p>本次更新公共数据开放目录。</p>", ts("2021-12-12 09:30"),
                    page="deleted"),
        FakeArticle(99, 1, "数据安全知识问答", "<p>数据安全知识问答第一期，欢迎参与。</p>", ts("2021-12-05 18:00"),
                    page="blocked"),
        FakeArticle(98, 1, "已撤回的通知", "<p>本通知已撤回。</p>", ts("2021-11-28 10:00"), api_deleted=True),
        FakeArticle(97, 1, "数字政府建设周报", "<p>本周数字政府建设工作进展顺利。</p>", ts("2021-11-20 17:00"),
                    url_in_api=False),
        FakeArticle(200, 1, "关于开展数据安全宣传周活动的通知", "<p>为提高全民数据安全意识，现开展宣传周活动。</p>",
                    ts("2021-12-14 10:00"), in_api=False, short="TWFzc1NlbnQy"),
    ]
    for n in range(27):
        articles.append(FakeArticle(70 + n, 1, f"数据资源工作动态第{n + 1}期", f"<p>第{n + 1}期工作动态。</p>",
                                    ts("2021-09-01 09:00") + n * 2 * 86400))
    return articles


def bind(articles: list[FakeArticle], base: str) -> list[FakeArticle]:
    for a in articles:
        a.body = a.body.replace("{base}", base)
    return articles


def start(**switches) -> FakeWechat:
    """The scenario account served on a fresh port."""
    fake = FakeWechat(scenario(), **switches)
    bind(fake.articles, fake.base)
    return fake


def url_file_lines(fake: FakeWechat) -> list[str]:
    """The URL file of the scenario: the mass-sent notice (short link), a short link to an article
    the API lists, and the long link of another API article with tracking parameters."""
    by_mid = {(a.mid, a.idx): a for a in fake.articles}
    return [
        "# 群发文章（接口不返回）",
        fake.short_url(by_mid[(200, 1)]),
        fake.short_url(by_mid[(100, 1)]),
        fake.url(by_mid[(99, 1)], extra="&scene=21"),
        "",
    ]
