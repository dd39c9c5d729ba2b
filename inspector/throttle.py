"""AutoThrottle for re-scans: a 304 (page unchanged) may lower the delay between requests the way
a 200 does.

Scrapy's AutoThrottle never lowers the delay on any other status, because small error pages
answered fast would speed the crawl up against a failing server. A 304 is the server's normal
answer to a `--http-cache` re-scan, so there the delay stayed at the 0.5 s start delay for the
whole scan while the first scan ran at the 0.25 s floor. The floor (DOWNLOAD_DELAY), the ceiling
and the concurrency limits still hold: a re-scan is as polite as a first scan, not less.
"""
from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle


class RevalidationAwareThrottle(AutoThrottle):
    def _adjust_delay(self, slot, latency: float, response) -> None:
        if response.status == 304:
            response = response.replace(status=200)  # judged as the page it confirmed
        super()._adjust_delay(slot, latency, response)
