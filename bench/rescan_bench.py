"""Re-scan benchmark (issue 7): the first scan of the sample site, then an unchanged re-scan with
--http-cache, then one with --http-cache --incremental, in seconds and as ratios to the first.

    .venv/bin/python bench/rescan_bench.py                     # loopback, --fast, median of 3 rounds
    .venv/bin/python bench/rescan_bench.py --latency-ms 100    # also a remote server, polite defaults

Loopback (`--fast`) is the machine's own cost: process start, crawl machinery, rules, history.
`--latency-ms` adds a wait before every answer of the sample site's server (a government server
some way off) and scans with the default polite settings (AutoThrottle, 0.25 s delay), as a
nightly re-scan of a real site runs; each round then takes minutes, so it runs once.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from inspector.demo_site.server import DemoServer

RUNS = (("first", ()), ("rescan", ()), ("incremental", ("--incremental",)))


def one_round(latency: float, fast: bool) -> dict[str, tuple[float, dict]]:
    """{run: (seconds, stats)} for a first scan and two unchanged re-scans in a fresh directory."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = DemoServer(latency=latency).start()
        try:
            for run, extra in RUNS:
                speed = ["--fast"] if fast else []
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "inspector", "scan", server.base_url, "--as-of", "2021-12-31",
                                *speed, "--no-a11y", "--no-external", "--http-cache", "--out", run, "--db",
                                "h.sqlite3", "--format", "json", *extra],
                               cwd=tmp, capture_output=True, timeout=3600, check=False)
                seconds = time.perf_counter() - start
                stats = json.loads((Path(tmp) / run / "findings.json").read_text(encoding="utf-8"))["stats"]
                results[run] = (seconds, stats)
        finally:
            server.stop()
    return results


def report(title: str, rounds: list[dict[str, tuple[float, dict]]]) -> None:
    median = {run: statistics.median(r[run][0] for r in rounds) for run, _ in RUNS}
    each = {run: ", ".join(f"{r[run][0]:.1f}" for r in rounds) for run, _ in RUNS}
    stats = {run: rounds[-1][run][1] for run, _ in RUNS}
    print(title)
    print(f"  first scan           {median['first']:6.1f} s   ({stats['first']['pages']} pages)   runs: {each['first']}")
    rescan, incremental = stats["rescan"], stats["incremental"]
    print(f"  re-scan --http-cache {median['rescan']:6.1f} s   {median['first'] / median['rescan']:.2f}x   "
          f"({rescan['http_cache']['unchanged_304']} answered 304, {rescan['unchanged_pages']} pages not parsed again)"
          f"   runs: {each['rescan']}")
    print(f"  + --incremental      {median['incremental']:6.1f} s   {median['first'] / median['incremental']:.2f}x   "
          f"({incremental['incremental']['reused_pages']} pages reused, not fetched; "
          f"{incremental['http_cache']['unchanged_304'] + incremental['http_cache']['fetched']} requests)"
          f"   runs: {each['incremental']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="loopback rounds (median reported)")
    parser.add_argument("--latency-ms", type=float, default=0, help="also scan a server answering after this delay")
    args = parser.parse_args()
    report("loopback, --fast (target: unchanged re-scan ≥ 3x faster than the first scan)",
           [one_round(0.0, fast=True) for _ in range(args.rounds)])
    if args.latency_ms:
        report(f"simulated remote server, {args.latency_ms:g} ms per answer, default polite settings",
               [one_round(args.latency_ms / 1000, fast=False)])


if __name__ == "__main__":
    main()
