"""Crawl components wired in settings: the history writer and the progress reporter."""
from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured

from .model import Page, Resource


class HistoryPipeline:
    """Saves every Page into the scan history as it arrives, so an interrupted scan keeps what
    it fetched. The history and scan id travel on the spider (`history`, `scan_id`), because
    Scrapy deep-copies settings and a database connection cannot be copied."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        spider = self.crawler.spider
        history = getattr(spider, "history", None)
        if history is not None and isinstance(item, Page):
            history.add_page(spider.scan_id, item)
        elif history is not None and isinstance(item, Resource):
            history.add_resource(spider.scan_id, item)
        return item

    def close_spider(self, spider=None):
        history = getattr(self.crawler.spider, "history", None)
        if history is not None:
            history.commit()


class ProgressReporter:
    """Prints a Chinese progress line to stderr every INSPECTOR_PROGRESS_SECONDS (0 = off)."""

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.pages = 0
        self.errors = 0
        self.checks = 0
        self.last = time.monotonic()
        self.started = self.last

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("INSPECTOR_PROGRESS_SECONDS", 5.0)
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def item_scraped(self, item, response=None, spider=None):
        if isinstance(item, Resource):
            self.checks += 1
        else:
            self.pages += 1
        if isinstance(item, Page) and item.kind == "error":
            self.errors += 1
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            rate = self.pages / max(now - self.started, 1e-6)
            checks = f"，已检查链接 {self.checks} 个" if self.checks else ""
            queued = max(0, getattr(self.crawler.spider, "scheduled", self.pages) - self.pages)
            print(f"已抓取 {self.pages} 页（失败 {self.errors}），待抓取约 {queued} 页{checks}，{rate:.0f} 页/秒 …",
                  file=sys.stderr, flush=True)
