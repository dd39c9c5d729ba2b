"""`inspector worker --redis URL`: takes requests of any fleet site from the shared queue.

The crawl logic is the single-site spider's (SiteSpider: decoding, extraction, what to follow,
trap guard, link checks), run per site by a SiteWalker that hands its outputs back instead of
scheduling them. The worker's spider then finishes each request in one atomic step
(shared.Shared.settle): new links into the queue through the shared seen-set, the page record to
the coordinator, the lease released. Nothing is written locally.
"""
from __future__ import annotations

import logging
import os
import socket
import sys
import time
import uuid
from datetime import date
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task
from twisted.python.failure import Failure

from ..linkcheck import CheckSettings
from ..model import Page, Resource
from ..privacy import protect_page, protect_resource
from ..spiders.site import SiteSpider
from ..urls import canonical_url
from .shared import (
    STATE,
    CodeMismatch,
    Shared,
    UntrustedPayload,
    code_version,
    decode_request,
    encode_request,
    inflight_key,
    redis_url_with_password,
    variants_key,
)

UNLIMITED = 10 ** 9  # the walker's own page cap: the shared cap (Shared.settle) is the one that counts


class SharedSet:
    """One Redis set seen as the `in` / `len` / `add` of a Python set."""

    def __init__(self, server, key: str):
        self.server, self.key = server, key

    def __contains__(self, value: str) -> bool:
        return bool(self.server.sismember(self.key, value))

    def __len__(self) -> int:
        return int(self.server.scard(self.key))

    def add(self, value: str) -> None:
        self.server.sadd(self.key, value)


class SharedVariants(dict):
    """The trap guard's query variants per path, shared by all workers of a site (so the cap on
    variants per path holds for the site, not per worker)."""

    def __init__(self, server, site: str):
        super().__init__()
        self.server, self.site = server, site

    def __missing__(self, path: str) -> SharedSet:
        return SharedSet(self.server, variants_key(self.site, path))


class SiteWalker(SiteSpider):
    """SiteSpider as a library: its outputs (pages, resources, requests) are returned to the
    worker instead of going to Scrapy, and a fatal start page is reported, not a spider close."""

    name = "site-walker"

    def __init__(self, settings: dict[str, Any], server, site: str):
        link_settings = CheckSettings.from_table(settings.get("links"), external=not settings.get("no_external"),
                                                 max_pages=settings["max_pages"])
        super().__init__(start_urls=settings["start_urls"], as_of=date.fromisoformat(settings["as_of"]),
                         extra_hosts=settings.get("extra_hosts", []), max_pages=UNLIMITED, link_settings=link_settings,
                         trap_chain_limit=int(settings.get("max_series", 30)),  # an older coordinator sent none
                         render_off_reason="分布式扫描的工作进程不渲染页面")
        self.settings_table = settings
        self.guard._variants = SharedVariants(server, site)
        if self.checker is not None:
            self.checker.gate.per_host = UNLIMITED  # per-host politeness is each worker's Scrapy's job here
        self.fatal_messages: list[str] = []

    def stop_on_fatal(self, message: str, reason: str) -> None:
        self.fatal = message
        self.fatal_messages.append(message)

    def depth_limit(self) -> int:
        return int(self.settings_table["max_depth"])

    def _dispatch(self, outputs):
        yield from outputs


