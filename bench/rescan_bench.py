"""Re-scan benchmark (issue 7): first scan vs an unchanged re-scan of the sample site with
--http-cache, in seconds and as a ratio, plus how many pages came back as 304.

    .venv/bin/python bench/rescan_bench.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from inspector.demo_site.server import DemoServer


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = DemoServer().start()
        try:
            times, stats = [], []
            for run in ("first", "rescan", "incremental"):
                start = time.perf_counter()
                extra = ["--incremental"] if run == "incremental" else []
                subprocess.run([sys.executable, "-m", "inspector", "scan", server.base_url, "--as-of", "2021-12-31",
                                "--fast", "--no-a11y", "--no-external", "--http-cache", "--out", run, "--db",
                                "h.sqlite3", "--format", "json", *extra], cwd=tmp, capture_output=True, timeout=600)
                times.append(time.perf_counter() - start)
                stats.append(json.loads((Path(tmp) / run / "findings.json").read_text(encoding="utf-8"))["stats"])
        finally:
            server.stop()
    print(f"first scan {times[0]:.1f} s ({stats[0]['pages']} pages); unchanged re-scan {times[1]:.1f} s, "
          f"{stats[1]['http_cache']['unchanged_304']} answered 304; ratio {times[0] / times[1]:.2f}x (target ≥ 3x)")
    print(f"incremental re-scan {times[2]:.1f} s, {stats[2]['incremental']['reused_pages']} pages reused; "
          f"ratio {times[0] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
