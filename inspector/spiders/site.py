"""The site spider: walks one government website within its hosts and yields a Page per URL.

It only navigates. Decoding and extraction are plain functions (inspector.extract); what to
follow is decided by inspector.urls (site hosts, attachments, traps) and by the page's own
structure (menus and breadcrumbs first, pagination last).
"""
from __future__ import annotations

from datetime import date

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from ..extract.decode import decode_html
from ..extract.page import extract_page
from ..linkcheck import CheckSettings, LinkChecker
from ..model import Page, Resource
from ..urls import TrapGuard, canonical_url, host_of, is_attachment

_FOLLOW_TAGS = {"a", "area", "iframe", "frame"}
_HTML_TYPES = ("text/html", "application/xhtml", "text/plain")
# Error pages are recorded (soft 404s, broken links); redirects stay with Scrapy's middleware.
_ERROR_STATUSES = list(range(400, 600))
PRIORITY = {"menu": 30, "more": 20, "item": 10, "other": 5, "pager": 0}


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, start_urls: list[str], as_of: date, extra_hosts: list[str] = (),
                 max_pages: int = 20000, trap_chain_limit: int = 30, history=None, scan_id: int = 0,
                 link_settings: CheckSettings | None = None, reuse=None, **kwargs):
        super().__init__(**kwargs)
        self.reuse = reuse  # --incremental: an inspector.incremental.ReusePlan, or None
        self.reused = 0
        self.history = history  # read by HistoryPipeline
        self.scan_id = scan_id
        self.start_urls = list(start_urls)
        self.as_of = as_of
        self.hosts = {host_of(u) for u in self.start_urls} | {h.lower() for h in extra_hosts}
        self.allowed_domains = sorted(self.hosts)
        self.max_pages = max_pages
        self.guard = TrapGuard(max_year=as_of.year + 1, chain_limit=trap_chain_limit)
        self.seen: set[str] = set()
        self.seen_raw: set[str] = set()
        self.seen_blocks: set[str] = set()  # boilerplate already stored with an earlier page
        self.scheduled = 0
        self.capped = False
        self.fatal: str | None = None
        self.home_urls = {canonical_url(u) for u in self.start_urls}
        # Files of the site and targets on other hosts are checked, not crawled (None: no checks).
        self.checker = LinkChecker(self.hosts, link_settings, self.on_check, self.on_check_error) \
            if link_settings is not None else None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self):
        for url in self.start_urls:
            self.seen.add(canonical_url(url))
            self.scheduled += 1
            yield self._request(url, depth=0, chain=0, referrer=None, priority=100, start=True)

    def _request(self, url: str, depth: int, chain: int, referrer: str | None, priority: int,
                 start: bool = False) -> scrapy.Request:
        meta = {"handle_httpstatus_list": _ERROR_STATUSES, "inspector_depth": depth, "chain": chain,
                "referrer": referrer, "start": start}
        if start:
            meta["download_timeout"] = 30  # a slow start page is a finding, not a failure
        return scrapy.Request(url, callback=self.parse, errback=self.on_error, priority=priority,
                              dont_filter=start, meta=meta)

    def parse(self, response: Response):
        meta = response.meta
        page = Page(url=response.request.url, final_url=response.url, status=response.status,
                    content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
                    depth=meta["inspector_depth"], referrer=meta.get("referrer"),
                    fetch_ms=int(1000 * meta.get("download_latency", 0)))
        mime = page.content_type.split(";")[0].strip().lower()
        if (mime and not mime.startswith(_HTML_TYPES)) or (response.status >= 400 and not response.body):
            page.kind = "binary" if response.status < 400 else "error"
            if meta.get("start") and response.status < 400:
                self.stop_on_fatal(f"起始页面不是 HTML 页面：{page.url}（Content-Type: {page.content_type or '未知'}）",
                                   "not_html")
            yield page
            return
        text, page.encoding = decode_html(response.body, page.content_type)
        is_home = meta.get("start") or canonical_url(response.url) in self.home_urls
        extract_page(page, text, self.as_of, is_home=bool(is_home))
        page.chrome = [(key, "" if key in self.seen_blocks else block) for key, block in page.chrome]
        self.seen_blocks.update(key for key, _ in page.chrome)
        if response.status >= 400:
            page.kind = "error"
        yield page
        if response.status < 400:
            yield from self._follow(page, meta)
            if self.checker is not None:
                yield from self._dispatch(self.checker.targets(page))

    def stop_on_fatal(self, message: str, reason: str) -> None:
        """The scan cannot go on (the start page is not a web page): say why and stop."""
        self.fatal = message
        self.crawler.engine.close_spider(self, reason)

    def on_error(self, failure: Failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        yield Page(url=request.url, final_url=request.url, status=response.status if response else None,
                   kind="error", error=_describe(failure), depth=request.meta.get("inspector_depth", 0),
                   referrer=request.meta.get("referrer"))

    # -- link checks (inspector.linkcheck decides; the engine takes the requests directly, so
    # checks are neither depth-limited nor counted as pages) ------------------------------------
    def _dispatch(self, outputs):
        for out in outputs:
            if isinstance(out, Resource):
                yield out
            else:
                self.crawler.engine.crawl(out)

    async def on_check(self, response: Response):
        for item in self._dispatch(await self.checker.on_response(response)):
            yield item

    def on_check_error(self, failure: Failure):
        yield from self._dispatch(self.checker.on_failure(failure))

    def on_idle(self, spider=None):
        if self.checker is not None and self.checker.gate.pending():
            for request in self.checker.drain():
                if isinstance(request, scrapy.Request):
                    self.crawler.engine.crawl(request)
            raise DontCloseSpider

    def _follow(self, page: Page, meta: dict):
        """Requests for the page's new links; with --incremental, unchanged-page records are
        reused instead of fetched (and their own links followed the same way, without recursion)."""
        pending = [(page, meta["inspector_depth"], meta.get("chain", 0))]
        while pending:
            current, depth, parent_chain = pending.pop()
            for url, priority in _link_priorities(current).items():
                if self.scheduled >= self.max_pages:
                    self.capped = True
                    return
                if url in self.seen_raw:  # most links repeat page after page: skip them before any parsing
                    continue
                self.seen_raw.add(url)
                key = canonical_url(url)
                if key in self.seen or host_of(url) not in self.hosts or is_attachment(url):
                    continue
                self.seen.add(key)
                allowed, chain = self.guard.allow(url, current.final_url, parent_chain)
                if not allowed:
                    continue
                self.scheduled += 1
                reused = self.reuse.load(self.history, key) if self.reuse is not None else None
                if reused is None:
                    yield self._request(url, depth=depth + 1, chain=chain, referrer=current.final_url,
                                        priority=priority)
                    continue
                reused.depth, reused.referrer, reused.fetch_ms, reused.reused = depth + 1, current.final_url, 0, True
                self.reused += 1
                self.seen.add(canonical_url(reused.final_url))
                yield reused
                if self.checker is not None:
                    yield from self._dispatch(self.checker.targets(reused))
                pending.append((reused, depth + 1, chain))


def _link_priorities(page: Page) -> dict[str, int]:
    """Every followable link of the page with its crawl priority (navigation before archives)."""
    found: dict[str, int] = {}

    def offer(url: str | None, kind: str) -> None:
        if url and PRIORITY[kind] > found.get(url, -1):
            found[url] = PRIORITY[kind]

    for _, url in page.menu:
        offer(url, "menu")
    for _, url in page.breadcrumbs:
        offer(url, "menu")
    for lst in page.lists:
        offer(lst.more_url, "more")
        for item in lst.items:
            offer(item.url, "item")
    for url, _, tag in page.links:
        if tag in _FOLLOW_TAGS:
            offer(url, "other")
    for url in page.pager:
        found[url] = min(found.get(url, PRIORITY["pager"]), PRIORITY["pager"])
    return found


def _describe(failure: Failure) -> str:
    """A short Chinese description of a fetch failure for the report."""
    name = type(failure.value).__name__
    known = {
        "DNSLookupError": "域名解析失败", "ConnectionRefusedError": "连接被拒绝",
        "DownloadConnectionRefusedError": "连接被拒绝", "DownloadTimeoutError": "请求超时",
        "CannotResolveHostError": "域名解析失败", "DownloadFailedError": "下载失败",
        "TimeoutError": "请求超时", "TCPTimedOutError": "连接超时", "ConnectionLost": "连接中断",
        "ResponseNeverReceived": "未收到响应", "HttpError": "HTTP 错误", "SSLError": "SSL 证书错误",
    }
    return f"{known.get(name, '抓取失败')}（{name}: {str(failure.value)[:120]}）"
