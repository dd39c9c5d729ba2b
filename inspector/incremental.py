"""`--incremental`: a nightly re-scan that does not fetch again the articles, single pages and
the walks through calendar and site-search pages that had no problem in the previous scan; it
reuses their saved records. Everything else is fetched: the homepage, every list and channel
page (new items, freshness), every page with an open finding or linking to a broken target (to
see fixes), and every URL not seen before.

Search result pages are reused because they are made from the site's own pages, which are
checked where they live; they are never columns (inspector.columns), so nothing about
freshness depends on them. New articles are found through the lists, which are always fetched.

Reuse needs a full (not incremental) complete scan of the same site within `full_every_days`
(default 7); otherwise the scan is a full one. Articles changed after that full scan are seen
by the next full scan — that is the trade: set full_every_days to 1 to never reuse.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .model import Page
from .store import History, decode_record
from .urls import canonical_url, is_search_url

REUSABLE_KINDS = ("article", "single", "calendar")


def reusable(kind: str | None, url: str) -> bool:
    return kind in REUSABLE_KINDS or (kind == "list" and is_search_url(url))


@dataclass
class ReusePlan:
    source_scan: int | None = None
    urls: dict[str, str] = field(default_factory=dict)  # canonical URL → stored page URL
    reason: str = ""

    def load(self, history: History, key: str) -> Page | None:
        stored = self.urls.get(key)
        if stored is None or self.source_scan is None:
            return None
        row = history.db.execute("SELECT data FROM pages WHERE scan_id=? AND url=?",
                                 (self.source_scan, stored)).fetchone()
        return Page.from_dict(decode_record(row[0])) if row else None


def plan(history: History, site: str, as_of_year: int, full_every_days: int, now: datetime) -> ReusePlan:
    """Which pages of the latest complete scan may be reused, or why none."""
    rows = history.db.execute(
        "SELECT id, started_at, as_of, options FROM scans WHERE site=? AND status='complete' ORDER BY id DESC",
        (site,)).fetchall()
    if not rows:
        return ReusePlan(reason="没有可参照的完整扫描，本次为全量扫描")
    full = next((r for r in rows if not json.loads(r[3] or "{}").get("incremental")), None)
    if full is None or now - datetime.fromisoformat(full[1]) > timedelta(days=full_every_days):
        return ReusePlan(reason=f"{full_every_days} 天内没有全量扫描，本次为全量扫描")
    latest = rows[0]
    if int(latest[2][:4]) != as_of_year:
        return ReusePlan(reason="监测点跨年，本次为全量扫描")
    recheck: set[str] = set()
    for (data,) in history.db.execute("SELECT data FROM findings WHERE scan_id=?", (latest[0],)):
        finding = json.loads(data)
        for url in [finding.get("url"), *(finding.get("referrers") or []), *(finding.get("pages") or [])]:
            if url:
                recheck.add(canonical_url(url))
    urls: dict[str, str] = {}
    for url, kind, final_url in history.db.execute(
            "SELECT url, kind, final_url FROM pages WHERE scan_id=? AND status=200", (latest[0],)):
        final_url = final_url or url
        keys = {canonical_url(url), canonical_url(final_url)}
        if reusable(kind, final_url) and not keys & recheck:
            for key in keys:
                urls[key] = url
    return ReusePlan(source_scan=latest[0], urls=urls, reason=f"沿用上次扫描中 {len(set(urls.values()))} 个无问题页面")
