"""One scan from start to files: history record, crawl, rules, findings.json and report.

The crawl writes pages into the history as it goes; everything after it reads them back, so
an interrupted or killed scan is finished later from what it had (`complete: false`).
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .analysis import Analysis, analyse
from .config import SHANGHAI, ConfigError, ScanConfig
from .crawl_process import CRAWL_LOST, crawl
from .datacache import use_directory
from .logs import LOG_NAME, log_details_to
from .model import SEVERITY_RANK, Finding
from .notify import SiteLock, send, site_lock_key, summary_text
from .store import History
from .wechat.stage import run_wechat

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
STOP_REASONS = {"shutdown": "被手动中断", "not_html": "起始页面不是 HTML", "abandoned": "扫描进程意外终止",
                CRAWL_LOST: "抓取进程意外终止"}


def now_iso() -> str:
    return datetime.now(SHANGHAI).replace(microsecond=0).isoformat()


def default_out_dir(config: ScanConfig) -> Path:
    host = (urlsplit(config.start_urls[0]).hostname or "site").replace(":", "_")
    stamp = datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M%S")
    return Path("reports_out") / host / stamp


def recover_abandoned(history: History) -> None:
    """Finish scans whose process died: mark them incomplete and write their partial findings."""
    for scan in history.abandoned_scans():
        options = json.loads(scan["options"] or "{}")
        out_dir = Path(scan["out_dir"]) if scan["out_dir"] else None
        pages = history.page_count(scan["id"])
        print(f"提示：上次扫描（编号 {scan['id']}，{scan['started_at']} 开始）未正常结束，"
              f"已保留 {pages} 个页面，标记为未完成。", file=sys.stderr)
        config = ScanConfig(site_name=scan["site"], start_urls=json.loads(scan["start_urls"]),
                            as_of=datetime.fromisoformat(scan["as_of"]).date(),
                            formats=options.get("formats", ["html", "json"]))
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            finalize(config, history, scan["id"], out_dir, scan["started_at"], complete=False,
                     stats_extra={"stop_reason": STOP_REASONS["abandoned"]})
        else:
            history.finish_scan(scan["id"], "incomplete", now_iso(), {"pages": pages})


def finalize(config: ScanConfig, history: History, scan_id: int, out_dir: Path, started_at: str,
             complete: bool, stats_extra: dict[str, Any] | None = None) -> list[Finding]:
    """The analysis stages over the saved pages (inspector.analysis): rules, findings.json,
    report and exports; returns the findings."""
    run = Analysis(config, history, scan_id, out_dir, started_at, complete, dict(stats_extra or {}))
    return analyse(run, progress=True).findings


def exit_status(findings: list[Finding], fail_on: str, complete: bool) -> int:
    if not complete:
        return EXIT_INCOMPLETE
    if fail_on == "never":
        return EXIT_OK
    floor = SEVERITY_RANK[fail_on]
    hit = any(SEVERITY_RANK[f.severity] >= floor for f in findings if f.counts)
    return EXIT_FINDINGS if hit else EXIT_OK


def run_scan(config: ScanConfig) -> int:
    """One scan under the site's lock (two scans of one site never overlap)."""
    with SiteLock(Path(config.db).parent / "locks", site_lock_key(config.start_urls, config.site_name)):
        return _run_locked(config)


def _run_locked(config: ScanConfig) -> int:
    use_directory(Path(config.db).parent / "datacache")  # derived rule data, kept for the next scan
    history = History(config.db)
    try:
        recover_abandoned(history)
        out_dir = config.out or default_out_dir(config)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"无法创建输出目录 {out_dir}：{exc.strerror}") from None
        started_at = now_iso()
        log_details_to(out_dir / LOG_NAME)
        scan_id = history.start_scan(config.site_name, config.start_urls, config.as_of.isoformat(), started_at,
                                     str(out_dir.resolve()), config.options())
        print(f"开始扫描 {config.site_name}（{', '.join(config.start_urls)}），监测点 {config.as_of}，"
              f"最多 {config.max_pages} 页 …", flush=True)
        run_wechat(config, history, scan_id)  # [wechat]: before the crawl, so credential problems show at once
        outcome = crawl(config, history, scan_id, out_dir / LOG_NAME)
        if outcome.fatal:
            history.finish_scan(scan_id, "incomplete", now_iso(), {"stop_reason": outcome.fatal})
            raise ConfigError(outcome.fatal)
        complete = not outcome.interrupted
        extra = {"capped": outcome.capped, "trap_refused": outcome.refused,
                 "link_checks_capped": bool(outcome.checks.get("capped")),
                 "link_checks_refused": outcome.checks.get("refused", 0),
                 "link_checks_skipped": outcome.checks.get("skipped", 0),
                 "external_not_checked": outcome.checks.get("not_external", 0)}
        if outcome.http_cache:
            extra["http_cache"] = outcome.http_cache
        if outcome.incremental:
            extra["incremental"] = outcome.incremental
        extra.update(outcome.unchanged)
        extra["lists"] = outcome.lists
        if not complete:
            extra["stop_reason"] = STOP_REASONS.get(outcome.finish_reason, outcome.finish_reason)
            if outcome.exit_code is not None:
                code = outcome.exit_code
                extra["stop_reason"] += f"（被信号 {-code} 终止）" if code < 0 else f"（退出码 {code}）"
        print(f"抓取结束：{history.page_count(scan_id)} 个页面，开始分析 …", flush=True)
        findings = finalize(config, history, scan_id, out_dir, started_at, complete, extra)
        return announce(config, findings, out_dir, complete, outcome.capped)
    finally:
        history.close()


def announce(config: ScanConfig, findings: list[Finding], out_dir: Path, complete: bool, capped: bool) -> int:
    """After finalize: the summary lines, the webhook when configured, and the exit status."""
    _print_summary(findings, out_dir, config, complete, capped)
    if config.notify:
        document = json.loads((out_dir / "findings.json").read_text(encoding="utf-8"))
        send(config.notify, summary_text(config.site_name, document, findings, out_dir / "report.html"))
    return exit_status(findings, config.fail_on, complete)


def _print_summary(findings: list[Finding], out_dir: Path, config: ScanConfig, complete: bool, capped: bool) -> None:
    counts = {s: sum(1 for f in findings if f.severity == s and f.counts) for s in SEVERITY_RANK}
    state = "扫描完成" if complete else "扫描未完成（结果不完整）"
    if capped:
        state += f"（已达页面上限 {config.max_pages}）"
    print(f"{state}：单项否决 {counts['veto']}，扣分项 {counts['error']}，警告 {counts['warning']}。")
    for name in ("report.html", "findings.json"):
        if (out_dir / name).exists():
            print(f"  {out_dir / name}")
