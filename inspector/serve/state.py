"""Triage state kept in the scan history database, next to the scans it is about.

The tables are keyed by (site, finding id): a finding's id is its stable fingerprint, so an
ignore, a 整改 state or a 复查 result made on one scan still applies to the same problem in the
next scans. Every change is also written to triage_log, so who did what stays visible.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import SHANGHAI
from ..store import BUSY_SECONDS, History

SCHEMA = """
CREATE TABLE IF NOT EXISTS triage_ignores (
    site TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    who TEXT,
    created_at TEXT NOT NULL,
    config_file TEXT,               -- the site config the [[ignore]] entry was written to, if any
    PRIMARY KEY (site, finding_id)
);
CREATE TABLE IF NOT EXISTS triage_remediation (
    site TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    state TEXT NOT NULL,            -- todo / doing / done
    person TEXT,
    note TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (site, finding_id)
);
CREATE TABLE IF NOT EXISTS triage_rechecks (
    site TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    result TEXT NOT NULL,           -- present / gone / unknown
    message TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (site, finding_id)
);
CREATE TABLE IF NOT EXISTS triage_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
);
"""
REMEDIATION_STATES = {"todo": "待整改", "doing": "整改中", "done": "已整改"}


def now_iso() -> str:
    return datetime.now(SHANGHAI).replace(microsecond=0).isoformat()


def prepare(path: Path) -> None:
    """The scan tables (History creates them as a scan would) and the triage tables."""
    History(path).close()
    with connect(path) as db:
        db.executescript(SCHEMA)


def connect(path: Path) -> sqlite3.Connection:
    """One connection per request: the app's handlers run on a thread pool."""
    db = sqlite3.connect(str(path), timeout=BUSY_SECONDS)
    db.row_factory = sqlite3.Row
    return db


class Triage:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def ignores(self, site: str) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM triage_ignores WHERE site=?", (site,))
        return {r["finding_id"]: dict(r) for r in rows}

    def remediation(self, site: str) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM triage_remediation WHERE site=?", (site,))
        return {r["finding_id"]: dict(r) for r in rows}

    def rechecks(self, site: str) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM triage_rechecks WHERE site=?", (site,))
        return {r["finding_id"]: dict(r) for r in rows}

    def log(self, site: str, limit: int = 100) -> list[dict[str, Any]]:
        """The site's latest triage actions, newest first."""
        rows = self.db.execute("SELECT * FROM triage_log WHERE site=? ORDER BY id DESC LIMIT ?", (site, limit))
        return [{**dict(r), "detail": json.loads(r["detail"] or "{}")} for r in rows]

    def ignore(self, site: str, finding_id: str, reason: str, who: str, config_file: str | None) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO triage_ignores VALUES (?, ?, ?, ?, ?, ?)",
                            (site, finding_id, reason, who, now_iso(), config_file))
            self._log(site, finding_id, "ignore", {"reason": reason, "who": who, "config_file": config_file})

    def unignore(self, site: str, finding_id: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM triage_ignores WHERE site=? AND finding_id=?", (site, finding_id))
            self._log(site, finding_id, "unignore", {})

    def set_remediation(self, site: str, finding_id: str, state: str, person: str, note: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO triage_remediation VALUES (?, ?, ?, ?, ?, ?)",
                            (site, finding_id, state, person, note, now_iso()))
            self._log(site, finding_id, "remediation", {"state": state, "person": person, "note": note})

    def record_recheck(self, site: str, finding_id: str, result: str, message: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO triage_rechecks VALUES (?, ?, ?, ?, ?)",
                            (site, finding_id, result, message, now_iso()))
            self._log(site, finding_id, "recheck", {"result": result, "message": message})

    def _log(self, site: str, finding_id: str, action: str, detail: dict[str, Any]) -> None:
        self.db.execute("INSERT INTO triage_log (site, finding_id, action, detail, at) VALUES (?, ?, ?, ?, ?)",
                        (site, finding_id, action, json.dumps(detail, ensure_ascii=False), now_iso()))
