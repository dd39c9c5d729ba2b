"""The WeChat stage, run before the crawl: list the account's articles (official API and URL
file, merged without duplicates), read each article page, check the links inside, and save it
all in the scan history. `attach` loads the saved records for the rules at finalize time.

Nothing here stops the website scan: bad credentials give one line on stderr and a report that
says WeChat was not checked; any other failure is recorded and the stage ends.
"""
from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..config import SHANGHAI, ConfigError, ScanConfig
from ..extract.decode import decode_html
from ..model import Page
from ..store import History
from . import store
from .api import ApiArticle, ApiError, CredentialError, WechatApi
from .article import Article, api_body, article_key, clean_article_url, parse_article
from .fetch import FetchError, Response, request
from .links import check_links
from .settings import read_url_file

BLOCKED_STREAK = 3  # after this many anti-bot pages in a row, stop asking for pages


@dataclass
class _Entry:
    url: str
    key: str
    sources: list[str] = field(default_factory=list)
    api: ApiArticle | None = None
    page: Page | None = None


def now_iso() -> str:
    return datetime.now(SHANGHAI).replace(microsecond=0).isoformat()


def new_state(settings: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": "running", "checked": True, "reason": None, "name": settings.get("name", ""),
        "stale_days": settings.get("stale_days", 14), "started_at": now_iso(), "finished_at": None,
        "sources": {
            "api": {"configured": bool(settings.get("appid")), "ok": None, "listed": 0, "error": None},
            "url_file": {"configured": bool(settings.get("article_urls_file")), "ok": None, "listed": 0, "error": None},
        },
        "fetch": {"pages": 0, "blocked": 0, "stopped_after_blocks": False, "not_fetched": 0},
        "api_calls": {"calls": 0, "retries": 0, "token_refreshes": 0},
        "links": {"checked": 0, "note": "", "results": []},
        "errors": [],
    }


