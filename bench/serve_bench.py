"""`inspector serve` benchmark (issue 19): seconds and size of the app's pages over a history of
10 scans with 10,000 findings each, a tenth of them with a 整改 state.

    .venv/bin/python bench/serve_bench.py [--findings 10000] [--scans 10]

Prints numbers; not a test. The findings are report_bench's synthetic ones.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report_bench import document  # noqa: E402
from inspector.output import write_json  # noqa: E402
from inspector.serve.scans import site_key  # noqa: E402
from inspector.serve.state import Triage, connect, prepare  # noqa: E402
from inspector.store import History  # noqa: E402
from tests.serve_app import App  # noqa: E402


def build_history(work: Path, findings: int, scans: int) -> tuple[str, int]:
    doc = document(findings)
    site = doc["site"]["name"]
    history = History(work / "h.sqlite3")
    scan_id = 0
    for n in range(scans):
        out = work / f"scan{n}"
        out.mkdir()
        doc["started_at"] = f"2021-12-{n + 1:02d}T02:00:00+08:00"
        scan_id = history.start_scan(site, doc["site"]["start_urls"], doc["as_of"], doc["started_at"], str(out), {})
        write_json(doc, out / "findings.json")
        history.db.executemany(
            "INSERT INTO findings (scan_id, id, rule, severity, url, data) VALUES (?, ?, ?, ?, ?, ?)",
            [(scan_id, f["id"], f["rule"], f["severity"], f["url"], json.dumps(f, ensure_ascii=False))
             for f in doc["findings"]])
        history.finish_scan(scan_id, "complete", doc["started_at"], {"pages": 20000})
    history.close()
    prepare(work / "h.sqlite3")
    with connect(work / "h.sqlite3") as db:
        triage = Triage(db)
        for f in doc["findings"][::10]:
            triage.set_remediation(site, f["id"], "doing", "张三", "已通知内容保障科")
    return site, scan_id


def timed(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        size = len(response.read())
    return time.perf_counter() - start, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--scans", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        site, last = build_history(work, args.findings, args.scans)
        print(f"history: {args.scans} scans × {args.findings} findings in {time.perf_counter() - start:.1f} s")
        app = App(work / "h.sqlite3")
        try:
            key = site_key(site)
            for name, path in (("sites (first, reads every findings.json)", "/"), ("sites (again)", "/"),
                               ("site page", f"/site/{key}"), ("scan page", f"/scan/{last}/"),
                               ("整改台账 xlsx", f"/site/{key}/ledger.xlsx")):
                seconds, size = timed(app.base + path)
                print(f"{name:42s} {seconds:6.2f} s {size / 1e6:7.2f} MB")
        finally:
            app.stop()


if __name__ == "__main__":
    main()