class WorkerSpider(scrapy.Spider):
    """Callbacks named like SiteSpider's (parse, on_error, on_check, on_check_error, parse_feed,
    on_feed_error, parse_api, on_api_error), so the requests a walker makes resolve to this spider on whichever worker
    pops them."""

    name = "inspector-worker"

    def __init__(self, redis_url: str, worker_id: str, lease_seconds: float = 30.0, once: bool = False, **kwargs):
        super().__init__(**kwargs)
        import redis

        self.server = redis.Redis.from_url(redis_url_with_password(redis_url))
        self.shared = Shared(self.server)
        self.worker_id = worker_id
        self.lease_seconds = lease_seconds
        self.once = once
        self.saw_run = False  # --once waits for a run to start before it can see one end
        self.walkers: dict[tuple[str, str], SiteWalker] = {}
        self.done = 0
        self.loops: list[task.LoopingCall] = []
        self.last_report = time.monotonic()
        self.refused: tuple[str | None, str] | None = None  # the (run, code) this worker said it cannot work for

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    async def start(self):
        return
        yield  # an async generator with nothing to start: the work comes from the shared queue

    # -- life ----------------------------------------------------------------------------------
    def on_opened(self, spider=None):
        self.shared.beat(self.worker_id, self.lease_seconds)
        for interval, fn in ((self.lease_seconds / 3, self._beat), (0.5, self._nudge)):
            loop = task.LoopingCall(fn)
            loop.start(interval, now=False)
            self.loops.append(loop)
        print(f"工作进程 {self.worker_id} 已连接，等待抓取任务 …", file=sys.stderr, flush=True)

    def on_closed(self, spider=None, reason=None):
        for loop in self.loops:
            if loop.running:
                loop.stop()
        # Stopped (Ctrl-C, SIGTERM): what it still held goes back now, not when its lease expires.
        handed_back = self.shared.retire(self.worker_id)
        note = f"，交还未完成请求 {handed_back} 个" if handed_back else ""
        print(f"工作进程 {self.worker_id} 结束：处理请求 {self.done} 个{note}。", file=sys.stderr, flush=True)

    def _beat(self):
        import redis

        try:
            self.shared.beat(self.worker_id, self.lease_seconds)
            self.saw_run = self.saw_run or self.server.get(STATE) == b"running"
        except redis.RedisError as exc:  # keep beating: a stopped heartbeat would strand later leases
            logging.getLogger(__name__).info("heartbeat failed: %r", exc)
            print(f"工作进程 {self.worker_id}：暂时无法连接 Redis，稍后重试", file=sys.stderr, flush=True)

    def refuse_run(self, run_code: str) -> None:
        """Say once per run why this worker takes nothing, here and to the coordinator."""
        refused = (self.shared.run_id(), run_code)
        if self.refused == refused:
            return
        self.refused = refused
        mine = code_version()
        self.shared.refuse(self.worker_id, mine)
        print(f"工作进程 {self.worker_id}：本机 inspector 的抓取代码版本（{mine}）与协调进程（{run_code}）不同，"
              "不领取任务。请在协调机器和各工作机器上安装同一版本。", file=sys.stderr, flush=True)

    def _nudge(self):
        """The engine asks the scheduler for work only every 5 s when idle; the shared queue may
        have filled since (another worker's links, a new run), so ask more often."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()
        now = time.monotonic()
        if now - self.last_report >= 10:
            self.last_report = now
            print(f"工作进程 {self.worker_id}：已处理 {self.done} 个请求", file=sys.stderr, flush=True)

    def on_idle(self, spider=None):
        running = self.server.get(STATE) == b"running"
        self.saw_run = self.saw_run or running
        if self.once and self.saw_run and not running:
            return  # --once: the run it worked for is over and nothing is left here, so the worker ends
        raise DontCloseSpider

    # -- callbacks -----------------------------------------------------------------------------
    def parse(self, response: Response):
        self._finish(response.request, lambda walker: list(walker.parse(response)), from_page=True)

    def on_error(self, failure: Failure):
        self._finish(failure.request, lambda walker: list(walker.on_error(failure)), from_page=True)

    def parse_feed(self, response: Response):  # a JCMS data-store group (inspector.extract.feeds)
        self._finish(response.request, lambda walker: list(walker.parse_feed(response)), from_page=True)

    def on_feed_error(self, failure: Failure):
        self._finish(failure.request, lambda walker: list(walker.on_feed_error(failure)), from_page=True)

    def parse_api(self, response: Response):  # a JSON list endpoint (inspector.extract.api)
        self._finish(response.request, lambda walker: list(walker.parse_api(response)), from_page=True)

    def on_api_error(self, failure: Failure):
        self._finish(failure.request, lambda walker: list(walker.on_api_error(failure)), from_page=True)

    async def on_check(self, response: Response):
        walker = self._walker(response.request)
        outputs: list[Any] = []
        if walker is not None:
            try:
                outputs = [out async for out in walker.on_check(response)]
            except Exception:  # noqa: BLE001 - one bad answer must not stall the site's drain
                logging.getLogger(__name__).exception("check of %s failed", response.request.url)
                outputs = [_failed(response.request, "处理失败")]
        self._settle(response.request, walker, outputs, from_page=False)
        return []

    def on_check_error(self, failure: Failure):
        self._finish(failure.request, lambda walker: list(walker.on_check_error(failure)), from_page=False)

    def _finish(self, request: scrapy.Request, produce, from_page: bool) -> None:
        walker = self._walker(request)
        outputs: list[Any] = []
        if walker is not None:
            try:
                outputs = produce(walker)
            except Exception:
                logging.getLogger(__name__).exception("处理 %s 失败", request.url)
                outputs = [_failed(request, "处理失败")]
        self._settle(request, walker, outputs, from_page)

    def pace_for(self, request: scrapy.Request) -> float:
        """Seconds the fleet keeps between requests to this request's host (pace.SharedHostPace)."""
        walker = self._walker(request)
        return float(walker.settings_table.get("pace") or 0) if walker is not None else 0.0

    def _walker(self, request: scrapy.Request) -> SiteWalker | None:
        key = (request.meta.get("inspector_run", ""), request.meta.get("inspector_site", ""))
        walker = self.walkers.get(key)
        if walker is None:
            current = self.shared.run_id()
            self.walkers = {k: w for k, w in self.walkers.items() if k[0] == current}  # older runs are over
            if key[0] != current:
                return None
            settings = self.shared.site_settings(key[1])
            if settings is None:
                return None
            walker = self.walkers[key] = SiteWalker(settings, self.server, key[1])
        return walker

    def _settle(self, request: scrapy.Request, walker: SiteWalker | None, outputs: list[Any], from_page: bool) -> None:
        """Children, records and the lease release in one atomic step (see shared.py)."""
        run, site = request.meta.get("inspector_run", ""), request.meta.get("inspector_site", "")
        children, results = [], []
        settings = walker.settings_table if walker is not None else {"max_pages": 0, "max_depth": 0}
        # Records wait in Redis (which may write them to disk) until the coordinator stores them:
        # personal numbers are masked here, as the history keeps them, not in clear.
        year = date.fromisoformat(settings["as_of"]).year if settings.get("as_of") else None
        for out in outputs:
            if isinstance(out, Page):
                results.append({"type": "page", "data": protect_page(out.to_dict(), year)})
            elif isinstance(out, Resource):
                results.append({"type": "resource", "data": protect_resource(out.to_dict(), year)})
            elif isinstance(out, scrapy.Request):
                child = self._child(out, run, site, settings, from_page)
                if child is not None:
                    children.append(child)
        if walker is not None:
            results += [{"type": "fatal", "data": {"message": m}} for m in walker.fatal_messages]
            walker.fatal_messages.clear()
        self.shared.settle(run, site, request.meta.get("inspector_lease", ""), settings["max_pages"],
                           children, results, self.worker_id)
        self.done += 1

    def _child(self, request: scrapy.Request, run: str, site: str, settings: dict, from_page: bool):
        """(seen key, counts as a page, score, encoded request), or None when over the depth limit.
        Depth limit and depth priority are applied here as Scrapy's DepthMiddleware would."""
        request.meta.update(inspector_run=run, inspector_site=site)
        check = request.meta.get("inspector_check")
        if check is None:
            depth = request.meta.get("inspector_depth", 0)
            if depth > settings["max_depth"]:
                return None
            return "p:" + canonical_url(request.url), True, -(request.priority - depth), encode_request(request, self)
        # A check's first request is de-duplicated per target; its follow-up (GET after HEAD) is not.
        key = "c:" + check["key"] if from_page else ""
        return key, False, -request.priority, encode_request(request, self)


