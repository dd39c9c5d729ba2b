"""SQLite scan history: scans, their pages (saved as the crawl goes) and their findings.

Pages are committed in small batches while crawling, so a scan that is killed keeps what it
fetched; the next run finds it still marked `running` with a dead pid and marks it incomplete.

A page or link-check record is stored lean and private: personal numbers masked, with what the
privacy rule reports of them noted beforehand (inspector.privacy.protect_page), fields at their
default left out, and the rest compressed (encode_record / decode_record; records of older
versions, plain JSON text, still read). Old scans keep their summary and findings only
(`[history] keep_scans`, prune_scans).
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

from .model import Finding, Page, Resource
from .privacy import protect_page, protect_resource
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
# pages.final_url (NULL: the URL itself) / source_key and resources.source_key repeat those
# fields of the compressed record for the re-scan queries (inspector.unchanged, inspector.incremental); pages.blocks holds
# the header/footer blocks whose text the record carries (Page.chrome), as JSON.
# canon/final_canon and key: the canonical spelling of a page's URLs and of a checked target's
# link key, so the analysis finds one page or target by URL in SQL instead of holding them all
# (filled as rows are written; for older rows by History.index_keys before an analysis).
_ADDED_COLUMNS = {"scans": (("home_ms", "INTEGER"), ("home_ok", "INTEGER")),
                  "pages": (("final_url", "TEXT"), ("source_key", "TEXT"), ("blocks", "TEXT"),
                            ("canon", "TEXT"), ("final_canon", "TEXT")),
                  "resources": (("source_key", "TEXT"), ("key", "TEXT"))}
_ADDED_INDEXES = ("CREATE INDEX IF NOT EXISTS pages_by_canon ON pages(scan_id, canon)",
                  "CREATE INDEX IF NOT EXISTS pages_by_final_canon ON pages(scan_id, final_canon)",
                  "CREATE INDEX IF NOT EXISTS resources_by_key ON resources(scan_id, key)")
# Filling the added columns from records written before them (plain JSON text).
_BACKFILL = {
    "pages": "UPDATE pages SET final_url=json_extract(data, '$.final_url'), "
             "source_key=json_extract(data, '$.source_key'), "
             "blocks=(SELECT json_group_array(json(value)) FROM json_each(pages.data, '$.chrome') "
             "        WHERE json_extract(value, '$[1]') != '') WHERE typeof(data)='text'",
    "resources": "UPDATE resources SET source_key=json_extract(data, '$.source_key') WHERE typeof(data)='text'",
}
# The first saved page of a scan whose URL or final URL has a canonical spelling (parameters:
# scan_id, key, scan_id, key).
_FIRST_WITH_KEY = ("rowid = (SELECT min(rowid) FROM (SELECT rowid FROM pages WHERE scan_id=? AND canon=? "
                   "UNION ALL SELECT rowid FROM pages WHERE scan_id=? AND final_canon=?))")
PAGE_SIZE = 8192  # bytes, for a new database (bench/history_bench.py)

# -- record encoding ---------------------------------------------------------------------------
# Stored: a format byte, a table byte, then zlib-compressed compact JSON without the fields that
# hold their default value. A record of an older inspector is JSON text (a str), read as is.
_FORMAT = 1
_TABLES = {"pages": b"P", "resources": b"R"}


def _defaults(cls) -> dict[str, Any]:
    out = {}
    for f in fields(cls):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
    return out


_DEFAULTS = {b"P": _defaults(Page), b"R": _defaults(Resource)}


def encode_record(data: dict[str, Any], table: str = "pages") -> bytes:
    """A record as Page.to_dict (table "pages") or Resource.to_dict ("resources") gives it, as
    stored in that table's `data` column; decode_record gives it back."""
    tag = _TABLES[table]
    defaults = _DEFAULTS[tag]
    lean = {k: v for k, v in data.items() if k not in defaults or v != defaults[k]}
    if tag == b"P" and lean.get("final_url") == lean.get("url"):
        del lean["final_url"]  # most pages were not redirected
    text = json.dumps(lean, ensure_ascii=False, separators=(",", ":"))
    return bytes((_FORMAT,)) + tag + zlib.compress(text.encode("utf-8"))


