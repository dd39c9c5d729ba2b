"""The WeChat stage's records in the scan history, in tables of their own (the site's `pages`
table and its readers stay untouched):

- `wechat_runs`: one row per scan, the stage's state (sources, errors, why not checked, link
  results); written when the stage starts and again when it ends, so a finalize after a kill
  knows the stage did not finish;
- `wechat_articles`: one row per listed article, a Page of kind "wechat" (meta holds the
  account, publish time, state and sources), written as each article is read.

No secret and no access token is ever written here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..model import Page
from ..store import History

SCHEMA = """
CREATE TABLE IF NOT EXISTS wechat_runs (
    scan_id INTEGER PRIMARY KEY REFERENCES scans(id),
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wechat_articles (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    key TEXT NOT NULL,
    url TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (scan_id, key)
);
"""


@dataclass
class WechatData:
    """What the rules read: the stage's state and the articles, as saved."""

    state: dict[str, Any]
    articles: list[Page] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.state.get("status") == "finished"


def _ensure(history: History) -> None:
    history.db.executescript(SCHEMA)


def save_state(history: History, scan_id: int, state: dict[str, Any]) -> None:
    _ensure(history)
    history.db.execute("INSERT OR REPLACE INTO wechat_runs (scan_id, data) VALUES (?, ?)",
                       (scan_id, json.dumps(state, ensure_ascii=False)))
    history.db.commit()


def save_article(history: History, scan_id: int, key: str, page: Page) -> None:
    _ensure(history)
    history.db.execute("INSERT INTO wechat_articles (scan_id, key, url, data) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (scan_id, key) DO UPDATE SET url=excluded.url, data=excluded.data",
                       (scan_id, key, page.url, json.dumps(page.to_dict(), ensure_ascii=False)))
    history.db.commit()


def load(history: History, scan_id: int) -> WechatData | None:
    """The scan's WeChat records, or None when the scan had no WeChat stage."""
    _ensure(history)
    row = history.db.execute("SELECT data FROM wechat_runs WHERE scan_id=?", (scan_id,)).fetchone()
    if row is None:
        return None
    articles = [Page.from_dict(json.loads(data)) for (data,) in history.db.execute(
        "SELECT data FROM wechat_articles WHERE scan_id=? ORDER BY rowid", (scan_id,))]
    return WechatData(state=json.loads(row[0]), articles=articles)