class WechatStage:
    def __init__(self, config: ScanConfig, history: History, scan_id: int, *, http: Callable[..., Response] = request,
                 sleep: Callable[[float], None] = time.sleep, environ: Mapping[str, str] | None = None):
        assert config.wechat is not None
        self.config = config
        self.settings = config.wechat
        self.history = history
        self.scan_id = scan_id
        self.http = http
        self.sleep = sleep
        self.environ = os.environ if environ is None else environ
        self.state = new_state(self.settings)
        self.api: WechatApi | None = None
        self._secret = ""

    # public ----------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        name = self.settings.get("name") or "（未命名）"
        print(f"检查微信公众号“{name}” …", flush=True)
        store.save_state(self.history, self.scan_id, self.state)
        try:
            self._run()
        except Exception:  # noqa: BLE001 - a bug here must not lose the website scan
            detail = self._redact(traceback.format_exc())
            self.state["errors"].append(self._redact(detail.strip().splitlines()[-1]))
            print(f"inspector: 微信公众号检查出错，已跳过其余部分：\n{detail}", file=sys.stderr)
        if self.api is not None:
            self.state["api_calls"] = {"calls": self.api.calls, "retries": self.api.retries,
                                       "token_refreshes": self.api.refreshes}
        self.state["status"] = "finished"
        self.state["finished_at"] = now_iso()
        store.save_state(self.history, self.scan_id, self.state)
        self._print_summary()
        return self.state

    # steps -----------------------------------------------------------------------------------
    def _run(self) -> None:
        api_articles = self._list_api()
        if not self.state["checked"]:
            return
        entries = self._merge(api_articles, self._list_url_file())
        self._read_pages(entries)
        self._check_links(entries)

    def _not_checked(self, reason: str) -> None:
        self.state["checked"] = False
        self.state["reason"] = reason
        print(f"inspector: 微信公众号未检查：{reason}。网站部分照常检查。", file=sys.stderr, flush=True)

    def _list_api(self) -> list[ApiArticle]:
        source = self.state["sources"]["api"]
        if not source["configured"]:
            return []
        secret_env = self.settings["secret_env"]
        self._secret = (self.environ.get(secret_env) or "").strip()
        if not self._secret:
            self._not_checked(f"未设置环境变量 {secret_env}（应存放公众号的 AppSecret）")
            return []
        self.api = WechatApi(self.settings["api_base"], self.settings["appid"], self._secret, http=self.http,
                             sleep=self.sleep)
        articles: list[ApiArticle] = []
        try:
            for article in self.api.published():
                articles.append(article)
            source["ok"] = True
        except CredentialError as exc:
            hint = {40013: "，请核对 wechat.appid", 41002: "，请核对 wechat.appid",
                    40164: ""}.get(exc.code, f"，AppSecret 取自环境变量 {secret_env}")
            self._not_checked(f"凭据被微信拒绝：{self._redact(str(exc))}{hint}")
            return []
        except ApiError as exc:
            source["ok"] = False
            source["error"] = self._redact(str(exc))
            self.state["errors"].append(source["error"])
            print(f"inspector: 微信公众号文章列表未能取全：{source['error']}", file=sys.stderr, flush=True)
        source["listed"] = len(articles)
        return articles

    def _list_url_file(self) -> list[str]:
        source = self.state["sources"]["url_file"]
        if not source["configured"]:
            return []
        try:
            urls = read_url_file(self.settings["article_urls_file"])
        except (OSError, UnicodeDecodeError, ConfigError) as exc:
            source["ok"] = False
            source["error"] = f"无法读取文章网址清单：{exc}"
            self.state["errors"].append(source["error"])
            return []
        source["ok"] = True
        source["listed"] = len(urls)
        return urls

    def _merge(self, api_articles: list[ApiArticle], file_urls: list[str]) -> list[_Entry]:
        entries: dict[str, _Entry] = {}
        for article in api_articles:
            url = clean_article_url(article.url) if article.url else f"wechat-api:{article.article_id}/{article.index}"
            key = article_key(url)
            if key not in entries:
                entries[key] = _Entry(url=url, key=key, sources=["api"], api=article)
        for raw in file_urls:
            url = clean_article_url(raw)
            key = article_key(url)
            if key in entries:
                if "url_file" not in entries[key].sources:
                    entries[key].sources.append("url_file")
            else:
                entries[key] = _Entry(url=url, key=key, sources=["url_file"])
        return list(entries.values())

    def _read_pages(self, entries: list[_Entry]) -> None:
        by_key = {e.key: e for e in entries}
        fetch = self.state["fetch"]
        streak = 0
        for number, entry in enumerate(entries):
            api = entry.api
            why = ("接口标记该文章已删除（is_deleted）" if api is not None and api.is_deleted else
                   "已达 wechat.max_articles 上限，未打开文章页面" if number >= self.settings["max_articles"] else
                   "连续遇到微信验证页面，未再打开文章页面" if streak >= BLOCKED_STREAK else
                   "" if entry.url.startswith(("http://", "https://")) else "接口未给出文章网址")
            if api is not None and api.is_deleted:
                entry.page = self._page(entry, "unavailable", reason=why)
            elif why:
                fetch["not_fetched"] += 1
                fetch["stopped_after_blocks"] |= streak >= BLOCKED_STREAK
                entry.page = self._from_api(entry, why) if api else self._page(entry, "not_fetched", reason=why)
            else:
                if fetch["pages"] and self.settings["fetch_delay"]:
                    self.sleep(self.settings["fetch_delay"])
                entry.page = self._fetch(entry)
                fetch["pages"] += 1
                blocked = entry.page.meta["state"] == "blocked" or bool(entry.page.meta.get("blocked"))
                streak = streak + 1 if blocked else 0
                fetch["blocked"] += int(blocked)
                canonical = article_key(entry.page.meta["canonical"]) if entry.page.meta.get("canonical") else ""
                other = by_key.get(canonical) if canonical else None
                if other is not None and other is not entry and other.page is not None:
                    # A short link to an article listed already: one record, both sources.
                    other.sources.extend(s for s in entry.sources if s not in other.sources)
                    other.page.meta["sources"] = ",".join(other.sources)
                    store.save_article(self.history, self.scan_id, other.key, other.page)
                    entry.page = None
                    continue
                if canonical:
                    by_key.setdefault(canonical, entry)
            store.save_article(self.history, self.scan_id, entry.key, entry.page)

    def _fetch(self, entry: _Entry) -> Page:
        try:
            resp = self.http(entry.url, method="GET")
        except FetchError as exc:
            return self._page(entry, "error", reason=f"无法打开：{exc}", error=str(exc))
        if resp.status >= 400:
            return self._page(entry, "unavailable", reason=f"文章页面返回 HTTP {resp.status}", status=resp.status)
        text, _ = decode_html(resp.body, resp.content_type)
        article = parse_article(text, resp.url or entry.url)
        if article.state == "ok":
            return self._page(entry, "ok", article=article, status=resp.status)
        if entry.api is not None and article.state in ("blocked", "unparsed"):
            page = self._from_api(entry, f"文章页面未能读取（{article.reason}），改用接口返回的正文")
            page.status = resp.status
            page.meta["blocked"] = "1" if article.state == "blocked" else ""
            return page
        return self._page(entry, article.state, reason=article.reason, status=resp.status)

    def _from_api(self, entry: _Entry, why: str) -> Page:
        """A page built from the API's copy of the article: title and body as published."""
        api = entry.api
        assert api is not None
        text, links = api_body(api.content, entry.url if entry.url.startswith("http") else "https://mp.weixin.qq.com/")
        if not text and not api.title:
            return self._page(entry, "not_fetched", reason=why)
        article = Article("ok", title=api.title, account="", ct=None, text=text, links=links)
        page = self._page(entry, "ok", article=article, reason=why)
        page.meta["text_from"] = "api"
        return page

    def _page(self, entry: _Entry, state: str, *, article: Article | None = None, reason: str = "",
              status: int | None = None, error: str | None = None) -> Page:
        api = entry.api
        published_at = article.published_at if article else None
        published_source = "ct" if published_at else None
        if published_at is None and api is not None and api.update_time:
            published_at = datetime.fromtimestamp(api.update_time, SHANGHAI)
            published_source = "api_update_time"
        meta = {
            "state": state, "reason": reason, "sources": ",".join(entry.sources),
            "account": article.account if article else "", "text_from": "page" if article else "",
            "published_at": published_at.isoformat() if published_at else "",
            "canonical": article.canonical if article else "",
            "article_id": api.article_id if api else "", "api_title": api.title if api else "",
        }
        title = (article.title if article else "") or (api.title if api else "")
        return Page(url=entry.url, final_url=entry.url, status=status, kind="wechat", error=error, title=title,
                    text=article.text if article else "", links=list(article.links) if article else [],
                    published=published_at.date().isoformat() if published_at else None,
                    published_source=published_source, meta=meta)

    def _check_links(self, entries: list[_Entry]) -> None:
        links = self.state["links"]
        if not self.settings.get("check_links", True):
            links["note"] = "已按 wechat.check_links = false 跳过文章内链接检查"
            return
        if self.config.no_external:
            links["note"] = "已按 --no-external 跳过文章内链接检查"
            return
        referrers: dict[str, list[str]] = {}
        for entry in entries:
            if entry.page is None or entry.page.meta.get("state") != "ok":
                continue
            for url, _text, tag in entry.page.links:
                if tag == "a" and entry.url not in referrers.setdefault(url, []):
                    referrers[url].append(entry.url)
        table = self.config.rule_settings.get("links", {}) if isinstance(self.config.rule_settings, dict) else {}
        skip = [p for p in table.get("skip", []) if isinstance(p, str)] if isinstance(table, dict) else []
        result = check_links(referrers, skip=skip, http=self.http)
        links.update(result)
        links["note"] = "文章中的图片未检查（微信图片服务器对任何请求都返回占位图）"

    # output ----------------------------------------------------------------------------------
    def _redact(self, text: str) -> str:
        if self.api is not None:
            text = self.api.redact(text)
        return text.replace(self._secret, "***") if self._secret else text

    def _print_summary(self) -> None:
        if not self.state["checked"]:
            return
        rows = store.load(self.history, self.scan_id)
        articles = rows.articles if rows else []
        states = [a.meta.get("state") for a in articles]
        sources = self.state["sources"]
        print(f"微信公众号：共列出 {len(articles)} 篇（接口 {sources['api']['listed']} 篇，网址清单 "
              f"{sources['url_file']['listed']} 篇），已检查 {states.count('ok')} 篇，无法打开 "
              f"{states.count('unavailable') + states.count('error')} 篇，未能检查 "
              f"{states.count('blocked') + states.count('unparsed') + states.count('not_fetched')} 篇。", flush=True)


def run_wechat(config: ScanConfig, history: History, scan_id: int, **kwargs: Any) -> dict[str, Any] | None:
    """The stage, when the site config has a [wechat] table."""
    if not config.wechat:
        return None
    return WechatStage(config, history, scan_id, **kwargs).run()


def attach(site: Any, history: History, scan_id: int) -> store.WechatData | None:
    """Load the scan's WeChat records into the site model for the rules (site.cache["wechat"])."""
    data = store.load(history, scan_id)
    site.cache["wechat"] = data
    site.cache["wechat_pages"] = [p for p in data.articles if p.meta.get("state") == "ok"] if data else []
    return data
