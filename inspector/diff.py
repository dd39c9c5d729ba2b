"""New / open / regressed / fixed against the scan history, first-seen dates, and the trend.

A finding's id is its fingerprint (rule, url, evidence), so the same problem on the next scan
has the same id. Fixed findings are only claimed after a complete scan: a capped or interrupted
scan that did not see a page says nothing about whether its problems were fixed.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .model import Finding
from .store import History

TREND_SCANS = 10


def annotate(history: History, site: str, scan_id: int, findings: list[Finding], complete: bool,
             checked: Callable[[dict[str, Any]], bool] = lambda finding: True) -> dict[str, Any]:
    """Set extra["state"] and extra["first_seen"] on each finding; return the `history` section.

    `checked(old finding)` says whether this scan looked where an earlier finding was (a skipped
    browser stage or WeChat account fixes nothing)."""
    db = history.db
    previous = db.execute(
        "SELECT id, started_at FROM scans WHERE site=? AND id<? AND status='complete' ORDER BY id DESC LIMIT 1",
        (site, scan_id)).fetchone()
    first_seen = dict(db.execute(
        "SELECT f.id, min(s.started_at) FROM findings f JOIN scans s ON s.id=f.scan_id "
        "WHERE s.site=? AND s.id<? GROUP BY f.id", (site, scan_id)))
    previous_ids = history.finding_ids(previous[0]) if previous else set()
    counts = {"new": 0, "open": 0, "regressed": 0, "ignored": 0}
    for finding in findings:
        seen_before = finding.id in first_seen
        if finding.ignored:
            status = "ignored"
        elif finding.id in previous_ids:
            status = "open"
        elif seen_before and previous:
            status = "regressed"  # seen in an earlier scan, gone in the last one, back now
        else:
            status = "new"
        counts[status] += 1
        finding.extra["state"] = status
        finding.extra["first_seen"] = (first_seen.get(finding.id) or "")[:10] or None
    fixed: list[dict[str, Any]] = []
    if previous and complete:
        current = {f.id for f in findings}
        for (data,) in db.execute("SELECT data FROM findings WHERE scan_id=? ORDER BY rowid", (previous[0],)):
            old = json.loads(data)
            if old["id"] not in current and not old.get("ignored") and checked(old):
                fixed.append(old)
    return {
        "previous_scan": {"id": previous[0], "started_at": previous[1]} if previous else None,
        "counts": {**counts, "fixed": len(fixed)},
        "fixed": fixed,
        "trend": trend(history, site, scan_id) + [_point(scan_id, None, (f.__dict__ for f in findings))],
    }


def trend(history: History, site: str, scan_id: int) -> list[dict[str, Any]]:
    """Counted findings per severity for the last scans of the site (this one last)."""
    rows = history.db.execute(
        "SELECT id, started_at FROM scans WHERE site=? AND id<? AND status='complete' ORDER BY id DESC LIMIT ?",
        (site, scan_id, TREND_SCANS - 1)).fetchall()
    return [_point(sid, started_at, (json.loads(data) for (data,) in history.db.execute(
        "SELECT data FROM findings WHERE scan_id=?", (sid,)))) for sid, started_at in reversed(rows)]


def _point(scan_id: int, started_at: str | None, findings) -> dict[str, Any]:
    counts = {"veto": 0, "error": 0, "warning": 0, "info": 0}
    for finding in findings:
        if not finding.get("needs_review") and not finding.get("ignored"):
            counts[finding["severity"]] += 1
    return {"scan": scan_id, "started_at": started_at, **counts}
