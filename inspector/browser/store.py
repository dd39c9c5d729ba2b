"""The browser stage's saved artifacts, in the scan history beside the pages: one row per checked
page (raw axe results, page.js measurements) and one summary per scan. Rules read them back, so
the a11y and elder findings re-run offline."""
from __future__ import annotations

import json
from typing import Any

from ..store import History

SCHEMA = """
CREATE TABLE IF NOT EXISTS browser_runs (
    scan_id INTEGER PRIMARY KEY REFERENCES scans(id),
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS browser_pages (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    seq INTEGER NOT NULL,
    url TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (scan_id, seq)
);
"""


def _ready(history: History) -> None:
    history.db.executescript(SCHEMA)


def save_page(history: History, scan_id: int, seq: int, artifact: dict[str, Any]) -> None:
    _ready(history)
    history.db.execute("INSERT OR REPLACE INTO browser_pages (scan_id, seq, url, data) VALUES (?, ?, ?, ?)",
                       (scan_id, seq, artifact["url"], json.dumps(artifact, ensure_ascii=False)))
    history.db.commit()


def save_run(history: History, scan_id: int, summary: dict[str, Any]) -> None:
    _ready(history)
    history.db.execute("INSERT OR REPLACE INTO browser_runs (scan_id, data) VALUES (?, ?)",
                       (scan_id, json.dumps(summary, ensure_ascii=False)))
    history.db.commit()


def clear(history: History, scan_id: int) -> None:
    _ready(history)
    history.db.execute("DELETE FROM browser_pages WHERE scan_id=?", (scan_id,))
    history.db.execute("DELETE FROM browser_runs WHERE scan_id=?", (scan_id,))
    history.db.commit()


def load(history: History, scan_id: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(run summary or None, page artifacts in the order they were checked)."""
    _ready(history)
    row = history.db.execute("SELECT data FROM browser_runs WHERE scan_id=?", (scan_id,)).fetchone()
    pages = [json.loads(data) for (data,) in history.db.execute(
        "SELECT data FROM browser_pages WHERE scan_id=? ORDER BY seq", (scan_id,))]
    return (json.loads(row[0]) if row else None), pages
