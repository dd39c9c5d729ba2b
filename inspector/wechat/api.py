"""The official-account API: access token, the published-article list (freepublish/batchget) and
one published article (freepublish/getarticle).

Errors (WechatError, message in Chinese, never holding the AppSecret or the token):

    WechatError
    ├── CredentialError   AppID/AppSecret wrong, frozen, or this machine's IP not whitelisted
    └── ApiError          anything else: no permission, rate limit still hit after retries,
                          network, a reply that is not the API's

An expired or invalidated token (42001, 40014, 40001 on a call) is refreshed once per call; a
rate limit (45009 daily, 45011 per minute, -1 busy) is retried after growing pauses.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from .fetch import FetchError, Response, request

PAGE_SIZE = 20  # batchget takes 1 to 20
MAX_PAGES = 1000  # 20,000 articles: a guard against a reply that never ends
BACKOFF = (1.0, 2.0, 4.0)
CREDENTIAL_ERRORS = {
    40001: "AppSecret 错误，或已在公众平台重置",
    40125: "AppSecret 无效",
    40013: "AppID 无效",
    40164: "本机出口 IP 不在公众号的 IP 白名单中（公众平台“设置与开发—基本配置—IP白名单”）",
    40243: "AppSecret 已被冻结，请登录公众平台解冻",
    41002: "缺少 AppID",
    41004: "缺少 AppSecret",
}
TOKEN_ERRORS = {42001, 40014, 40001}  # on an API call (not the token call): get a new token
RATE_ERRORS = {45009, 45011, -1}
OTHER_ERRORS = {48001: "该公众号没有调用此接口的权限（需已认证并开通发布能力）",
                45009: "接口调用次数已达今日上限", 45011: "接口调用过于频繁", -1: "微信接口系统繁忙"}
_IP = re.compile(r"invalid ip ([0-9A-Fa-f.:]+)")

Http = Callable[..., Response]


class WechatError(Exception):
    """A WeChat API failure, with a message fit for stderr and the report."""


class CredentialError(WechatError):
    """The account's credentials or IP whitelist are wrong: nothing can be listed."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


class ApiError(WechatError):
    """The API could not be used for another reason."""


@dataclass
class ApiArticle:
    article_id: str
    index: int  # 1-based position in its push (one push holds up to 8 articles)
    title: str
    url: str
    content: str  # the body HTML
    update_time: int | None
    is_deleted: bool
    author: str = ""


