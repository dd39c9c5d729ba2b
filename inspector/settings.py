"""Scrapy settings for inspector's crawls; our components are wired here by dotted path.

Defaults are polite (AutoThrottle, 4 requests at a time per host). `FAST_SETTINGS` is what
`--fast` (or `[scan] fast = true`) applies: for scanning one's own site or a local copy.
"""
from scrapy.settings import default_settings as scrapy_defaults

BOT_NAME = "inspector"
SPIDER_MODULES = ["inspector.spiders"]
NEWSPIDER_MODULE = "inspector.spiders"

# Government WAFs often refuse unknown clients; this says who we are in plain ASCII.
USER_AGENT = "Mozilla/5.0 (compatible; inspector/0.1; government-website self-inspection)"
# A site's own self-inspection must see every column, like the national checks do.
ROBOTSTXT_OBEY = False

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19 starts a control server on localhost otherwise
LOG_LEVEL = "ERROR"

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 10
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_TIMEOUT = 20
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
COOKIES_ENABLED = True

# Breadth first: with --max-pages, columns are reached before deep archives.
DEPTH_LIMIT = 30
DEPTH_PRIORITY = 1
DUPEFILTER_CLASS = "inspector.dupefilter.CompactDupeFilter"  # fingerprints as 64-bit hashes
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

ITEM_PIPELINES = {"inspector.pipelines.HistoryPipeline": 100}
# What one response yields goes through the pipeline one thing at a time: the history writer is
# synchronous, so more in parallel gains nothing, and Scrapy starts that many asyncio tasks for
# every response (100 by default: a tenth of a crawl's CPU time on a fast site).
CONCURRENT_ITEMS = 1
# Lists only a browser can show: requests marked meta["render"] are answered by headless Chromium
# before any other middleware (or the cache) sees them.
RENDER_MIDDLEWARE = {"inspector.render.RenderMiddleware": 50}
DOWNLOADER_MIDDLEWARES = dict(RENDER_MIDDLEWARE)
EXTENSIONS = {"inspector.pipelines.ProgressReporter": 500, "inspector.linkcheck.BodyLimit": 510,
              "scrapy.extensions.throttle.AutoThrottle": None, "inspector.throttle.RevalidationAwareThrottle": 0}
# The two consoles disabled above are not even loaded: Scrapy imports every extension its base list
# names (also one set to None in EXTENSIONS), and the control server's aiohttp cost 0.1 s per scan.
EXTENSIONS_BASE = {path: order for path, order in scrapy_defaults.EXTENSIONS_BASE.items()
                   if path not in ("scrapy.extensions.remote_control.RemoteControl", "scrapy.extensions.telnet.TelnetConsole")}

FAST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    # Bookkeeping nobody reads: byte counts per request and response (inspector reads its own
    # stats, not the downloader's), and a check that warns spider authors of copied meta keys.
    "DOWNLOADER_STATS": False,
    "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None},
}

# `--http-cache` (or `[scan] http_cache = true`): keep responses between scans and revalidate every
# one of them (If-Modified-Since / If-None-Match). An unchanged page comes back as a small 304
# from the server instead of the whole page; a changed page is always fetched again, so a
# re-scan never judges yesterday's content.
HTTP_CACHE_SETTINGS = {
    "HTTPCACHE_ENABLED": True,
    "HTTPCACHE_POLICY": "inspector.httpcache.RevalidatingPolicy",
    "HTTPCACHE_STORAGE": "inspector.httpcache.RevalidatedStorage",
    "HTTPCACHE_IGNORE_HTTP_CODES": list(range(300, 600)),
    "HTTPCACHE_GZIP": True,
    "DOWNLOADER_MIDDLEWARES": {**RENDER_MIDDLEWARE, "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
                               "inspector.httpcache.NoStaleCacheMiddleware": 900},
}
