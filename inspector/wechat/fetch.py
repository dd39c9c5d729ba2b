"""Plain HTTP for the WeChat stage (urllib: the crawl's Twisted reactor starts once per process).

Every answer is a Response, HTTP errors included; only a failure to get any answer raises
FetchError, whose message names the cause but never the URL (the token URL holds the secret).
"""
from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass

# A browser-like agent that still says who is asking: mp.weixin.qq.com serves its anti-bot page
# more readily to unknown clients.
USER_AGENT = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0 Safari/537.36 inspector/0.1 (government self-inspection)")
PAGE_BYTES = 10 * 1024 * 1024
TIMEOUT = 20.0


class FetchError(Exception):
    """No HTTP answer at all (DNS, refused, timeout, TLS). The message holds no URL."""


@dataclass
class Response:
    status: int
    url: str  # after redirects
    content_type: str
    body: bytes


def request(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = TIMEOUT, max_bytes: int = PAGE_BYTES) -> Response:
    """One HTTP exchange; the body is read up to max_bytes."""
    all_headers = {"User-Agent": USER_AGENT, "Accept-Language": "zh-CN,zh;q=0.9"}
    all_headers.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) URLs only (validated)
            return Response(resp.status, resp.geturl(), resp.headers.get("Content-Type", ""), resp.read(max_bytes))
    except urllib.error.HTTPError as exc:
        with exc:
            body = _read_quietly(exc, max_bytes)
            return Response(exc.code, exc.geturl() or url, exc.headers.get("Content-Type", "") if exc.headers else "",
                            body)
    except urllib.error.URLError as exc:
        raise FetchError(_describe(exc.reason)) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:  # TimeoutError is an OSError
        raise FetchError(_describe(exc)) from None


def _read_quietly(exc: urllib.error.HTTPError, max_bytes: int) -> bytes:
    try:
        return exc.read(max_bytes)
    except (OSError, http.client.HTTPException):
        return b""


def _describe(reason: object) -> str:
    """A short Chinese cause, from the exception's type and errno only (never its URL)."""
    if isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError
        return "连接超时"
    if isinstance(reason, socket.gaierror):
        return "域名解析失败"
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(reason, ConnectionResetError):
        return "连接被重置"
    if isinstance(reason, ssl.SSLError):
        return "TLS/SSL 握手失败"
    if isinstance(reason, http.client.HTTPException):
        return f"HTTP 协议错误（{type(reason).__name__}）"
    if isinstance(reason, OSError) and reason.errno:
        return f"网络错误（errno {reason.errno}）"
    return f"网络错误（{type(reason).__name__}）"
