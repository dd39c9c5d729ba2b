"""Under AutoThrottle a 304 lowers the delay like a 200; other statuses still never lower it."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import scrapy
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from inspector.config import ScanConfig
from inspector.crawl import crawl_settings
from inspector.throttle import RevalidationAwareThrottle


def throttle() -> RevalidationAwareThrottle:
    crawler = get_crawler(scrapy.Spider, {"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0})
    ext = RevalidationAwareThrottle(crawler)
    ext.mindelay, ext.maxdelay = 0.25, 10.0
    return ext


def delay_after(status: int, latency: float = 0.1) -> float:
    slot = SimpleNamespace(delay=0.5)
    throttle()._adjust_delay(slot, latency, Response("http://gov.test/a.html", status=status))
    return slot.delay


def test_a_304_lowers_the_delay_like_a_200_but_not_below_the_floor():
    assert delay_after(304) == delay_after(200) == 0.275   # halfway to latency / concurrency, above 0.25
    assert delay_after(503) == 0.5 and delay_after(404) == 0.5
    assert delay_after(304, latency=3.0) == 1.5             # a slow 304 raises it, as a slow 200 does


def test_scans_use_it_instead_of_scrapys_autothrottle():
    settings = crawl_settings(ScanConfig(site_name="站", start_urls=["http://gov.test/"], as_of=date(2021, 12, 31)))
    extensions = settings.getwithbase("EXTENSIONS")
    assert extensions["inspector.throttle.RevalidationAwareThrottle"] == 0
    assert extensions["scrapy.extensions.throttle.AutoThrottle"] is None
