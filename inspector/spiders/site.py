"""The site spider: walks one government website within its hosts and yields a Page per URL.

It only navigates. Decoding and extraction are plain functions (inspector.extract); what to
follow is decided by inspector.urls (site hosts, attachments, traps) and by the page's own
structure (menus and breadcrumbs first, pagination last).
"""
from __future__ import annotations

from collections import deque
from datetime import date

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from .. import settings as default_settings
from ..config import DEFAULT_MAX_PAGES
from ..extract.decode import decode_html
from ..extract.feeds import planned_feeds
from ..extract.page import extract_page
from ..linkcheck import CheckSettings, LinkChecker, describe_failure
from ..model import Page, Resource
from ..seen import SeenUrls
from ..unchanged import source_key
from .firewall import FirewallGuard
from ..urls import TrapGuard, canonical_url, host_of, is_attachment
from .lists import ERROR_STATUSES, PRIORITY, ListReading, at_once

_FOLLOW_TAGS = {"a", "area", "iframe", "frame"}
_HTML_TYPES = ("text/html", "application/xhtml", "text/plain")
INFLATE_FACTOR = 4  # a gzip page may inflate to 4 × the page limit; beyond that it is a bomb


class SiteSpider(ListReading, scrapy.Spider):
    name = "site"

    def __init__(self, start_urls: list[str], as_of: date, extra_hosts: list[str] = (),
                 max_pages: int = DEFAULT_MAX_PAGES, trap_chain_limit: int = 30, history=None, scan_id: int = 0,
                 link_settings: CheckSettings | None = None, reuse=None, known=None, max_renders: int = 0,
                 render_off_reason: str = "", **kwargs):
        super().__init__(**kwargs)
        # Lists only a browser can show are rendered (inspector.render), at most max_renders pages;
        # 0 = never (then such lists are recorded as unread, with render_off_reason).
        self.max_renders = max_renders
        self.render_off_reason = render_off_reason or "未启用浏览器渲染"
        self.renders = 0
        self.render_capped = False
        self.render_failed = 0
        self.feed_requests = 0
        self.reuse = reuse  # --incremental: an inspector.incremental.ReusePlan, or None
        self.reused = 0
        # Re-scans: an inspector.unchanged.KnownPages; a page fetched with the same bytes as in the
        # last scan takes that scan's record instead of being parsed again (None: always parse).
        self.known = known
        self.unchanged = 0
        self.history = history  # read by HistoryPipeline
        self.scan_id = scan_id
        self.start_urls = list(start_urls)
        self.as_of = as_of
        self.hosts = {host_of(u) for u in self.start_urls} | {h.lower() for h in extra_hosts}
        self.allowed_domains = sorted(self.hosts)
        self.max_pages = max_pages
        self.guard = TrapGuard(max_year=as_of.year + 1, chain_limit=trap_chain_limit)
        self.seen = SeenUrls()  # canonical URLs of pages asked for
        self.seen_raw = SeenUrls()  # links as written, to skip repeats before canonicalising them
        self.seen_blocks: set[str] = set()  # boilerplate already stored with an earlier page
        self.scheduled = 0
        self.capped = False
        self.fatal: str | None = None
        self.firewall = FirewallGuard()
        self.home_urls = {canonical_url(u) for u in self.start_urls}
        # Files of the site and targets on other hosts are checked, not crawled (None: no checks).
        self.checker = LinkChecker(self.hosts, link_settings, self.on_check, self.on_check_error, known=known) \
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
        meta = {"handle_httpstatus_list": ERROR_STATUSES, "inspector_depth": depth, "chain": chain,
                "referrer": referrer, "start": start, "link_priority": priority,
                "inspector_page_limit": self.page_limit(),  # a bigger page is read this far, then checked
                # a compressed page may inflate past the limit (then cut to it), not without end
                "download_maxsize": INFLATE_FACTOR * self.page_limit()}
        if start:
            meta["download_timeout"] = 30  # a slow start page is a finding, not a failure
        return scrapy.Request(url, callback=self.parse, errback=self.on_error, priority=priority,
                              dont_filter=start, meta=meta)

    @at_once
    def parse(self, response: Response):
        meta = response.meta
        page = Page(url=response.request.url, final_url=response.url, status=response.status,
                    content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
                    depth=meta["inspector_depth"], referrer=meta.get("referrer"),
                    fetch_ms=int(1000 * meta.get("download_latency", 0)))
        firewall, retry = self.firewall.check(response, getattr(self, "crawler", None))
        if firewall is not None:  # a firewall's challenge, not the site's page: retried, then recorded
            if retry is not None:
                yield retry
                return
            page.kind, page.blocked, page.error = "error", firewall, f"被网站防护（{firewall}）拦截"
            yield page
            return
        mime = page.content_type.split(";")[0].strip().lower()
        if (mime and not mime.startswith(_HTML_TYPES)) or (response.status >= 400 and not response.body):
            page.kind = "binary" if response.status < 400 else "error"
            if meta.get("start") and response.status < 400:
                self.stop_on_fatal(f"起始页面不是 HTML 页面：{page.url}（Content-Type: {page.content_type or '未知'}）",
                                   "not_html")
            yield page
            return
        is_home = bool(meta.get("start") or canonical_url(response.url) in self.home_urls)
        key = source_key(response.body, page.content_type, page.url, page.final_url, page.status, is_home, self.as_of)
        known = self.known.take(key) if self.known is not None else None
        if known is not None and self._adopt_chrome(known):
            known.depth, known.referrer, known.fetch_ms = page.depth, page.referrer, page.fetch_ms
            known.reused = False  # fetched now (the record may come from an incremental scan's reuse)
            page = known
            self.unchanged += 1
        else:
            body = response.body
            limit = meta.get("inspector_page_limit") or self.page_limit()
            if meta.get("inspector_truncated") or len(body) > limit:  # over the cap: checked on what was read
                body = body[:limit]
                page.truncated = len(body)
            text, page.encoding = decode_html(body, page.content_type)
            extract_page(page, text, self.as_of, is_home=is_home)
            self._adopt_chrome(page)
            if response.status >= 400:
                page.kind = "error"
        page.source_key = key
        # A list with its own JSON endpoint is read from it first; rendered only if that fails.
        reads_api = any(feed["kind"] == "api" for feed in page.feeds)
        render = self._render_request(page, meta) if response.status < 400 and not reads_api else None
        yield page
        if response.status < 400:
            yield from self._follow(page, meta)
            yield from self._feed_requests(page, [f for feed in page.feeds for f in planned_feeds(feed)], meta)
            if render is not None:
                yield render
            if self.checker is not None:
                yield from self._dispatch(self.checker.targets(page))

    def page_limit(self) -> int:
        crawler = getattr(self, "crawler", None)  # the distributed coordinator builds requests without one
        return crawler.settings.getint("DOWNLOAD_MAXSIZE") if crawler is not None else default_settings.DOWNLOAD_MAXSIZE

    def stop_on_fatal(self, message: str, reason: str) -> None:
        """The scan cannot go on (the start page is not a web page): say why and stop."""
        self.fatal = message
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def _adopt_chrome(self, page: Page) -> bool:
        """Store each header/footer block's text with the first page of this scan that has it and
        blank it on the others. A saved record lacks the text of blocks its scan had met before;
        it comes from the last scan's other records, and when it cannot, the record is not used
        (False) and the page is fetched and parsed instead."""
        texts = self.known.block_texts if self.known is not None else {}
        blocks = [(key, text or texts.get(key, "")) for key, text in page.chrome]
        if any(not text and key not in self.seen_blocks for key, text in blocks):
            return False
        page.chrome = [(key, "" if key in self.seen_blocks else text) for key, text in blocks]
        self.seen_blocks.update(key for key, _ in page.chrome)
        return True

    def on_error(self, failure: Failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        yield Page(url=request.url, final_url=request.url, status=response.status if response else None,
                   kind="error", error=describe_failure(failure), depth=request.meta.get("inspector_depth", 0),
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

    def depth_limit(self) -> int:
        return self.crawler.settings.getint("DEPTH_LIMIT")

    def _follow(self, page: Page, meta: dict):
        """Requests for the page's new links; with --incremental, unchanged-page records are
        reused instead of fetched (and their own links followed the same way, breadth first and
        without recursion)."""
        max_depth = self.depth_limit()
        pending = deque([(page, meta["inspector_depth"], meta.get("chain", 0))])
        while pending:
            current, depth, parent_chain = pending.popleft()
            for url, priority in _link_priorities(current).items():
                if self.scheduled >= self.max_pages:
                    self.capped = True
                    return
                if url in self.seen_raw:  # most links repeat page after page: skip them before any parsing
                    continue
                if depth + 1 > max_depth > 0:
                    continue  # Scrapy's depth limit counts fetched pages only, not reused ones
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
                if reused is None or not self._adopt_chrome(reused):
                    yield self._request(url, depth=depth + 1, chain=chain, referrer=current.final_url,
                                        priority=priority)
                    continue
                # A walk through reused pages runs ahead of the fetched ones and can reach a page by
                # a longer path than the full scan did; its depth there (the shortest path then) keeps
                # the depth limit cutting where the full scan cut.
                reused.depth = min(reused.depth, depth + 1)
                reused.referrer, reused.fetch_ms, reused.reused = current.final_url, 0, True
                self.reused += 1
                self.seen.add(canonical_url(reused.final_url))
                yield reused
                if self.checker is not None:
                    yield from self._dispatch(self.checker.targets(reused))
                pending.append((reused, reused.depth, chain))


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
