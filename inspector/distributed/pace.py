"""Per-host politeness across workers: N workers on one site must not send its server N times
as many requests as one polite single-site scan would.

Each worker's Scrapy keeps its own delay per host, so alone it cannot see the others. Before a
request is downloaded this middleware asks Redis for the host's next turn (shared.Shared.pace):
requests from all workers then reach a host at least the site's pace apart (the single-site
DOWNLOAD_DELAY; 0 for a site scanned with `fast`, which skips the wait and the Redis call).
The wait happens before the download starts, so it never counts against DOWNLOAD_TIMEOUT.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import redis
from scrapy.utils.asyncio import sleep


class SharedHostPace:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        spider = self.crawler.spider
        try:
            interval = spider.pace_for(request)
            wait = spider.shared.pace(urlsplit(request.url).hostname or "", interval) if interval > 0 else 0
        except redis.RedisError:
            return  # Redis is away: the worker's own per-host delay still holds
        if wait > 0:
            self.crawler.stats.inc_value("inspector/pace_wait_ms", round(wait * 1000))
            await sleep(wait)
