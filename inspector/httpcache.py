"""The HTTP cache of `--http-cache`: RFC 2616 caching in which nothing is ever fresh, so every
page is revalidated with If-Modified-Since / If-None-Match. An unchanged page comes back as a
small 304 and is taken from the cache; a changed page is fetched again. A monitor must never
judge yesterday's copy of a page, so no heuristic freshness is allowed, and a page that cannot
be fetched is a failure, not the cached copy."""
from __future__ import annotations

import pickle
from pathlib import Path
from time import time

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy
from scrapy.utils.python import to_bytes
from w3lib.http import headers_dict_to_raw


class RevalidatingPolicy(RFC2616Policy):
    def _compute_freshness_lifetime(self, response, request, now) -> float:  # noqa: ARG002 - overridden API
        return 0


class NoStaleCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's cache middleware answers a request whose download failed (timeout, refused
    connection, DNS) with the cached copy. A monitor must see the failure: an unreachable site
    or page is the finding, never yesterday's copy of it."""

    def process_exception(self, request, exception) -> None:  # noqa: ARG002 - Scrapy's hook
        request.meta.pop("cached_response", None)


class RevalidatedStorage(FilesystemCacheStorage):
    """Scrapy's file cache, except that after a 304 only the entry's headers and time are
    written again (RFC 9111 4.3.4): the body on disk is the one the server just confirmed, and
    compressing and writing it and the request again was most of what a 304 cost."""

    def store_response(self, spider, request, response) -> None:
        rpath = Path(self._get_request_path(spider, request))
        if "cached" not in response.flags or not (rpath / "response_body").exists():
            super().store_response(spider, request, response)
            return
        metadata = {"url": request.url, "method": request.method, "status": response.status,
                    "response_url": response.url, "timestamp": time()}
        with self._open(rpath / "response_headers", "wb") as f:
            f.write(headers_dict_to_raw(response.headers))
        with self._open(rpath / "meta", "wb") as f:
            f.write(to_bytes(repr(metadata)))
        with self._open(rpath / "pickled_meta", "wb") as f:  # last: the entry counts as present from here
            pickle.dump(metadata, f, protocol=4)
