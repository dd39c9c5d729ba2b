#!/usr/bin/env python3
"""History database size: bytes per 1,000 pages, where they go, and what encoding a record costs.

    .venv/bin/python bench/history_bench.py [--pages 5000] [--db EXISTING.sqlite3] [--keep]

Generates the crawl bench's site (bench/crawl_bench.py), serves it on 127.0.0.1, runs
`inspector scan … --fast` into a fresh history database, then prints:
 - the database file size (after a checkpoint of its WAL) per 1,000 pages;
 - bytes of the stored `data` column per page, and the JSON bytes of each page-record field
   summed over all pages (what the record would take as plain JSON), largest first;
 - CPU time per page to encode and to decode a record with the store's current functions, and
   to screen and mask it for personal numbers (inspector.privacy.protect_page).
With --db it measures an existing database instead of crawling. Prints numbers, asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import crawl_bench as cb  # noqa: E402

from inspector import privacy, store  # noqa: E402


def _decode(stored):
    decode = getattr(store, "decode_record", None)
    return decode(stored) if decode else json.loads(stored)


def _encode(data):
    encode = getattr(store, "encode_record", None)
    return encode(data) if encode else json.dumps(data, ensure_ascii=False)


def crawl(pages: int, work: Path) -> Path:
    site = cb.generate_site(work / "site", pages)
    server, port = cb.start_python_server(site.root)
    try:
        db = work / "h.sqlite3"
        cmd = cb.inspector_cmd(f"http://127.0.0.1:{port}/", work / "out", db, cb._inspector_exe())
        t0 = time.monotonic()
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=max(600, pages / 5))
        print(f"scan: {site.pages} pages served, exit {proc.returncode}, {time.monotonic() - t0:.1f} s")
        if proc.returncode not in (0, 1):
            print(proc.stdout[-1500:], proc.stderr[-1500:])
        return db
    finally:
        cb._kill_tree(server)


def measure(db_path: Path) -> None:
    db = sqlite3.connect(str(db_path))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = db.execute("SELECT count(*) FROM pages").fetchone()[0]
    resources = db.execute("SELECT count(*) FROM resources").fetchone()[0]
    size = db_path.stat().st_size
    page_size, page_count, free = (db.execute(f"PRAGMA {p}").fetchone()[0]
                                   for p in ("page_size", "page_count", "freelist_count"))
    print(f"database: {size / 1e6:.2f} MB for {pages} pages and {resources} resources "
          f"= {size / max(pages, 1) * 1000 / 1e6:.2f} MB per 1,000 pages "
          f"({page_count} db pages of {page_size} B, {free} free)")
    stored = [row[0] for row in db.execute("SELECT data FROM pages")]
    data_bytes = sum(len(s) if isinstance(s, bytes) else len(s.encode("utf-8")) for s in stored)
    print(f"pages.data: {data_bytes / max(pages, 1):.0f} B per page stored "
          f"({data_bytes / max(size, 1) * 100:.0f} % of the file)")

    t0 = time.process_time()
    records = [_decode(s) for s in stored]
    decode_us = (time.process_time() - t0) / max(pages, 1) * 1e6
    t0 = time.process_time()
    for record in records:
        _encode(record)
    encode_us = (time.process_time() - t0) / max(pages, 1) * 1e6
    protect = getattr(privacy, "protect_page", None)
    protect_us = None
    if protect is not None:  # as for a page fresh from extraction: nothing noted yet
        fresh = [{**record, "personal": None} for record in records]
        t0 = time.process_time()
        for record in fresh:
            protect(record, 2021)
        protect_us = (time.process_time() - t0) / max(pages, 1) * 1e6
    print(f"CPU per page: encode {encode_us:.0f} µs, decode {decode_us:.0f} µs"
          + (f", privacy screening and masking {protect_us:.0f} µs" if protect_us is not None else ""))

    per_field: Counter[str] = Counter()
    plain = 0
    for record in records:
        plain += len(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        for name, value in record.items():
            per_field[name] += len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    print(f"decoded records as plain JSON: {plain / max(pages, 1):.0f} B per page; by field (B per page):")
    for name, total in per_field.most_common(14):
        print(f"  {name:18} {total / max(pages, 1):8.0f}  {total / max(plain, 1) * 100:5.1f} %")
    db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="history database size benchmark (see the docstring)")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--db", help="measure this existing history database instead of crawling")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args(argv)
    if args.db:
        measure(Path(args.db))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="inspector-history-bench-"))
    try:
        measure(crawl(args.pages, tmp))
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
