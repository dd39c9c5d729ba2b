"""The streaming analysis (pages read from the history a page at a time, found by URL in SQL)
gives exactly the findings, columns and sections of the analysis over every page held in memory,
the way inspector analysed before issue 18. Both run over the same saved scan: the sample site,
and a 2,000-page site from the crawl benchmark's generator."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from inspector import analysis
from inspector.analysis import Analysis, analyse
from inspector.config import ScanConfig
from inspector.site_model import HeldPages, StoredPages, build_site
from inspector.store import History

pytestmark = pytest.mark.slow
BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_held_site(run: Analysis) -> None:
    """Today's reference: every saved page and target loaded into memory first."""
    config = run.config
    run.site = build_site(config.site_name, config.start_urls, config.as_of, list(run.history.pages(run.scan_id)),
                          config.columns, config.windows, complete=run.complete)
    run.site.config = config.rule_settings
    run.site.resources = list(run.history.resources(run.scan_id))


# The stages that decide: the site model, the rules, masking, ignores and the sections and stats.
DECIDING = (analysis.attach_wechat, analysis.rules, analysis.mask_personal_numbers, analysis.ignores,
            analysis.count_pages)


def outcome(run: Analysis) -> dict:
    from inspector.engine import run_sections

    return {"findings": [f.contract_dict() for f in run.findings], "rule_errors": run.rule_errors,
            "columns": [c.contract_dict() for c in run.site.columns], "sections": run_sections(run.site),
            "stats": {k: v for k, v in run.stats.items() if k != "analysis_seconds"}}


def both_ways(db: Path, tmp_path: Path) -> tuple[dict, dict, Analysis]:
    history = History(db)
    scan = history.scan(max(row[0] for row in history.db.execute("SELECT id FROM scans")))
    config = ScanConfig(site_name=scan["site"], start_urls=json.loads(scan["start_urls"]),
                        as_of=date.fromisoformat(scan["as_of"]), formats=[])
    runs = []
    for loader in (analysis.load_site, load_held_site):
        run = Analysis(config, history, scan["id"], tmp_path, scan["started_at"], complete=True)
        runs.append(analyse(run, (loader, *DECIDING)))
    streamed, held = runs
    assert isinstance(streamed.site.pages, StoredPages) and isinstance(held.site.pages, HeldPages)
    return outcome(streamed), outcome(held), streamed


def test_the_sample_site_gives_the_same_findings_streamed_and_in_memory(tmp_path):
    subprocess.run([sys.executable, "-m", "inspector", "demo", "--out", "out", "--db", "h.sqlite3", "--format",
                    "json", "--no-a11y"], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    streamed, held, run = both_ways(tmp_path / "h.sqlite3", tmp_path)
    assert streamed == held
    # Not trivially equal: the sample site's seeded problems are there.
    rules = {f["rule"] for f in streamed["findings"]}
    assert {"text.serious", "column.stale", "column.empty", "link.broken"} <= rules
    assert len(streamed["columns"]) >= 15 and streamed["stats"]["pages"] == len(run.site.pages) > 200


def test_a_generated_2000_page_site_gives_the_same_findings_streamed_and_in_memory(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import crawl_bench
    finally:
        sys.path.remove(str(BENCH))
    site = crawl_bench.generate_site(tmp_path / "site", 2000)
    server, port = crawl_bench.start_python_server(site.root)
    try:
        subprocess.run([sys.executable, "-m", "inspector", "scan", f"http://127.0.0.1:{port}/", "--fast",
                        "--no-a11y", "--format", "json", "--as-of", crawl_bench.AS_OF, "--out", "out",
                        "--db", "h.sqlite3"], cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False)
    finally:
        crawl_bench._kill_tree(server)
    streamed, held, _ = both_ways(tmp_path / "h.sqlite3", tmp_path)
    assert streamed == held
    assert streamed["stats"]["pages"] >= 2000 and len(streamed["columns"]) == len(crawl_bench.COLUMNS)
    assert {c["status"] for c in streamed["columns"]} >= {"ok", "stale"}
