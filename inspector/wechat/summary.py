"""The account at the monitoring point, from the saved WeChat records: newest post, days since,
whether it is stale, what was and was not checked. The `wechat` section of findings.json and
the wechat.* rules all read this one summary.

Staleness is judged only when it can be: a post within the window proves the account fresh
even from a partial list; "stale" needs the whole list (every configured source answered) and is
needs_review when some listed articles have no known date.
"""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..model import Page
from .store import WechatData

NOT_CONFIGURED = "未配置微信公众号（站点配置中没有 [wechat] 表）"
UNCHECKED_STATES = ("blocked", "unparsed", "not_fetched")


def wechat_data(site) -> WechatData | None:
    return site.cache.get("wechat")


def account_summary(site) -> dict[str, Any]:
    cached = site.cache.get("wechat_summary")
    if cached is None:
        cached = site.cache["wechat_summary"] = summarize(wechat_data(site), site.as_of)
    return cached


def summarize(data: WechatData | None, as_of: date) -> dict[str, Any]:
    if data is None:
        return {"configured": False, "checked": False, "status": "not_checked", "reason": NOT_CONFIGURED,
                "stale": None, "articles": []}
    state, articles = data.state, data.articles
    states = [a.meta.get("state", "") for a in articles]
    live = [a for a in articles if a.meta.get("state") not in ("unavailable",)]
    dated = [(date.fromisoformat(a.published), a) for a in live if a.published]
    judged = [(d, a) for d, a in dated if d <= as_of]
    newest_date, newest = max(judged, key=lambda pair: (pair[0], pair[1].meta.get("published_at", ""))) \
        if judged else (None, None)
    days = (as_of - newest_date).days if newest_date else None
    sources = state.get("sources", {})
    complete = data.finished and state.get("checked", False) and \
        all(s.get("ok") for s in sources.values() if s.get("configured"))
    stale_days = int(state.get("stale_days", 14))
    undated = any(not a.published for a in live)
    if not state.get("checked", False):
        stale = None
    elif days is not None and days <= stale_days:
        stale = False
    elif not complete or (newest_date is None and undated):
        stale = None
    else:
        stale = True
    reason = state.get("reason")
    if state.get("checked") and not data.finished:
        reason = "微信公众号检查未完成（扫描进程在检查中途终止）"
    elif stale is None and state.get("checked") and not complete:
        reason = "文章列表未能取全，无法判断是否按期更新：" + "；".join(state.get("errors", []) or ["见各来源说明"])
    elif stale is None and state.get("checked"):
        reason = "未能读取任何文章的发布时间（文章页面遇微信验证或无法识别），无法判断是否按期更新"
    accounts = sorted({a.meta.get("account", "") for a in articles} - {""})
    links = state.get("links", {})
    return {
        "configured": True,
        "checked": bool(state.get("checked")),
        "status": "not_checked" if not state.get("checked") else ("checked" if complete else "partial"),
        "complete": complete,
        "reason": reason,
        "name": state.get("name") or (accounts[0] if accounts else ""),
        "accounts_seen": accounts,
        "account_url": account_url(articles),
        "newest_post": newest_date.isoformat() if newest_date else None,
        "newest_post_at": newest.meta.get("published_at") if newest else None,
        "newest_title": newest.title if newest else None,
        "newest_url": newest.url if newest else None,
        "days_since": days,
        "stale_days": stale_days,
        "stale": stale,
        "stale_needs_review": bool(stale) and undated,
        "articles_listed": len(articles),
        "articles_checked": states.count("ok"),
        "articles_unavailable": states.count("unavailable") + states.count("error"),
        "articles_not_checked": sum(states.count(s) for s in UNCHECKED_STATES),
        "sources": sources,
        "fetch": state.get("fetch", {}),
        "api_calls": state.get("api_calls", {}),
        "links": {"checked": links.get("checked", 0), "broken": len(links.get("results", [])),
                  "note": links.get("note", "")},
        "errors": state.get("errors", []),
        "started_at": state.get("started_at"),
        "finished_at": state.get("finished_at"),
        "articles": [_article_row(a) for a in _newest_first(articles)],
    }


def account_url(articles: list[Page]) -> str | None:
    """The account's home (profile) URL from the __biz of its articles, else its first article."""
    for page in articles:
        biz = parse_qs(urlsplit(page.url).query).get("__biz")
        if biz:
            return f"https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz={biz[0]}"
    return articles[0].url if articles else None


def _newest_first(articles: list[Page]) -> list[Page]:
    """Newest publication first (all times are +08:00, so the ISO strings sort), undated last."""
    by_time = sorted(articles, key=lambda a: a.meta.get("published_at", ""), reverse=True)
    return sorted(by_time, key=lambda a: not a.meta.get("published_at"))


def _article_row(page: Page) -> dict[str, Any]:
    return {"url": page.url, "title": page.title, "published": page.published,
            "published_at": page.meta.get("published_at") or None, "date_from": page.published_source,
            "state": page.meta.get("state"), "reason": page.meta.get("reason") or None,
            "sources": [s for s in page.meta.get("sources", "").split(",") if s],
            "text_from": page.meta.get("text_from") or None, "account": page.meta.get("account") or None}
