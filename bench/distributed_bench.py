"""Distributed fleet benchmark (issue 9): pages per second with 1 and 2 worker processes over the
same fleet (sample sites on several loopback addresses, one local redis-server), and Redis
memory per 100,000 queued URLs.

    .venv/bin/python bench/distributed_bench.py [--sites 4] [--polite]

`--polite` runs the fleet without `--fast`: the workers (still `--fast` themselves) keep each
site's shared pace, 0.25 s between requests to one host, so the fleet's ceiling is 4 pages/s
per site however many workers there are.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.demo_site.server import DemoServer
from inspector.distributed.shared import PENDING, Shared, encode_request
from inspector.spiders.site import SiteSpider
from tests.redis_server import RedisServer

FAST = ["--no-a11y", "--no-external", "--fast", "--as-of", "2021-12-31", "--format", "json"]


def fleet_run(redis_url: str, client, servers: list[DemoServer], workers: int, polite: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        sites = "".join(f'\n[[sites]]\nname = "示例{i}"\nstart_urls = ["{s.base_url}"]\n' for i, s in enumerate(servers, 1))
        (Path(tmp) / "fleet.toml").write_text("[defaults.scan]\nmax_pages = 1000\n" + sites, encoding="utf-8")
        started = time.perf_counter()
        coordinator = subprocess.Popen([sys.executable, "-m", "inspector", "fleet", "--config", "fleet.toml", "--redis",
                                        redis_url, "--out", "out", "--db", "h.sqlite3",
                                        *[a for a in FAST if not (polite and a == "--fast")]], cwd=tmp,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs = [subprocess.Popen([sys.executable, "-m", "inspector", "worker", "--redis", redis_url, "--fast", "--once"],
                                  cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
        drained = None
        while coordinator.poll() is None:  # the crawl has drained when no site has a request left
            pending = client.hgetall(PENDING)
            if drained is None and len(pending) == len(servers) and all(int(v) <= 0 for v in pending.values()):
                drained = time.perf_counter() - started
            time.sleep(0.02)
        total = time.perf_counter() - started
        for proc in procs:
            proc.wait(timeout=60)
        summary = json.loads((Path(tmp) / "out" / "fleet.json").read_text(encoding="utf-8"))
        stored = sum(s["pages"] for s in summary["sites"])
    drained = drained or total
    return {"workers": workers, "pages": stored, "crawl_s": drained, "total_s": total}


def memory_per_100k(client) -> float:
    """MB of Redis memory for 100,000 queued page requests (queue entry + seen-set entry + counts)."""
    client.flushdb()
    shared = Shared(client)
    shared.reset("bench")
    walker = SiteSpider(start_urls=["http://www.example.gov.cn/"], as_of=__import__("datetime").date(2026, 11, 27))
    before = client.info("memory")["used_memory"]
    for start in range(0, 100_000, 1000):
        children = []
        for n in range(start, start + 1000):
            url = f"http://www.example.gov.cn/col/col{n % 400}/art/2026/11/art_{n:07d}.html"
            request = walker._request(url, depth=3, chain=0, referrer="http://www.example.gov.cn/col/col12/index.html",
                                      priority=10)
            request.meta.update(inspector_run="bench", inspector_site="1")
            children.append(("p:" + url, True, -7, encode_request(request)))
        shared.settle("bench", "1", "", 10 ** 9, children, [])
    after = client.info("memory")["used_memory"]
    assert shared.queued() == 100_000
    return (after - before) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--polite", action="store_true", help="sites keep the shared per-host pace")
    args = parser.parse_args()
    redis_server = RedisServer()
    servers = [DemoServer(host=f"127.0.0.{i}").start() for i in range(1, args.sites + 1)]
    try:
        for workers in (1, 2):
            redis_server.client.flushdb()
            r = fleet_run(redis_server.url, redis_server.client, servers, workers, args.polite)
            print(f"{workers} worker(s): {r['pages']} pages of {args.sites} sites; crawl drained in {r['crawl_s']:.1f} s "
                  f"= {r['pages'] / r['crawl_s']:.0f} pages/s; whole fleet run (with analysis) {r['total_s']:.1f} s")
        if args.polite:
            return
        print(f"Redis memory per 100,000 queued URLs: {memory_per_100k(redis_server.client):.1f} MB")
    finally:
        for server in servers:
            server.stop()
        redis_server.stop()


if __name__ == "__main__":
    main()
