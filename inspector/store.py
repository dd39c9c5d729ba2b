"""SQLite scan history: scans, their pages (saved as the crawl goes) and their findings.

Pages are committed in small batches while crawling, so a scan that is killed keeps what it
fetched; the next run finds it still marked `running` with a dead pid and marks it incomplete.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import Finding, Page, Resource
from .urls import canonical_url, link_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    start_urls TEXT NOT NULL,
    as_of TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,           -- running / complete / incomplete
    pid INTEGER,
    out_dir TEXT,
    options TEXT,
    stats TEXT
);
CREATE TABLE IF NOT EXISTS pages (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    url TEXT NOT NULL,
    kind TEXT,
    status INTEGER,
    data TEXT NOT NULL,
    PRIMARY KEY (scan_id, url)
);
CREATE TABLE IF NOT EXISTS findings (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    id TEXT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    url TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (scan_id, id)
);
CREATE INDEX IF NOT EXISTS findings_by_id ON findings(id);
CREATE TABLE IF NOT EXISTS resources (   -- link targets checked, not crawled (inspector.linkcheck)
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    url TEXT NOT NULL,
    status INTEGER,
    data TEXT NOT NULL,
    PRIMARY KEY (scan_id, url)
);
"""
BUSY_SECONDS = 30  # how long a scan waits for another scan's write on a shared history database
# Columns added after the first release; older databases get them on open.
# canon/final_canon and key: the canonical spelling of a page's URLs and of a checked target's
# link key, so the analysis finds one page or target by URL in SQL instead of holding them all.
_ADDED_COLUMNS = {"scans": (("home_ms", "INTEGER"), ("home_ok", "INTEGER")),
                  "pages": (("canon", "TEXT"), ("final_canon", "TEXT")),
                  "resources": (("key", "TEXT"),)}
_ADDED_INDEXES = ("CREATE INDEX IF NOT EXISTS pages_by_canon ON pages(scan_id, canon)",
                  "CREATE INDEX IF NOT EXISTS pages_by_final_canon ON pages(scan_id, final_canon)",
                  "CREATE INDEX IF NOT EXISTS resources_by_key ON resources(scan_id, key)")


class HistoryError(Exception):
    """The history database cannot be opened or written."""