class WechatApi:
    def __init__(self, api_base: str, appid: str, secret: str, *, http: Http = request,
                 sleep: Callable[[float], None] = time.sleep, backoff: tuple[float, ...] = BACKOFF):
        self.base = api_base.rstrip("/")
        self.appid = appid
        self._secret = secret
        self._token: str | None = None
        self.http = http
        self.sleep = sleep
        self.backoff = backoff
        self.calls = 0
        self.retries = 0
        self.refreshes = 0

    def __repr__(self) -> str:  # never show the secret or the token
        return f"WechatApi({self.base!r}, appid={self.appid!r})"

    def redact(self, text: str) -> str:
        for value in (self._secret, self._token):
            if value:
                text = text.replace(value, "***")
        return text

    # token -----------------------------------------------------------------------------------
    def token(self, refresh: bool = False) -> str:
        if self._token and not refresh:
            return self._token
        query = urlencode({"grant_type": "client_credential", "appid": self.appid, "secret": self._secret})
        data = self._with_retries(lambda: self._get_json(f"{self.base}/cgi-bin/token?{query}"), "获取 access_token")
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise ApiError("获取 access_token 失败：接口未返回 access_token")
        self._token = token
        return token

    # calls -----------------------------------------------------------------------------------
    def call(self, path: str, payload: dict) -> dict:
        """POST one API call with the current token; refresh the token once if it has expired."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        refreshed = False
        while True:
            token = self.token()
            url = f"{self.base}{path}?{urlencode({'access_token': token})}"
            try:
                return self._with_retries(lambda url=url: self._post_json(url, body), path.rsplit("/", 1)[-1],
                                          token_call=False)
            except _TokenExpired:
                if refreshed:
                    raise ApiError(f"调用 {path} 失败：刷新 access_token 后仍提示已失效") from None
                refreshed = True
                self.refreshes += 1
                self.token(refresh=True)

    def published(self) -> Iterator[ApiArticle]:
        """Every successfully published article, newest push first, paging 20 at a time."""
        offset = 0
        for _ in range(MAX_PAGES):
            data = self.call("/cgi-bin/freepublish/batchget", {"offset": offset, "count": PAGE_SIZE, "no_content": 0})
            items = data.get("item") or []
            if not isinstance(items, list):
                raise ApiError("freepublish/batchget 返回的数据格式不正确")
            for item in items:
                yield from self._articles_of(item)
            offset += len(items)
            total = data.get("total_count")
            if not items or (isinstance(total, int) and offset >= total):
                return
        raise ApiError(f"freepublish/batchget 超过 {MAX_PAGES} 页仍未结束，已停止")

    def article(self, article_id: str) -> list[ApiArticle]:
        data = self.call("/cgi-bin/freepublish/getarticle", {"article_id": article_id})
        return list(self._news_items(article_id, data.get("news_item") or [], None))

    def _articles_of(self, item: dict) -> Iterator[ApiArticle]:
        if not isinstance(item, dict):
            return
        article_id = str(item.get("article_id", ""))
        content = item.get("content") or {}
        update_time = item.get("update_time") or content.get("update_time") or content.get("create_time")
        articles = list(self._news_items(article_id, content.get("news_item") or [], update_time))
        if article_id and any(not a.url for a in articles):
            # Some replies leave out the URL: the article call gives it (and is_deleted).
            full = {a.index: a for a in self.article(article_id)}
            for a in articles:
                if not a.url and a.index in full:
                    a.url, a.is_deleted = full[a.index].url, full[a.index].is_deleted
                    a.content = a.content or full[a.index].content
        yield from articles

    @staticmethod
    def _news_items(article_id: str, news: list, update_time) -> Iterator[ApiArticle]:
        for index, n in enumerate(news, 1):
            if not isinstance(n, dict):
                continue
            yield ApiArticle(article_id=article_id, index=index, title=str(n.get("title") or ""),
                             url=str(n.get("url") or "").strip(), content=str(n.get("content") or ""),
                             update_time=int(update_time) if isinstance(update_time, (int, float)) else None,
                             is_deleted=bool(n.get("is_deleted")), author=str(n.get("author") or ""))

    # transport -------------------------------------------------------------------------------
    def _with_retries(self, send: Callable[[], dict], what: str, token_call: bool = True) -> dict:
        for attempt in range(len(self.backoff) + 1):
            self.calls += 1
            data = send()
            code = data.get("errcode", 0)
            if not isinstance(code, int) or code == 0:
                return data
            errmsg = self.redact(str(data.get("errmsg", "")))[:200]
            if code in CREDENTIAL_ERRORS and (token_call or code != 40001):
                raise CredentialError(self._credential_message(code, errmsg), code)
            if code in TOKEN_ERRORS and not token_call:
                raise _TokenExpired()
            if code in RATE_ERRORS and attempt < len(self.backoff):
                self.retries += 1
                self.sleep(self.backoff[attempt])
                continue
            reason = OTHER_ERRORS.get(code, "接口返回错误")
            if code in RATE_ERRORS:
                reason += f"，重试 {len(self.backoff)} 次后仍失败"
            raise ApiError(f"{what} 失败：{reason}（errcode {code}：{errmsg}）")
        raise AssertionError("unreachable")

    def _credential_message(self, code: int, errmsg: str) -> str:
        message = f"{CREDENTIAL_ERRORS[code]}（errcode {code}）"
        ip = _IP.search(errmsg)
        if code == 40164 and ip:
            message += f"，本机 IP：{ip.group(1)}"
        return message

    def _get_json(self, url: str) -> dict:
        return self._json(lambda: self.http(url, method="GET"))

    def _post_json(self, url: str, body: bytes) -> dict:
        return self._json(lambda: self.http(url, method="POST", data=body,
                                            headers={"Content-Type": "application/json; charset=utf-8"}))

    def _json(self, send: Callable[[], Response]) -> dict:
        try:
            resp = send()
        except FetchError as exc:
            raise ApiError(f"无法连接微信接口 {self.base}：{exc}") from None
        if resp.status != 200:
            raise ApiError(f"微信接口 {self.base} 返回 HTTP {resp.status}（请核对 wechat.api_base）")
        try:
            data = json.loads(resp.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ApiError(f"微信接口 {self.base} 返回的不是 JSON（请核对 wechat.api_base）") from None
        if not isinstance(data, dict):
            raise ApiError(f"微信接口 {self.base} 返回的数据格式不正确")
        return data


class _TokenExpired(Exception):
    """The token was refused on a call; the caller gets a new one."""
