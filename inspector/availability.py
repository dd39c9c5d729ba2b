"""Homepage availability over time: each scan records whether the homepage answered (and how
fast) in the history; findings.json and the report show the rate over the last 7 days of scans,
which is how 站点无法访问 is judged (a week of checks, at most 5 % failures)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from rules import load_data

from .site_model import SiteModel
from .store import History

WINDOW_DAYS = 7
MIN_RATE = 0.95


def homepage_answer(site: SiteModel) -> tuple[bool | None, int | None]:
    """(reachable, ms) for this scan's first start page; (None, None) when it was never asked."""
    page = site.page(site.start_urls[0]) if site.start_urls else None
    if page is None:
        return (None, None) if not site.complete else (False, None)
    if page.blocked:
        return None, None  # a firewall answered: the site was not asked
    limit_ms = load_data("site/verdict.toml")["unreachable_seconds"] * 1000
    ok = page.status is not None and page.status < 400 and not page.error and page.fetch_ms <= limit_ms
    return ok, page.fetch_ms if page.status is not None else None


def record_and_summarize(history: History, scan_id: int, site: SiteModel, started_at: str) -> dict[str, Any]:
    reachable, ms = homepage_answer(site)
    history.record_home(scan_id, reachable, ms)
    since = (datetime.fromisoformat(started_at) - timedelta(days=WINDOW_DAYS)).isoformat()
    scans = history.home_history(site.name, since, started_at)
    ok = sum(1 for s in scans if s["reachable"])
    times = sorted(s["ms"] for s in scans if s["ms"] is not None)
    rate = round(ok / len(scans), 4) if scans else None
    return {
        "home_url": site.start_urls[0] if site.start_urls else None, "reachable": reachable, "home_ms": ms,
        f"last_{WINDOW_DAYS}_days": {
            "scans": len(scans), "reachable": ok, "rate": rate,
            "median_ms": times[len(times) // 2] if times else None, "slowest_ms": times[-1] if times else None,
            "status": None if rate is None else ("pass" if rate >= MIN_RATE else "fail"), "min_rate": MIN_RATE,
        },
    }
