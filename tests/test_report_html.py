"""report.html renders the document and escapes everything that came from crawled pages."""
from __future__ import annotations

from inspector.report.html import render_report


def document(title: str, url: str) -> dict:
    return {
        "schema": "inspector/findings@1", "tool": {"name": "inspector", "version": "0.1.0"},
        "site": {"name": "测试站<b>", "start_urls": ["http://gov.test/"]}, "as_of": "2021-12-31",
        "started_at": "s", "finished_at": "f", "complete": False,
        "stats": {"pages": 1, "columns": 1, "articles": 0, "fetch_errors": 0, "stop_reason": "被手动中断"},
        "columns": [{"name": "工作动态", "url": "http://gov.test/gzdt/", "type": "dynamic", "item_count": 3,
                     "latest_date": "2021-12-28", "window_days": 14, "status": "ok", "level": 1, "parent": None,
                     "days_since_update": 10, "pages": 1}],
        "findings": [{"id": "1", "rule": "column.stale", "severity": "error", "source": "site", "url": url,
                      "title": title, "column": "工作动态", "message": f"栏目{title}", "evidence": "",
                      "context": title, "suggestion": "", "selector": None, "published": None,
                      "needs_review": False}],
        "verdict": {"result": "risk", "indicators": [{"id": "columns.empty", "name": "空白栏目", "status": "risk",
                                                      "count": 3, "threshold": 5}],
                    "counts": {"veto": 0, "error": 1, "warning": 0, "info": 0}, "needs_review": 0},
    }


def test_crawled_text_is_escaped_and_script_urls_are_inert():
    html = render_report(document("<script>alert(1)</script>", "javascript:alert(2)"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "测试站&lt;b&gt;" in html


def test_report_shows_verdict_columns_and_incomplete_notice():
    html = render_report(document("页面", "http://gov.test/gzdt/"))
    assert "本次扫描未完成（被手动中断）" in html
    assert "空白栏目" in html and "3 个（达到 5 个即否决）" in html
    assert "4 天（即将超期）" in html  # 14-day window, 10 days since the newest item
    assert '<a href="http://gov.test/gzdt/"' in html