def decode_record(stored: str | bytes) -> dict[str, Any]:
    """The record stored in a pages or resources `data` column, every field present."""
    if isinstance(stored, str):  # written by an inspector before the lean history
        return json.loads(stored)
    if stored[0] != _FORMAT or bytes(stored[1:2]) not in _DEFAULTS:
        raise HistoryError(f"扫描历史中的记录格式无法识别（格式 {stored[0]}），可能由更新版本的 inspector 写入")
    tag = bytes(stored[1:2])
    data = json.loads(zlib.decompress(stored[2:]))
    record = {k: type(v)() if isinstance(v, (list, dict)) else v for k, v in _DEFAULTS[tag].items()}
    record.update(data)
    if tag == b"P" and "final_url" not in data:
        record["final_url"] = record["url"]
    return record


class HistoryError(Exception):
    """The history database cannot be opened or written."""


class History:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=BUSY_SECONDS)
            if not self.db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
                # Set before the first table or never. A new database hands the space of pruned
                # scans back to the disk as it goes, without a whole VACUUM (which rewrites the
                # file). A compressed page record is 1–4 KB: in 4 KB pages most would sit one to
                # a page, half of it empty; 8 KB pages hold them with little waste (-33 % file).
                self.db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # first: after auto_vacuum it is not taken
                self.db.execute("PRAGMA auto_vacuum=INCREMENTAL")
            self._use_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._create_schema()
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(f"无法打开扫描历史数据库 {self.path}：{exc}") from exc
        self._pending = 0
        self._last_commit = time.monotonic()
        self._years: dict[int, int | None] = {}

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
                added = [name for name, _ in columns if name not in have]
                for name, kind in columns:
                    if name in added:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
                if added and table in _BACKFILL:
                    self.db.execute(_BACKFILL[table])
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
        data = protect_page(data, self._year(scan_id))
        self.db.execute(
            "INSERT OR REPLACE INTO pages (scan_id, url, kind, status, data, final_url, source_key, blocks, "
            "canon, final_canon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (scan_id, data["url"], data["kind"], data["status"], *_page_columns(data),
             canonical_url(data["url"]), canonical_url(data.get("final_url") or data["url"])))
        self._written()

    def upgrade_records(self, batch: int = 500) -> int:
        """Store the records an older inspector wrote (plain JSON, personal numbers in clear) lean
        and masked, as new ones are. Returns how many were rewritten."""
        done = 0
        for table in ("pages", "resources"):
            last = 0
            while True:
                rows = self.db.execute(f"SELECT rowid, scan_id, data FROM {table} WHERE rowid>? AND typeof(data)='text' "
                                       f"ORDER BY rowid LIMIT ?", (last, batch)).fetchall()
                if not rows:
                    break
                for rowid, scan_id, stored in rows:
                    if table == "pages":
                        values = _page_columns(protect_page(decode_record(stored), self._year(scan_id)))
                        self.db.execute("UPDATE pages SET data=?, final_url=?, source_key=?, blocks=? WHERE rowid=?",
                                        (*values, rowid))
                    else:
                        data = protect_resource(decode_record(stored), self._year(scan_id))
                        self.db.execute("UPDATE resources SET data=? WHERE rowid=?",
                                        (encode_record(data, "resources"), rowid))
                last = rows[-1][0]
                done += len(rows)
                self.commit()
        return done

    def _year(self, scan_id: int) -> int | None:
        """The scan's monitoring-point year: an ID number born later is no finding of it."""
        if scan_id not in self._years:
            row = self.db.execute("SELECT as_of FROM scans WHERE id=?", (scan_id,)).fetchone()
            self._years[scan_id] = int(row[0][:4]) if row and row[0] else None
        return self._years[scan_id]

    def add_resource(self, scan_id: int, resource: Resource) -> None:
        self.add_resource_data(scan_id, resource.to_dict())

    def add_resource_data(self, scan_id: int, data: dict[str, Any]) -> None:
        data = protect_resource(data, self._year(scan_id))
        self.db.execute(
            "INSERT OR REPLACE INTO resources (scan_id, url, status, data, source_key, key) VALUES (?, ?, ?, ?, ?, ?)",
            (scan_id, data["url"], data["status"], encode_record(data, "resources"), data.get("source_key") or None,
             link_key(data["url"])))
        self._written()

    def _written(self) -> None:
        """Commit every 50 records or 2 seconds: a killed scan keeps nearly all it fetched."""
        self._pending += 1
        if self._pending >= 50 or time.monotonic() - self._last_commit > 2:
            self.commit()

    def resources(self, scan_id: int) -> Iterator[Resource]:
        for (data,) in self._in_saved_order("resources", scan_id):
            yield Resource.from_dict(decode_record(data))

    def page_urls(self, scan_id: int) -> Iterator[str]:
        """The URLs the scan's pages were asked for, in the order saved, without reading the pages."""
        for (url,) in self._in_saved_order("pages", scan_id, column="url"):
            yield url

    def _in_saved_order(self, table: str, scan_id: int, where: str = "", params: tuple = (),
                        column: str = "data") -> sqlite3.Cursor:
        """A column (`data`) of a scan's rows in the order they were saved. `WHERE scan_id=? ORDER BY
        rowid` would read them through an index on (scan_id, …) and sort every record again in a
        temporary B-tree (0.8 s per pass over 100,000 pages, and a pass is made for each rule);
        a scan's rows lie in one rowid range, read in order with no sort (`+scan_id`: not by
        the index)."""
        low, high = self.db.execute(f"SELECT min(rowid), max(rowid) FROM {table} WHERE scan_id=?", (scan_id,)).fetchone()
        return self.db.execute(f"SELECT {column} FROM {table} WHERE rowid BETWEEN ? AND ? AND +scan_id=?{where} "
                               "ORDER BY rowid", (low or 0, high or -1, scan_id, *params))

    def commit(self) -> None:
        self.db.commit()
        self._pending = 0
        self._last_commit = time.monotonic()

    def pages(self, scan_id: int, kinds: tuple[str, ...] = ()) -> Iterator[Page]:
        """The scan's pages in the order they were saved, read one at a time (of these kinds only)."""
        where = f" AND kind IN ({','.join('?' * len(kinds))})" if kinds else ""
        for (data,) in self._in_saved_order("pages", scan_id, where, kinds):
            yield Page.from_dict(decode_record(data))

    def find_page(self, scan_id: int, key: str) -> Page | None:
        """The first saved page whose URL or final URL has this canonical spelling."""
        row = self.db.execute(f"SELECT data FROM pages WHERE {_FIRST_WITH_KEY}", (scan_id, key, scan_id, key)).fetchone()
        return Page.from_dict(decode_record(row[0])) if row else None

    def final_url_of(self, scan_id: int, key: str) -> str | None:
        """find_page's final URL, read without decoding the page."""
        row = self.db.execute(f"SELECT coalesce(final_url, url) FROM pages WHERE {_FIRST_WITH_KEY}",
                              (scan_id, key, scan_id, key)).fetchone()
        return row[0] if row else None

    def find_resource(self, scan_id: int, key: str) -> Resource | None:
        """The first checked target with this link key (inspector.urls.link_key)."""
        row = self.db.execute("SELECT data FROM resources WHERE scan_id=? AND key=? ORDER BY rowid LIMIT 1",
                              (scan_id, key)).fetchone()
        return Resource.from_dict(decode_record(row[0])) if row else None

    def resource_count(self, scan_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM resources WHERE scan_id=?", (scan_id,)).fetchone()[0])

    def index_keys(self, scan_id: int) -> None:
        """Fill the lookup keys of rows saved by an inspector that did not write them yet."""
        while True:  # in batches: an old scan can hold more rows than should be in memory at once
            rows = self.db.execute("SELECT rowid, url, final_url FROM pages WHERE scan_id=? AND canon IS NULL "
                                   "LIMIT 2000", (scan_id,)).fetchall()
            if not rows:
                break
            self.db.executemany("UPDATE pages SET canon=?, final_canon=? WHERE rowid=?",
                                [(canonical_url(url), canonical_url(final or url), rowid) for rowid, url, final in rows])
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
            ((scan_id, f.id, f.rule, f.severity, f.url, json.dumps(f.contract_dict(), ensure_ascii=False))
             for f in findings))  # one row at a time: a portal's thousands of findings are never all rows at once
        self.db.commit()

    def finding_ids(self, scan_id: int) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM findings WHERE scan_id=?", (scan_id,))}

    # retention ---------------------------------------------------------------------------------
    def prunable_scans(self, keep_scans: int, site: str | None = None) -> list[int]:
        """Scans whose pages and link checks retention lets go: per site, those older than its
        newest keep_scans scans, except the newest complete one (a re-scan with --incremental or
        --http-cache takes records from it) and any still running."""
        if keep_scans < 1:
            raise ValueError("keep_scans must be at least 1")
        sites: Iterable[str] = (site,) if site is not None else \
            [row[0] for row in self.db.execute("SELECT DISTINCT site FROM scans")]
        out: list[int] = []
        for name in sites:
            rows = self.db.execute("SELECT id, status FROM scans WHERE site=? ORDER BY id DESC", (name,)).fetchall()
            newest_complete = next((scan_id for scan_id, status in rows if status == "complete"), None)
            out += [scan_id for scan_id, status in rows[keep_scans:]
                    if scan_id != newest_complete and status != "running"]
        return sorted(out)

    def prune_scans(self, keep_scans: int, site: str | None = None) -> dict[str, int]:
        """Delete the pages and link checks of the scans retention lets go (prunable_scans); their
        scans row (summary, stats) and findings stay. Returns how many scans and rows went."""
        scan_ids = self.prunable_scans(keep_scans, site)
        counts = {"scans": 0, "pages": 0, "resources": 0}
        for scan_id in scan_ids:
            pages = self.db.execute("DELETE FROM pages WHERE scan_id=?", (scan_id,)).rowcount
            resources = self.db.execute("DELETE FROM resources WHERE scan_id=?", (scan_id,)).rowcount
            counts["scans"] += bool(pages or resources)
            counts["pages"] += pages
            counts["resources"] += resources
        self.commit()
        if counts["pages"] or counts["resources"]:
            self.release_space()
        return counts

    def release_space(self) -> None:
        """Hand freed pages back to the disk where the database allows it without a VACUUM."""
        if self.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:  # INCREMENTAL
            # executescript steps the pragma to its end; execute() would free one page only.
            self.db.executescript("PRAGMA incremental_vacuum;")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def vacuum(self) -> None:
        """Rewrite the file without free space (and switch an older database to incremental
        auto-vacuum on the way, so later pruning gives space back by itself)."""
        self.commit()
        self.db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        page_size = self.db.execute("PRAGMA page_size").fetchone()[0]
        if page_size < PAGE_SIZE:
            # The page size changes only outside WAL mode, which needs the file to ourselves: when
            # a scan has it open, the file is compacted in its page size.
            try:
                self.db.execute("PRAGMA journal_mode=DELETE")
                self.db.execute(f"PRAGMA page_size={PAGE_SIZE}")
            except sqlite3.OperationalError:
                pass
        self.db.execute("VACUUM")
        self._use_wal()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def size_bytes(self) -> int:
        return database_size(self.path)


def database_size(path: str | Path) -> int:
    """The database file and its write-ahead log, in bytes."""
    path = Path(path)
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def _page_columns(data: dict[str, Any]) -> tuple:
    """data, final_url, source_key and blocks of a protected page record's row."""
    blocks = [block for block in data.get("chrome") or () if block[1]]
    return (encode_record(data, "pages"),
            data["final_url"] if data.get("final_url") not in (None, data["url"]) else None,
            data.get("source_key") or None,
            json.dumps(blocks, ensure_ascii=False) if blocks else None)


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
