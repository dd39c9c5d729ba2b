"""Browser checks benchmark: Chromium start time and seconds per page (open + page.js + axe-core)
on the bundled sample site. Prints numbers; not a test.

    .venv/bin/python bench/a11y_bench.py [--pages 30] [--starts 3] [--json-out FILE]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.browser.chromium import BrowserOptions, ChromiumBrowser, missing_browser  # noqa: E402
from inspector.browser.stage import browser_options  # noqa: E402
from inspector.demo_site.server import WWW_DIR, DemoServer  # noqa: E402
from inspector.site_model import SiteModel  # noqa: E402

TARGET_WARM_SECONDS = 1.5


def sample_paths(count: int) -> list[str]:
    """The homepage, every column list page, then articles, in a fixed order."""
    lists = sorted(str(p.parent.relative_to(WWW_DIR)) + "/" for p in WWW_DIR.glob("*/*/index.html"))
    articles = sorted(str(p.relative_to(WWW_DIR)) for p in WWW_DIR.rglob("*.html")
                      if p.name != "index.html" and not p.name.startswith("index_") and "_tpl" not in p.parts)
    return ([""] + lists + articles)[:count]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30, help="pages checked after the first (default 30)")
    parser.add_argument("--starts", type=int, default=3, help="browser starts to time (default 3)")
    parser.add_argument("--json-out", help="write the numbers as JSON here")
    args = parser.parse_args()
    missing = missing_browser(BrowserOptions())
    if missing:
        print(missing)
        return 2
    with DemoServer() as server:
        site = SiteModel(name="demo", start_urls=[server.base_url], as_of=date(2021, 12, 31), pages=[])
        options = browser_options(site, [])
        starts = []
        for _ in range(args.starts):
            began = time.monotonic()
            ChromiumBrowser(options).close()
            starts.append(time.monotonic() - began)
        browser = ChromiumBrowser(options)
        try:
            paths = sample_paths(args.pages + 1)
            rows = []
            for path in paths:
                began = time.monotonic()
                browser.open(server.base_url + path)
                opened = time.monotonic()
                browser.fingerprint()
                result = browser.audit()
                done = time.monotonic()
                rows.append({"path": "/" + path, "open": opened - began, "audit": done - opened, "total": done - began,
                             "violations": len(result["axe"].get("violations", []))})
        finally:
            browser.close()
    first, warm = rows[0], rows[1:]
    totals = [r["total"] for r in warm]
    numbers = {
        "browser": browser.engine, "engine": "axe-core (vendored) via axe-selenium-python",
        "start_seconds_median": statistics.median(starts), "start_seconds": starts,
        "first_page_seconds": first["total"], "warm_pages": len(warm),
        "warm_seconds_median": statistics.median(totals), "warm_seconds_p90": pct(totals, 0.9),
        "warm_seconds_max": max(totals), "warm_seconds_mean": statistics.mean(totals),
        "warm_open_median": statistics.median(r["open"] for r in warm),
        "warm_audit_median": statistics.median(r["audit"] for r in warm),
    }
    print(f"{numbers['browser']}; {len(starts)} starts, {len(warm)} warm pages of the sample site")
    print(f"browser start:        median {numbers['start_seconds_median']:.2f} s  "
          f"({', '.join(f'{s:.2f}' for s in starts)})")
    print(f"first page (cold):    {first['total']:.2f} s")
    print(f"warm page:            median {numbers['warm_seconds_median']:.2f} s, "
          f"p90 {numbers['warm_seconds_p90']:.2f} s, max {numbers['warm_seconds_max']:.2f} s, "
          f"mean {numbers['warm_seconds_mean']:.2f} s")
    print(f"  of which open:      median {numbers['warm_open_median']:.2f} s; "
          f"page.js + axe-core: median {numbers['warm_audit_median']:.2f} s")
    ok = numbers["warm_seconds_median"] <= TARGET_WARM_SECONDS
    print(f"target warm ≤ {TARGET_WARM_SECONDS} s per page: {'OK' if ok else 'NOT MET'}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({**numbers, "rows": rows}, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
