"""Report benchmark (issue 7): rendering time and file size of report.html for 10,000 findings.

    .venv/bin/python bench/report_bench.py [--findings 10000]

Targets: under 5 s and under 20 MB. The findings are synthetic but shaped like real ones
(text findings with context, link findings with referrers, column findings).
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from inspector.report.html import write_report

RULES = [("text.typo", "error"), ("text.serious", "veto"), ("column.stale", "error"), ("link.broken", "error"),
         ("text.nonstandard-char", "warning"), ("policy.missing-interpretation", "error")]


def document(count: int) -> dict:
    rng = random.Random(7)
    findings = []
    for i in range(count):
        rule, severity = RULES[i % len(RULES)]
        url = f"https://www.example.gov.cn/xwdt/gzdt/2021{rng.randint(1, 12):02d}/t2021_{i}.html"
        finding = {"id": f"{i:016x}", "rule": rule, "severity": severity, "source": "site", "url": url,
                   "title": f"市数据资源管理局召开第{i}次工作会议", "column": f"栏目{i % 40}",
                   "message": "疑似错别字：“再接再励”应为“再接再厉”", "evidence": "再接再励",
                   "context": "会议要求，全局干部职工要再接再励，坚定信心，凝心聚力，以优异成绩迎接新的一年。",
                   "suggestion": "再接再厉", "selector": None, "published": "2021-12-01", "needs_review": False,
                   "ignored": i % 97 == 0, "status": ["new", "open", "regressed"][i % 3], "first_seen": "2021-11-01"}
        if rule == "link.broken":
            finding["referrers"] = [f"https://www.example.gov.cn/p{j}.html" for j in range(5)]
        findings.append(finding)
    return {"schema": "inspector/findings@1", "tool": {"name": "inspector", "version": "0.1.0"},
            "site": {"name": "示例网站", "start_urls": ["https://www.example.gov.cn/"]}, "as_of": "2021-12-31",
            "started_at": "2021-12-31T02:00:00+08:00", "finished_at": "2021-12-31T02:30:00+08:00", "complete": True,
            "stats": {"pages": 20000, "columns": 40, "articles": 18000, "fetch_errors": 10},
            "columns": [{"name": f"栏目{i}", "url": f"https://www.example.gov.cn/c{i}/", "type": "dynamic",
                         "item_count": 20, "latest_date": "2021-12-20", "window_days": 14, "status": "ok",
                         "level": 2, "parent": None, "days_since_update": 11, "pages": 3} for i in range(40)],
            "findings": findings,
            "verdict": {"result": "fail", "indicators": [], "counts": {"veto": 1, "error": 2, "warning": 3, "info": 0},
                        "needs_review": 0, "ignored": 0},
            "history": {"previous_scan": None, "counts": {}, "fixed": [], "trend": []}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=10_000)
    args = parser.parse_args()
    doc = document(args.findings)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        start = time.perf_counter()
        write_report(doc, path)
        elapsed = time.perf_counter() - start
        size = path.stat().st_size / 1e6
    print(f"report.html for {args.findings} findings: {elapsed:.2f} s (target < 5 s), {size:.1f} MB (target < 20 MB)")


if __name__ == "__main__":
    main()
