"""The HTTP cache policy of `--http-cache`: RFC 2616 caching in which nothing is ever fresh, so
every page is revalidated with If-Modified-Since / If-None-Match. An unchanged page comes back
as a small 304 and is taken from the cache; a changed page is fetched again. A monitor must
never judge yesterday's copy of a page, so no heuristic freshness is allowed."""
from __future__ import annotations

from scrapy.extensions.httpcache import RFC2616Policy


class RevalidatingPolicy(RFC2616Policy):
    def _compute_freshness_lifetime(self, response, request, now) -> float:  # noqa: ARG002 - overridden API
        return 0