def _failed(request: scrapy.Request, error: str) -> Page | Resource:
    """The record of a request whose answer could not be processed."""
    check = request.meta.get("inspector_check")
    if check is not None:
        return Resource(url=check["url"], final_url=request.url, tag=check["tag"], external=check["external"],
                        method=request.method, error=error)
    return Page(url=request.url, final_url=request.url, status=None, kind="error", error=error,
                depth=request.meta.get("inspector_depth", 0), referrer=request.meta.get("referrer"))


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop leases the request to this worker, and whose push
    (a redirect or retry of a leased request) passes the lease on atomically."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.shared = Shared(server)

    def pop(self, timeout=0):
        try:
            found = self.shared.pop(self.spider.worker_id, code_version())
        except CodeMismatch as exc:
            self.spider.refuse_run(str(exc))
            return None
        if found is None:
            return None
        lease, member = found
        try:
            request = decode_request(member, self.spider)
        except UntrustedPayload:
            # Not written by inspector (a pickle, say): never interpreted, dropped from the lease.
            self.server.hdel(inflight_key(self.spider.worker_id), lease)
            print(f"工作进程 {self.spider.worker_id}：队列中有一条不是 inspector 写入的请求，已拒绝执行并丢弃"
                  f"（请检查 Redis 的访问控制）", file=sys.stderr, flush=True)
            return None
        request.meta["inspector_lease"] = lease
        return request

    def push(self, request):
        meta = request.meta
        lease = meta.pop("inspector_lease", "")
        self.shared.settle(meta.get("inspector_run", ""), meta.get("inspector_site", ""), lease, UNLIMITED,
                           [("", False, -request.priority, encode_request(request, self.spider))], [],
                           self.spider.worker_id)


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, with de-duplication done when links are queued (Shared.settle)
    and never a flush: the queue belongs to the coordinator's run, not to one worker."""

    def enqueue_request(self, request):
        self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        return True

    def close(self, reason):
        return None


