"""Per-host politeness holds across workers: two `--fast` workers (no delay of their own) crawl a
site whose fleet config is polite, and the site's server sees their requests at least the
single-site scan's delay apart (inspector/distributed/pace.py)."""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

import pytest

from inspector import settings

from .redis_server import RedisServer
from .test_fleet_e2e import build_tiny_site

pytestmark = pytest.mark.slow


class RecordingServer:
    """Serves a folder on 127.0.0.1 and notes when each request arrived."""

    def __init__(self, root):
        arrivals = self.arrivals = []

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def send_head(self):
                arrivals.append((time.monotonic(), self.path))
                return super().send_head()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def _run(args, cwd) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "inspector", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def test_two_fast_workers_keep_a_polite_sites_pace(tmp_path):
    site = build_tiny_site(tmp_path / "site")
    redis_server = RedisServer()
    try:
        with RecordingServer(site) as server:
            (tmp_path / "fleet.toml").write_text(f"""
[[sites]]
name = "青山县小站"
start_urls = ["{server.base_url}"]
""", encoding="utf-8")
            coordinator = _run(["fleet", "--config", "fleet.toml", "--redis", redis_server.url, "--out", "out",
                                "--db", "fleet.sqlite3", "--no-a11y", "--no-external", "--as-of", "2021-12-31"],
                               tmp_path)
            workers = [_run(["worker", "--redis", redis_server.url, "--fast", "--once", "--name", f"w{n}"], tmp_path)
                       for n in (1, 2)]
            coordinator_out = coordinator.communicate(timeout=300)[0]
            worker_outs = [w.communicate(timeout=60)[0] for w in workers]
    finally:
        redis_server.stop()
    assert coordinator.returncode in (0, 1), coordinator_out
    assert all(w.returncode == 0 for w in workers), worker_outs
    summary = json.loads((tmp_path / "out" / "fleet.json").read_text(encoding="utf-8"))
    assert [s["finished"] for s in summary["sites"]] == [True]
    times = sorted(t for t, _ in server.arrivals)
    paths = {p for _, p in server.arrivals}
    assert {"/", "/tzgg/", "/tzgg/1.html", "/tzgg/2.html", "/missing.html"} <= paths, server.arrivals
    gaps = [round(b - a, 3) for a, b in pairwise(times)]
    # Turns are handed out on the Redis clock; on a busy machine one request may leave late and the
    # next on time, so one gap can be short. The span and the typical gap cannot shrink that way.
    pace = settings.DOWNLOAD_DELAY
    assert times[-1] - times[0] >= 0.8 * pace * (len(times) - 1), gaps
    assert statistics.median(gaps) >= 0.8 * pace, gaps
