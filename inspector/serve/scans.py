"""What the web app reads from the scan history: the sites, their scans and each scan's document.

A scan's full document is the findings.json it wrote into its output directory (the history
records where); when that file is gone, the findings saved in the history still give a document
the report templates can show, marked as partial.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import ConfigError, load_config_file
from ..model import SEVERITIES
from ..triage import validate_ignores

TREND_SCANS = 30


def site_key(name: str) -> str:
    """A short, URL-safe key for a site name (names are Chinese and may hold any character)."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def site_names(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT site FROM scans GROUP BY site ORDER BY max(id) DESC")]


def site_by_key(db: sqlite3.Connection, key: str) -> str | None:
    return next((name for name in site_names(db) if site_key(name) == key), None)


def scans_of(db: sqlite3.Connection, site: str, limit: int = TREND_SCANS) -> list[dict[str, Any]]:
    """The site's finished scans, newest first (a scan still running has no document yet)."""
    rows = db.execute("SELECT * FROM scans WHERE site=? AND status!='running' ORDER BY id DESC LIMIT ?",
                      (site, limit))
    return [dict(r) for r in rows]


def scan_row(db: sqlite3.Connection, scan_id: int) -> dict[str, Any] | None:
    row = db.execute("SELECT * FROM scans WHERE id=? AND status!='running'", (scan_id,)).fetchone()
    return dict(row) if row else None


def config_file_of(scan: dict[str, Any]) -> Path | None:
    """The site config the scan was run with (recorded since `inspector serve` exists)."""
    try:
        value = json.loads(scan.get("options") or "{}").get("config_file")
    except json.JSONDecodeError:
        return None
    return Path(value) if isinstance(value, str) and value else None


def config_ignores(config_file: Path | None) -> tuple[list[dict[str, Any]], str | None]:
    """(the config's [[ignore]] entries, a Chinese problem sentence or None)."""
    if config_file is None:
        return [], None
    try:
        return validate_ignores(load_config_file(config_file).get("ignore", []) or []), None
    except ConfigError as exc:
        return [], str(exc)


def load_document(db: sqlite3.Connection, scan: dict[str, Any]) -> dict[str, Any]:
    """The scan's findings document: its findings.json, or one rebuilt from the history."""
    path = Path(scan["out_dir"]) / "findings.json" if scan.get("out_dir") else None
    if path is not None and path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            pass
    return _document_from_history(db, scan)


def _document_from_history(db: sqlite3.Connection, scan: dict[str, Any]) -> dict[str, Any]:
    findings = [json.loads(r[0]) for r in db.execute("SELECT data FROM findings WHERE scan_id=? ORDER BY rowid",
                                                     (scan["id"],))]
    counts = {s: sum(1 for f in findings if f["severity"] == s and not f.get("needs_review") and not f.get("ignored"))
              for s in SEVERITIES}
    stats = json.loads(scan.get("stats") or "{}")
    return {
        "schema": "inspector/findings@1", "tool": {"name": "inspector", "version": ""},
        "site": {"name": scan["site"], "start_urls": json.loads(scan["start_urls"])},
        "as_of": scan["as_of"], "started_at": scan["started_at"], "finished_at": scan.get("finished_at") or "",
        "complete": scan["status"] == "complete",
        "stats": {"pages": stats.get("pages", 0), "columns": stats.get("columns", 0),
                  "fetch_errors": stats.get("fetch_errors", 0), **stats},
        "columns": [], "findings": findings,
        "verdict": {"result": "not_checked", "indicators": [], "counts": counts,
                    "needs_review": sum(1 for f in findings if f.get("needs_review"))},
        "partial_from_history": True,
    }


def trend_point(db: sqlite3.Connection, scan: dict[str, Any]) -> dict[str, Any]:
    """One scan on the trend chart: counted findings by severity and the failed 否决 indicators."""
    path = Path(scan["out_dir"]) / "findings.json" if scan.get("out_dir") else None
    try:
        summary = _summary(str(path), path.stat().st_mtime_ns) if path is not None else None
    except (OSError, json.JSONDecodeError):
        summary = None
    if summary is None:
        summary = _summarize(_document_from_history(db, scan))
    return {"scan": scan["id"], "started_at": scan["started_at"], **summary}


@lru_cache(maxsize=4096)
def _summary(path: str, mtime_ns: int) -> dict[str, Any]:
    """The few numbers a trend needs, kept instead of the whole document."""
    return _summarize(json.loads(Path(path).read_text(encoding="utf-8")))


def _summarize(document: dict[str, Any]) -> dict[str, Any]:
    verdict = document.get("verdict") or {}
    counts = verdict.get("counts") or {}
    indicators = verdict.get("indicators", [])
    return {"result": verdict.get("result", "not_checked"), **{s: int(counts.get(s, 0)) for s in SEVERITIES},
            "failed_indicators": sum(1 for i in indicators if i.get("status") == "fail"),
            "risk_indicators": sum(1 for i in indicators if i.get("status") == "risk")}


def start_urls_of(scan: dict[str, Any]) -> list[str]:
    return list(json.loads(scan["start_urls"]))
