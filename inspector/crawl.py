"""Runs the site spider in this process (Twisted's reactor starts once per process). A scan calls
it in a child process of its own: inspector.crawl_process."""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from . import settings as default_settings
from .config import SHANGHAI, ScanConfig
from .crawl_process import CrawlOutcome
from .incremental import plan as plan_reuse
from .linkcheck import CheckSettings, summarize
from .spiders.site import SiteSpider
from .store import History
from .unchanged import KnownPages


def crawl_settings(config: ScanConfig) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    if config.fast:
        settings.setdict(default_settings.FAST_SETTINGS, priority="cmdline")
    if config.http_cache:
        settings.setdict(default_settings.HTTP_CACHE_SETTINGS, priority="cmdline")
        settings.set("HTTPCACHE_DIR", str((Path(config.db).parent / "httpcache").resolve()), priority="cmdline")
    settings.set("DEPTH_LIMIT", config.max_depth, priority="cmdline")
    settings.set("INSPECTOR_PROGRESS_SECONDS", config.progress_seconds, priority="cmdline")
    return settings


def run_crawl(config: ScanConfig, history: History, scan_id: int) -> CrawlOutcome:
    process = CrawlerProcess(crawl_settings(config))
    # Failed fetches are findings in the report, not log noise on the console (set after the
    # process exists: its logging set-up resets the levels of scrapy's loggers).
    logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(logging.CRITICAL)
    crawler = process.create_crawler(SiteSpider)
    link_settings = CheckSettings.from_table(config.rule_settings.get("links"), external=not config.no_external,
                                             max_pages=config.max_pages)
    reuse = plan_reuse(history, config.site_name, config.as_of.year, config.full_every_days,
                       datetime.now(SHANGHAI)) if config.incremental else None
    rescan = config.http_cache or config.incremental
    known = KnownPages.latest(history, config.site_name) if rescan else None
    process.crawl(crawler, start_urls=config.start_urls, as_of=config.as_of, extra_hosts=config.extra_hosts,
                  max_pages=config.max_pages, trap_chain_limit=config.max_series, history=history, scan_id=scan_id,
                  link_settings=link_settings,
                  reuse=reuse if reuse is not None and reuse.source_scan is not None else None, known=known,
                  max_renders=0 if config.no_render else config.render_max_pages,
                  render_off_reason="已按 --no-render 跳过浏览器渲染" if config.no_render else "渲染上限为 0")
    process.start()
    spider = crawler.spider
    reason = crawler.stats.get_value("finish_reason") or "unknown"
    return CrawlOutcome(finish_reason=str(reason), capped=bool(spider and spider.capped),
                        fatal=spider.fatal if spider else None,
                        refused=dict(spider.guard.refused) if spider else {},
                        checks=summarize(spider.checker) if spider else {},
                        http_cache=_cache_stats(crawler.stats) if config.http_cache else {},
                        incremental={"reused_pages": spider.reused if spider else 0, "note": reuse.reason}
                        if reuse is not None else {},
                        unchanged=_unchanged_stats(spider) if rescan and spider else {},
                        lists=_list_stats(spider, config) if spider else {})


def _list_stats(spider: SiteSpider, config: ScanConfig) -> dict:
    return {"renders": spider.renders, "render_max": 0 if config.no_render else config.render_max_pages,
            "render_capped": spider.render_capped, "render_failed": spider.render_failed,
            "list_requests": spider.feed_requests}


def _cache_stats(stats) -> dict:
    return {"unchanged_304": stats.get_value("httpcache/revalidate", 0),
            "fetched": stats.get_value("httpcache/miss", 0) + stats.get_value("httpcache/invalidate", 0)}


def _unchanged_stats(spider: SiteSpider) -> dict:
    return {"unchanged_pages": spider.unchanged,
            "unchanged_attachments": spider.checker.unchanged_attachments if spider.checker is not None else 0}
