#!/usr/bin/env python3
"""The baseline for bench/crawl_bench.py: a bare Scrapy CrawlSpider that follows every link on
the same site and does nothing else (no parsing, no storage).

    python bench/bare_spider.py http://127.0.0.1:PORT/ --stats-out stats.json [--dedup]

`--dedup` drops links the spider has already requested (a seen-set in `process_links`), which
keeps ~25 duplicate follow-requests per page away from the middlewares and the dupefilter. The
plain variant is the reference; the dedup one shows what a Scrapy crawl of this site can reach.

Runs in its own process (Twisted's reactor starts once per process). Writes Scrapy's final
stats (response_received_count, …) as JSON to --stats-out.
"""
from __future__ import annotations

import argparse
import json
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule

SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0,
    "LOG_LEVEL": "ERROR",
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
}


class BareSpider(CrawlSpider):
    name = "bare"
    # Not LinkExtractor(allow_domains=...): that compares the whole netloc and extracts nothing
    # when the URL carries a port. OffsiteMiddleware ignores ports.
    allowed_domains = ["127.0.0.1"]
    rules = (Rule(LinkExtractor(), callback="parse_page", follow=True),)

    def parse_page(self, response):
        return None


class DedupSpider(BareSpider):
    name = "bare_dedup"
    rules = (Rule(LinkExtractor(), callback="parse_page", follow=True, process_links="drop_seen"),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen: set[str] = set()

    def drop_seen(self, links):
        fresh = [link for link in links if link.url not in self.seen]
        self.seen.update(link.url for link in fresh)
        return fresh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--stats-out", required=True)
    parser.add_argument("--dedup", action="store_true")
    args = parser.parse_args(argv)

    process = CrawlerProcess(settings=SETTINGS)
    spider_cls = DedupSpider if args.dedup else BareSpider
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, start_urls=[args.url])
    process.start()
    stats = crawler.stats.get_stats()
    with open(args.stats_out, "w", encoding="utf-8") as fh:
        json.dump({k: (v if isinstance(v, (int, float, str, bool, type(None))) else str(v))
                   for k, v in stats.items()}, fh, indent=2, sort_keys=True)
    return 0 if stats.get("finish_reason") == "finished" else 1


if __name__ == "__main__":
    sys.exit(main())