def worker_settings(redis_url: str, fast: bool):
    from scrapy.settings import Settings

    from .. import settings as default_settings

    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    if fast:
        settings.setdict(default_settings.FAST_SETTINGS, priority="cmdline")
    settings.setdict({
        "SCHEDULER": "inspector.distributed.worker.SharedScheduler",
        "SCHEDULER_QUEUE_CLASS": "inspector.distributed.worker.LeasedQueue",
        "SCHEDULER_QUEUE_KEY": "inspector:requests",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",  # unused: Shared.settle de-duplicates
        "SCHEDULER_PERSIST": True,  # scrapy-redis's default (False) wipes the shared queue when one worker stops
        "REDIS_URL": redis_url_with_password(redis_url),
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"inspector.linkcheck.BodyLimit": 510},
        # after every other middleware, so only requests about to be downloaded wait their turn
        "DOWNLOADER_MIDDLEWARES": {"inspector.distributed.pace.SharedHostPace": 950},
        "DEPTH_LIMIT": 0,  # applied when a link is queued (WorkerSpider._child)
    }, priority="cmdline")
    return settings


def run_worker(redis_url: str, fast: bool = False, once: bool = False, lease_seconds: float = 30.0,
               name: str | None = None) -> int:
    from scrapy.crawler import CrawlerProcess

    from ..config import ConfigError
    from .coordinator import connect

    connect(redis_url)  # one clear line when Redis cannot be reached
    if lease_seconds < 3:
        raise ConfigError(f"--lease-seconds 至少为 3，实际为：{lease_seconds}")
    worker_id = name or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    process = CrawlerProcess(worker_settings(redis_url, fast))
    logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(logging.CRITICAL)
    process.crawl(WorkerSpider, redis_url=redis_url, worker_id=worker_id, lease_seconds=lease_seconds, once=once)
    process.start()
    return 0

