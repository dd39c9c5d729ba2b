#!/usr/bin/env python3
"""Scale benchmark: one `inspector scan --fast` per site size, memory over the whole scan.

    .venv/bin/python bench/scale_bench.py [--sizes 5000,20000,100000] [--server auto|nginx|python]
                                          [--json-out FILE] [--keep]

For each size it generates crawl_bench's synthetic government site (same generator, same seed),
serves it on 127.0.0.1 and runs one inspector scan with `--max-pages` above the site's size. Every
0.25 s it samples the summed RSS of the scan's processes (inspector and its crawl child; Chromium
left out) and watches the scan's console for the line that ends the crawl, so it can split the
run into crawl and analysis. It prints, per size: pages, crawl pages/s, analysis seconds (from
findings.json stats), peak memory during the crawl and during the analysis, peak of the whole
scan (crawl_bench.TreeMemory), the history database's size and its size per 1,000 pages. Then the flatness target of issue 18: the peak at each size against 1.25x the peak of
the smallest size, and under 400 MB.

A benchmark that prints numbers, not a test. Only stdlib; the site and server come from
crawl_bench.py.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import crawl_bench as cb  # noqa: E402  (bench/ is not a package)

TARGET_FACTOR = 1.25
TARGET_MB = 400
CRAWL_DONE = cb.CRAWL_DONE


def _db_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def scan_once(url: str, pages: int, work: Path, timeout: float) -> dict:
    out, db, log = work / "out", work / "h.sqlite3", work / "scan.log"
    # A 100,000-page site's columns have 250 list pages each, which the generator's pager reaches
    # 5 at a time: past the default depth limit (30) and series limit (30), which would cut it.
    config = work / "site.toml"
    config.write_text(f"[scan]\nmax_depth = {pages}\nmax_series = {pages}\n", encoding="utf-8")
    cmd = [*cb._inspector_exe(), "scan", url, "--config", str(config), "--fast", "--max-pages", str(pages + 1000),
           "--format", "json", "--as-of", cb.AS_OF, "--out", str(out), "--db", str(db)]
    samples: list[tuple[float, int]] = []
    crawl_end = None
    with open(log, "wb") as sink:
        t0 = time.monotonic()
        proc = cb._spawn(cmd, stdout=sink, stderr=sink, cwd=work)
        memory = cb.TreeMemory()
        while True:
            try:
                proc.wait(timeout=0.25)
                break
            except subprocess.TimeoutExpired:  # still running: sample it
                pass
            now = time.monotonic() - t0
            samples.append((now, memory.sample(proc.pid)))
            if crawl_end is None and CRAWL_DONE in log.read_text(encoding="utf-8", errors="replace"):
                crawl_end = now
            if now > timeout:
                cb._kill_tree(proc)
                break
        wall = time.monotonic() - t0
    with contextlib.suppress(ValueError):
        cb._CHILDREN.remove(proc)
    row = {"size": pages, "rc": proc.returncode, "wall_s": round(wall, 1), "peak_mb": round(memory.peak_kb / 1024, 1)}
    with contextlib.suppress(OSError, ValueError):
        doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        stats = doc.get("stats", {})
        row.update(pages=stats.get("pages"), analysis_s=stats.get("analysis_seconds"),
                   complete=doc.get("complete"), findings=len(doc.get("findings", [])),
                   columns=stats.get("columns"))
    split = crawl_end if crawl_end is not None else wall
    crawl = [kb for t, kb in samples if t <= split]
    after = [kb for t, kb in samples if t > split]
    row["crawl_peak_mb"] = round(max(crawl, default=0) / 1024, 1)
    row["analysis_peak_mb"] = round(max(after, default=0) / 1024, 1)
    if row.get("pages") and crawl_end:
        row["pages_per_s"] = round(row["pages"] / crawl_end, 1)
    row["db_mb"] = round(_db_bytes(db) / 1e6, 1)
    if row.get("pages"):
        row["db_kb_per_1000"] = round(_db_bytes(db) / 1024 / row["pages"] * 1000)
    if proc.returncode not in (0, 1):
        row["tail"] = log.read_text(encoding="utf-8", errors="replace")[-800:]
    return row


def print_table(rows: list[dict]) -> None:
    print(f"\n{'site':>7} {'pages':>7} {'pages/s':>8} {'analysis s':>11} {'crawl MB':>9} {'analysis MB':>12} "
          f"{'peak MB':>8} {'db MB':>7} {'db KB/1000 p':>13}")
    for r in rows:
        print(f"{r['size']:>7} {r.get('pages', 'n/a')!s:>7} {r.get('pages_per_s', 'n/a')!s:>8} "
              f"{r.get('analysis_s', 'n/a')!s:>11} {r['crawl_peak_mb']:>9} {r['analysis_peak_mb']:>12} "
              f"{r['peak_mb']:>8} {r['db_mb']:>7} {r.get('db_kb_per_1000', 'n/a')!s:>13}")
        if r.get("tail"):
            print(f"  exit {r['rc']}:\n{r['tail']}")
    base = rows[0]["peak_mb"] if rows else 0
    for r in rows[1:]:
        factor = r["peak_mb"] / base if base else float("inf")
        ok = factor <= TARGET_FACTOR and r["peak_mb"] < TARGET_MB
        print(f"peak at {r['size']} pages: {factor:.2f}x the peak at {rows[0]['size']} "
              f"(target <= {TARGET_FACTOR}x and < {TARGET_MB} MB)  {'OK' if ok else 'ABOVE TARGET'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="inspector scale benchmark (see the module docstring)")
    parser.add_argument("--sizes", default="5000,20000,100000", help="site sizes in pages, comma-separated")
    parser.add_argument("--server", choices=["auto", "nginx", "python"], default="auto")
    parser.add_argument("--json-out", help="also write the rows as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (sites, logs, databases)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    signal.signal(signal.SIGTERM, cb._on_signal)
    tmp = Path(tempfile.mkdtemp(prefix="inspector-scale-"))
    rows = []
    print(f"inspector code: {cb._code_version()}", flush=True)
    try:
        for size in sizes:
            site = cb.generate_site(tmp / f"site{size}", size)
            nginx = shutil.which("nginx") if args.server in ("auto", "nginx") else None
            if nginx:
                os.chmod(tmp, 0o755)
                server, port = cb.start_nginx(nginx, site.root, tmp / f"nginx{size}")
            else:
                server, port = cb.start_python_server(site.root)
            work = tmp / f"run{size}"
            work.mkdir()
            print(f"{size}: site of {site.pages} pages; scanning …", end=" ", flush=True)
            row = scan_once(f"http://127.0.0.1:{port}/", site.pages, work, timeout=max(600.0, size / 10))
            cb._kill_tree(server)
            print(f"{row.get('pages')} pages, peak {row['peak_mb']} MB, {row['wall_s']} s", flush=True)
            rows.append(row)
            if not args.keep:
                shutil.rmtree(tmp / f"site{size}", ignore_errors=True)
        print_table(rows)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        for proc in list(cb._CHILDREN):
            cb._kill_tree(proc)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
