"""Links inside WeChat articles: each distinct `a` target requested once (GET, first 64 KB read),
a few at a time, with the same judgement as the site's link check: 4xx/5xx, timeouts and DNS
errors are broken; 401/403/429 need review; an HTML 200 that says 页面不存在 is a soft 404; a
linked WeChat article that shows its deleted page is broken, one behind the anti-bot page is
not judged. Images (mmbiz.qpic.cn answers 200 with a placeholder to any client) are not asked.
"""
from __future__ import annotations

import fnmatch
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..extract.decode import decode_html
from ..extract.html import clean_space, element_text, parse_html
from ..extract.notfound import soft_404
from .article import parse_article
from .fetch import FetchError, Response, request

HTML_BYTES = 64 * 1024
MAX_TARGETS = 300
WORKERS = 4
TIMEOUT = 15.0
REVIEW_STATUSES = {401, 403, 429}


def check_links(referrers: dict[str, list[str]], *, skip: list[str] | tuple[str, ...] = (),
                http: Callable[..., Response] = request, max_targets: int = MAX_TARGETS) -> dict[str, Any]:
    """{"results": [{url, referrers, status, error, problem, needs_review}], "skipped": n, "capped": n}.

    referrers maps a target URL to the articles linking to it. Only targets with a problem or a
    review note are kept in results; `checked` counts every target asked."""
    targets = [u for u in referrers if not any(fnmatch.fnmatchcase(u, p) for p in skip)]
    skipped = len(referrers) - len(targets)
    capped = max(0, len(targets) - max_targets)
    targets = targets[:max_targets]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(lambda url: _check_one(url, http), targets))
    results = []
    for url, (status, error, problem, review) in zip(targets, outcomes, strict=True):
        if problem:
            results.append({"url": url, "referrers": referrers[url], "status": status, "error": error,
                            "problem": problem, "needs_review": review})
    return {"checked": len(targets), "skipped": skipped, "capped": capped, "results": results}


def _check_one(url: str, http: Callable[..., Response]) -> tuple[int | None, str | None, str | None, bool]:
    """(status, network error, problem in Chinese or None, needs_review)."""
    try:
        resp = http(url, method="GET", timeout=TIMEOUT, max_bytes=HTML_BYTES)
    except FetchError as exc:
        return None, str(exc), str(exc), False
    if resp.status >= 400:
        review = resp.status in REVIEW_STATUSES
        note = "（对方网站可能拒绝自动访问，请人工打开确认）" if review else ""
        return resp.status, None, f"HTTP {resp.status}{note}", review
    if not resp.content_type.split(";")[0].strip().lower().startswith(("text/html", "application/xhtml")):
        return resp.status, None, None, False
    text, _ = decode_html(resp.body, resp.content_type)
    if "js_content" in text or "weui-msg" in text:
        article = parse_article(text, resp.url)
        if article.state == "unavailable":
            return resp.status, None, f"链接的公众号文章无法查看：{article.reason}", False
        if article.state in ("ok", "blocked"):
            return resp.status, None, None, False
    root = parse_html(text)
    title_el = root.find(".//title")
    title = clean_space(title_el.text_content()) if title_el is not None else ""
    body = root.find("body")
    phrase = soft_404(title, element_text(body) if body is not None else "")
    if phrase:
        return resp.status, None, f"页面显示“{phrase}”（HTTP {resp.status}，软 404）", False
    return resp.status, None, None, False
