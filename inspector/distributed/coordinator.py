"""`inspector fleet --redis URL`: seeds a distributed fleet run, collects what the workers
crawl into each site's history, and finalizes each site in this process once its crawl drained.

Every site gets what a single-site scan gives (history record, findings.json, report, exports,
webhook); the fleet summary is written by fleet.py from those. The coordinator owns the run:
it clears the last run's keys (workers never flush the shared queue), puts back the leases of
workers whose heartbeat stopped, and closes a site that exceeds --site-timeout.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import settings as default_settings
from ..config import ConfigError, ScanConfig, build_config
from ..notify import ScanLocked, SiteLock, site_lock_key
from ..store import History
from ..urls import canonical_url
from .shared import (
    CAPPED,
    CLOSED,
    COORDINATOR,
    REQUESTS,
    RESULTS,
    SEEN,
    SITES,
    STATE,
    Shared,
    code_version,
    encode_request,
    redacted,
    redis_url_with_password,
)

LOCK_MS = 60_000
PROGRESS_SECONDS = 5.0
EXIT_USAGE, EXIT_INCOMPLETE = 2, 3


_REDIS_ERRORS = {"AuthenticationError": "密码错误", "AuthenticationWrongNumberOfArgsError": "服务器未设密码",
                 "TimeoutError": "连接超时", "ConnectionError": "连接失败", "ResponseError": "服务器拒绝了请求"}


def connect(url: str):
    """A Redis client for the URL (redis://, rediss:// for TLS, a password in the URL or in
    $INSPECTOR_REDIS_PASSWORD), or one clear ConfigError that never shows the password."""
    import redis

    full = redis_url_with_password(url)
    try:
        server = redis.Redis.from_url(full, socket_connect_timeout=5, socket_timeout=30)
        server.ping()
    except ValueError:
        raise ConfigError(f"--redis 不是有效的 Redis 地址：{redacted(url)}"
                          f"（例如 redis://127.0.0.1:6379/0 或 rediss://:密码@主机:6380/0）") from None
    except redis.RedisError as exc:
        logging.getLogger(__name__).info("redis connection failed: %r", exc)
        no_password = urlsplit(full).password is None
        if no_password and (isinstance(exc, redis.AuthenticationError) or "NOAUTH" in str(exc)):
            reason = "服务器要求密码（在地址中写 redis://:密码@主机 或设置环境变量 INSPECTOR_REDIS_PASSWORD）"
        else:
            reason = next((text for name, text in _REDIS_ERRORS.items()
                           if name in {c.__name__ for c in type(exc).__mro__}), "连接出错")
        raise ConfigError(f"无法连接 Redis {redacted(url)}：{reason}") from None
    return server


@dataclass
class SiteRun:
    slug: str
    name: str
    key: str  # the site's key in Redis
    config: ScanConfig
    history: History
    scan_id: int
    out_dir: Path
    started_at: str
    started: float
    pages: int = 0
    fatal: str | None = None
    result: dict[str, Any] | None = None

    def outcome(self, exit_status: int | None) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name, "start_urls": self.config.start_urls,
                "exit_status": exit_status, "seconds": round(time.monotonic() - self.started, 1)}


def crawl_settings_of(config: ScanConfig) -> dict[str, Any]:
    """What a worker needs to crawl the site like a single-site scan would."""
    return {"start_urls": config.start_urls, "extra_hosts": config.extra_hosts, "as_of": config.as_of.isoformat(),
            "max_pages": config.max_pages, "max_depth": config.max_depth, "max_series": config.max_series,
            "no_external": config.no_external,
            "links": config.rule_settings.get("links"),
            # seconds between requests to one host, shared by all workers (pace.SharedHostPace)
            "pace": 0.0 if config.fast else default_settings.DOWNLOAD_DELAY}


class Coordinator:
    def __init__(self, server, site_configs: list[tuple[Any, Path, ScanConfig]], site_timeout: float | None):
        self.server = server
        self.shared = Shared(server)
        self.site_configs = site_configs
        self.site_timeout = site_timeout
        self.run_id = uuid.uuid4().hex[:12]
        self.token = f"{self.run_id}-{time.time()}"
        self.histories: dict[Path, History] = {}
        self.runs: dict[str, SiteRun] = {}
        self.results: list[dict[str, Any]] = []
        self.stored = 0
        self.last_progress = time.monotonic()
        self.no_worker_since: float | None = None
        self.warned_workers: set[str] = set()

    # -- run -----------------------------------------------------------------------------------
    def run(self) -> list[dict[str, Any]]:
        if not self.server.set(COORDINATOR, self.token, nx=True, px=LOCK_MS):
            raise ConfigError("该 Redis 上已有另一个舰队扫描在协调（键 inspector:coordinator），请等它结束或换一个数据库编号")
        try:
            with ExitStack() as locks:
                self.shared.reset(self.run_id, code_version())
                for site, site_dir, config in self.site_configs:
                    self._open_site(site, site_dir, config, locks)
                try:
                    _interrupt_on_sigterm()  # a stopped nightly job still writes what it has
                    self._drain()
                except KeyboardInterrupt:
                    print("协调进程被中断：未完成的网站按已抓取的页面生成不完整结果 …", file=sys.stderr, flush=True)
                    self._store_results()
                    for run in [r for r in self.runs.values() if r.result is None]:
                        self.server.hset(CLOSED, run.key, 1)
                        self._finish(run, complete=False, stop_reason="被手动中断")
            return self.results
        finally:
            self.server.set(STATE, "finished")
            self.server.delete(REQUESTS, SEEN, RESULTS)
            if self.server.get(COORDINATOR) == self.token.encode():
                self.server.delete(COORDINATOR)
            for history in self.histories.values():
                history.close()

    def _open_site(self, site, site_dir: Path, config: ScanConfig, locks: ExitStack) -> None:
        from ..scan import now_iso, recover_abandoned
        from ..spiders.site import SiteSpider
        from ..wechat.stage import run_wechat

        started = time.monotonic()
        db = Path(config.db).resolve()
        try:
            locks.enter_context(SiteLock(db.parent / "locks", site_lock_key(config.start_urls, config.site_name)))
        except ScanLocked as exc:
            print(f"[{site.slug}] {exc}", file=sys.stderr, flush=True)
            self.results.append({"slug": site.slug, "name": site.name, "start_urls": config.start_urls,
                                 "exit_status": EXIT_INCOMPLETE, "seconds": 0.0, "error": str(exc)})
            return
        if db not in self.histories:
            self.histories[db] = History(db)
            recover_abandoned(self.histories[db])
        history = self.histories[db]
        started_at = now_iso()
        scan_id = history.start_scan(config.site_name, config.start_urls, config.as_of.isoformat(), started_at,
                                     str(site_dir.resolve()), {**config.options(), "distributed": True})
        key = f"{site.index}"
        self.runs[key] = SiteRun(site.slug, site.name, key, config, history, scan_id, site_dir, started_at, started)
        print(f"[{site.slug}] 开始扫描 {site.name}（{', '.join(config.start_urls)}）", flush=True)
        run_wechat(config, history, scan_id)
        self.server.hset(SITES, key, json.dumps(crawl_settings_of(config), ensure_ascii=False, default=str))
        seeder = SiteSpider(start_urls=config.start_urls, as_of=config.as_of)
        children = []
        for url in config.start_urls:
            request = seeder._request(url, depth=0, chain=0, referrer=None, priority=100, start=True)
            request.meta.update(inspector_run=self.run_id, inspector_site=key)
            children.append(("p:" + canonical_url(url), True, -request.priority, encode_request(request)))
        self.shared.settle(self.run_id, key, "", config.max_pages, children, [])

    def _drain(self) -> None:
        while any(r.result is None for r in self.runs.values()):
            self.server.pexpire(COORDINATOR, LOCK_MS)
            self._bury_dead()
            moved = self._store_results()
            pending = self.shared.pending()
            for run in [r for r in self.runs.values() if r.result is None]:
                if pending.get(run.key, 0) <= 0:
                    self._store_results()
                    self._finish(run, complete=True)
                elif self.site_timeout and time.monotonic() - run.started > self.site_timeout:
                    self.server.hset(CLOSED, run.key, 1)  # workers drop the site's remaining requests
                    self._store_results()
                    self._finish(run, complete=False, stop_reason=f"超过单站时限 {self.site_timeout:g} 秒")
            self._progress(pending)
            if not moved:
                time.sleep(0.2)

    def _warn_refusing_workers(self) -> None:
        for worker, code in self.shared.refused().items():
            if worker not in self.warned_workers:
                self.warned_workers.add(worker)
                print(f"警告：工作进程 {worker} 的 inspector 抓取代码版本（{code}）与本协调进程（{code_version()}）"
                      "不同，它不会领取任务。请在各机器上安装同一版本。", file=sys.stderr, flush=True)

    def _bury_dead(self) -> None:
        self._warn_refusing_workers()
        alive, dead = self.shared.workers()
        for worker in dead:
            moved = self.shared.bury(worker)
            if moved:
                print(f"工作进程 {worker} 已失联：它未完成的 {moved} 个请求已放回共享队列", file=sys.stderr, flush=True)
        now = time.monotonic()
        if alive:
            self.no_worker_since = None
        elif self.no_worker_since is None:
            self.no_worker_since = now
        elif now - self.no_worker_since >= 10:
            self.no_worker_since = now
            print("提示：没有在运行的工作进程。请在一台或多台机器上运行 inspector worker --redis <同一地址>",
                  file=sys.stderr, flush=True)

    def _store_results(self) -> int:
        """Everything the workers finished so far, into the sites' histories."""
        total = 0
        while True:
            batch = self.shared.take_results()
            if not batch:
                return total
            total += len(batch)
            for record in batch:
                run = self.runs.get(record["site"])
                if record["run"] != self.run_id or run is None or run.result is not None:
                    continue
                if record["type"] == "page":
                    run.history.add_page_data(run.scan_id, record["data"])
                    run.pages += 1
                    self.stored += 1
                elif record["type"] == "resource":
                    run.history.add_resource_data(run.scan_id, record["data"])
                elif record["type"] == "fatal":
                    run.fatal = record["data"]["message"]

    def _finish(self, run: SiteRun, complete: bool, stop_reason: str | None = None) -> None:
        from ..scan import announce, finalize, now_iso

        run.history.commit()
        if run.fatal:
            run.history.finish_scan(run.scan_id, "incomplete", now_iso(), {"stop_reason": run.fatal})
            print(f"[{run.slug}] {run.fatal}", file=sys.stderr, flush=True)
            run.result = {**run.outcome(EXIT_USAGE), "error": run.fatal}
        else:
            alive, _ = self.shared.workers()
            extra: dict[str, Any] = {"capped": self.shared.flag(CAPPED, run.key), "distributed": {"workers": len(alive)}}
            if stop_reason:
                extra["stop_reason"] = stop_reason
            print(f"[{run.slug}] 抓取结束（{run.pages} 页），开始分析 …", flush=True)
            error = None
            try:
                findings = finalize(run.config, run.history, run.scan_id, run.out_dir, run.started_at, complete, extra)
                status: int | None = announce(run.config, findings, run.out_dir, complete, bool(extra["capped"]))
            except Exception as exc:  # noqa: BLE001 - one site's failure must not lose the others
                error = f"分析失败：{exc}"
                print(f"[{run.slug}] {error}", file=sys.stderr, flush=True)
                status = None
            run.result = run.outcome(status)
            if error or stop_reason:
                run.result["error"] = error or stop_reason
        self.results.append(run.result)
        print(f"[{run.slug}] 结束（退出码 {run.result['exit_status']}，{run.result['seconds']} 秒）", flush=True)

    def _progress(self, pending: dict[str, int]) -> None:
        now = time.monotonic()
        if now - self.last_progress < PROGRESS_SECONDS:
            return
        self.last_progress = now
        alive, _ = self.shared.workers()
        waiting = sum(v for k, v in pending.items() if k in self.runs and self.runs[k].result is None)
        done = sum(1 for r in self.runs.values() if r.result is not None)
        print(f"已收到 {self.stored} 页，未完成请求 {waiting} 个，共享队列 {self.shared.queued()} 个，"
              f"工作进程 {len(alive)} 个，网站完成 {done}/{len(self.runs)}", file=sys.stderr, flush=True)


