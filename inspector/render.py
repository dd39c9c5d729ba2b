"""Rendering during the crawl: a request marked meta["render"] is answered by the scan's headless
Chromium (inspector.browser.render) instead of the network, with the rendered document as an
HTML response; the spider reads it like any page. The browser runs in one thread of its own
(Selenium blocks), started on the first render and closed with the spider.

A render that cannot happen (no browser, a page that fails) is answered too, with
meta["render_error"] saying why in Chinese, so the spider records the list as unread instead of
losing it or calling it empty.
"""
from __future__ import annotations

from scrapy import signals
from scrapy.http import HtmlResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, threads
from twisted.python.threadpool import ThreadPool

from .browser.chromium import BrowserOptions, BrowserUnavailable, PageFailed
from .browser.render import ListRenderer
from .browser.select import allowed_hosts


class RenderMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.renderer: ListRenderer | None = None
        self.pool: ThreadPool | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _start(self) -> None:
        spider = self.crawler.spider
        factory = getattr(spider, "render_factory", None)
        options = BrowserOptions(allowed_hosts=allowed_hosts(spider.start_urls, sorted(spider.hosts)))
        self.renderer = ListRenderer(options, factory) if factory else ListRenderer(options)
        self.pool = ThreadPool(1, 1, name="inspector-render")
        self.pool.start()

    async def process_request(self, request, spider=None):
        if not request.meta.get("render"):
            return None
        if self.renderer is None:
            self._start()
        try:
            result = await maybe_deferred_to_future(
                threads.deferToThreadPool(reactor, self.pool, self.renderer.render, request.url))
        except BrowserUnavailable as exc:
            return self._failed(request, str(exc))
        except PageFailed as exc:
            return self._failed(request, f"浏览器渲染失败：{exc}")
        except Exception as exc:  # noqa: BLE001 - a render must never lose the page
            return self._failed(request, f"浏览器渲染出错：{type(exc).__name__}")
        request.meta["rendered_more"] = result.snapshots[1:]
        request.meta["render_note"] = result.note
        request.meta["render_seconds"] = result.seconds
        return HtmlResponse(url=request.url, status=200, body=result.snapshots[0].encode("utf-8"), encoding="utf-8",
                            headers={"Content-Type": "text/html; charset=utf-8"}, request=request)

    @staticmethod
    def _failed(request, reason: str) -> HtmlResponse:
        request.meta["render_error"] = reason
        return HtmlResponse(url=request.url, status=200, body=b"", encoding="utf-8", request=request)

    def spider_closed(self, spider=None):
        if self.renderer is None or self.pool is None:
            return None
        renderer, pool = self.renderer, self.pool
        self.renderer = self.pool = None
        deferred = threads.deferToThreadPool(reactor, pool, renderer.close)
        deferred.addBoth(lambda _: pool.stop())
        return deferred
