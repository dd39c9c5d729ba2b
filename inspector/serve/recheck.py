"""复查: fetch one finding's page again now and say whether the problem is still there.

A page-level problem (wording, personal data, hidden links) is checked by extracting the page
as the crawler does and running that rule's module on it: the problem is still there when the
same finding id comes out. A broken link is asked again. Problems that depend on the whole site
(column updates, policy pairing) or on the browser need a new scan; the answer says so instead
of guessing. Only GET requests are sent: 复查 never changes the site.
"""
from __future__ import annotations

import importlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..extract.decode import decode_html
from ..extract.page import extract_page
from ..model import Page
from ..settings import USER_AGENT
from ..site_model import build_site
from ..urls import canonical_url

TIMEOUT = 15
MAX_BYTES = 20 * 1024 * 1024
PAGE_RULES = {"text.serious", "text.sensitive", "text.typo", "text.outdated-name", "text.nonstandard-char",
              "security.hidden-link", "privacy.personal-data"}


@dataclass
class Recheck:
    result: str  # present / gone / unknown
    message: str


@dataclass
class _Answer:
    status: int | None
    final_url: str
    content_type: str
    body: bytes
    error: str | None = None


def recheck(finding: dict[str, Any], site_name: str, start_urls: list[str], rule_settings: dict[str, Any],
            today: date) -> Recheck:
    rule = finding["rule"]
    if finding.get("source") == "wechat":
        return Recheck("unknown", "微信公众号文章的问题需要重新扫描才能复查。")
    if rule == "link.broken":
        return _recheck_link(finding["url"])
    if rule not in PAGE_RULES:
        return Recheck("unknown", "此类问题（栏目更新、政策解读、无障碍等）与整个网站有关，需要重新扫描才能复查。")
    answer = _fetch(finding["url"])
    if answer.error or answer.status is None:
        return Recheck("unknown", f"无法打开该页面（{answer.error}），未能复查。")
    if answer.status >= 400:
        return Recheck("unknown", f"该页面现在返回 HTTP {answer.status}，未能复查其内容。")
    if "html" not in answer.content_type.lower() and answer.content_type:
        return Recheck("unknown", "该问题出现在附件或非网页文件中，需要重新扫描才能复查。")
    page = Page(url=finding["url"], final_url=answer.final_url, status=answer.status, content_type=answer.content_type)
    html, page.encoding = decode_html(answer.body, answer.content_type)
    home = {canonical_url(u) for u in start_urls}
    extract_page(page, html, today, is_home=canonical_url(page.url) in home or canonical_url(page.final_url) in home)
    site = build_site(site_name, start_urls, today, [page])
    site.config = rule_settings
    module = importlib.import_module("rules." + rule.replace("-", "_"))
    ids = {f.id for f in module.check(site)}
    if finding["id"] in ids:
        evidence = finding.get("evidence") or ""
        return Recheck("present", f"问题仍存在：页面中仍有“{evidence}”。" if evidence else "问题仍存在。")
    return Recheck("gone", "复查未再发现该问题（页面已修改）。")


def _recheck_link(url: str) -> Recheck:
    answer = _fetch(url, head_only=True)
    if answer.status is not None and answer.status in (405, 501):
        answer = _fetch(url)  # servers that refuse HEAD
    if answer.error:
        return Recheck("present", f"链接仍无法打开（{answer.error}）。")
    if answer.status is not None and answer.status >= 400:
        return Recheck("present", f"链接仍无法打开（HTTP {answer.status}）。")
    return Recheck("gone", f"链接现在可以打开（HTTP {answer.status}）。")


def _fetch(url: str, head_only: bool = False) -> _Answer:
    request = urllib.request.Request(url, method="HEAD" if head_only else "GET",
                                     headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = b"" if head_only else response.read(MAX_BYTES)
            return _Answer(response.status, response.geturl(), response.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as exc:
        return _Answer(exc.code, url, exc.headers.get("Content-Type", "") if exc.headers else "", b"")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return _Answer(None, url, "", b"", _reason(reason))


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"{TIMEOUT} 秒内无响应"
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝"
    return "网络错误"