class History:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=BUSY_SECONDS)
            self._use_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._create_schema()
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(f"无法打开扫描历史数据库 {self.path}：{exc}") from exc
        self._pending = 0
        self._last_commit = time.monotonic()

    def _use_wal(self) -> None:
        """Switching a new database to WAL needs it to itself, and SQLite answers "locked" at once
        instead of waiting while a fleet's other scans open the same file; so wait here."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _create_schema(self) -> None:
        """Tables and added columns in one write transaction: scans opening the same database at
        once (a fleet with one `--db`) would otherwise both add a column and one would fail."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            for table, columns in _ADDED_COLUMNS.items():
                have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
                for name, kind in columns:
                    if name not in have:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
            for statement in _ADDED_INDEXES:
                self.db.execute(statement)
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    # scans -----------------------------------------------------------------------------------
    def start_scan(self, site: str, start_urls: list[str], as_of: str, started_at: str,
                   out_dir: str, options: dict[str, Any]) -> int:
        cur = self.db.execute(
            "INSERT INTO scans (site, start_urls, as_of, started_at, status, pid, out_dir, options) "
            "VALUES (?, ?, ?, ?, 'running', ?, ?, ?)",
            (site, json.dumps(start_urls, ensure_ascii=False), as_of, started_at, os.getpid(), out_dir,
             json.dumps(options, ensure_ascii=False)))
        self.db.commit()
        return int(cur.lastrowid)

    def finish_scan(self, scan_id: int, status: str, finished_at: str, stats: dict[str, Any]) -> None:
        self.db.execute("UPDATE scans SET status=?, finished_at=?, stats=? WHERE id=?",
                        (status, finished_at, json.dumps(stats, ensure_ascii=False), scan_id))
        self.db.commit()

    def scan(self, scan_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM scans WHERE id=?", (scan_id,)).fetchone()
        if row is None:
            return None
        names = [d[0] for d in self.db.execute("SELECT * FROM scans LIMIT 0").description]
        return dict(zip(names, row))

    def abandoned_scans(self) -> list[dict[str, Any]]:
        """Scans still marked running whose process is gone (killed, crashed, machine restarted)."""
        rows = self.db.execute("SELECT id, pid FROM scans WHERE status='running'").fetchall()
        gone = [scan_id for scan_id, pid in rows if not _alive(pid)]
        return [s for s in (self.scan(i) for i in gone) if s]

    def record_home(self, scan_id: int, reachable: bool | None, fetch_ms: int | None) -> None:
        """The homepage's answer in this scan (None: the scan never got to ask)."""
        self.db.execute("UPDATE scans SET home_ok=?, home_ms=? WHERE id=?",
                        (None if reachable is None else int(reachable), fetch_ms, scan_id))
        self.db.commit()

    def home_history(self, site: str, since: str, until: str) -> list[dict[str, Any]]:
        """Homepage answers of the site's scans started in [since, until] (ISO times), oldest first."""
        rows = self.db.execute(
            "SELECT id, started_at, home_ok, home_ms FROM scans WHERE site=? AND started_at>=? AND started_at<=? "
            "AND home_ok IS NOT NULL ORDER BY started_at, id", (site, since, until)).fetchall()
        return [{"scan_id": r[0], "started_at": r[1], "reachable": bool(r[2]), "ms": r[3]} for r in rows]

    # pages -----------------------------------------------------------------------------------
    def add_page(self, scan_id: int, page: Page) -> None:
        self.add_page_data(scan_id, page.to_dict())

    def add_page_data(self, scan_id: int, data: dict[str, Any]) -> None:
        """A page record as Page.to_dict gives it (a distributed worker sends it so)."""
        self.db.execute(
            "INSERT OR REPLACE INTO pages (scan_id, url, kind, status, data, canon, final_canon) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (scan_id, data["url"], data["kind"], data["status"], json.dumps(data, ensure_ascii=False),
             canonical_url(data["url"]), canonical_url(data.get("final_url") or data["url"])))
        self._written()

    def add_resource(self, scan_id: int, resource: Resource) -> None:
        self.add_resource_data(scan_id, resource.to_dict())

    def add_resource_data(self, scan_id: int, data: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO resources (scan_id, url, status, data, key) VALUES (?, ?, ?, ?, ?)",
            (scan_id, data["url"], data["status"], json.dumps(data, ensure_ascii=False), link_key(data["url"])))
        self._written()

    def _written(self) -> None:
        """Commit every 50 records or 2 seconds: a killed scan keeps nearly all it fetched."""
        self._pending += 1
        if self._pending >= 50 or time.monotonic() - self._last_commit > 2:
            self.commit()

    def resources(self, scan_id: int) -> Iterator[Resource]:
        for (data,) in self.db.execute("SELECT data FROM resources WHERE scan_id=? ORDER BY rowid", (scan_id,)):
            yield Resource.from_dict(json.loads(data))

    def commit(self) -> None:
        self.db.commit()
        self._pending = 0
        self._last_commit = time.monotonic()

    def pages(self, scan_id: int, kinds: tuple[str, ...] = ()) -> Iterator[Page]:
        """The scan's pages in the order they were saved, read one at a time (of these kinds only)."""
        where = f" AND kind IN ({','.join('?' * len(kinds))})" if kinds else ""
        for (data,) in self.db.execute(f"SELECT data FROM pages WHERE scan_id=?{where} ORDER BY rowid",
                                       (scan_id, *kinds)):
            yield Page.from_dict(json.loads(data))

    def find_page(self, scan_id: int, key: str) -> Page | None:
        """The first saved page whose URL or final URL has this canonical spelling."""
        row = self.db.execute("SELECT data FROM pages WHERE rowid = (SELECT min(rowid) FROM ("
                              "SELECT rowid FROM pages WHERE scan_id=? AND canon=? UNION ALL "
                              "SELECT rowid FROM pages WHERE scan_id=? AND final_canon=?))",
                              (scan_id, key, scan_id, key)).fetchone()
        return Page.from_dict(json.loads(row[0])) if row else None

    def find_resource(self, scan_id: int, key: str) -> Resource | None:
        """The first checked target with this link key (inspector.urls.link_key)."""
        row = self.db.execute("SELECT data FROM resources WHERE scan_id=? AND key=? ORDER BY rowid LIMIT 1",
                              (scan_id, key)).fetchone()
        return Resource.from_dict(json.loads(row[0])) if row else None

    def resource_count(self, scan_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM resources WHERE scan_id=?", (scan_id,)).fetchone()[0])

    def index_keys(self, scan_id: int) -> None:
        """Fill the lookup keys of rows saved by an inspector that did not write them yet."""
        while True:  # in batches: an old scan can hold more pages than should be in memory at once
            rows = self.db.execute("SELECT rowid, data FROM pages WHERE scan_id=? AND canon IS NULL LIMIT 500",
                                   (scan_id,)).fetchall()
            if not rows:
                break
            updates = []
            for rowid, data in rows:
                record = json.loads(data)
                updates.append((canonical_url(record["url"]),
                                canonical_url(record.get("final_url") or record["url"]), rowid))
            self.db.executemany("UPDATE pages SET canon=?, final_canon=? WHERE rowid=?", updates)
        rows = self.db.execute("SELECT rowid, url FROM resources WHERE scan_id=? AND key IS NULL", (scan_id,))
        self.db.executemany("UPDATE resources SET key=? WHERE rowid=?",
                            [(link_key(url), rowid) for rowid, url in rows.fetchall()])
        self.db.commit()

    def page_count(self, scan_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM pages WHERE scan_id=?", (scan_id,)).fetchone()[0])

    # findings --------------------------------------------------------------------------------
    def save_findings(self, scan_id: int, findings: list[Finding]) -> None:
        self.db.execute("DELETE FROM findings WHERE scan_id=?", (scan_id,))
        self.db.executemany(
            "INSERT OR REPLACE INTO findings (scan_id, id, rule, severity, url, data) VALUES (?, ?, ?, ?, ?, ?)",
            [(scan_id, f.id, f.rule, f.severity, f.url, json.dumps(f.contract_dict(), ensure_ascii=False))
             for f in findings])
        self.db.commit()

    def finding_ids(self, scan_id: int) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM findings WHERE scan_id=?", (scan_id,))}


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