def _interrupt_on_sigterm() -> None:
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def run_distributed(fleet, out: Path, fleet_dir: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Scan the fleet through the shared queue at --redis; returns one result per site, in
    the fleet's order, for fleet.summarize."""
    from ..fleet import dump_toml, site_args, site_toml_data

    server = connect(args.redis)
    site_configs = []
    for site in fleet.sites:
        site_dir = out / site.slug
        site_dir.mkdir(parents=True, exist_ok=True)
        site_toml = site_dir / "site.toml"
        site_toml.write_text(dump_toml(site_toml_data(site, fleet_dir)), encoding="utf-8")
        try:
            config = build_config(site_args(site_toml, site_dir, args))
        except ConfigError as exc:
            raise ConfigError(f"sites[{site.index}]（{site.name}）：{exc}") from None
        if config.http_cache or config.incremental:
            print(f"[{site.slug}] 提示：分布式扫描不使用 HTTP 缓存与增量扫描，本次为全量抓取", file=sys.stderr, flush=True)
        site_configs.append((site, site_dir, config))
    print(f"分布式舰队扫描：{len(site_configs)} 个网站，共享队列 {args.redis}", flush=True)
    results = Coordinator(server, site_configs, getattr(args, "site_timeout", None)).run()
    order = {site.slug: i for i, site in enumerate(fleet.sites)}
    return sorted(results, key=lambda r: order.get(r["slug"], 0))
