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

from ..extract.decode import decode_html
from ..extract.feeds import feed_form, feed_page, feed_url, is_datastore_answer, next_feed, planned_feeds
from ..extract.page import WEAK_RENDER, extract_page, merge_rendered_pages
from ..linkcheck import CheckSettings, LinkChecker, describe_failure
from ..model import Page, Resource
from ..unchanged import source_key
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
        self.seen: set[str] = set()
        self.seen_raw: set[str] = set()
        self.seen_blocks: set[str] = set()  # boilerplate already stored with an earlier page
        self.scheduled = 0
        self.capped = False
        self.fatal: str | None = None
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
        meta = {"handle_httpstatus_list": _ERROR_STATUSES, "inspector_depth": depth, "chain": chain,
                "referrer": referrer, "start": start, "link_priority": priority}
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
        is_home = bool(meta.get("start") or canonical_url(response.url) in self.home_urls)
        key = source_key(response.body, page.content_type, page.url, page.final_url, page.status, is_home, self.as_of)
        known = self.known.take(key) if self.known is not None else None
        if known is not None and self._adopt_chrome(known):
            known.depth, known.referrer, known.fetch_ms = page.depth, page.referrer, page.fetch_ms
            known.reused = False  # fetched now (the record may come from an incremental scan's reuse)
            page = known
            self.unchanged += 1
        else:
            text, page.encoding = decode_html(response.body, page.content_type)
            extract_page(page, text, self.as_of, is_home=is_home)
            self._adopt_chrome(page)
            if response.status >= 400:
                page.kind = "error"
        page.source_key = key
        render = self._render_request(page, meta) if response.status < 400 else None
        yield page
        if response.status < 400:
            yield from self._follow(page, meta)
            yield from self._feed_requests(page, [f for feed in page.feeds for f in planned_feeds(feed)], meta)
            if render is not None:
                yield render
            if self.checker is not None:
                yield from self._dispatch(self.checker.targets(page))

    # -- lists that are not plain pages (inspector.extract.feeds, inspector.render) ------------
    def _render_request(self, page: Page, meta: dict) -> scrapy.Request | None:
        """A browser render of a page whose list only scripts draw; or, when none can be had,
        the page marked unread (never empty) before it is saved."""
        if not page.render or page.kind not in ("list", "blank", "channel"):
            return None
        column_like = page.render != WEAK_RENDER or meta.get("link_priority", 0) >= PRIORITY["more"] or \
            bool(page.breadcrumbs) or bool(page.meta.get("ColumnName"))
        if not column_like:
            return None
        if self.max_renders <= 0:
            page.list_state = f"unread:{self.render_off_reason}"
            return None
        if self.renders >= self.max_renders:
            self.render_capped = True
            page.list_state = f"unread:已达本次扫描的渲染上限（{self.max_renders} 页）"
            return None
        self.renders += 1
        return scrapy.Request(page.final_url, callback=self.parse_rendered, dont_filter=True,
                              priority=PRIORITY["more"],
                              meta={**_carry(meta), "render": True, "dont_cache": True, "static_page": page})

    def parse_rendered(self, response: Response):
        meta = response.meta
        static: Page = meta["static_page"]
        if meta.get("render_error"):
            self.render_failed += 1
            static.list_state = f"unread:{meta['render_error']}"
            yield static  # saved again, now saying why its list is unread
            return
        page = Page(url=static.url, final_url=static.final_url, status=static.status,
                    content_type=static.content_type, depth=static.depth, referrer=static.referrer,
                    fetch_ms=static.fetch_ms, encoding="utf-8")
        extract_page(page, response.text, self.as_of, is_home=False)
        merge_rendered_pages(page, meta.get("rendered_more") or [], self.as_of)
        page.read_via, page.render, page.feeds = "rendered", static.render, []
        page.source_key = static.source_key
        if not page.main_list or not page.main_list.items:
            page.list_state = "empty" if not meta.get("render_note") else f"unread:{meta['render_note']}"
            if page.kind == "blank":
                page.kind = "list"
        # This record replaces the static one: the text of the header/footer blocks the scan first
        # met on the static page must travel with it, or no record of the scan holds that text.
        self.seen_blocks.difference_update(key for key, text in static.chrome if text)
        self._adopt_chrome(page)
        yield page
        yield from self._follow(page, meta)
        if self.checker is not None:
            yield from self._dispatch(self.checker.targets(page))

    def _feed_requests(self, page: Page, feeds: list[dict], meta: dict, method: str | None = None):
        for feed in feeds:
            if self.scheduled >= self.max_pages:
                self.capped = True
                return
            self.scheduled += 1
            self.feed_requests += 1
            how = method or feed.get("method", "POST")
            carried = {**_carry(meta), "feed": feed, "feed_method": how, "handle_httpstatus_list": _ERROR_STATUSES,
                       "referrer": page.final_url if not page.list_of else page.referrer}
            if how == "POST":
                yield scrapy.FormRequest(feed_url(feed), formdata=feed_form(feed), callback=self.parse_feed,
                                         errback=self.on_feed_error, dont_filter=True, priority=PRIORITY["more"],
                                         meta=carried)
            else:
                yield scrapy.Request(feed_url(feed, with_form=True), callback=self.parse_feed,
                                     errback=self.on_feed_error, dont_filter=True, priority=PRIORITY["more"], meta=carried)

    def parse_feed(self, response: Response):
        meta = response.meta
        feed = meta["feed"]
        text, encoding = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
        if response.status >= 400 or not is_datastore_answer(text):
            if meta["feed_method"] == "POST":  # some proxies answer only GET: ask again that way
                self.scheduled -= 1
                yield from self._feed_requests(Page(url=feed["list_of"], final_url=feed["list_of"], status=None),
                                               [feed], meta, method="GET")
                return
            yield Page(url=response.request.url, final_url=response.url, status=response.status, kind="error",
                       list_of=feed["list_of"], referrer=meta.get("referrer"),
                       error=f"数据接口未返回列表数据（HTTP {response.status}）")
            return
        page, total = feed_page(feed, response.request.url, response.url, response.status, text, self.as_of)
        page.encoding, page.depth, page.referrer = encoding, meta.get("inspector_depth", 0), meta.get("referrer")
        page.fetch_ms = int(1000 * meta.get("download_latency", 0))
        yield page
        yield from self._follow(page, meta)
        if not feed.get("planned"):  # the total was not known: ask for the next group while groups come full
            following = next_feed(feed, len(page.main_list.items) if page.main_list else 0, total)
            if following is not None:
                yield from self._feed_requests(page, planned_feeds(following), meta, method=meta["feed_method"])

    def on_feed_error(self, failure: Failure):
        request = failure.request
        feed = request.meta["feed"]
        if request.meta.get("feed_method") == "POST":
            self.scheduled -= 1
            yield from self._feed_requests(Page(url=feed["list_of"], final_url=feed["list_of"], status=None),
                                           [feed], request.meta, method="GET")
            return
        response = getattr(failure.value, "response", None)
        yield Page(url=request.url, final_url=request.url, status=response.status if response else None,
                   kind="error", error=describe_failure(failure), list_of=feed["list_of"],
                   referrer=request.meta.get("referrer"))

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


def _carry(meta: dict) -> dict:
    """What a derived request (a render, a data-store group) keeps of the page's request."""
    return {key: meta[key] for key in ("inspector_depth", "chain", "referrer", "link_priority") if key in meta}


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
